"""Monthly allowance statement against a hand computation; an observer reads only their own.

Rates (settings): in person 30.000 TND, phone 10.000, per diem 20.000. November 2026:
M1 in person in the home governorate, validated → 30.000; M2 in person in another governorate,
validated → 30.000 + 20.000; M3 by phone (remote), validated, in another governorate → 10.000
(no per diem); M4 submitted, not validated → listed, no amount; M5 validated in October → not
in November. Total 90.000 TND (90,000 millimes)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from raqib.missions.allowances import dinars, monthly_statement
from raqib.missions.models import Mission
from raqib.missions.tests.factories import make_mission, make_point
from raqib.registry.models import Delegation

pytestmark = pytest.mark.django_db


@pytest.fixture
def month(settings, coordinator, make_observer):
    settings.RAQIB_ALLOWANCE_RATES = {"in_person": 30000, "phone": 10000}
    settings.RAQIB_ALLOWANCE_PER_DIEM = 20000
    observer = make_observer("paid")
    home = observer.observer_profile.home_delegation
    neighbour = Delegation.objects.filter(governorate=home.governorate).exclude(pk=home.pk).first()
    away = make_point()
    assert away.governorate_id != home.governorate_id

    def mission(code, point, day, status, channel="in_person"):
        found = make_mission(actor=coordinator, service_point=point)
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        Mission.objects.filter(pk=found.pk).update(
            observer=observer,
            status=status,
            channel=channel,
            window_start=start,
            window_end=start + dt.timedelta(hours=4),
            code=code,
        )

    at_home = make_point(delegation=neighbour)
    mission("M1", at_home, dt.date(2026, 11, 3), "validated")
    mission("M2", away, dt.date(2026, 11, 10), "validated")
    mission("M3", away, dt.date(2026, 11, 12), "validated", channel="phone")
    mission("M4", away, dt.date(2026, 11, 20), "submitted")
    mission("M5", away, dt.date(2026, 10, 30), "validated")
    return observer


def test_statement_matches_the_hand_computation(month):
    statement = monthly_statement(observer=month, month=dt.date(2026, 11, 1))
    assert [(line.mission.code, line.fee, line.per_diem) for line in statement.lines] == [
        ("M1", 30000, 0),
        ("M2", 30000, 20000),
        ("M3", 10000, 0),
    ]
    assert [line.remote for line in statement.lines] == [False, False, True]
    assert [m.code for m in statement.pending] == ["M4"]
    assert statement.total == 90000
    assert dinars(statement.total) == "90.000"
    assert dinars(1234567) == "1234.567"


def test_an_observer_reads_only_their_own_and_staff_export_it(
    client, month, observer, coordinator, focal_point
):
    url = reverse("missions:allowance_statement")
    client.force_login(observer)
    page = client.get(url, {"month": "2026-11", "observer": month.pk})
    assert page.status_code == 200
    assert page.context["chosen"] == observer  # not the other observer's statement
    # Nothing of the other observer's month (as a mission code in the table: the page's CSRF
    # token is random text that may contain "M2").
    assert page.context["statement"].lines == []
    assert "<bdi>M2</bdi>" not in page.content.decode()
    client.force_login(month)
    own = client.get(url, {"month": "2026-11"})
    assert "90.000" in own.content.decode()
    assert "<bdi>M2</bdi>" in own.content.decode()
    client.force_login(coordinator)
    xlsx = client.get(url, {"month": "2026-11", "observer": month.pk, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[0] for row in values] == ["M1", "M2", "M3", None]
    assert values[-1][-1] == "90.000"
    client.force_login(focal_point)
    assert client.get(url).status_code == 403
    client.force_login(month)
    assert client.get(url, {"month": "garbage"}).status_code == 200


def _run(*args: str) -> str:
    import subprocess

    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_pdf_statement_carries_the_hand_computed_total_with_its_font(
    client, month, lang, tmp_path
):
    from raqib.exports.testing import exported

    client.force_login(month)
    # Rendered by a background task (raqib.exports): the button leads to the export's page.
    response = client.get(f"/{lang}/missions/allowances/", {"month": "2026-11", "format": "pdf"})
    download = exported(client, response)
    assert download.filename == "allowances-2026-11.pdf"
    assert download.content.startswith(b"%PDF")
    pdf = tmp_path / "statement.pdf"
    pdf.write_bytes(download.content)
    text = _run("pdftotext", "-layout", str(pdf), "-")
    assert "90.000" in text
    assert "M1" in text
    assert "M3" in text
    assert "M5" not in text
    assert ("كشف المنح" if lang == "ar" else "Relevé des indemnités") in text
    assert "Amiri" in _run("pdffonts", str(pdf))
    _run("pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page"))
    assert list(tmp_path.glob("page*.png"))


def test_the_pdf_task_reads_with_the_requesters_scope_again(month, observer):
    """The PDF is built later, by a task: what it reads is checked again then. Another
    observer's statement is refused (the page itself only ever offers one's own)."""
    from django.http import Http404

    from raqib.exports import kinds
    from raqib.missions.export_kinds import ALLOWANCES

    kind = kinds.get(ALLOWANCES)
    with pytest.raises(Http404):
        kind.produce(observer, {"observer": month.pk, "month": "2026-11"}, "pdf")
    own = kind.produce(month, {"observer": month.pk, "month": "2026-11"}, "pdf")
    assert own.total == 3  # M1, M2, M3: the hand-computed month
    handle = io.BytesIO()
    assert own.write(handle, lambda done: None) == 3
    assert handle.getvalue().startswith(b"%PDF")
