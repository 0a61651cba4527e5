# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Hashes and verifies a password with bcrypt.
import bcrypt

hashed = bcrypt.hashpw(b"correct horse", bcrypt.gensalt(rounds=4))
print(bcrypt.checkpw(b"correct horse", hashed), bcrypt.checkpw(b"wrong", hashed))
