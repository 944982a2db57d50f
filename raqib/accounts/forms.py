"""Forms of the account pages. They check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from raqib.core.roles import Role
from raqib.registry.models import Delegation, PublicBody, ServicePoint

from .models import MEMBER_LANGUAGES, ObserverProfile, User


class RoleChoiceField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Roles"))
        kwargs.setdefault("required", False)
        super().__init__(choices=Role.choices, **kwargs)


class UserFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("User name, name, e-mail or pseudonym."),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("active", _("Active")), ("inactive", _("Deactivated"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]


class UserCreateForm(forms.Form):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
    )
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    password1 = forms.CharField(
        label=_("Initial password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Initial password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    roles = RoleChoiceField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = " ".join(password_validators_help_texts())

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(_("A user with this user name already exists."))
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            candidate = User(
                username=cleaned.get("username", ""),
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
                email=cleaned.get("email", ""),
            )
            try:
                validate_password(first, user=candidate)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return cleaned


class UserRolesForm(forms.Form):
    roles = RoleChoiceField()


class FocalBodiesForm(forms.Form):
    bodies = forms.ModelMultipleChoiceField(
        label=_("Public bodies"),
        queryset=PublicBody.objects.order_by("code"),
        required=False,
        help_text=_("The focal point also sees the bodies that depend on these."),
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )


class ObserverProfileForm(forms.Form):
    pseudonym = forms.CharField(
        label=_("Pseudonym code"),
        max_length=20,
        help_text=_("The only name public bodies ever see, e.g. OBS-0042."),
    )
    home_delegation = forms.ModelChoiceField(
        label=_("Home delegation"),
        queryset=Delegation.objects.select_related("governorate").order_by("code"),
    )
    conflict_bodies = forms.ModelMultipleChoiceField(
        label=_("Declared conflicts: public bodies"),
        queryset=PublicBody.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    conflict_service_points = forms.CharField(
        label=_("Declared conflicts: service points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Service point codes, separated by commas or line breaks."),
    )
    is_active = forms.BooleanField(label=_("Active observer"), required=False, initial=True)
    specialities = forms.CharField(
        label=_("Specialities"),
        max_length=300,
        required=False,
        help_text=_("e.g. health services, social affairs, accessibility, outside specialist."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=MEMBER_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.CharField(
        label=_("Availability"),
        max_length=300,
        required=False,
        help_text=_("e.g. mornings only; not available in August."),
    )
    suspended_until = forms.DateField(
        label=_("Suspended until (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Leave empty when the observer is not suspended. No mission can be assigned "
            "to a suspended observer, and plans leave them out until the day after."
        ),
    )
    suspension_reason = forms.CharField(
        label=_("Reason for the suspension"), max_length=300, required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_pseudonym(self) -> str:
        pseudonym = self.cleaned_data["pseudonym"].strip().upper()
        taken = ObserverProfile.objects.filter(pseudonym=pseudonym).exclude(user=self.user)
        if taken.exists():
            raise ValidationError(_("Another observer already has this pseudonym code."))
        return pseudonym

    def clean_conflict_service_points(self) -> list[ServicePoint]:
        raw = self.cleaned_data["conflict_service_points"]
        codes = sorted({c.strip() for c in raw.replace(",", "\n").splitlines() if c.strip()})
        points = list(ServicePoint.objects.filter(code__in=codes).order_by("code"))
        unknown = sorted(set(codes) - {p.code for p in points})
        if unknown:
            raise ValidationError(
                _("Unknown service point code: %(codes)s"), params={"codes": ", ".join(unknown)}
            )
        return points


class ConfirmForm(forms.Form):
    """No field: the POST itself (with its CSRF token) is the confirmation."""


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("Kept in the audit trail, e.g. “left the department on 30/06/2026”."),
    )
