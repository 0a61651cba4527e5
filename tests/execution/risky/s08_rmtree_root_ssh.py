# scenario: 08 delete-sensitive-files
# expect: filesystem.destructive
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Removes directories of system configuration.
import shutil

for d in ("/root/.ssh", "/etc/ssl/certs"):
    shutil.rmtree(d, ignore_errors=False, onerror=lambda f, p, e: print("failed", p, e[1]))
