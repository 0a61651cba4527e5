"""YAML documents users write (policies, run configurations), read safely with one way to report a bad one."""

from __future__ import annotations

from typing import Any

from codeeval.errors import CodeevalError


def load_yaml(text: str, what: str, error: type[CodeevalError]) -> Any:
    """The parsed document (None when empty); `error` names `what` and the line when it is not YAML."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}" if where is not None else ""
        raise error(f"{what}: not valid YAML{at}") from None
