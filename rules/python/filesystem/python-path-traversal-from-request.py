import os
import sys
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()
UPLOAD_DIR = "/srv/uploads"
BASE = Path("/srv/files")


@app.route("/download")
def download():
    filename = request.args.get("file")
    path = os.path.join(UPLOAD_DIR, filename)
    # ruleid: python-path-traversal-from-request
    return send_file(path)


@app.route("/read")
def read():
    name = request.args["name"]
    # ruleid: python-path-traversal-from-request
    with open(f"/var/data/{name}") as fh:
        return fh.read()


@app.route("/upload", methods=["POST"])
def upload():
    f = request.files["file"]
    # ruleid: python-path-traversal-from-request
    f.save(os.path.join(UPLOAD_DIR, f.filename))
    return "saved"


@app.route("/docs/<path:doc>")
def docs(doc):
    # ruleid: python-path-traversal-from-request
    return (BASE / doc).read_text()


@app.route("/delete", methods=["POST"])
def delete():
    target = request.form.get("target")
    # ruleid: python-path-traversal-from-request
    os.remove(UPLOAD_DIR + "/" + target)
    return "deleted"


@api.get("/logs")
def logs(name: str):
    # ruleid: python-path-traversal-from-request
    return Path("/var/log/app", name).read_text()


@app.route("/cli")
def cli_style():
    # ruleid: python-path-traversal-from-request
    return open(sys.argv[1]).read()


@app.route("/upload-safe", methods=["POST"])
def upload_safe():
    f = request.files["file"]
    name = secure_filename(f.filename)
    # ok: python-path-traversal-from-request
    f.save(os.path.join(UPLOAD_DIR, name))
    return "saved"


@app.route("/read-safe")
def read_safe():
    name = os.path.basename(request.args["name"])
    # ok: python-path-traversal-from-request
    with open(os.path.join("/var/data", name)) as fh:
        return fh.read()


@app.route("/read-checked")
def read_checked():
    requested = request.args["name"]
    full = os.path.realpath(os.path.join(UPLOAD_DIR, requested))
    if not full.startswith(UPLOAD_DIR + os.sep):
        abort(403)
    # ok: python-path-traversal-from-request
    return send_file(full)


@app.route("/static-file/<name>")
def static_file(name):
    # ok: python-path-traversal-from-request
    return send_from_directory(UPLOAD_DIR, name)


def offline(path):
    # ok: python-path-traversal-from-request
    return open(os.path.join(UPLOAD_DIR, path)).read()


def main():
    # ok: python-path-traversal-from-request
    print(open(sys.argv[1]).read())


@app.route("/clean")
def clean():
    raw = request.args.get("name", "")
    # ok: python-path-traversal-from-request
    cleaned = raw.replace("..", "").strip()
    return cleaned


@api.get("/reports/{report_path:path}")
async def get_report(report_path: str):
    file_path = f"/var/data/reports/{report_path}"
    if not os.path.isfile(file_path):
        return {"error": "not found"}
    # ruleid: python-path-traversal-from-request
    return FileResponse(file_path, media_type="application/pdf")


@api.get("/exports/{name}")
async def get_export(name: str):
    # ok: python-path-traversal-from-request
    return FileResponse(os.path.join("/var/data/exports", os.path.basename(name)))


def view_log(request, filename):
    # ruleid: python-path-traversal-from-request
    with open(f"/var/log/app/{filename}") as fh:
        return fh.read()


class AttachmentView:
    def get(self, request, name):
        # ruleid: python-path-traversal-from-request
        return FileResponse(os.path.join("/srv/attachments", name))

    def head(self, request, name):
        # ok: python-path-traversal-from-request
        return FileResponse(os.path.join("/srv/attachments", os.path.basename(name)))


def render_report(template_dir, filename):
    # ok: python-path-traversal-from-request
    with open(os.path.join(template_dir, filename)) as fh:
        return fh.read()


# http.server: the query string of the request line names the file
import http.server


class LogHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        name = self.path.split("?", 1)[1]
        # ruleid: python-path-traversal-from-request
        with open(name) as f:
            self.wfile.write(f.read().encode())

    def log_tail(self, name):
        # ok: python-path-traversal-from-request
        with open("/var/log/app/" + os.path.basename(name)) as f:
            return f.read()
