"""Read a printable's parameters from a POSTed HTML form.

Forms that carry a note or a client's concern are POSTed so that none of it
lands in the address bar, the browser's (synced) history or a server's access
log. The body is `application/x-www-form-urlencoded`, what a browser sends by
default; it is parsed here with the standard library, capped in size and in
field count, so no extra multipart dependency is needed.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from fastapi import Request

MAX_FORM_BYTES = 64 * 1024  # 20 ids of 250 characters, a 1000-character note, room to spare
MAX_FORM_FIELDS = 200
FORM_TYPE = "application/x-www-form-urlencoded"


class FormError(Exception):
    """A body that is not a form we can read: 413 or 415."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


async def read_form(request: Request) -> list[tuple[str, str]]:
    """The form's (name, value) pairs in order; repeated names stay repeated."""
    declared = request.headers.get("content-length", "")
    # isascii too: '²' is a digit that int() refuses (a server in front normally rejects
    # such a header; whatever it says, the body read below is capped all the same).
    if declared.isascii() and declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        raise FormError(413, f"the form is larger than {MAX_FORM_BYTES // 1024} KiB")
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise FormError(413, f"the form is larger than {MAX_FORM_BYTES // 1024} KiB")
    if not body:
        return []
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != FORM_TYPE:
        raise FormError(415, f"send the parameters as an HTML form ({FORM_TYPE})")
    try:
        return parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True,
                         max_num_fields=MAX_FORM_FIELDS)
    except ValueError:  # more fields than max_num_fields
        raise FormError(413, f"the form has more than {MAX_FORM_FIELDS} fields") from None
