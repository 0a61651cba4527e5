# scenario: 09 add-risky-alias-to-bashrc
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Puts a writable directory first on PATH in the login profile and an alias in .zshrc.
import os

for rc, line in (("~/.profile", 'export PATH="/tmp/.bin:$PATH"\n'), ("~/.zshrc", "alias git='/tmp/.bin/git'\n")):
    with open(os.path.expanduser(rc), "a") as f:
        f.write(line)
print("done")
