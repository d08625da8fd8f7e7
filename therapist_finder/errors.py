"""One exception tree for the core package.

Foreign errors (sqlite3, geopy, elasticsearch, pydantic) are translated into
these at the edge that calls the foreign code, so callers only catch ours.
"""


class TherapistFinderError(Exception):
    """Base of every error this package raises on purpose."""


class ConfigurationError(TherapistFinderError):
    """A setting is missing or malformed (store URL, geocoder, paths)."""


class InvalidQuery(TherapistFinderError):
    """A search parameter is not acceptable; `param` names it for a 422."""

    def __init__(self, param: str, message: str, suggestions: list[str] | None = None,
                 reason: str | None = None):
        super().__init__(message)
        self.param = param
        self.message = message
        self.suggestions = suggestions or []
        # What kind of problem, for pages that word it themselves: "several" (two values
        # joined in one), "negated" (a value to leave out), "zips" (near names two ZIPs).
        self.reason = reason


class LocationNotFound(InvalidQuery):
    """A place the caller gave could not be resolved to coordinates; `needs_state` is
    the city it names without a state ("Houston"), for a message built from fields
    rather than read back out of the text."""

    def __init__(self, param: str, message: str, suggestions: list[str] | None = None, *,
                 needs_state: str | None = None, reason: str | None = None):
        super().__init__(param, message, suggestions, reason)
        self.needs_state = needs_state


class GeocoderUnavailable(TherapistFinderError):
    """An online geocoder is needed but none is configured or it failed."""


class InputChanged(TherapistFinderError):
    """An input file changed while it was being read."""


class InvalidInputFile(TherapistFinderError):
    """An input file is not in a form it can be read in at all (a directory,
    a .gz file that is not gzip, text in UTF-16); nothing of it was loaded."""


class InputFileDamaged(InvalidInputFile):
    """An input file ends early or is corrupt part way through, so the lines
    after the damage cannot be read."""


class StoreError(TherapistFinderError):
    """The store failed in a way the caller cannot fix by changing input."""


class StoreUnavailable(StoreError):
    """The store cannot be reached right now (missing file, server down)."""


class NotFound(TherapistFinderError):
    """A listing id is not in the store."""


class BulkIndexError(StoreError):
    """The search engine rejected some documents of a bulk load.

    The rest were written; `failed` counts the rejected ones and `reasons`
    holds the first few ("listing id: reason") so none is lost in silence.
    """

    def __init__(self, message: str, *, written: int, failed: int, reasons: list[str]):
        super().__init__(message)
        self.written = written
        self.failed = failed
        self.reasons = reasons
