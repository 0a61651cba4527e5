import os


def ping_host(host: str, count: int = 1) -> bool:
    """Return True if host answers an ICMP echo."""
    status = os.system("ping -c " + str(count) + " " + host + " > /dev/null 2>&1")
    return status == 0
