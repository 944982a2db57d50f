from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .kinds import EmailMode, NotificationKind


class PreferencesForm(forms.Form):
    """One e-mail choice (and inbox switch where allowed) per kind the user may receive."""

    language = forms.ChoiceField(label=_("Language of my notifications"), choices=())

    def __init__(self, *args: Any, rows: list[dict[str, Any]], language: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.fields["language"].choices = list(settings.LANGUAGES)
        self.fields["language"].initial = language
        for row in rows:
            kind = row["kind"]
            label = NotificationKind(kind).label
            self.fields[f"email_{kind}"] = forms.ChoiceField(
                label=_("E-mail: %(kind)s") % {"kind": label},
                choices=EmailMode.choices,
                initial=row["email"],
                required=False,
            )
            if row["in_app_optional"]:
                self.fields[f"in_app_{kind}"] = forms.BooleanField(
                    label=_("Inbox: %(kind)s") % {"kind": label},
                    required=False,
                    initial=row["in_app"],
                )

    def table(self) -> list[dict[str, Any]]:
        """The rows of the preferences table, each with its bound fields."""
        return [
            {
                "label": NotificationKind(row["kind"]).label,
                "email": self[f"email_{row['kind']}"],
                "in_app": self[f"in_app_{row['kind']}"] if row["in_app_optional"] else None,
            }
            for row in self.rows
        ]

    def choices(self) -> dict[str, tuple[bool, str]]:
        """{kind: (in_app, e-mail mode)}; a kind left out of the request keeps its choice."""
        data = self.cleaned_data
        return {
            row["kind"]: (
                bool(data.get(f"in_app_{row['kind']}", True)),
                data.get(f"email_{row['kind']}") or row["email"],
            )
            for row in self.rows
        }
