"""ODK Collect: the observer's own page; the OpenRosa endpoints answer only to a live key in
the URL (a session is not enough: every persona gets the same OpenRosa 404 without one)."""

from raqib.core.roles import Role
from raqib.core.testing import Row, allow, public


def _key(ctx):
    return {"key": "not-a-key"}


def _form(ctx):
    return {"key": "not-a-key", "pk": 1}


ROWS = [
    Row("odk:settings", allow(Role.OBSERVER)),
    Row("odk:key_create", allow(Role.OBSERVER), method="post"),
    Row("odk:key_revoke", allow(Role.OBSERVER), method="post"),
    Row("openrosa:root", public(404), kwargs=_key),
    Row("openrosa:form_list", public(404), kwargs=_key),
    Row("openrosa:form_xml", public(404), kwargs=_form),
    Row("openrosa:manifest", public(404), kwargs=_form),
    Row("openrosa:submission", public(404), kwargs=_key, method="post"),
]
