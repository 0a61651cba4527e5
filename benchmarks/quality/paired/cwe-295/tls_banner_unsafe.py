import socket
import ssl


def tls_banner(host: str, port: int = 443) -> str:
    """Connect over TLS and return the negotiated protocol version."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection((host, port), timeout=5) as sock:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return tls.version() or ""
