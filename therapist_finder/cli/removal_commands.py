"""`therapist-finder remove`: take listings out of the directory and keep them out."""

from __future__ import annotations

import sys
from datetime import date

from pydantic import ValidationError

from therapist_finder.cli.output import shown
from therapist_finder.errors import StoreUnavailable
from therapist_finder.removals import Removal, Removals
from therapist_finder.settings import Settings
from therapist_finder.store import open_store


def add_parser(sub) -> None:
    p = sub.add_parser(
        "remove",
        help="take listings out of the directory on request and keep them out of later crawls and imports",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="listing ids, e.g. nppes:1234567890")
    p.add_argument("--reason", help="why (required to remove): 'asked to be removed', 'retired', ...")
    p.add_argument("--undo", action="store_true",
                   help="forget these removals; the listings come back with the next crawl or import")
    p.add_argument("--list", action="store_true", help="print the removal list")


def cmd_remove(args, settings: Settings) -> int:
    removals = Removals.load(settings.removals)
    if args.list:
        for entry in removals.entries:
            npi = f" (NPI {entry.npi})" if entry.npi else ""
            print(shown(f"{entry.removed_at}  {entry.id}{npi}  {entry.reason}"))
        print(f"{len(removals.entries):,} removal(s) in {removals.path}", file=sys.stderr)
        return 0
    if not args.ids:
        print("error: give the ids of the listings to remove (or --list)", file=sys.stderr)
        return 2
    if args.undo:
        for listing_id in args.ids:
            done = removals.undo(listing_id)
            print(f"{listing_id}: {'no longer removed' if done else 'was not on the removal list'}",
                  file=sys.stderr)
        return 0
    if not (args.reason and args.reason.strip()):
        print("error: --reason is required: say why, for whoever reads the list later", file=sys.stderr)
        return 2
    done = _remove(args.ids, args.reason, removals, settings)
    print(f"removal list: {removals.path}", file=sys.stderr)
    return done


def _remove(ids: list[str], reason: str, removals: Removals, settings: Settings) -> int:
    store = open_store(settings.store)
    try:
        for listing_id in ids:
            if removals.find(listing_id):
                _delete(store, listing_id)  # in case an older import slipped it back in
                print(f"{listing_id}: already removed", file=sys.stderr)
                continue
            try:
                listing, readable = store.get(listing_id), True
            except StoreUnavailable:  # no index yet (a request before the first import), or down
                listing, readable = None, False
            try:
                removal = Removal(id=listing_id, npi=listing.npi if listing else None,
                                  reason=reason, removed_at=date.today())
            except ValidationError as exc:
                problem = ("an id looks like source:key, e.g. nppes:1234567890"
                           if exc.errors()[0]["loc"] == ("id",) else exc.errors()[0]["msg"])
                print(f"error: {listing_id}: {problem}", file=sys.stderr)
                return 2
            removals.add(removal)
            if readable:
                store.delete(listing_id)
            if listing is None:
                print(f"{listing_id}: not in the directory; recorded, so no crawl or import adds it",
                      file=sys.stderr)
            else:
                npi = f" and NPI {listing.npi}" if listing.npi else ""
                print(shown(f"{listing_id}: removed ({listing.name}); later crawls and imports skip this"
                            f" id{npi}"), file=sys.stderr)
    finally:
        store.close()
    return 0


def _delete(store, listing_id: str) -> None:
    try:
        store.delete(listing_id)
    except StoreUnavailable:  # nothing to delete from yet
        pass
