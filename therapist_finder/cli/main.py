"""Entry point: `therapist-finder COMMAND ...` (see --help)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from therapist_finder.errors import TherapistFinderError
from therapist_finder.settings import get_settings

FACET_FLAGS = (
    "insurance", "specialty", "approach", "format", "age_group", "language", "license_type", "gender"
)
BOOL_FLAGS = ("accepting_new", "telehealth", "in_person", "sliding_scale", "free_consultation")


def _bool(text: str) -> bool:
    if text.lower() in ("true", "yes", "1"):
        return True
    if text.lower() in ("false", "no", "0"):
        return False
    raise argparse.ArgumentTypeError("expected true or false")


def _port(text: str) -> int:
    # Checked here: uvicorn would fail deep in bind() with a traceback.
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port must be between 1 and 65535, got {port}")
    return port


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="therapist-finder", description=__doc__)
    parser.add_argument("--store", help="store URL (default: THERAPIST_FINDER_STORE or sqlite:///./data/directory.db)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("index", help="load listings from a JSON-lines file (.jsonl or .jsonl.gz)")
    p.add_argument("file", type=Path)
    p.add_argument("--rebuild", action="store_true", help="replace the whole index atomically")
    p.add_argument("--allow-rejects", action="store_true",
                   help="rebuild even when over 5%% of the file's lines are bad (refused otherwise);"
                        " without --rebuild, exit 0 all the same (1 otherwise)")

    p = sub.add_parser("serve", help="serve the API")
    p.add_argument("--host")
    p.add_argument("--port", type=_port)

    p = sub.add_parser("search", help="search from the terminal (same parameters as the API)")
    p.add_argument("--near")
    p.add_argument("--lat", type=float)
    p.add_argument("--lon", type=float)
    p.add_argument("--radius-mi", type=float, default=25.0)
    p.add_argument("--state")
    for name in FACET_FLAGS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, action="append", default=[])
    for name in BOOL_FLAGS:
        p.add_argument(f"--{name.replace('_', '-')}", dest=name, type=_bool)
    p.add_argument("--max-fee", type=float)
    p.add_argument("-q", "--q", dest="q")
    p.add_argument(
        "--include-stale", action="store_true", help="also show listings no source has seen lately"
    )
    p.add_argument("--sort", choices=["distance", "relevance", "name", "fee"],
                   help="fee: the lowest known fee first, listings with no known fee last")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--cursor")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("stats", help="how fresh and complete the directory is: a report, or --json")
    p.add_argument("--json", action="store_true",
                   help="print the counts as JSON (for scripts) instead of the report")

    p = sub.add_parser("demo", help="replace the store's contents with the bundled fictional sample"
                                    " (a rebuild: point --store elsewhere to keep a real directory)"
                                    " and serve it")
    p.add_argument("--host")
    p.add_argument("--port", type=_port)
    p.add_argument("--no-serve", action="store_true", help="build only")
    p.add_argument("--no-crawl", action="store_true",
                   help="index the bundled sample only, without crawling the sample sources")

    from therapist_finder.cli import crawl_commands, export_command, removal_commands

    crawl_commands.add_parsers(sub)
    removal_commands.add_parser(sub)
    export_command.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from therapist_finder.cli import commands, crawl_commands, export_command, removal_commands

    name = f"cmd_{args.command.replace('-', '_')}"
    module = next(m for m in (crawl_commands, removal_commands, export_command, commands) if hasattr(m, name))
    try:
        settings = get_settings()  # inside the try: a bad THERAPIST_FINDER_* variable is an error line
        if args.store:
            settings = settings.model_copy(update={"store": args.store})
        return getattr(module, name)(args, settings)
    except TherapistFinderError as exc:
        from therapist_finder.cli.output import shown

        print(f"error: {shown(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`stats | head`): nothing more to say, and no
        # traceback. stdout is pointed at devnull so the exit flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def print_json(data) -> None:
    print(json.dumps(data, indent=2, default=str))


if __name__ == "__main__":
    sys.exit(main())
