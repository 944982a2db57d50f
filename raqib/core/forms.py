"""Form plumbing shared by every app: services' errors on forms, one field template."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates

FIELD_TEMPLATE = "core/forms/field.html"


class FormRenderer(DjangoTemplates):
    """Django's renderer with the house field template: ``{{ field.as_field_group }}`` (and
    ``{% include "core/forms/field.html" %}``) render label, input, help and errors the same way
    in every app, with the error container that inline validation replaces."""

    field_template_name = FIELD_TEMPLATE


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form.

    Errors keyed by a field the form has go next to that field; every other error (unknown
    field names, NON_FIELD_ERRORS, a plain message or list) goes on top of the form.
    """
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
