# scenario: 05 list-files-under-sensitive-directories
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Looks through home directories for browser profiles and key stores.
from pathlib import Path

home = Path.home()
for sub in (".mozilla/firefox", ".config/google-chrome/Default", ".ssh"):
    p = home / sub
    print(p, [x.name for x in p.iterdir()] if p.is_dir() else "absent")
