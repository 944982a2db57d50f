"""Evidence photos: idempotent upload with content sniffing, stored as re-encoded pixels only."""

from __future__ import annotations

import hashlib
import os
import uuid as uuid_lib
from typing import TYPE_CHECKING, Any

import filetype
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from raqib.core import conf, images
from raqib.core.writes import model_create
from raqib.missions.models import Evidence, Mission, Report, ReportStatus

from ._common import conflict

if TYPE_CHECKING:
    from raqib.accounts.models import User

ALLOWED_TYPES = images.FORMATS
EXTENSIONS = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".jpe": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


# A phone photo is 12 to 50 megapixels; a few bytes of PNG can declare billions (a
# decompression bomb), refused before any pixel is decoded.
EVIDENCE_MAX_PIXELS = 64_000_000
# Stored photos are bounded: a longer side is scaled down to this many pixels.
EVIDENCE_MAX_SIDE = 4096


def evidence_max_bytes() -> int:
    return conf.evidence_max_bytes()


def _file_error(message: str) -> ValidationError:
    return ValidationError({"file": [message]})


def evidence_check_file(upload: Any) -> tuple[bytes, str]:
    """(content, sniffed content type) of an upload, or a ValidationError saying why not."""
    limit = evidence_max_bytes()
    if upload is None:
        raise _file_error(_("Attach a photo."))
    if upload.size is not None and upload.size > limit:
        raise _file_error(
            _("The photo is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)}
        )
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise _file_error(
            _("The photo is too large; the limit is %(limit)s MB.")
            % {"limit": round(limit / 1048576, 1)}
        )
    if not content:
        raise _file_error(_("The file is empty."))
    kind = filetype.guess(content[:8192])
    sniffed = kind.mime if kind else ""
    if sniffed not in ALLOWED_TYPES:
        raise _file_error(_("Only JPEG, PNG or WebP photos are accepted."))
    ext = os.path.splitext(getattr(upload, "name", "") or "")[1].lower()
    # No extension is fine (a camera blob); a wrong one means the file is not what it says.
    if ext and EXTENSIONS.get(ext) != sniffed:
        raise _file_error(
            _("The file name says %(ext)s but its content is %(kind)s: the file was refused.")
            % {"ext": ext, "kind": ALLOWED_TYPES[sniffed]}
        )
    return content, sniffed


def evidence_reencode(content: bytes, content_type: str) -> bytes:
    """The photo decoded and encoded again in its own format: pixels only (core.images),
    the longest side bounded by EVIDENCE_MAX_SIDE."""
    try:
        return images.reencode(
            content, content_type, max_side=EVIDENCE_MAX_SIDE, max_pixels=EVIDENCE_MAX_PIXELS
        )
    except images.TooManyPixels as exc:
        raise _file_error(
            _("The photo has too many pixels (%(width)s × %(height)s).")
            % {"width": exc.width, "height": exc.height}
        ) from exc
    except images.UnreadableImage as exc:
        raise _file_error(_("The photo cannot be read as an image.")) from exc


def _criterion_codes(report: Report) -> set[str]:
    snapshot = report.mission.grid_version.snapshot or {}
    return {
        c["code"] for section in snapshot.get("sections", []) for c in section.get("criteria", [])
    }


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    report_uuid: uuid_lib.UUID,
    photo_uuid: uuid_lib.UUID,
    criterion: str,
    upload: Any,
) -> tuple[Evidence, bool]:
    """Store a photo once per client UUID. Returns (evidence, created)."""
    found = Report.objects.filter(uuid=report_uuid, observer=actor).only("mission_id").first()
    if found is None:
        raise Http404
    # Lock the mission, then the report: the same order as every other service (no deadlock).
    mission = Mission.objects.select_for_update().get(pk=found.mission_id)
    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("mission__grid_version")
        .get(pk=found.pk)
    )
    existing = Evidence.objects.filter(uuid=photo_uuid).first()
    if existing is not None:
        if existing.report_id != report.pk:
            raise Http404
        return existing, False  # a replay: the first file wins
    if report.status == ReportStatus.VALIDATED:
        raise conflict("report_validated")
    if mission.status == "cancelled":
        raise conflict("mission_cancelled")
    if mission.observer_id != actor.pk or not report.is_active:
        raise conflict("mission_reassigned")
    if report.status == ReportStatus.SUBMITTED:
        raise conflict("report_submitted")
    criterion = (criterion or "").strip()
    if criterion not in _criterion_codes(report):
        raise ValidationError({"criterion": [_("This criterion is not in the mission's grid.")]})
    content, content_type = evidence_check_file(upload)
    # The record keeps the hash and size of what the phone sent (the phone can prove it, and
    # a photo reused in another mission is found by it); the stored file is pixels only.
    evidence = Evidence(
        uuid=photo_uuid,
        report=report,
        criterion=criterion,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    evidence.file.save("photo", ContentFile(evidence_reencode(content, content_type)), save=False)
    model_create(
        instance=evidence,
        actor=actor,
        action="evidence.add",
        label=mission.code,
        extra={"criterion": criterion, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence, True


def evidence_public_copy(evidence: Evidence) -> bytes:
    """The photo re-encoded without any metadata (EXIF, GPS, maker notes, XMP).

    For every copy that leaves the department (focal points, public pages, exports): the
    observer's phone writes its location and model in EXIF, which could identify them.
    Orientation is applied to the pixels first so the picture still looks right.
    """
    with evidence.file.open("rb") as handle:
        content = handle.read()
    content_type = evidence.content_type if evidence.content_type in ALLOWED_TYPES else "image/jpeg"
    # Stored photos are already bounded: the side limit changes nothing here.
    return images.reencode(
        content, content_type, max_side=EVIDENCE_MAX_SIDE, max_pixels=EVIDENCE_MAX_PIXELS
    )
