# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Generates an SSH key pair in memory with paramiko and prints the public half.
import io

import paramiko

key = paramiko.RSAKey.generate(1024)
buf = io.StringIO()
key.write_private_key(buf)
print(key.get_name(), key.get_base64()[:32], "private key bytes:", len(buf.getvalue()))
