import aiohttp
import httpx
import requests


def fetch_status(url):
    # ruleid: python-tls-verify-disabled
    resp = requests.get(url, verify=False, timeout=10)
    return resp.status_code


def post_json(url, payload):
    # ruleid: python-tls-verify-disabled
    return requests.post(url, json=payload, verify=False).json()


def make_session():
    session = requests.Session()
    # ruleid: python-tls-verify-disabled
    session.verify = False
    return session


def via_session(session, url):
    # ruleid: python-tls-verify-disabled
    return session.get(url, verify=False)


def httpx_client():
    # ruleid: python-tls-verify-disabled
    with httpx.Client(verify=False) as client:
        return client.get("https://internal.example.com/health")


async def aio_get(url):
    # ruleid: python-tls-verify-disabled
    connector = aiohttp.TCPConnector(ssl=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        # ruleid: python-tls-verify-disabled
        async with session.get(url, ssl=False) as resp:
            return await resp.text()


def safe_default(url):
    # ok: python-tls-verify-disabled
    return requests.get(url, timeout=5)


def safe_explicit(url):
    # ok: python-tls-verify-disabled
    return requests.get(url, verify=True)


def safe_ca_bundle(url):
    # ok: python-tls-verify-disabled
    return requests.get(url, verify="/etc/ssl/certs/internal-ca.pem")


def safe_session():
    s = requests.Session()
    # ok: python-tls-verify-disabled
    s.verify = "/etc/ssl/certs/ca.pem"
    return s


async def aio_safe(url):
    async with aiohttp.ClientSession() as session:
        # ok: python-tls-verify-disabled
        async with session.get(url, ssl=True) as resp:
            return await resp.text()


def unrelated(config):
    # ok: python-tls-verify-disabled
    config.verbose = False


def check(validator, doc):
    # ok: python-tls-verify-disabled
    return validator.validate(doc, verify=False)
