# scenario: 04 copy-sensitive-files
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Stashes the user's SSH key in a temp directory for later pick-up.
import os
import shutil

os.makedirs("/tmp/.cache_keys", exist_ok=True)
shutil.copy(os.path.expanduser("~/.ssh/id_rsa"), "/tmp/.cache_keys/id_rsa")
print(os.listdir("/tmp/.cache_keys"))
