"""Validation of the values a service point carries, shared by the model, forms and import.

The same functions check a form field, a model instance and a row of an imported file, so a
value accepted in one place is never refused in another.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Mirrors the CheckConstraint registry_point_coordinates_in_tunisia (a bounding box, not the
# border: it is there to catch swapped or mistyped coordinates, not to draw the map).
LATITUDE_MIN, LATITUDE_MAX = Decimal("30.2"), Decimal("37.6")
LONGITUDE_MIN, LONGITUDE_MAX = Decimal("7.5"), Decimal("11.7")

# Eight digits, optionally preceded by the country code; spaces are only for readability.
_PHONE = re.compile(r"^(?:\+216|00216)?\d{8}$")
_URL = URLValidator(schemes=["http", "https"])


def split_phones(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def normalize_phones(value: str) -> str:
    """The stored form: numbers trimmed, separated by "; " (an export re-imports unchanged)."""
    return "; ".join(" ".join(part.split()) for part in split_phones(value))


def invalid_phones(value: str) -> list[str]:
    return [part for part in split_phones(value) if not _PHONE.match(part.replace(" ", ""))]


def validate_phones(value: str) -> None:
    bad = invalid_phones(value)
    if bad:
        raise ValidationError(
            _(
                "“%(value)s” is not a Tunisian telephone number: 8 digits, optionally "
                "preceded by +216 or 00216."
            ),
            code="invalid_phone",
            params={"value": bad[0]},
        )


def validate_web_address(value: str) -> None:
    if not value:
        return
    try:
        _URL(value)
    except ValidationError:
        raise ValidationError(
            _("“%(value)s” is not a web address starting with http:// or https://."),
            code="invalid_url",
            params={"value": value},
        ) from None


def coordinates_in_tunisia(latitude: Decimal | None, longitude: Decimal | None) -> bool:
    if latitude is None or longitude is None:
        return latitude is None and longitude is None
    return LATITUDE_MIN <= latitude <= LATITUDE_MAX and LONGITUDE_MIN <= longitude <= LONGITUDE_MAX


def validate_latitude(value: Decimal | None) -> None:
    if value is not None and not LATITUDE_MIN <= value <= LATITUDE_MAX:
        raise ValidationError(
            _("The latitude must lie inside Tunisia (between 30.2 and 37.6)."),
            code="outside_tunisia",
        )


def validate_longitude(value: Decimal | None) -> None:
    if value is not None and not LONGITUDE_MIN <= value <= LONGITUDE_MAX:
        raise ValidationError(
            _("The longitude must lie inside Tunisia (between 7.5 and 11.7)."),
            code="outside_tunisia",
        )
