"""Issue 19: the observer app never loses an edit silently (Playwright, fault injection).

Each scenario of the issue, then the chaos run over ≥ 50 reports (budget version; the long
one is `make chaos`). On SQLite and on PostgreSQL, as the whole suite.
"""

from __future__ import annotations

import os
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from raqib.observer.tests import chaos
from raqib.observer.tests.helpers import VIEWPORT, open_page, sign_in, wait_until
from raqib.observer.tests.test_browser_offline import fill_mission

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAST = "window.RAQIB_TIMEOUT_MS = 2000;"


def _context(browser):
    context = browser.new_context(viewport=VIEWPORT, locale="ar-TN", service_workers="block")
    context.add_init_script(FAST)
    return context


def _edit_notes(page, mission_id: int, text: str) -> None:
    # "Take back to edit" is offered while the report is queued; the outbox's own retries flip
    # it to "sending" for a moment, and a page drawn then has no button: draw it again.
    for _attempt in range(30):
        page.goto(page.url.split("#")[0] + f"#/m/{mission_id}")
        try:
            page.click("#edit-again", timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    else:
        raise AssertionError("'Take back to edit' never offered")
    page.wait_for_selector("#report-notes:not([disabled])")
    page.fill("#report-notes", text)
    page.wait_for_selector(".saved-note:not(:empty)")
    page.click("#submit-report")
    page.wait_for_url("**/observer/#/outbox")


def test_lost_submit_answer_then_edit_shows_a_conflict_never_sent(
    browser, live_server, observer, coordinator
):
    """The submit reaches the server, its answer is lost; the observer edits and resends."""
    from raqib.missions.models import Report, ReportCorrection
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    context = _context(browser)
    page = context.new_page()
    cut = {"submit": True, "status": True}

    def submit(route):
        if cut["submit"]:
            cut["submit"] = False
            route.fetch()  # the server handles it…
            route.abort()  # …and the answer never reaches the phone
        else:
            route.continue_()

    def status(route):
        return route.abort() if cut["status"] else route.continue_()

    try:
        sign_in(page, live_server.url, observer.username)
        page.route("**/submit/", submit)
        page.route("**/observer/status/**", status)
        page.route("**/observer/reports/*/status/", status)
        fill_mission(page, mission.pk)
        page.click("#submit-report")
        wait_until(page, lambda s: s["reports"][0]["state"] == "queued" and not cut["submit"])
        assert Report.objects.get().status == "submitted"
        first_notes = Report.objects.get().notes

        _edit_notes(page, mission.pk, "ملاحظة معدّلة بعد الإرسال")
        state = wait_until(page, lambda s: s["reports"][0]["state"] in ("conflict", "sent"))
        # Never "sent" over a different server version: a conflict the observer can act on.
        assert state["reports"][0]["state"] == "conflict"
        assert Report.objects.get().notes == first_notes
        page.goto(f"{live_server.url}/ar/observer/#/m/{mission.pk}")
        page.wait_for_selector("#conflict")
        row = page.locator(".conflict-table tr[data-field=notes]")
        assert "ملاحظة معدّلة" in row.locator("td.mine").inner_text()
        assert first_notes in row.locator("td.theirs").inner_text()
        page.screenshot(path=str(chaos_shot("conflict-ar.png")))
        cut["status"] = False
        page.click("#send-mine")
        wait_until(page, lambda s: s["reports"][0]["state"] == "correction")
        correction = ReportCorrection.objects.get()
        assert correction.notes == "ملاحظة معدّلة بعد الإرسال"
        assert correction.status == "pending"
        assert correction.answers == {}  # only what changed travels
    finally:
        context.close()


def chaos_shot(name):
    from raqib.observer.tests.helpers import SHOTS

    return SHOTS / name


def test_stale_put_arriving_late_is_refused(browser, live_server, observer):
    """A PUT of version 1 held in the network reaches the server after version 2's PUT."""
    from raqib.missions.models import Report
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    context = _context(browser)
    page = context.new_page()
    held: list = []
    stale_answers: list[int] = []

    def report_put(route):
        request = route.request
        if request.method == "PUT" and not held:
            held.append((request.url, request.headers, request.post_data))
            return route.abort("timedout")  # the phone gives up; the request is "in flight"
        if request.method == "PUT" and "version 2" not in (request.post_data or ""):
            # The phone's own retries of version 1 fail too until the observer has edited:
            # otherwise, on a slow machine, a retry lands first and there is nothing to edit.
            return route.abort()
        return route.continue_()

    def submit(route):
        if held and not stale_answers:
            url, headers, body = held[0]
            keep = {
                k: v
                for k, v in headers.items()
                if k.lower()
                in {"content-type", "x-csrftoken", "if-match", "raqib-revision", "accept"}
            }
            try:
                stale = page.request.put(url, headers=keep, data=body)
            except PlaywrightError:
                return  # the test is over and its context closing
            stale_answers.append(stale.status)
        route.continue_()

    try:
        sign_in(page, live_server.url, observer.username)
        page.route("**/api/v1/observer/reports/*/", report_put)
        page.route("**/submit/", submit)
        fill_mission(page, mission.pk)
        page.click("#submit-report")
        wait_until(page, lambda s: bool(held) and s["reports"][0]["state"] == "queued")
        _edit_notes(page, mission.pk, "version 2")
        state = wait_until(page, lambda s: s["reports"][0]["state"] in ("sent", "conflict"))
        assert stale_answers == [412]
        report = Report.objects.get()
        assert report.status == "submitted"
        assert report.notes == "version 2"
        assert state["reports"][0]["state"] == "sent"
    finally:
        # A late "submit" (a retry) must not run the handler's PUT on a closing context: its
        # error would surface in the next test.
        page.unroute_all(behavior="ignoreErrors")
        context.close()


def test_outbox_drains_while_one_request_hangs_and_tabs_share_one_runner(
    browser, live_server, observer
):
    from raqib.missions.models import Report
    from raqib.missions.tests.factories import make_mission

    missions = [make_mission(observer=observer).pk for _ in range(4)]
    context = _context(browser)
    page = context.new_page()
    hung: list = []
    submits: list[str] = []

    def hang_first(route):
        request = route.request
        if request.method == "POST" and request.url.endswith("/submit/"):
            submits.append(request.url)
        if request.method == "PUT" and (not hung or hung[0] == request.url.split("/reports/")[1]):
            hung.append(request.url.split("/reports/")[1])
            return None  # never answered: the phone's timeout must free the outbox
        return route.continue_()

    try:
        sign_in(page, live_server.url, observer.username)
        page.wait_for_selector(f"a.mission-card[data-mission='{missions[-1]}']")
        context.route("**/api/v1/observer/reports/**", hang_first)
        second = context.new_page()
        second.goto(f"{live_server.url}/ar/observer/#/outbox")
        page.goto(f"{live_server.url}/ar/observer/#/outbox")
        page.evaluate(chaos.SEED, {"missions": missions, "photoEvery": 0, "jpeg": ""})
        started = time.monotonic()
        # Both tabs start on the seeded outbox: both try to run it.
        second.reload()
        page.reload()
        page.wait_for_selector("#send-now")
        for _ in range(6):
            for tab in (page, second):
                chaos.press(tab)
            page.wait_for_timeout(500)
        # The three others are sent although one request never gets an answer.
        state = wait_until(
            page, lambda s: sum(r["state"] == "sent" for r in s["reports"]) == 3, timeout=30
        )
        assert time.monotonic() - started < 30
        assert Report.objects.filter(status="submitted").count() == 3
        # Two tabs, one outbox runner: each report was submitted once.
        assert len(submits) == len(set(submits)) == 3
        stuck = [r for r in state["reports"] if r["state"] != "sent"]
        assert len(stuck) == 1
        assert stuck[0]["state"] in ("queued", "sending")
        # The network comes back: the last one goes too, nothing stays queued.
        context.unroute("**/api/v1/observer/reports/**")
        chaos.press(page)
        state = wait_until(
            page, lambda s: s["outbox"] == 0 and all(r["state"] == "sent" for r in s["reports"])
        )
        assert Report.objects.filter(status="submitted").count() == 4
        page.wait_for_selector("#outbox-summary[data-pending='0']")
        second.wait_for_selector("#outbox-summary[data-pending='0']")
    finally:
        context.close()


CHAOS_REPORTS = int(os.environ.get("RAQIB_CHAOS_REPORTS", "50"))
CHAOS_ROUNDS = int(os.environ.get("RAQIB_CHAOS_ROUNDS", "6"))


def test_chaos_nothing_lost_duplicated_stuck_or_altered(browser, live_server, observer, tmp_path):
    from raqib.missions.models import Evidence, Report
    from raqib.missions.tests.factories import make_mission

    missions = [make_mission(observer=observer).pk for _ in range(CHAOS_REPORTS)]
    result = chaos.run(
        browser_type=browser.browser_type,
        base_url=live_server.url,
        username=observer.username,
        missions=missions,
        profile=str(tmp_path / "phone"),
        rounds=CHAOS_ROUNDS,
    )
    phone = result["phone"]
    reports = {str(r.uuid): r for r in Report.objects.all()}
    states = [r["state"] for r in phone["reports"]]
    out = os.environ.get("RAQIB_CHAOS_OUT")
    if out:
        import json

        summary = {k: v for k, v in result.items() if k not in ("phone", "second_tab")}
        summary.update(reports=len(missions), server_reports=len(reports))
        with open(out, "w") as handle:
            json.dump(summary, handle, indent=2)
    assert (
        sum(result["faults"].get(k, 0) for k in ("abort_before", "abort_after", "503", "delay")) > 0
    )
    # 0 stuck: the calm drain settles everything, in both tabs' view of the phone.
    assert phone["outbox"] == [], result
    assert states == ["sent"] * len(missions), result
    assert result["second_tab"]["outbox"] == []
    # 0 lost, 0 duplicated.
    assert len(reports) == len(missions)
    assert sorted(r.mission_id for r in reports.values()) == sorted(missions)
    assert all(r.status == "submitted" for r in reports.values())
    # 0 altered: the server holds exactly what the phone shows as sent.
    for local in phone["reports"]:
        server = reports[local["uuid"]]
        assert server.answers == local["answers"]
        assert server.notes == local["notes"]
    photos = sum(1 for r in phone["reports"] if "Q01__photo" in r["answers"])
    assert Evidence.objects.count() == photos


def test_correction_sends_only_the_changed_answer(browser, live_server, observer, coordinator):
    """A returned report with three photos on the server: one answer changes; bytes ≤ 1.1×."""
    import datetime as dt
    import json
    import uuid

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from raqib.missions import services
    from raqib.missions.models import Evidence, Report
    from raqib.missions.tests.factories import VALID_ANSWERS, make_mission
    from raqib.observer.tests.helpers import jpeg_bytes

    mission = make_mission(observer=observer)
    report_uuid = uuid.uuid4()
    photos = [str(uuid.uuid4()) for _ in range(3)]
    answers = {**VALID_ANSWERS, "Q01": "no", "Q01__photo": photos[0]}
    now = timezone.now()
    services.report_upsert(
        actor=observer,
        report_uuid=report_uuid,
        mission_id=mission.pk,
        answers=answers,
        started_at=now - dt.timedelta(minutes=30),
        ended_at=now - dt.timedelta(minutes=5),
    )
    for photo in photos:
        services.evidence_add(
            actor=observer,
            report_uuid=report_uuid,
            photo_uuid=uuid.UUID(photo),
            criterion="Q01",
            upload=SimpleUploadedFile("p.jpg", jpeg_bytes()),
        )
    report = services.report_submit(actor=observer, report_uuid=report_uuid)
    services.report_return(actor=coordinator, report=report, comment="Q02 ?")

    context = _context(browser)
    page = context.new_page()
    bodies: list[tuple[str, int]] = []
    page.on(
        "request",
        lambda r: (
            bodies.append((f"{r.method} {r.url}", len(r.post_data_buffer or b"")))
            if "/api/v1/observer/reports/" in r.url and r.method != "GET"
            else None
        ),
    )
    try:
        sign_in(page, live_server.url, observer.username)
        card = f"a.mission-card[data-mission='{mission.pk}']"
        page.wait_for_selector(f"{card} [data-state=returned]")
        # The phone still holds the three photos it took (not even marked as uploaded).
        page.evaluate(
            """async ({mission, photos, jpeg}) => {
              const db = await new Promise((ok) => {
                const r = indexedDB.open(document.body.dataset.db);
                r.onsuccess = () => ok(r.result);
              });
              const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
              const tx = db.transaction("photos", "readwrite");
              for (const uuid of photos) tx.objectStore("photos").put({uuid, mission,
                criterion: "Q01", blob: new Blob([bytes], {type: "image/jpeg"}),
                size: bytes.length, uploaded: false});
              await new Promise((ok) => { tx.oncomplete = ok; });
              db.close();
            }""",
            {
                "mission": mission.pk,
                "photos": photos,
                "jpeg": __import__("base64").b64encode(jpeg_bytes()).decode(),
            },
        )
        page.click(card)
        page.wait_for_selector("#q-Q02-input:not([disabled])")
        page.fill("#q-Q02-input", "7")
        page.wait_for_selector(".saved-note:not(:empty)")
        open_page(page, "review")
        page.click("#submit-report")
        wait_until(page, lambda s: s["outbox"] == 0 and s["reports"][0]["state"] == "sent")
    finally:
        context.close()

    changed = len(json.dumps({"answers": {"Q02": 7}}, separators=(",", ":")).encode())
    sent = sum(size for _call, size in bodies)
    assert not [c for c, _ in bodies if "/photos/" in c], bodies
    assert sent <= 1.1 * changed, bodies
    photo_bytes = 3 * len(jpeg_bytes())
    out = os.environ.get("RAQIB_BYTES_OUT")
    if out:
        with open(out, "w") as handle:
            json.dump(
                {"bodies": bodies, "sent": sent, "changed": changed, "photos": photo_bytes},
                handle,
                indent=2,
            )
    report = Report.objects.get()
    assert report.status == "submitted"
    assert report.answers["Q02"] == 7
    assert report.answers["Q01__photo"] == photos[0]
    assert Evidence.objects.count() == 3


def test_take_back_is_refused_when_the_server_already_holds_the_report(
    browser, live_server, observer
):
    """The submit's answer was lost; "Take back to edit" asks the server first."""
    from raqib.missions.models import Report
    from raqib.missions.tests.factories import make_mission

    mission = make_mission(observer=observer)
    context = _context(browser)
    page = context.new_page()
    cut = {"submit": True, "status": True}

    def submit(route):
        if cut["submit"]:
            cut["submit"] = False
            route.fetch()
            route.abort()
        else:
            # The outbox's own retries never get through: otherwise, on a slow machine, a retry
            # settles the report as sent before the observer asks to edit it (the button goes).
            # Only the status check that "Take back" makes reaches the server.
            route.abort()

    try:
        sign_in(page, live_server.url, observer.username)
        page.route("**/submit/", submit)
        page.route(
            "**/observer/status/**",
            lambda route: route.abort() if cut["status"] else route.continue_(),
        )
        fill_mission(page, mission.pk)
        page.click("#submit-report")
        wait_until(page, lambda s: s["reports"][0]["state"] == "queued" and not cut["submit"])
        # An outbox retry flips the report to "sending" for a moment, and a page drawn then has
        # no "Take back" button: draw it again until it is offered (as _edit_notes does).
        for _attempt in range(30):
            page.goto(f"{live_server.url}/ar/observer/#/m/{mission.pk}")
            try:
                page.wait_for_selector("#edit-again", timeout=1000)
                break
            except PlaywrightTimeout:
                continue
        else:
            raise AssertionError("'Take back to edit' never offered")
        cut["status"] = False  # the network is back when the observer asks to edit
        # A failed outbox retry re-renders the page; a dispatched click does not wait for the
        # button to stay still between two renders.
        page.dispatch_event("#edit-again", "click")
        state = wait_until(page, lambda s: s["reports"][0]["state"] != "queued")
        assert state["reports"][0]["state"] == "sent"
        page.wait_for_selector("#announcer:not(:empty)")
        assert "لم يعد ممكنًا استرجاعه" in page.inner_text("#announcer")
        page.wait_for_selector("#report-notes[disabled]")
        assert Report.objects.get().status == "submitted"
    finally:
        context.close()
