"""The per-sandbox certificate authority of the fake internet.

One CA per DockerSandbox (generated on the host, never stored): its certificate and key, and one leaf key,
go to each container in the job; the sink there issues a leaf certificate for every server name a sample
asks for, and the sample trusts the CA through SSL_CERT_FILE, REQUESTS_CA_BUNDLE and CURL_CA_BUNDLE. So
HTTPS downloads and exfiltration are answered and their plaintext recorded like HTTP's. Needs the
`cryptography` package on the host; without it HTTPS connections are still recorded, but not decrypted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def generate() -> dict[str, str] | None:
    """The job's `tls` object ({ca_cert, ca_key, leaf_key}, PEM), or None without `cryptography`."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID
    except ImportError:
        return None
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "DigiCert Inc"),
                      x509.NameAttribute(NameOID.COMMON_NAME, "DigiCert Global Root G3")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=365))
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    leaf = ec.generate_private_key(ec.SECP256R1())

    def pem(k: Any) -> str:
        return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption()).decode()

    return {"ca_cert": cert.public_bytes(serialization.Encoding.PEM).decode(), "ca_key": pem(key),
            "leaf_key": pem(leaf)}
