"""Audit codes as people read them: actions, object types, changed fields and their values.

Action codes are ``<object>.<verb>`` (``service_point.update``); object types are model
labels (``registry.servicepoint``). The trail shows «نقطة خدمة — تعديل» / «Point de service —
modification» instead; an unknown code is shown as it is (never hidden). Models are looked
up by label through Django's app registry: this app still imports no domain app.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import dateformat, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

OBJECTS = {
    "demo": _("demo data"),
    "campaign": _("coverage campaign"),
    "collect_key": _("ODK Collect key"),
    "collect_submission": _("ODK Collect submission"),
    "plan_run": _("plan computation"),
    "evidence": _("photo"),
    "export": _("export"),
    "grid": _("grid"),
    "label_holder": _("Marhba label holder"),
    "trait": _("observer trait"),
    "label_document": _("Marhba label document"),
    "observer_trait": _("observer trait value"),
    "label_status_change": _("Marhba label status change"),
    "integrity_case": _("integrity case"),
    "integrity_evidence": _("integrity case file"),
    "integrity_referral": _("referral of an integrity case"),
    "integrity_reveal": _("identity reveal"),
    "grid_choice": _("grid choice"),
    "grid_choice_list": _("grid choice list"),
    "grid_criterion": _("grid criterion"),
    "grid_section": _("grid section"),
    "grid_version": _("grid version"),
    "map_boundary": _("map boundary file"),
    "mission": _("mission"),
    "notification": _("notification"),
    "observer_profile": _("observer profile"),
    "periodic_report": _("periodic report"),
    "public_body": _("public body"),
    "recommendation": _("recommendation"),
    "referential": _("requirements referential"),
    "referential_chapter": _("referential chapter"),
    "requirement": _("requirement"),
    "requirement_mapping": _("criterion mapped to a requirement"),
    "report": _("visit report"),
    "rollups": _("dashboard figures"),
    "service_category": _("service category"),
    "service_point": _("service point"),
    "survey_comment": _("citizen's survey comment"),
    "appointment": _("member's appointment"),
    "course": _("training course"),
    "course_version": _("training course version"),
    "certification_requirement": _("certification requirement"),
    "practice_scenario": _("practice scenario"),
    "quiz_attempt": _("quiz attempt"),
    "practice_attempt": _("practice visit"),
    "certification": _("certification"),
    "pledge": _("confidentiality pledge"),
    "survey_response": _("survey answer"),
    "survey_tallies": _("survey tallies"),
    "survey_wave": _("survey wave"),
    "user": _("user"),
}

VERBS = {
    "accept_plan": _("action plan accepted"),
    "complaints_import": _("complaints imported"),
    "item_add": _("mandatory visit added"),
    "item_remove": _("mandatory visit removed"),
    "item_update": _("mandatory visit changed"),
    "launch": _("missions created"),
    "launch_start": _("creation of the missions started"),
    "observer_add": _("observer added"),
    "observer_remove": _("observer removed"),
    "observer_update": _("observer changed"),
    "plan_ready": _("plan ready"),
    "acknowledge": _("acknowledged"),
    "add": _("added"),
    "add_facts": _("facts added"),
    "alert": _("compliance alert raised"),
    "approve": _("approved"),
    "assess": _("assessment started"),
    "assign": _("assigned"),
    "flag": _("flagged for the integrity officers"),
    "grant": _("granted"),
    "grant_manual": _("granted by hand"),
    "record": _("recorded"),
    "revoke": _("revoked"),
    "sign": _("signed"),
    "cancel": _("cancelled"),
    "claim": _("implementation claimed"),
    "clone": _("cloned"),
    "close": _("closed"),
    "close_without_referral": _("closed without referral"),
    "comment": _("comment added"),
    "confirm": _("confirmed"),
    "correction_accept": _("correction accepted"),
    "correction_reject": _("correction rejected"),
    "correction_request": _("correction requested"),
    "create": _("created"),
    "create_draft": _("draft created"),
    "deactivate": _("deactivated"),
    "delete": _("deleted"),
    "delete_draft": _("draft deleted"),
    "export": _("exported"),
    "download": _("downloaded"),
    "fail": _("failed"),
    "file_add": _("file attached"),
    "file_view": _("file opened"),
    "finish": _("finished"),
    "focal_bodies_set": _("focal bodies set"),
    "import": _("imported"),
    "import_xlsform": _("imported from XLSForm"),
    "interviewer_submit": _("submitted by an interviewer"),
    "open": _("opened"),
    "outcome": _("outcome received"),
    "receive": _("received"),
    "pair": _("paired"),
    "pause": _("paused"),
    "plan": _("action plan written"),
    "point_remove": _("service point removed"),
    "progress": _("progress reported"),
    "propose_plan": _("action plan proposed"),
    "publish": _("published"),
    "reactivate": _("reactivated"),
    "read": _("read"),
    "take_up": _("taken up by an integrity officer"),
    "reassign": _("reassigned"),
    "rearm": _("back at the compliance level"),
    "rebuild": _("rebuilt"),
    "reject_claim": _("claim refused"),
    "refer": _("referred"),
    "refuse": _("refused"),
    "release": _("released"),
    "reorder": _("reordered"),
    "request": _("requested"),
    "resume": _("sent back to the body"),
    "retire": _("retired"),
    "return": _("returned"),
    "roles_set": _("roles set"),
    "seed": _("loaded"),
    "send": _("sent"),
    "send_back": _("action plan sent back"),
    "start": _("work started"),
    "status": _("status changed"),
    "follow_up_mission": _("follow-up visit planned"),
    "submit": _("submitted"),
    "targets_add": _("service points added"),
    "unpublish": _("removed from publication"),
    "update": _("changed"),
    "upload": _("uploaded"),
    "upsert": _("saved"),
    "validate": _("validated"),
    "verify_effective": _("verified effective"),
    "verify_missions": _("verification visits created"),
    "verify_not_effective": _("verified not effective"),
    "complete": _("completed"),
    "view": _("viewed"),
    "withdraw": _("withdrawn"),
}


def action_label(action: str) -> str:
    """«Service point — changed» for ``service_point.update``; unknown parts as they are."""
    subject, _dot, verb = str(action).partition(".")
    if not verb:
        return str(VERBS.get(subject, action))
    return f"{OBJECTS.get(subject, subject)} — {VERBS.get(verb, verb)}"


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def object_type_label(object_type: str) -> str:
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type


def _field(object_type: str, field: str) -> Any:
    """The model field (or reverse relation) an event's change names, None if unknown."""
    model = _model(object_type)
    if model is None:
        return None
    try:
        return model._meta.get_field(field)
    except FieldDoesNotExist:
        return None


def field_label(object_type: str, field: str) -> str:
    found = _field(object_type, field)
    if found is None:
        return field
    if isinstance(found, models.ForeignObjectRel):  # e.g. a user's «roles»: the rows held
        return str(found.related_model._meta.verbose_name_plural)
    verbose = getattr(found, "verbose_name", None)
    return str(verbose) if verbose else field


def related_model(object_type: str, field: str) -> type[models.Model] | None:
    """The model a changed field points to (a foreign key or a list of them), else None."""
    found = _field(object_type, field)
    relation = found is not None and found.is_relation
    if relation and (found.many_to_one or found.one_to_one or found.many_to_many):
        return found.related_model
    return None


def _date_field(object_type: str, field: str) -> bool:
    return isinstance(_field(object_type, field), models.DateField)  # DateTimeField included


def object_label(instance: models.Model) -> str:
    """A related object as the trail names it: its name, with its code when it has one."""
    code = getattr(instance, "code", "") or getattr(instance, "iso_code", "")
    name = str(instance)
    return f"{name} ({code})" if code and code not in name else name


def related_names(events: Iterable[Any]) -> dict[tuple[type[models.Model], Any], str]:
    """{(model, primary key): name} for every object the events' changes point to: one query
    per model for a whole page of events, instead of a number that means nothing."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for event in events:
        for field, values in (event.changes or {}).items():
            target = related_model(event.object_type, field)
            if target is None:
                continue
            wanted[target].update(v for v in _flat(values) if _is_id(v))
    names: dict[tuple[type[models.Model], Any], str] = {}
    for target, keys in wanted.items():
        for instance in target._default_manager.filter(pk__in=keys):
            names[(target, instance.pk)] = object_label(instance)
    return names


def _is_id(value: Any) -> bool:
    """Ids are recorded as JSON numbers; a related object recorded by its code (a string,
    ``model_snapshot``'s ``body.code``) is shown as it is."""
    return isinstance(value, int) and not isinstance(value, bool)


def attach_related_names(events: Iterable[Any]) -> None:
    """Give a page of events the names of what their changes point to (one query per model);
    ``AuditEvent.change_rows`` reads them."""
    events = list(events)
    names = related_names(events)
    for event in events:
        event.related_names = names


def _flat(values: Any) -> Iterator[Any]:
    if isinstance(values, list | tuple):
        for value in values:
            yield from _flat(value)
    else:
        yield values


def value_label(
    object_type: str,
    field: str,
    value: Any,
    names: dict[tuple[type[models.Model], Any], str] | None = None,
) -> str:
    """A stored value as people read it: a choice value («planned») as its label
    («مبرمجة»), a related object's id as its name (from `names`, see related_names), a date
    as dd/mm/yyyy; other values as they are."""
    model = _model(object_type)
    if model is not None:
        try:
            choices = dict(getattr(model._meta.get_field(field), "flatchoices", None) or [])
        except FieldDoesNotExist:
            choices = {}
        # Codes kept in a JSON list (e.g. a member's languages) name their labels on the model.
        choices.update(dict(getattr(model, "AUDIT_VALUE_CHOICES", {}).get(field, ())))
        if isinstance(value, str | int) and value in choices:
            return str(choices[value])
    if value is True:
        return str(_("yes"))
    if value is False:
        return str(_("no"))
    target = related_model(object_type, field) if _is_id(value) else None
    if target is not None and names is not None:
        if (target, value) in names:
            return names[(target, value)]
        # Deleted since: say so rather than show a bare number.
        return str(_("deleted (no. %(id)s)") % {"id": value})
    if isinstance(value, str) and _date_field(object_type, field):
        return _date_text(value)
    return str(value)


def _date_text(value: str) -> str:
    """An ISO date or date-time as the pages write them: 05/03/2026, 05/03/2026 14:30."""
    try:  # well formed but impossible («2026-02-30») raises: shown as it was recorded
        parsed_date = parse_date(value) if len(value) == 10 else None
        moment = None if parsed_date is not None else parse_datetime(value)
    except ValueError:
        return value
    if parsed_date is not None:
        return dateformat.format(parsed_date, "d/m/Y")
    if moment is None:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return dateformat.format(moment, "d/m/Y H:i")
