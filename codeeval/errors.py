"""Errors a user can act on. The CLI prints them as one line and exits 2; everything else is a bug."""


class CodeevalError(Exception):
    """Bad input or a missing prerequisite, with a message that names the problem and the fix."""


class ToolError(CodeevalError):
    """An external tool (Bandit, Semgrep, Docker) failed or is missing."""
