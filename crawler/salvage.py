"""Keep a crawled listing when one of its values is bad: drop that value, count it.

A page that spells one field wrongly (a 3,000-character website, a list item
the schema does not allow, a plan name pasted with a whole brochure) still
tells us who the therapist is and how to reach them, so dropping the whole
listing for it loses more than it protects. `validate_salvaging` validates,
reads the error locations pydantic reports, removes just the values they
point at (the innermost optional field, list item or dict entry on each
path) and validates again, a bounded number of times. What cannot be
dropped (a required field of the listing itself: id, kind, name) still
fails, and the caller drops the listing as before.

Every removal is returned as a `DroppedField`; the pipelines count each as
the stat `field_dropped/<field>/<reason>`, so nothing is lost silently.
"""

from __future__ import annotations

import re
import types
from functools import lru_cache
from typing import Annotated, Any, NamedTuple, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

# Rounds of dropping, each followed by one more validation. A round drops all
# that the last validation reported, so more than one is needed only for the
# checks that run once the fields are valid (a model's cross-field rules); the
# bound keeps hostile input to a few validations.
MAX_SALVAGE_ROUNDS = 3

# How deep `repaired` copies: deeper than any model path, so every container a
# drop can touch is the copy's own (the caller's item is never changed).
_COPY_DEPTH = 24

_SURROGATE = re.compile("[\ud800-\udfff]")
_LABEL_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")

Model = TypeVar("Model", bound=BaseModel)


class DroppedField(NamedTuple):
    """One value removed so that the rest of a listing could be kept."""

    field: str  # the model path without indices, e.g. 'insurance.plans'
    reason: str  # pydantic's error type, e.g. 'string_too_long'
    detail: str  # where exactly and why, for the log
    count: int = 1  # items removed (more than one when an overlong list is cut)

    @property
    def stat(self) -> str:
        return f"field_dropped/{self.field}/{self.reason}"


def repaired(value: Any, depth: int = 0) -> Any:
    """A copy of a crawled value (dicts and lists copied, tuples made lists) in which
    lone surrogates are U+FFFD. They come from broken escapes on pages ("\\ud800"
    in JSON) and no store can write them; the rest of the text is still good."""
    if isinstance(value, str):
        if not _SURROGATE.search(value):
            return value
        # UTF-16 joins a high and a low surrogate into their character and
        # replaces only the lone ones.
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    if depth >= _COPY_DEPTH:
        return value
    if isinstance(value, dict):
        return {repaired(k, depth + 1): repaired(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [repaired(v, depth + 1) for v in value]
    return value


def validate_salvaging(model: type[Model], data: Any, dropped: list[DroppedField] | None,
                       listing_id: Any = None, within: str = "") -> Model:
    """`model` validated from `data`, which loses any value that alone stood in the way.

    `data` must be the caller's own copy (see `repaired`): values are removed
    from it in place. Removals are appended to `dropped` only when the result
    is valid; otherwise the last ValidationError is raised and nothing is
    counted but the caller's drop of the whole listing. `within` names where
    `data` sits in the listing dict (e.g. 'raw'), for the field names."""
    losses: list[DroppedField] = []
    for _ in range(MAX_SALVAGE_ROUNDS):
        try:
            result = model.model_validate(data)
        except ValidationError as exc:
            removed = _drop_bad_values(exc, data, model, f"{listing_id}: ", within)
            if not removed:
                raise
            losses += removed
        else:
            break
    else:
        result = model.model_validate(data)  # the last try: what fails now fails the listing
    if dropped is not None:
        dropped += losses
    return result


def _drop_bad_values(exc: ValidationError, data: Any, model: type[BaseModel],
                     where: str, within: str) -> list[DroppedField]:
    """Remove the value each error points at; [] when some error can only be
    cured by dropping the whole listing."""
    targets: dict[tuple[int, Any], tuple[Any, Any, str, dict]] = {}
    errors = exc.errors(include_url=False, include_input=False)
    for error in [*errors, *_errors_in_overlong_lists(errors, data, model)]:
        target = _innermost_droppable(error["loc"], data, model)
        if target is None:
            return []
        container, key, field = target
        targets.setdefault((id(container), key), (container, key, field, error))
    removed = []
    # List items from the highest index down, so the lower ones stay where the
    # errors said; overlong lists are cut last, after their bad items are gone.
    ordered = sorted(targets.values(), key=lambda t: (t[3]["type"] == "too_long",
                                                      -t[1] if isinstance(t[1], int) else 0))
    for container, key, field, error in ordered:
        field = f"{within}.{field}" if within else field
        detail = f"{where}{_dotted((within, *error['loc']) if within else error['loc'])}: {error['msg']}"
        limit = (error.get("ctx") or {}).get("max_length")
        if error["type"] == "too_long" and isinstance(container[key], list) and isinstance(limit, int):
            count = len(container[key]) - limit
            if count <= 0:
                continue  # the bad items dropped above were enough
            container[key] = container[key][:limit]
        else:
            count = 1
            del container[key]
        removed.append(DroppedField(field, error["type"], detail, count))
    return removed


def _errors_in_overlong_lists(errors: list[dict], data: Any, model: type[BaseModel]) -> list[dict]:
    """The errors of the items of each list reported too long, as if its own
    error were the only one. pydantic stops at the length, so without these a
    list would be cut to its limit first and lose a bad item after: one short
    of the limit, where the good items beyond it could have filled it."""
    found = []
    for error in errors:
        if error["type"] != "too_long":
            continue
        node, annotation = data, model
        for key in error["loc"]:
            if not _holds(node, key):
                break
            annotation, _, _ = _step(annotation, key)
            node = node[key]
        else:
            item_type, limit = _list_item(annotation), (error.get("ctx") or {}).get("max_length")
            if isinstance(node, list) and item_type is not None and isinstance(limit, int):
                found += _item_errors(node, _adapter(item_type), limit, error["loc"])
    return found


def _item_errors(items: list, adapter: TypeAdapter, limit: int, loc: tuple) -> list[dict]:
    """Errors of the items up to the one that makes `limit` good ones: the
    items after it go with the cut anyway."""
    found, good = [], 0
    for index, item in enumerate(items):
        if good == limit:
            break
        try:
            adapter.validate_python(item)
            good += 1
        except ValidationError as exc:
            found += [{**e, "loc": (*loc, index, *e["loc"])}
                      for e in exc.errors(include_url=False, include_input=False)]
    return found


def _list_item(annotation: Any) -> Any:
    """The item type of a list annotation, else None."""
    annotation = _bare(annotation)
    return get_args(annotation)[0] if get_origin(annotation) is list else None


@lru_cache(maxsize=32)
def _adapter(annotation: Any) -> TypeAdapter:
    return TypeAdapter(annotation)


def _innermost_droppable(loc: tuple, data: Any, model: type[BaseModel]) -> tuple[Any, Any, str] | None:
    """(container, key, field name) of the innermost value on an error's path
    that may go: an optional field, a list item or a dict entry. Extra keys
    may go too. None when the path meets only required fields of the listing."""
    node, annotation, names, found = data, model, [], None
    for key in loc:
        if not _holds(node, key):
            break  # the rest of the path names union branches or missing keys, not data
        annotation, droppable, name = _step(annotation, key)
        if name is not None:
            names.append(_LABEL_UNSAFE.sub("_", name)[:60])
        if droppable:
            found = (node, key, ".".join(names) or "unknown")
        node = node[key]
    return found


def _holds(node: Any, key: Any) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(node, list) and type(key) is int and 0 <= key < len(node)


def _step(annotation: Any, key: Any) -> tuple[Any, bool, str | None]:
    """The annotation of `annotation`'s child at `key`, whether that child may be
    dropped, and its field name (None for list items and dict entries)."""
    annotation = _bare(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        field = annotation.model_fields.get(key)
        if field is None:  # a key the model forbids
            return Any, True, str(key)
        return field.annotation, not field.is_required(), key
    origin = get_origin(annotation)
    if origin is list:
        return get_args(annotation)[0], True, None
    if origin is dict:
        return get_args(annotation)[1], True, None
    # Free JSON (a claim's value): pieces of it are not ours to drop, only all of it.
    return Any, False, None


def _bare(annotation: Any) -> Any:
    """`annotation` without Annotated[...] and without None in an optional."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _dotted(loc: tuple) -> str:
    return ".".join(map(str, loc))
