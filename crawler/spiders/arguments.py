"""Spider arguments (`-a name=value`), validated at the boundary by a pydantic model."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)


def spider_args(model: type[M], spider: str, kwargs: dict[str, Any]) -> M:
    """Pop `model`'s fields out of a spider's `kwargs` and validate them.

    What is left in `kwargs` goes on to `scrapy.Spider.__init__` as before.
    A bad value raises ValueError naming the spider and the argument.
    """
    known = {k: kwargs.pop(k) for k in list(kwargs) if k in model.model_fields}
    try:
        return model.model_validate(known)
    except ValidationError as exc:
        raise ValueError(f"{spider} spider arguments: {exc}") from None
