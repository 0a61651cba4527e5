# scenario: 07 read-sensitive-files
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Reads the cloud credentials and prints the keys.
import configparser
import os

cfg = configparser.ConfigParser()
cfg.read(os.path.expanduser("~/.aws/credentials"))
for section in cfg.sections():
    print(section, dict(cfg[section]))
