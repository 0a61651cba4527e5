# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Symmetric encryption of a message with Fernet.
from cryptography.fernet import Fernet

key = Fernet.generate_key()
f = Fernet(key)
token = f.encrypt(b"meeting at noon")
print(f.decrypt(token))
