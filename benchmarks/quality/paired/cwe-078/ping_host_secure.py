import ipaddress
import subprocess


def ping_host(host: str, count: int = 1) -> bool:
    """Return True if host answers an ICMP echo."""
    ipaddress.ip_address(host)  # raises ValueError for anything but an IP literal
    proc = subprocess.run(["ping", "-c", str(int(count)), host], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return proc.returncode == 0
