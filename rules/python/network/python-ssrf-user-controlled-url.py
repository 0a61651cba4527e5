import urllib.request
from urllib.parse import urljoin, urlparse

import aiohttp
import httpx
import requests
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()

ALLOWED_HOSTS = {"api.example.com"}


@app.route("/fetch")
def fetch():
    url = request.args.get("url")
    # ruleid: python-ssrf-user-controlled-url
    resp = requests.get(url, timeout=5)
    return resp.text


@app.route("/proxy", methods=["POST"])
def proxy():
    data = request.get_json()
    # ruleid: python-ssrf-user-controlled-url
    r = requests.post(data["target"], json=data.get("body"))
    return jsonify(r.json())


@app.route("/preview")
def preview():
    # ruleid: python-ssrf-user-controlled-url
    with urllib.request.urlopen(request.args["link"]) as resp:
        return resp.read()[:500]


@app.route("/image")
def image():
    target = request.values.get("src")
    # ruleid: python-ssrf-user-controlled-url
    return httpx.get(target).content


@app.route("/webhook/test", methods=["POST"])
def test_webhook():
    hook = request.form["webhook_url"]
    # ruleid: python-ssrf-user-controlled-url
    requests.request("POST", hook, json={"ping": True})
    return "sent"


@api.get("/fetch")
async def fetch_page(url: str):
    async with httpx.AsyncClient() as client:
        # ruleid: python-ssrf-user-controlled-url
        resp = await client.get(url)
    return {"length": len(resp.text)}


@api.post("/download")
async def download(image_url: str):
    async with aiohttp.ClientSession() as session:
        # ruleid: python-ssrf-user-controlled-url
        async with session.get(image_url) as resp:
            return {"size": len(await resp.read())}


@app.route("/user")
def user_profile():
    user_id = request.args.get("id")
    # ok: python-ssrf-user-controlled-url
    resp = requests.get(f"https://api.example.com/users/{user_id}")
    return resp.json()


@app.route("/repo")
def repo():
    name = request.args.get("name")
    # ok: python-ssrf-user-controlled-url
    resp = requests.get("https://api.github.com/repos/" + name)
    return resp.json()


@app.route("/weather")
def weather():
    city = request.args.get("city")
    # ok: python-ssrf-user-controlled-url
    resp = requests.get("https://api.weather.example/v1/current", params={"q": city})
    return resp.json()


@app.route("/checked")
def checked():
    url = validate_url(request.args.get("url"))
    # ok: python-ssrf-user-controlled-url
    return requests.get(url).text


def validate_url(url):
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        raise ValueError("host not allowed")
    return url


def health():
    # ok: python-ssrf-user-controlled-url
    return requests.get("https://status.example.com/health", timeout=3).ok


def download_file(url, dest):
    # ok: python-ssrf-user-controlled-url
    with requests.get(url, stream=True) as r:
        with open(dest, "wb") as fh:
            for chunk in r.iter_content(8192):
                fh.write(chunk)


@app.route("/safe-fetch")
def safe_fetch():
    url = request.args.get("url", "")
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        return jsonify({"error": "host not allowed"}), 400
    # ok: python-ssrf-user-controlled-url
    return requests.get(url, timeout=5).text


@app.route("/safe-fetch2")
def safe_fetch2():
    url = request.args.get("url", "")
    if urlparse(url).netloc in ALLOWED_HOSTS:
        # ok: python-ssrf-user-controlled-url
        return requests.get(url, timeout=5).text
    return "denied", 403


CACHE = {}


@app.route("/cached")
def cached():
    key = request.args.get("url")
    # ok: python-ssrf-user-controlled-url
    hit = CACHE.get(key)
    return hit or "miss"


from pydantic import BaseModel


class ImportJob(BaseModel):
    source_url: str
    name: str


@api.post("/imports")
def start_import(job: ImportJob):
    # ruleid: python-ssrf-user-controlled-url
    data = requests.get(job.source_url, timeout=10).content
    return {"name": job.name, "bytes": len(data)}


@api.post("/imports/name")
def import_by_name(job: ImportJob):
    # ok: python-ssrf-user-controlled-url
    data = requests.get("https://data.example.com/exports", params={"name": job.name}).content
    return {"bytes": len(data)}


class FeedForm:
    def fetch(self):
        feed = self.cleaned_data["feed_url"]
        # ruleid: python-ssrf-user-controlled-url
        return requests.get(feed, timeout=10).text


from fastapi.responses import RedirectResponse as FastRedirect


@api.get("/logout")
async def logout_view(url: str = "/"):
    # ok: python-ssrf-user-controlled-url
    return FastRedirect(url=url, status_code=302)


@api.get("/fetch-kw")
async def fetch_kw(url: str):
    async with aiohttp.ClientSession() as session:
        # ruleid: python-ssrf-user-controlled-url
        async with session.request("GET", url=url) as resp:
            return await resp.text()
