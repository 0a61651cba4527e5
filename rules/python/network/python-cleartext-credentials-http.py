import httpx
import requests


def login(username, password):
    # ruleid: python-cleartext-credentials-http
    resp = requests.post("http://example.com/api/login", data={"username": username, "password": password})
    return resp.json()["token"]


def get_token(client_id, secret):
    # ruleid: python-cleartext-credentials-http
    return httpx.post("http://auth.example.com/oauth/token", json={"client_id": client_id, "client_secret": secret})


def list_items(user, password):
    # ruleid: python-cleartext-credentials-http
    return requests.get("http://api.example.com/items", auth=(user, password)).json()


def profile(token):
    # ruleid: python-cleartext-credentials-http
    return requests.get("http://api.example.com/me", headers={"Authorization": f"Bearer {token}"})


def login_tls(username, password):
    # ok: python-cleartext-credentials-http
    return requests.post("https://example.com/api/login", data={"username": username, "password": password})


def local_dev(username, password):
    # ok: python-cleartext-credentials-http
    return requests.post("http://localhost:8000/login", json={"u": username, "p": password})


def public_data():
    # ok: python-cleartext-credentials-http
    return requests.get("http://example.com/data.json").json()


def submit(comment):
    # ok: python-cleartext-credentials-http
    return requests.post("http://example.com/comments", json={"text": comment})
