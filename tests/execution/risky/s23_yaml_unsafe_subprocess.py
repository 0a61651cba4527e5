# scenario: 23 unsafe-deserialisation
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# unsafe_load of a config whose value calls subprocess.check_output.
import yaml

doc = "secret: !!python/object/apply:subprocess.check_output [['cat', '/etc/shadow', '/etc/passwd']]\n"
try:
    print(yaml.unsafe_load(doc))
except Exception as exc:
    print("load failed:", exc)
