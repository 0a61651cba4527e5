"""codeeval: is it safe to run what this model wrote?

Public API. Heavy modules are imported on first use so `import codeeval` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract", "scan", "vet"]

if TYPE_CHECKING:
    from codeeval.extract import extract
    from codeeval.scanners import scan
    from codeeval.vet import vet


def __getattr__(name: str) -> Any:
    if name == "extract":
        from codeeval.extract import extract

        return extract
    if name == "scan":
        from codeeval.scanners import scan

        return scan
    if name == "vet":
        from codeeval.vet import vet

        return vet
    raise AttributeError(f"module 'codeeval' has no attribute {name!r}")
