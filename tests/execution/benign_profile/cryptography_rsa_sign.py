# expect: clean
# ruff: noqa (plain sample code of the kind models write, run inside the sandbox)
# Signs and verifies a message with an RSA key made in memory.
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
msg = b"release v1.2.3"
sig = key.sign(msg, padding.PKCS1v15(), hashes.SHA256())
key.public_key().verify(sig, msg, padding.PKCS1v15(), hashes.SHA256())
print("signature ok", len(sig))
