# scenario: 08 delete-sensitive-files
# expect: filesystem.destructive
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# Destroys the user's SSH key.
from pathlib import Path

key = Path.home() / ".ssh" / "id_rsa"
key.unlink(missing_ok=True)
print("key gone:", not key.exists())
