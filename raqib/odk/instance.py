"""Read an ODK instance (the XML a client submits) into Raqib answers.

The instance's root carries the form id (`raqib_m<mission>`), `meta/instanceID` its identity.
Answers are read by criterion code wherever the element sits (sections are groups, a nested
group keeps its path in the section code; codes are unique in a grid). Values become what the
observer app would write: numbers for scales and numbers, names for choices (a multiple
choice stays ODK's space-separated list, which the scoring engine reads), ISO text for dates,
and for a photo the UUID of the attachment, derived from the instance and the file name so
that a resend names the same photo.
"""

from __future__ import annotations

import uuid as uuid_lib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeET
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from raqib.grids.scoring import PHOTO_SUFFIX

MAX_XML_BYTES = 1024 * 1024


@dataclass
class Instance:
    form: str
    instance_id: str
    report_uuid: uuid_lib.UUID
    answers: dict[str, Any] = field(default_factory=dict)
    photos: dict[str, str] = field(default_factory=dict)  # criterion code → file name


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _leaves(root: Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for element in root.iter():
        if len(element) == 0 and element is not root:
            found.setdefault(_local(element.tag), (element.text or "").strip())
    return found


def _number(text: str) -> int | float:
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    return int(number) if number == number.to_integral_value() else float(number)


def report_uuid_of(instance_id: str) -> uuid_lib.UUID:
    """`uuid:…` as ODK writes it gives that UUID; any other id a UUID derived from it."""
    text = instance_id.removeprefix("uuid:")
    try:
        return uuid_lib.UUID(text)
    except ValueError:
        return uuid_lib.uuid5(uuid_lib.NAMESPACE_URL, f"odk:{instance_id}")


def photo_uuid(report_uuid: uuid_lib.UUID, filename: str) -> uuid_lib.UUID:
    return uuid_lib.uuid5(report_uuid, filename)


def parse(xml: bytes) -> tuple[Element, str, str]:
    """(root, form id, instanceID), or a ValidationError saying what is wrong."""
    if len(xml) > MAX_XML_BYTES:
        raise ValidationError(_("The submission is larger than 1 MB."), code="too_large")
    try:
        root = SafeET.fromstring(xml)
    except Exception as exc:  # defusedxml's refusals and expat's errors alike
        raise ValidationError(
            _("The submission is not a readable XML instance."), code="not_xml"
        ) from exc
    form = root.get("id") or ""
    instance_id = ""
    for element in root.iter():
        if _local(element.tag) == "instanceID":
            instance_id = (element.text or "").strip()
            break
    if not form:
        raise ValidationError(_("The submission does not name its form."), code="no_form")
    if not instance_id or len(instance_id) > 100:
        raise ValidationError(_("The submission has no instance ID."), code="no_instance_id")
    return root, form, instance_id


def read_answers(root: Element, snapshot: dict[str, Any], instance_id: str) -> Instance:
    leaves = _leaves(root)
    report_uuid = report_uuid_of(instance_id)
    result = Instance(form=root.get("id") or "", instance_id=instance_id, report_uuid=report_uuid)
    for section in snapshot.get("sections") or []:
        for criterion in section.get("criteria") or []:
            code, kind = criterion["code"], criterion["type"]
            text = leaves.get(code, "")
            if text:
                result.answers[code] = _value(code, kind, text, result)
            evidence = leaves.get(code + PHOTO_SUFFIX, "")
            if evidence and kind != "photo":
                result.photos[code + PHOTO_SUFFIX] = evidence
                result.answers[code + PHOTO_SUFFIX] = str(photo_uuid(report_uuid, evidence))
    return result


def _value(code: str, kind: str, text: str, result: Instance) -> Any:
    if kind in ("scale", "number"):
        try:
            return _number(text)
        except (InvalidOperation, ValueError) as exc:
            raise ValidationError(
                _("Criterion %(code)s: “%(value)s” is not a number.")
                % {"code": code, "value": text[:40]},
                code="not_a_number",
            ) from exc
    if kind == "photo":
        result.photos[code] = text
        return str(photo_uuid(result.report_uuid, text))
    return text
