import io
import os
from pathlib import Path

import flask
from flask import Flask, abort, send_file
from werkzeug.utils import secure_filename

app = Flask(__name__)
REPORTS = "/srv/reports"


@app.route("/report/<name>")
def report(name):
    # ruleid: python-flask-send-file-built-path
    return send_file(os.path.join(REPORTS, name))


@app.route("/avatar/<user>")
def avatar(user):
    # ruleid: python-flask-send-file-built-path
    return send_file(f"static/avatars/{user}.png", mimetype="image/png")


@app.route("/export/<fmt>")
def export(fmt):
    # ruleid: python-flask-send-file-built-path
    return send_file(Path(REPORTS) / fmt, as_attachment=True)


def serve(filename):
    # ruleid: python-flask-send-file-built-path
    return send_file(REPORTS + "/" + filename)


@app.route("/user-files/<owner>/<name>")
def user_files(owner, name):
    # ruleid: python-flask-send-file-built-path
    return flask.send_from_directory(os.path.join(REPORTS, owner), name)


@app.route("/safe/<name>")
def safe(name):
    # ok: python-flask-send-file-built-path
    return flask.send_from_directory(REPORTS, name)


@app.route("/safe2/<name>")
def safe2(name):
    # ok: python-flask-send-file-built-path
    return send_file(os.path.join(REPORTS, secure_filename(name)))


@app.route("/safe3/<name>")
def safe3(name):
    full = os.path.realpath(os.path.join(REPORTS, name))
    if not full.startswith(REPORTS + os.sep):
        abort(404)
    # ok: python-flask-send-file-built-path
    return send_file(full)


@app.route("/csv")
def csv_download():
    buf = io.BytesIO(b"a,b\n1,2\n")
    # ok: python-flask-send-file-built-path
    send_file(buf, mimetype="text/csv", download_name="data.csv")
    # ok: python-flask-send-file-built-path
    return send_file(os.path.join(REPORTS, "summary.pdf"))


# A method body pasted from a larger answer: the Flask helpers are used without their imports.
class ExportView:
    def __init__(self, root):
        self.root = root

    def get(self, tenant, filename):
        # ruleid: python-flask-send-file-built-path
        return send_from_directory(f"{self.root}/{tenant}", filename)

    def thumbnail(self, filename):
        # ok: python-flask-send-file-built-path
        return send_from_directory(self.root, filename)
