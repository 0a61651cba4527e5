import jwt
from jose import jwt as jose_jwt


def decode_unverified(token, key):
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_signature": False})


def decode_legacy(token, key):
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, key, verify=False)


def decode_any_alg(token, key):
    header = jwt.get_unverified_header(token)
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, key, algorithms=[header.get("alg", "RS256"), "none"])


def decode_opts(token, key):
    opts = {"verify_signature": False, "verify_exp": True}
    # ruleid: python-jwt-verification-disabled
    return jwt.decode(token, key, algorithms=["HS256"], options=opts)


def claims_only(token):
    # ruleid: python-jwt-verification-disabled
    return jose_jwt.get_unverified_claims(token)


def decode_ok(token, key):
    # ok: python-jwt-verification-disabled
    return jwt.decode(token, key, algorithms=["HS256"])


def decode_no_exp(token, key):
    # ok: python-jwt-verification-disabled
    return jwt.decode(token, key, algorithms=["HS256"], options={"verify_exp": False})


def key_id(token):
    # reading the header to pick a key is the usual first step
    # ok: python-jwt-verification-disabled
    return jwt.get_unverified_header(token).get("kid")
