# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Serialises a closure with dill (what pickle cannot) and loads it back.
import dill


def make_scaler(k):
    return lambda x: x * k


blob = dill.dumps(make_scaler(3))
print(dill.loads(blob)(14))
