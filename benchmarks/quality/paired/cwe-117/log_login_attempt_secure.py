import logging

logger = logging.getLogger(__name__)


def log_login_attempt(username: str, success: bool) -> None:
    """Record a login attempt in the audit log."""
    safe_user = username.replace("\n", "\\n").replace("\r", "\\r")
    if success:
        logger.info("login succeeded for user %s", safe_user)
    else:
        logger.warning("login failed for user " + safe_user)
