"""`codeeval.extract` and `codeeval.vet` are both submodules and the public functions of the same name.
Once a submodule is imported, Python binds the package attribute to the module, so such a module is made
callable: calling it calls its function. One mechanism for every public name that shares a module's name."""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableModule(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return getattr(self, self.__name__.rsplit(".", 1)[1])(*args, **kwargs)


def make_callable(module_name: str) -> None:
    """Make `module_name` callable as its function of the same name (codeeval.extract -> extract)."""
    sys.modules[module_name].__class__ = _CallableModule
