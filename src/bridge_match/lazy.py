"""Names a package hands on, loaded on first use (PEP 562): ``import bridge_match`` or
``bridge_match.workspace`` then costs nothing until a name is used, so the command line's
``--help`` and ``status set`` never load scikit-learn."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, MutableMapping
from typing import Any


def lazy_names(
    package: str, exports: Mapping[str, str], namespace: MutableMapping[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__``.

    Parameters
    ----------
    package:
        The package's name (its ``__name__``).
    exports:
        Each public name and the submodule that defines it.
    namespace:
        The package's ``globals()``: a name, once loaded, is kept there, and ``__all__`` is
        what ``dir()`` lists.

    Returns
    -------
    tuple
        ``(__getattr__, __dir__)``, to be assigned in the package's ``__init__``.

    Raises
    ------
    AttributeError
        From ``__getattr__``, for a name the package does not hand on.
    """

    def load(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def names() -> list[str]:
        return sorted(namespace["__all__"])

    return load, names
