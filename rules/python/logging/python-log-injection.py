import logging

from flask import Flask, request

app = Flask(__name__)
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form.get("username")
    if not check_password(username, request.form.get("password")):
        # ruleid: python-log-injection
        logger.warning(f"Failed login attempt for user {username}")
        return "denied", 401
    # ruleid: python-log-injection
    logging.info("User " + username + " logged in")
    return "ok"


@app.route("/search")
def search():
    q = request.args.get("q", "")
    # ruleid: python-log-injection
    app.logger.info("Search query: %s" % q)
    # ruleid: python-log-injection
    app.logger.debug("agent={}".format(request.headers.get("User-Agent")))
    return run_search(q)


def django_view(request):
    # ruleid: python-log-injection
    logger.error(f"bad filter {request.GET.get('filter')}")
    return None


def cli():
    name = input("Your name: ")
    # ruleid: python-log-injection
    logging.warning(f"greeting {name}")


@app.route("/safe-login", methods=["POST"])
def safe_login():
    username = request.form.get("username", "")
    clean = username.replace("\r", "").replace("\n", "")
    # ok: python-log-injection
    logger.warning(f"Failed login attempt for user {clean}")
    # ok: python-log-injection
    logger.info("login attempt for %r", username)
    # ok: python-log-injection
    logger.info("request received")
    return "ok"


@app.route("/items")
def items():
    page = int(request.args.get("page", 1))
    # ok: python-log-injection
    logger.info(f"listing page {page}")
    return list_items(page)


def process(job_id, count):
    # ok: python-log-injection
    logger.info("processed job %s with %d rows", job_id, count)
    # ok: python-log-injection
    logger.info(f"processed job {job_id}")


@app.route("/page")
def page_view():
    page = request.args.get("page", 1, type=int)
    # ok: python-log-injection
    logger.debug(f"listing page {page}")
    return list_items(page)
