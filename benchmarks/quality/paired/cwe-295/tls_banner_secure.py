import socket
import ssl


def tls_banner(host: str, port: int = 443) -> str:
    """Connect over TLS and return the negotiated protocol version."""
    context = ssl.create_default_context()
    with socket.create_connection((host, port), timeout=5) as sock:
        with context.wrap_socket(sock, server_hostname=host) as tls:
            return tls.version() or ""
