import hmac
import os

from flask import request


def login(auth):
    # ruleid: python-hardcoded-password-check
    if auth.username == "admin" and auth.password == "password":
        return True
    return False


def admin_login():
    # ruleid: python-hardcoded-password-check
    return request.form["password"] == "s3cr3t-Adm1n"


def check_token(token):
    # ruleid: python-hardcoded-password-check
    return hmac.compare_digest(token, "a1b2c3d4e5f6")


def check_pin(pin):
    # ruleid: python-hardcoded-password-check
    if "4711" == pin:
        return True


def read_password(args):
    # ok: python-hardcoded-password-check
    if args.password == "-":
        return input()
    # ok: python-hardcoded-password-check
    if args.password_source == "env":
        return os.environ["APP_PASSWORD"]
    # ok: python-hardcoded-password-check
    if args.password == "":
        return None
    # ok: python-hardcoded-password-check
    return args.username == "admin"


def verify(stored_hash, candidate):
    from werkzeug.security import check_password_hash

    # ok: python-hardcoded-password-check
    return check_password_hash(stored_hash, candidate)
