import paramiko
from cryptography.hazmat.primitives import serialization

# ruleid: python-hardcoded-private-key
PRIVATE_KEY = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi0+FMYAmUQJ0jDq6FXZkDNoCRT
oJSwQGO2sx7hR2QWNuMQd5Kj6lm2hqYSJ0u4vq3MjdwMvZrXWyRaoLrz1y1xjQxQ
-----END RSA PRIVATE KEY-----"""


def sign(data):
    # ruleid: python-hardcoded-private-key
    pem = b"-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"
    key = serialization.load_pem_private_key(pem, password=None)
    return key.sign(data)


# ruleid: python-hardcoded-private-key
SSH_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----"

# ok: python-hardcoded-private-key
PUBLIC_KEY = """-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8e0Y6vyS0NQ7C2M2o8j1sZ1aKp6Q
-----END PUBLIC KEY-----"""
# ok: python-hardcoded-private-key
HEADER = "-----BEGIN RSA PRIVATE KEY-----"


def load_key(path):
    with open(path, "rb") as fh:
        # ok: python-hardcoded-private-key
        return serialization.load_pem_private_key(fh.read(), password=None)


def is_pem(text):
    # ok: python-hardcoded-private-key
    return text.startswith("-----BEGIN PRIVATE KEY-----")
