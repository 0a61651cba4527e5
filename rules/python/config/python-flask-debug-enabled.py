import os

from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

app = Flask(__name__)
# ruleid: python-flask-debug-enabled
app.config["DEBUG"] = True
# ruleid: python-flask-debug-enabled
app.debug = True
# ruleid: python-flask-debug-enabled
app.config.update(DEBUG=True, SECRET_KEY=os.environ["SECRET_KEY"])


def create_app():
    application = Flask(__name__)
    # ruleid: python-flask-debug-enabled
    application.wsgi_app = DebuggedApplication(application.wsgi_app, evalex=True)
    return application


@app.route("/")
def index():
    return "hello"


if __name__ == "__main__":
    # ruleid: python-flask-debug-enabled
    app.run(host="127.0.0.1", port=5000, debug=True)
    # ruleid: python-flask-debug-enabled
    run_simple("localhost", 5000, app, use_reloader=True, use_debugger=True)
    # ok: python-flask-debug-enabled
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")
    # ok: python-flask-debug-enabled
    app.run(port=5000)
    # ok: python-flask-debug-enabled
    app.run(debug=False)

# ok: python-flask-debug-enabled
app.config["DEBUG"] = False
# ok: python-flask-debug-enabled
app.config["TESTING"] = True


from fastapi import FastAPI

api = FastAPI()
if __name__ == "__main__":
    # ok: python-flask-debug-enabled
    api.run(debug=True)
