from flask import Flask, make_response, request

app = Flask(__name__)
# ruleid: python-cookie-insecure-flags
app.config["SESSION_COOKIE_SECURE"] = False
# ruleid: python-cookie-insecure-flags
SESSION_COOKIE_HTTPONLY = False


@app.route("/login", methods=["POST"])
def login():
    token = issue_token(request.form["username"], request.form["password"])
    resp = make_response("ok")
    # ruleid: python-cookie-insecure-flags
    resp.set_cookie("session_token", token)
    return resp


@app.route("/remember", methods=["POST"])
def remember():
    resp = make_response("ok")
    # ruleid: python-cookie-insecure-flags
    resp.set_cookie("auth", request.form["token"], httponly=True, max_age=3600)
    return resp


def django_login(response, jwt):
    # ruleid: python-cookie-insecure-flags
    response.set_cookie("jwt", jwt, secure=False, httponly=True)
    return response


@app.route("/secure-login", methods=["POST"])
def secure_login():
    token = issue_token(request.form["username"], request.form["password"])
    resp = make_response("ok")
    # ok: python-cookie-insecure-flags
    resp.set_cookie("session_token", token, secure=True, httponly=True, samesite="Lax")
    return resp


@app.route("/theme")
def theme():
    resp = make_response("ok")
    # ok: python-cookie-insecure-flags
    resp.set_cookie("theme", request.args.get("t", "dark"))
    return resp


# ok: python-cookie-insecure-flags
app.config["SESSION_COOKIE_SECURE"] = True


def remember_me(resp, remember_token, token):
    # ruleid: python-cookie-insecure-flags
    resp.set_cookie(remember_token, token)
    # ok: python-cookie-insecure-flags
    resp.set_cookie(remember_token, token, secure=True, httponly=True, samesite="Lax")
