"""The dashboard filter's options are kept per process: a renamed body shows at once."""

from __future__ import annotations


def test_a_renamed_body_shows_in_the_filter_at_once(director):
    from raqib.registry.models import PublicBody
    from raqib.reports.forms import DashboardFilterForm

    body = PublicBody.objects.create(code="b-1", name_ar="هيكل", name_fr="Organisme")
    form = DashboardFilterForm({}, user=director)
    assert "هيكل (b-1)" in str(form["body"])
    body.name_ar = "هيكل جديد"
    body.save()
    form = DashboardFilterForm({"body": str(body.pk)}, user=director)
    html = str(form["body"])
    assert "هيكل جديد (b-1)" in html
    assert "هيكل (b-1)" not in html
    assert f'<option value="{body.pk}" selected>' in html
