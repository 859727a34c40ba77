"""The JSON files of a saved model (marker, manifests): strict schemas and checked reading, a
damaged file refused with a :class:`~bridge_match.errors.ModelError` that says how to recover."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from bridge_match.errors import ModelError

REFIT = "run `bridge-match fit` to rebuild the model"


class Strict(BaseModel):
    """The files' schemas: no unknown key, no coercion (a damaged file is refused, not read)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


_Model = TypeVar("_Model", bound=BaseModel)


def read_json(path: Path) -> Any:
    """A model file's JSON, or a :class:`ModelError` saying it is not readable."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path} is not readable JSON ({exc}); {REFIT}") from None


def validated(path: Path, data: Any, model: type[_Model], what: str) -> _Model:
    """``data`` as the pydantic ``model``, or a :class:`ModelError` naming the first faults."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        faults = [
            f"{'.'.join(map(str, e['loc'])) or 'the whole file'}: {e['msg']}"
            for e in exc.errors()[:3]
        ]
        more = f" (and {exc.error_count() - 3} more)" if exc.error_count() > 3 else ""
        raise ModelError(f"{what} {path} is damaged: {'; '.join(faults)}{more}; {REFIT}") from None
