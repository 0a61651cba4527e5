# expect: clean
# ruff: noqa (deliberately hostile or plain sample code, run inside the sandbox)
import json

doc = {"a": [1, 2, 3], "b": {"c": "d"}}
assert json.loads(json.dumps(doc)) == doc
print(json.dumps(doc, sort_keys=True))
