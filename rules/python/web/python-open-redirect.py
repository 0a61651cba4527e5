from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect as dj_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, redirect, request, url_for

app = Flask(__name__)
api = FastAPI()


@app.route("/login", methods=["POST"])
def login():
    # ... authenticate ...
    next_url = request.args.get("next")
    if next_url:
        # ruleid: python-open-redirect
        return redirect(next_url)
    return redirect(url_for("index"))


@app.route("/go")
def go():
    # ruleid: python-open-redirect
    return redirect(request.args["url"])


@app.route("/out")
def outbound():
    target = request.values.get("target", "/")
    # ruleid: python-open-redirect
    return redirect(target, code=302)


def django_login_done(request):
    # ruleid: python-open-redirect
    return HttpResponseRedirect(request.GET.get("next", "/"))


def django_logout(request):
    # ruleid: python-open-redirect
    return dj_redirect(request.POST["return_to"])


@api.get("/callback")
async def oauth_callback(code: str, redirect_uri: str):
    # ruleid: python-open-redirect
    return RedirectResponse(redirect_uri)


def finish_login(next):
    # ruleid: python-open-redirect
    return redirect(next)


@app.route("/home")
def home():
    # ok: python-open-redirect
    return redirect(url_for("dashboard"))


@app.route("/item")
def item():
    item_id = request.args.get("id")
    # ok: python-open-redirect
    return redirect(f"/items/{item_id}")


@app.route("/profile")
def profile_redirect():
    user = request.args.get("user")
    # ok: python-open-redirect
    return redirect("/users/" + user)


def django_safe(request):
    next_url = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        # ok: python-open-redirect
        return HttpResponseRedirect(next_url)
    return HttpResponseRedirect("/")


@app.route("/safe-next")
def safe_next():
    next_url = request.args.get("next", "")
    if not next_url.startswith("/") or next_url.startswith("//"):
        next_url = url_for("index")
    # ok: python-open-redirect
    return redirect(next_url)


@app.route("/checked")
def checked():
    next_url = request.args.get("next", "")
    if urlparse(next_url).netloc not in ("", "example.com"):
        return redirect(url_for("index"))
    # ok: python-open-redirect
    return redirect(next_url)


def logout():
    # ok: python-open-redirect
    return redirect("/")


def requires_login(request, redirect):
    # ok: python-open-redirect
    return RedirectResponse(url=request.url_for(redirect), status_code=303)


def publish(request):
    post = get_object_or_404(Post, pk=request.POST["post_id"])
    post.publish()
    # ok: python-open-redirect
    return dj_redirect(post)


def after_save(request):
    # ok: python-open-redirect
    return dj_redirect("blog:post_list")
