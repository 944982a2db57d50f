"""One way to hand a privately stored file to the one user allowed to read it."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404


def private_file_response(
    file: Any, *, content_type: str, filename: str, attachment: bool
) -> FileResponse:
    """The file, never cached by a shared cache, never sniffed into another type; a file the
    storage lost answers 404 (not a 500)."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, content_type=content_type, as_attachment=attachment, filename=filename
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
