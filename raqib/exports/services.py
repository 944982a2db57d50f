"""Writes of export jobs: the request (idempotent, audited, handed to the task queue) and
the record of a download.

Services → tasks → build, never back, so there is no import loop.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from raqib.core.writes import model_audit, model_create, no_check

from . import kinds
from .models import ACTIVE, ExportJob
from .tasks import run_export_job

# A user (raqib.accounts, above this app: not imported, see test_layering).
User = Any

LANGUAGES = ("ar", "fr")


def fingerprint(*, kind: str, fmt: str, language: str, parameters: Mapping[str, Any]) -> str:
    canonical = json.dumps(
        {"kind": kind, "format": fmt, "language": language, "parameters": parameters},
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _running(user: User, print_: str) -> ExportJob | None:
    return ExportJob.objects.filter(
        requested_by=user, fingerprint=print_, status__in=ACTIVE
    ).first()


@transaction.atomic
def _create(
    *, actor: User, kind: str, fmt: str, language: str, parameters: dict[str, Any], print_: str
) -> ExportJob:
    job = ExportJob(
        kind=kind,
        format=fmt,
        language=language,
        parameters=parameters,
        fingerprint=print_,
        requested_by=actor,
    )
    return model_create(
        instance=job,
        actor=actor,
        action="export.request",
        extra={"kind": kind, "format": fmt, "language": language},
        validate=no_check,
    )


def _holds_nul(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return isinstance(value, str) and "\x00" in value


def export_job_request(
    *,
    actor: User,
    kind: str,
    fmt: str,
    language: str,
    parameters: Mapping[str, Any] | None = None,
) -> ExportJob:
    """Record the request and hand it to the task queue; the same request while a job is
    queued or running answers that job (no second copy is built).

    The caller has checked that ``actor`` may read what ``parameters`` point to (the kind
    reads again with the actor's scope when it runs)."""
    found = kinds.get(kind)
    if found is None:
        raise ValidationError(_("Unknown kind of export."))
    if fmt not in found.formats:
        raise ValidationError(_("This export is not offered in that format."))
    if language not in LANGUAGES:
        language = "ar"
    params = json.loads(json.dumps(dict(parameters or {}), default=str))
    if _holds_nul(params):
        # PostgreSQL's jsonb refuses NUL: a filter holding one is junk, refused with a reason.
        raise ValidationError(_("A filter holds a character that is not allowed."))
    print_ = fingerprint(kind=kind, fmt=fmt, language=language, parameters=params)
    existing = _running(actor, print_)
    if existing is not None:
        return existing
    try:
        job = _create(
            actor=actor, kind=kind, fmt=fmt, language=language, parameters=params, print_=print_
        )
    except IntegrityError:
        # Two clicks at the same moment: the other request won the constraint.
        existing = _running(actor, print_)
        if existing is None:
            raise
        return existing
    result = run_export_job.enqueue(job.pk)
    ExportJob.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id)[:64])
    job.refresh_from_db()
    return job


@transaction.atomic
def export_job_download(*, actor: User, job: ExportJob) -> None:
    """Record who downloaded the file (audited)."""
    model_audit(
        instance=job,
        actor=actor,
        action="export.download",
        changes={"kind": job.kind, "sha256": job.sha256},
    )
