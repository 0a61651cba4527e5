"""CWE identifiers in one form, `CWE-<n>`, whatever shape an engine reports them in."""

from __future__ import annotations

import re
from collections.abc import Iterable

_CWE = re.compile(r"CWE[-_ ]?(\d+)", re.IGNORECASE)


def normalise_cwe(value: object) -> tuple[str, ...]:
    """Accepts "CWE-78: OS Command Injection", 78, {"id": 78}, lists of those; returns sorted unique ids."""
    found: set[int] = set()
    for item in _flatten(value):
        if isinstance(item, bool):
            continue
        if isinstance(item, int):
            if item > 0:
                found.add(item)
            continue
        text = str(item)
        matches = _CWE.findall(text)
        if matches:
            found.update(int(m) for m in matches)
        elif text.strip().isdigit() and int(text) > 0:
            found.add(int(text))
    return tuple(f"CWE-{n}" for n in sorted(found))


def _flatten(value: object) -> Iterable[object]:
    if value is None:
        return
    if isinstance(value, dict):
        if "id" in value:
            yield value["id"]
        return
    if isinstance(value, (list, tuple, set)):
        for v in value:
            yield from _flatten(v)
        return
    yield value
