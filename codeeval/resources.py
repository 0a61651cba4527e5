"""Where the data the CLI needs at run time lives: the Semgrep rules, the suites and the sandbox's build
context. In a source checkout they are the top-level folders (rules/, benchmarks/suites/, sandbox/); in an
installed wheel they are copies under codeeval/data/ (setup.py puts them there). One lookup for all three,
so an installed codeeval never depends on a checkout being around."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
# name -> its folder in a source checkout, relative to the checkout's root
CHECKOUT = {"rules": "rules", "suites": "benchmarks/suites", "sandbox": "sandbox"}


def shipped(name: str) -> Path | None:
    """The folder `name` ("rules", "suites", "sandbox"): the checkout's when codeeval runs from one, else the
    wheel's copy; None when neither exists."""
    for path in (_PACKAGE.parent / CHECKOUT[name], _PACKAGE / "data" / name):
        if path.is_dir():
            return path
    return None
