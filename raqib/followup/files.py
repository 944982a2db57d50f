"""Files attached to a recommendation's thread: the same rules as mission evidence.

Photos (JPEG, PNG, WebP) are sniffed and re-encoded like mission evidence
(`missions.services.evidence.evidence_reencode`: only the pixels are kept); PDF documents are
sniffed and kept as sent. Anything else is refused with the reason.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from raqib.core import conf
from raqib.missions.services.evidence import evidence_reencode

IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
ALLOWED = {**IMAGE_TYPES, "application/pdf": "PDF"}
EXTENSIONS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": "application/pdf",
}


def _error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def checked_file(upload: Any) -> tuple[bytes, str, str]:
    """(content to store, content type, SHA-256 of what was sent) or a ValidationError."""
    limit = conf.followup_file_max_bytes()
    if upload.size is not None and upload.size > limit:
        raise _error(
            _("The file is too large; the limit is %(limit)s MB.")
            % {"limit": round(limit / 1048576, 1)}
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _error(
            _("The file is too large; the limit is %(limit)s MB.")
            % {"limit": round(limit / 1048576, 1)}
        )
    if not content:
        raise _error(_("The file is empty."))
    kind = filetype.guess(content[:8192])
    sniffed = kind.mime if kind else ""
    if sniffed not in ALLOWED:
        raise _error(_("Only PDF documents and JPEG, PNG or WebP photos are accepted."))
    ext = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if ext and EXTENSIONS.get(ext) != sniffed:
        raise _error(
            _("The file name says %(ext)s but its content is %(kind)s: the file was refused.")
            % {"ext": ext, "kind": ALLOWED[sniffed]}
        )
    digest = hashlib.sha256(content).hexdigest()
    if sniffed in IMAGE_TYPES:
        # The same re-encoding as mission evidence: pixels only, nothing after the image.
        content = evidence_reencode(content, sniffed)
    return content, sniffed, digest


def safe_name(name: str) -> str:
    """The file name as shown and downloaded: no path, no control characters, bounded."""
    base = os.path.basename(name or "").replace("\\", "_")
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?')
    return (base or "file")[:120]
