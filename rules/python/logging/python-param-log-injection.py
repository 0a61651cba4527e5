import datetime
import logging

logger = logging.getLogger(__name__)


def log_login_attempt(username, success):
    if success:
        # ruleid: python-param-log-injection
        logger.info(f"login succeeded for user {username}")
    else:
        # ruleid: python-param-log-injection
        logger.warning("login failed for user " + username)


def generate_receive_log(msg):
    # ruleid: python-param-log-injection
    return f"[{datetime.datetime.now().isoformat()}] Received: {msg}"


def log_login_clean(username):
    safe_user = username.replace("\n", "\\n").replace("\r", "\\r")
    # ok: python-param-log-injection
    logger.warning("login failed for user " + safe_user)


def log_lazy(username):
    # ok: python-param-log-injection
    logger.info("login for %r", username)


def generate_receive_log_clean(msg):
    sanitized = msg.replace("\r", "").replace("\n", " ")
    # ok: python-param-log-injection
    return f"[{datetime.datetime.now().isoformat()}] Received: {sanitized}"


def greet(name):
    # ok: python-param-log-injection
    return f"Hello {name}"
