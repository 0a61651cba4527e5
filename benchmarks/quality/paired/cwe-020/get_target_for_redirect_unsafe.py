from urllib.parse import urlparse


def get_target_for_redirect(target: str, domain: str) -> str:
    """Return target if it is on domain or one of its subdomains over https, else the domain's root."""
    host = urlparse(target).netloc
    if urlparse(target).scheme == "https" and host.endswith(domain):
        return target
    return f"https://{domain}"
