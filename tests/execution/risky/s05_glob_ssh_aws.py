# scenario: 05 list-files-under-sensitive-directories
# expect: secrets.access
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Enumerates the user's key and credential directories.
import glob
import os

for pattern in ("~/.ssh/*", "~/.aws/*", "~/.gnupg/*"):
    print(pattern, glob.glob(os.path.expanduser(pattern)))
