"""Images and PDF documents for lessons: uploaded on the course authoring page, sniffed and
bounded, images re-encoded to pixels only; read back through a scoped selector.

A lesson refers to a file by its URL (`LessonMedia.url`, /training-media/<id>/) in its
`images` or `attachments` (training/content.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
from typing import Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core import images
from raqib.core.roles import Role
from raqib.core.writes import model_create

from .models import LessonMedia

logger = logging.getLogger(__name__)

MAX_BYTES = 10 * 1024 * 1024
MAX_SIDE = 2000
MAX_PIXELS = 40_000_000
PDF = "application/pdf"
EXTENSIONS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".pdf": PDF,
}
# Who may read a lesson's files: whoever can take or author a course.
READERS = (Role.OBSERVER, Role.COORDINATOR, Role.DIRECTOR, Role.ADMINISTRATOR)


def _error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def _check(upload: Any) -> tuple[bytes, str]:
    if upload is None:
        raise _error(_("Choose a file."))
    content = upload.read(MAX_BYTES + 1)
    if len(content) > MAX_BYTES:
        raise _error(
            _("The file is too large; the limit is %(limit)s MB.") % {"limit": MAX_BYTES // 1048576}
        )
    if not content:
        raise _error(_("The file is empty."))
    kind = filetype.guess(content[:8192])
    sniffed = kind.mime if kind else ""
    if sniffed not in (*images.FORMATS, PDF) or (
        sniffed == PDF and not content.startswith(b"%PDF-")
    ):
        raise _error(_("Only JPEG, PNG or WebP images and PDF documents are accepted."))
    ext = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    if ext and EXTENSIONS.get(ext) != sniffed:
        raise _error(
            _("The file name says %(ext)s but its content is %(kind)s: the file was refused.")
            % {"ext": ext, "kind": sniffed}
        )
    return content, sniffed


@transaction.atomic
def lesson_media_upload(*, actor: Any, upload: Any) -> LessonMedia:
    """Store a lesson's image (re-encoded, at most MAX_SIDE pixels a side) or PDF; refused
    with the reason (and nothing stored) when it is not one, too large or unreadable."""
    content, content_type = _check(upload)
    original = hashlib.sha256(content).hexdigest()
    if content_type == PDF:
        kind, stored = LessonMedia.Kind.PDF, content
    else:
        kind = LessonMedia.Kind.IMAGE
        try:
            stored = images.reencode(
                content, content_type, max_side=MAX_SIDE, max_pixels=MAX_PIXELS
            )
        except images.TooManyPixels as exc:
            raise _error(
                _("The image has too many pixels (%(width)s × %(height)s).")
                % {"width": exc.width, "height": exc.height}
            ) from exc
        except images.UnreadableImage as exc:
            raise _error(_("The image cannot be read.")) from exc
    name = os.path.basename(getattr(upload, "name", "") or "") or f"{kind}"
    media = LessonMedia(
        kind=kind,
        name=name[:120],
        content_type=content_type,
        size=len(stored),
        original_sha256=original,
        uploaded_by=actor,
    )
    media.file.save(
        f"{original[:16]}{os.path.splitext(name)[1].lower()}", ContentFile(stored), save=False
    )
    try:
        return model_create(
            instance=media,
            actor=actor,
            action="lesson_media.upload",
            fields=["kind", "name", "size", "original_sha256"],
            label=media.name,
        )
    except Exception:
        # The row was refused: the file just written must not stay behind as an orphan.
        media.file.delete(save=False)
        raise


def lesson_media_get_for_user(*, user: Any, pk: int) -> LessonMedia:
    """A lesson file for a reader of courses; 404 for anyone else (and for an unknown id)."""
    if not any(user.has_role(role) for role in READERS):
        raise Http404
    media = LessonMedia.objects.filter(pk=pk).first()
    if media is None:
        raise Http404
    return media


def lesson_media_recent(*, limit: int = 20) -> list[LessonMedia]:
    return list(LessonMedia.objects.order_by("-uploaded_at")[:limit])


# Where lesson files are written (LessonMedia.file's upload_to starts with it).
MEDIA_DIR = "training"


def _stored_names(storage: Any, folder: str) -> list[str]:
    folders, files = storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names += _stored_names(storage, f"{folder}/{sub}")
    return names


def lesson_media_sweep(*, older_than: dt.timedelta, now: dt.datetime | None = None) -> list[str]:
    """Delete the stored lesson files that no lesson file row refers to, once they are older
    than OLDER_THAN; returns their names.

    A file is written before its row is saved: when the row is refused the upload deletes
    the file at once, but when a caller's outer transaction is rolled back afterwards (the
    row vanishes with it) nothing can: the file stays behind, unreachable. This finds such
    files. The grace period spares an upload whose transaction has not committed yet.
    """
    storage = LessonMedia._meta.get_field("file").storage
    try:
        # Not `storage.exists(MEDIA_DIR)`: an object store has no folders, only names.
        names = _stored_names(storage, MEDIA_DIR)
    except FileNotFoundError:  # nothing uploaded yet (file system storage)
        return []
    cutoff = (now or timezone.now()) - older_than
    known = set(LessonMedia.objects.values_list("file", flat=True))
    removed = []
    for name in sorted(names):
        if name in known or storage.get_modified_time(name) > cutoff:
            continue
        storage.delete(name)
        removed.append(name)
    if removed:
        logger.info("Deleted %d lesson files without a row", len(removed))
    return removed
