import socket
import ssl
import urllib.request


def fetch(url):
    # ruleid: python-ssl-unverified-context
    ctx = ssl._create_unverified_context()
    return urllib.request.urlopen(url, context=ctx).read()


def global_patch():
    # ruleid: python-ssl-unverified-context
    ssl._create_default_https_context = ssl._create_unverified_context


def lax_context():
    ctx = ssl.create_default_context()
    # ruleid: python-ssl-unverified-context
    ctx.check_hostname = False
    # ruleid: python-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def old_wrap(host):
    sock = socket.create_connection((host, 443))
    # ruleid: python-ssl-unverified-context
    return ssl.wrap_socket(sock, cert_reqs=ssl.CERT_NONE)


def strict_context():
    # ok: python-ssl-unverified-context
    ctx = ssl.create_default_context()
    # ok: python-ssl-unverified-context
    ctx.check_hostname = True
    # ok: python-ssl-unverified-context
    ctx.verify_mode = ssl.CERT_REQUIRED
    return ctx


def server_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # ok: python-ssl-unverified-context
    ctx.load_cert_chain(cert, key)
    return ctx
