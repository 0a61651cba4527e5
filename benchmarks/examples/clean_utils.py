# A benign control: nothing here should be reported above low.
import json
import secrets
from pathlib import Path


def top_scores(path: Path, n: int = 10) -> list[dict]:
    rows = json.loads(path.read_text())
    return sorted(rows, key=lambda r: r["score"], reverse=True)[:n]


def new_session_token() -> str:
    return secrets.token_urlsafe(32)
