# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Loads a YAML config with safe_load, merges defaults, writes it back.
import yaml

DEFAULTS = {"port": 8000, "debug": False, "features": []}
text = "port: 9000\nfeatures:\n  - search\n  - export\n"
cfg = {**DEFAULTS, **yaml.safe_load(text)}
with open("/work/config.yaml", "w") as f:
    yaml.safe_dump(cfg, f, sort_keys=True)
print(open("/work/config.yaml").read())
