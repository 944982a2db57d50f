"""Storing an answer: checked, fingerprinted, and quarantined when it looks like stuffing.

A suspicious answer is always stored, with the reasons, and left out of the indices until a
coordinator releases it: dropping it silently would hide an attack (or a false alarm) from
the people accountable for the figures.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import psycopg
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from raqib.core import conf
from raqib.core.writes import model_audit

from .. import abuse
from ..abuse import Reason
from ..answers import canonical_json, fingerprint
from ..models import ResponseMode, SurveyResponse, SurveyWave, WaveServicePoint, WaveStatus
from .screening import survey_responses_screen
from .tallies import survey_tally_add

if TYPE_CHECKING:
    from raqib.accounts.models import User


@dataclass(frozen=True)
class ResponseOutcome:
    response: SurveyResponse
    created: bool  # False: a retry of a submission already stored (same client UUID)


def _checked(*, client_uuid: uuid.UUID | str, answers: dict[str, Any]) -> uuid.UUID:
    """The submission's UUID; refused: a damaged one, or an empty ballot (it says nothing
    and would still count as an answer)."""
    try:
        parsed = uuid.UUID(str(client_uuid))
    except ValueError:
        raise ValidationError(_("The form is damaged: please reload the page.")) from None
    if not answers:
        raise ValidationError(_("Answer at least one question."))
    return parsed


def _submission_reasons(*, honeypot: str, elapsed: float | None) -> list[str]:
    """The rules that need nothing but the request (the others: screening.py)."""
    reasons: list[str] = []
    if honeypot.strip():
        reasons.append(Reason.HONEYPOT)
    if elapsed is None:
        reasons.append(Reason.NO_TIMESTAMP)
    elif elapsed < conf.survey_min_seconds():
        reasons.append(Reason.TOO_FAST)
    return reasons


def _insert_row(response: SurveyResponse, *, answers_json: str | None = None) -> bool:
    """INSERT one public answer if its wave is still open (False: it is not, nothing stored).

    Values are prepared by the model's own fields, without building an ORM query (which
    costs more than the insert on the public page's hot path); the check of the wave is in
    the same statement, so the page needs no lookup of its own (selectors.py). ANSWERS_JSON:
    the answers already written as JSON (`answers.canonical_json`), stored as they are.

    On PostgreSQL the statement is prepared once per connection and its parameters are sent
    apart from it (server-side binding): the server parses and plans it once instead of for
    every answer (docs/benchmarks.md, survey ingestion)."""
    connection = transaction.get_connection()
    values: list[Any] = []
    for field in _INSERT_FIELDS:
        if field.name == "answers" and answers_json is not None:
            values.append(answers_json)
            continue
        value = field.pre_save(response, True)
        values.append(None if value is None else field.get_db_prep_save(value, connection))
    params = [*values, response.wave_point_id, WaveStatus.OPEN]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, psycopg.Cursor(cursor.connection) as prepared:
                prepared.execute(_insert_sql(connection), params, prepare=True)
                row = prepared.fetchone()
        else:
            cursor.execute(_insert_sql(connection), params)
            row = cursor.fetchone()
    if row is None:
        return False
    response.pk = row[0]
    response._state.adding = False
    response._state.db = connection.alias
    return True


# Every column but the id, always in this order: one statement text, one plan.
_INSERT_FIELDS = [f for f in SurveyResponse._meta.concrete_fields if not f.primary_key]
_POINTS = WaveServicePoint._meta.db_table
_WAVES = SurveyWave._meta.db_table
_INSERT_SQL: dict[str, str] = {}


def _insert_sql(connection: Any) -> str:
    sql = _INSERT_SQL.get(connection.vendor)
    if sql is not None:
        return sql
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in _INSERT_FIELDS)
    if connection.vendor == "postgresql":
        # Typed: a NULL or a text in a SELECT list would otherwise have no type to take.
        marks = ", ".join(f"%s::{f.cast_db_type(connection)}" for f in _INSERT_FIELDS)
    else:
        marks = ", ".join(["%s"] * len(_INSERT_FIELDS))
    sql = (
        f"INSERT INTO {quote(SurveyResponse._meta.db_table)} ({columns}) "  # noqa: S608
        f"SELECT {marks} WHERE EXISTS (SELECT 1 FROM {quote(_POINTS)} p "
        f"JOIN {quote(_WAVES)} w ON w.id = p.wave_id WHERE p.id = %s AND w.status = %s) "
        "RETURNING id"
    )
    _INSERT_SQL[connection.vendor] = sql
    return sql


def _insert_public(response: SurveyResponse, *, answers_json: str) -> bool:
    """A public answer, by the one INSERT that checks its wave is open: on its own outside a
    transaction (the page), in a savepoint inside one (a retry's IntegrityError then leaves
    the caller's transaction usable)."""
    if not transaction.get_connection().in_atomic_block:
        return _insert_row(response, answers_json=answers_json)
    with transaction.atomic():
        return _insert_row(response, answers_json=answers_json)


def _insert_with_tally(response: SurveyResponse, *, wave_point: WaveServicePoint) -> None:
    """An interviewer's answer: checked, counted at once, audited.

    Fields only: the database checks the foreign keys, the constraints and the unique client
    UUID, without the queries model validation would run for each. (A public answer's values
    are all made by `survey_response_submit` from checked answers: the database's checks
    are enough there, and the public page saves the work.)"""
    response.full_clean(
        exclude=["client_uuid", "wave_point", "wave", "grid_version", "interviewer"],
        validate_unique=False,
        validate_constraints=False,
    )
    with transaction.atomic():
        response.save(force_insert=True)
        survey_tally_add(response=response)
        # Public answers are not audited one by one: the response row itself is the
        # append-only record, and the audit trail would only repeat it.
        model_audit(
            instance=response,
            actor=response.interviewer,
            action="survey_response.interviewer_submit",
            label=wave_point.service_point.code,
            changes={"wave": [None, response.wave.code]},
        )


def survey_response_submit(
    *,
    wave_point: WaveServicePoint,
    answers: dict[str, Any],
    client_uuid: uuid.UUID | str,
    language: str = "ar",
    mode: str = ResponseMode.PUBLIC,
    interviewer: User | None = None,
    device_token: str = "",
    client_ip: str = "",
    honeypot: str = "",
    started: str = "",
    now: dt.datetime | None = None,
    screen_later: bool = False,
) -> ResponseOutcome:
    """Store one response (answers already checked by `answers.clean`).

    Public mode hashes `device_token` and `client_ip` at once (the raw values are never
    stored) and runs the abuse rules: those that need only the request here, those that
    compare with the wave's other answers in screening.py — within this call, or, with
    `screen_later`, in a background task soon after the answer is stored (the public page:
    one INSERT per answer). Interviewer mode is for signed-in observers and coordinators,
    who are accountable: no abuse rule, no device data.
    """
    now = now or timezone.now()
    client_uuid = _checked(client_uuid=client_uuid, answers=answers)
    wave = wave_point.wave
    if wave.status != WaveStatus.OPEN:
        # A retry of an answer stored before the wave closed still gets its copy.
        existing = SurveyResponse.objects.filter(client_uuid=client_uuid).first()
        if existing is not None:
            return ResponseOutcome(existing, created=False)
        raise ValidationError(_("This survey is not open."))
    answers_json = canonical_json(answers)
    answers_hash = fingerprint(answers, canonical=answers_json)
    elapsed = abuse.started_elapsed(started, wave_point.pk, now=now.timestamp())
    public = mode != ResponseMode.INTERVIEWER
    if public:
        interviewer = None
        device = abuse.device_hash(device_token)
        network = abuse.network_hash(client_ip)
        reasons = _submission_reasons(honeypot=honeypot, elapsed=elapsed)
    else:
        if interviewer is None:
            raise ValidationError(_("Interviewer answers need a signed-in interviewer."))
        device = network = ""
        reasons = []
    response = SurveyResponse(
        wave_point=wave_point,
        wave=wave,
        grid_version_id=wave.grid_version_id,
        answers=answers,
        answers_hash=answers_hash,
        language=language if language in ("ar", "fr") else "ar",
        submitted_at=now,
        # A stamp older than a day means a page left open, not a 30-hour survey.
        duration_seconds=int(elapsed) if elapsed is not None and 0 <= elapsed < 86400 else None,
        mode=mode,
        interviewer=interviewer,
        # A public answer is held out until screened; an interviewer's counts at once.
        quarantined=public,
        screened=not public,
        quarantine_reasons=reasons,
        device_hash=device,
        network_hash=network,
        client_uuid=client_uuid,
    )
    try:
        if public:
            # Whatever the page remembered of the link, the INSERT checks the wave is open.
            if not _insert_public(response, answers_json=answers_json):
                raise ValidationError(_("This survey is not open."))
        else:
            _insert_with_tally(response, wave_point=wave_point)
    except IntegrityError:
        # A retry (double tap, flaky network) or a parallel one: the first copy stands,
        # nothing is counted twice.
        winner = SurveyResponse.objects.filter(client_uuid=client_uuid).first()
        if winner is None:
            raise
        return ResponseOutcome(winner, created=False)
    if public:
        if screen_later:
            from ..tasks import survey_screening_after_commit

            survey_screening_after_commit()
        else:
            survey_responses_screen(ids=[response.pk])
            response.refresh_from_db(fields=["quarantined", "quarantine_reasons", "screened"])
    return ResponseOutcome(response, created=True)
