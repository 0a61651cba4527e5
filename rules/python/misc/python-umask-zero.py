import os


def daemonize():
    if os.fork():
        os._exit(0)
    os.setsid()
    # ruleid: python-umask-zero
    os.umask(0)


def open_up():
    # ruleid: python-umask-zero
    old = os.umask(0o000)
    # ruleid: python-umask-zero
    os.umask(0o020)
    return old


def restrictive():
    # ok: python-umask-zero
    os.umask(0o077)
    # ok: python-umask-zero
    os.umask(0o022)


def restore(old_mask):
    # ok: python-umask-zero
    os.umask(old_mask)
