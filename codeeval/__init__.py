"""codeeval: is it safe to run what this model wrote?

Public API. Heavy modules are imported on first use so `import codeeval` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "execute", "extract", "run", "scan", "vet"]

# Public name -> (module, attribute), imported on first use.
_LAZY = {
    "extract": ("codeeval.extract", "extract"),
    "scan": ("codeeval.scanners", "scan"),
    "execute": ("codeeval.execution", "execute"),
    "run": ("codeeval.pipeline", "run"),
    "vet": ("codeeval.vet", "vet"),
}

if TYPE_CHECKING:
    from codeeval.execution import execute
    from codeeval.extract import extract
    from codeeval.pipeline import run
    from codeeval.scanners import scan
    from codeeval.vet import vet


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'codeeval' has no attribute {name!r}")
    import importlib

    module, attribute = _LAZY[name]
    return getattr(importlib.import_module(module), attribute)
