import logging

logger = logging.getLogger(__name__)


def log_login_attempt(username: str, success: bool) -> None:
    """Record a login attempt in the audit log."""
    if success:
        logger.info(f"login succeeded for user {username}")
    else:
        logger.warning("login failed for user " + username)
