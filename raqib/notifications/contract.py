"""The typed contract every app sends through: one `Message` per event.

    notification_send(message=Message(
        kind=NotificationKind.MISSION_ASSIGNED,
        recipients=(observer,),
        event_key=f"mission.assign:{mission.code}:{mission.version}",
        title=_("New mission %(code)s"),             # gettext_lazy: rendered per recipient
        body=_("Visit %(point)s between %(start)s and %(end)s."),
        params={"code": mission.code, "point": Localized(point.name_ar, point.name_fr),
                "start": mission.window_start, "end": mission.window_end},
        url_name="observer:app",
    ))

Text is written in each recipient's language (`translation.override`), so `title`, `body`
and any translatable parameter must be lazy (`gettext_lazy`), not already translated.
Parameters are plain values only (text, numbers, dates): a model instance — a user above
all — is refused, so a message cannot carry a person by accident; body-facing kinds (sent to
focal points of public bodies) have no observer field and must be built from body and point
names only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import Promise

from raqib.core.bilingual import localized

from .kinds import KINDS


@dataclass(frozen=True)
class Localized:
    """Content typed in both languages (a service point's name): the recipient's one."""

    ar: str
    fr: str

    def __str__(self) -> str:
        return localized(self.ar, self.fr)


Text = str | Promise
Param = str | Promise | Localized | int | float | Decimal | dt.date
_PLAIN = (str, Promise, Localized, int, float, Decimal, dt.date)


@dataclass(frozen=True)
class Message:
    kind: str
    recipients: tuple[Any, ...]
    event_key: str
    title: Text
    body: Text = ""
    params: Mapping[str, Param] = field(default_factory=dict)
    url_name: str = ""
    url_kwargs: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown notification kind {self.kind!r}")
        if not self.event_key or len(self.event_key) > 200:
            raise ValueError("event_key must be 1 to 200 characters")
        if not isinstance(self.recipients, tuple):
            raise TypeError("recipients must be a tuple of users")
        for name, value in self.params.items():
            if isinstance(value, bool) or not isinstance(value, _PLAIN):
                raise TypeError(
                    f"{self.event_key}: parameter {name!r} must be text, a number or a date, "
                    f"not {type(value).__name__}"
                )

    def render(self) -> tuple[str, str, str]:
        """(title, body, url) in the active language."""
        values = {name: _text(value) for name, value in self.params.items()}
        title = str(self.title) % values if values else str(self.title)
        body = str(self.body) % values if values and self.body else str(self.body)
        url = reverse(self.url_name, kwargs=dict(self.url_kwargs)) if self.url_name else ""
        return title[:255], body, url


def _text(value: Param) -> str | int | float | Decimal:
    # Dates are isolated (FSI … PDI): in an Arabic sentence, "و" + a date reads in order.
    if isinstance(value, dt.datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"\u2068{formats.date_format(local, 'SHORT_DATETIME_FORMAT')}\u2069"
    if isinstance(value, dt.date):
        return f"\u2068{formats.date_format(value, 'SHORT_DATE_FORMAT')}\u2069"
    if isinstance(value, Promise | Localized):
        return str(value)
    return value
