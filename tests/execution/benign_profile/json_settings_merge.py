# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Deep-merges JSON settings files in the work directory.
import json
from pathlib import Path


def merge(a, b):
    out = dict(a)
    for k, v in b.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


Path("/work/base.json").write_text(json.dumps({"db": {"host": "localhost", "port": 5432}, "debug": False}))
Path("/work/local.json").write_text(json.dumps({"db": {"port": 6543}, "debug": True}))
merged = merge(json.loads(Path("/work/base.json").read_text()), json.loads(Path("/work/local.json").read_text()))
print(json.dumps(merged, indent=2))
