# scenario: 14 eval-injection
# expect: process.spawn_shell
# ruff: noqa (deliberately risky sample code, written for this corpus; runs only inside the sandbox)
# A Flask endpoint that evals its query parameter, driven by a malicious request.
from flask import Flask, request

app = Flask(__name__)


@app.route("/calc")
def calc():
    return str(eval(request.args.get("expr", "0")))


with app.test_client() as client:
    print(client.get("/calc", query_string={"expr": "2+2"}).data)
    print(client.get("/calc", query_string={"expr": "__import__('os').popen('whoami; uname -a').read()"}).data)
