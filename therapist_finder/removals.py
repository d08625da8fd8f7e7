"""Listings taken out of the directory on request, and kept out.

A therapist who asks to be taken off, one who has retired or died, a listing
that is wrong beyond repair: an operator removes it with `therapist-finder
remove`. Deleting it from the store is not enough, because the next crawl or
import would bring it back, so each removal is also written to a JSON-lines
file (`THERAPIST_FINDER_REMOVALS`; by default beside a SQLite store, else in the
user's data directory: Settings.removals). Imports
and crawls skip, and count, every listing with a removed id or a removed
listing's NPI (a provider's NPI follows it into merged listings with other
ids). The file holds no client data: only listing ids, NPIs, a reason and a date.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from therapist_finder.errors import InvalidInputFile
from therapist_finder.schema import Listing


class Removal(BaseModel):
    """One listing kept out of the directory, why, and since when."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    id: str = Field(min_length=3, max_length=300, pattern=r"^[a-z][a-z0-9_-]*:\S+$")
    npi: str | None = Field(None, pattern=r"^[0-9]{10}$")
    reason: str = Field(min_length=1, max_length=500)
    removed_at: date


@dataclass(frozen=True)
class RemovedMatcher:
    """What an import or crawl checks each listing against (picklable, small)."""

    ids: frozenset[str]
    npis: frozenset[str]

    def excludes(self, listing: Listing, *other_ids: str) -> bool:
        """Whether the listing is removed: by its id, its NPI, or `other_ids`
        (the ids a merged listing replaces, or its sources gave it)."""
        if listing.id in self.ids or (listing.npi is not None and listing.npi in self.npis):
            return True
        return any(listing_id in self.ids for listing_id in other_ids)


class Removals:
    """The removal file: read whole, appended to, rewritten on undo."""

    def __init__(self, path: Path, entries: list[Removal]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, path: str | Path) -> Removals:
        """The file's removals; none when it does not exist yet. A bad line is
        an InvalidInputFile naming the file and the line."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path, [])
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInputFile(f"cannot read the removal list {path}: {exc}") from None
        entries = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append(Removal.model_validate_json(line))
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(map(str, first["loc"])) or "line"
                raise InvalidInputFile(
                    f"removal list {path}, line {number}: {where}: {first['msg']}; fix or delete that line"
                ) from None
        return cls(path, entries)

    def matcher(self) -> RemovedMatcher | None:
        """None when nothing is removed, so imports skip the check entirely."""
        if not self.entries:
            return None
        return RemovedMatcher(frozenset(e.id for e in self.entries),
                              frozenset(e.npi for e in self.entries if e.npi))

    def find(self, listing_id: str) -> Removal | None:
        return next((e for e in self.entries if e.id == listing_id), None)

    def add(self, removal: Removal) -> None:
        """Record a removal (appended: earlier lines are never rewritten)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(removal.model_dump_json(exclude_none=True) + "\n")
            out.flush()
            os.fsync(out.fileno())
        self.entries.append(removal)

    def enforce(self, store: Any) -> int:
        """Delete every removed id from `store`; how many were there. Run after an
        import or crawl: a removal made while it ran (its listing deleted from the
        live store) must not be undone by the rebuild or upserts that follow."""
        return sum(bool(store.delete(entry.id)) for entry in self.entries)

    def undo(self, listing_id: str) -> bool:
        """Forget the removal of one id (the listing comes back with the next
        crawl or import); False when it was not removed."""
        kept = [e for e in self.entries if e.id != listing_id]
        if len(kept) == len(self.entries):
            return False
        scratch = self.path.with_name(self.path.name + ".tmp")
        scratch.write_text("".join(json.dumps(e.model_dump(mode="json", exclude_none=True)) + "\n"
                                   for e in kept), encoding="utf-8")
        os.replace(scratch, self.path)
        self.entries = kept
        return True
