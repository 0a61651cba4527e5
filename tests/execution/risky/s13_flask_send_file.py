# scenario: 13 sensitive-path-traversal
# expect: filesystem.sensitive_read
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A Flask download route that trusts the file name, exercised with a traversal request.
import os

from flask import Flask, request

app = Flask(__name__)
BASE = "/work/static"


@app.route("/download")
def download():
    path = os.path.join(BASE, request.args["file"])
    with open(path) as f:
        return f.read()


with app.test_client() as client:
    resp = client.get("/download", query_string={"file": "../../etc/passwd"})
    print(resp.status_code, resp.data[:200])
