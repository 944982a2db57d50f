"""Locust scenario of the load test (issue 18): run by bench/load.py, which prepares the plan.

Three kinds of users against one gunicorn, as they meet in production:

* survey respondents: a citizen opens the public survey page of a service point, reads and
  answers for a human time, sends the form (with its signed `started` stamp), lands on the
  thank-you page; a few tap "send" twice;
* observers: the field app's sync (session, missions, grid download, then per report:
  PUT report → PUT photo(s) → POST submit → GET status), with replays of the same report and
  photo uuids, as a phone does after a lost answer;
* staff (director, coordinators): the dashboard with filter combinations, the survey waves
  (the list; the open wave's results page too with `load.py --survey-results`), the
  missions list with filters.

gunicorn is reached over plain HTTP on loopback, where nginx would reach it: every request
carries what nginx adds (`X-Forwarded-Proto: https`, `X-Forwarded-For`), so the production
settings see an HTTPS request from the citizen's address, and the `__Host-` Secure cookies
travel as they would over TLS (`LoopbackJar`).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import time
import uuid
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from requests.cookies import RequestsCookieJar

PLAN = json.loads(Path(os.environ["RAQIB_LOAD_PLAN"]).read_text())
PHOTOS = [Path(p).read_bytes() for p in PLAN["photos"]]
SESSION_COOKIE = "__Host-raqib_session"
# What this run stored, for load.py's count in the database (others may use it meanwhile).
SENT: dict[str, list[str]] = {"ballots": [], "reports": []}
HIDDEN = re.compile(r'name="(client_uuid|started)" value="([^"]*)"')
# Tunisian access networks (fixed and mobile): each citizen comes from their own /24.
CITIZEN_NETWORKS = ("41.224.", "41.226.", "41.228.", "41.230.", "102.156.", "196.203.", "197.0.")


def _citizen_ip(rng: random.Random) -> str:
    return f"{rng.choice(CITIZEN_NETWORKS)}{rng.randrange(256)}.{rng.randrange(1, 255)}"


def _now_iso(offset_s: float = 0) -> str:
    moment = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=offset_s)
    return moment.isoformat(timespec="seconds")


def _unique_jpeg(rng: random.Random) -> bytes:
    """One of the photos with a random JPEG comment after SOI: every upload has its own hash
    (a reused photo would be flagged as an anomaly), and the image is unchanged."""
    base = rng.choice(PHOTOS)
    comment = uuid.uuid4().hex.encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return base[:2] + segment + base[2:]


class LoopbackJar(RequestsCookieJar):
    """The leg to gunicorn is plain HTTP; the browser's leg is HTTPS, where Secure and __Host-
    cookies travel. Keep them without the flag, so they are sent as a browser would (a cookie
    policy is not enough: requests copies the jar into a default one for each request)."""

    def set_cookie(self, cookie: Any, *args: Any, **kwargs: Any) -> None:
        cookie.secure = False
        super().set_cookie(cookie, *args, **kwargs)


class ProxiedUser(HttpUser):
    abstract = True
    client_ip = "127.0.0.1"

    def on_start(self) -> None:
        self.rng = random.Random()
        self.client.cookies = LoopbackJar()

    def headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        return {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.client_ip,
            "X-Request-ID": uuid.uuid4().hex,
            **(extra or {}),
        }

    def signed_in(self, session_key: str) -> None:
        host = self.host.split("//", 1)[1].split(":")[0]
        self.client.cookies.set(SESSION_COOKIE, session_key, domain=host, path="/", secure=True)


def _expect(response: Any, *codes: int) -> bool:
    if response.status_code in codes:
        response.success()
        return True
    body = response.text[:300].replace("\n", " ") if response.text else ""
    response.failure(f"HTTP {response.status_code} (expected {codes}): {body}")
    return False


# --- survey respondents -------------------------------------------------------------------


class Respondent(ProxiedUser):
    fixed_count = PLAN["respondents"]
    wait_time = between(5, 20)  # the next citizen at this user's "desk"

    def _answers(self) -> list[tuple[str, str]]:
        fields: list[tuple[str, str]] = []
        for q in PLAN["survey_questions"]:
            if not q["required"] and self.rng.random() < 0.12:
                continue  # skipped, as citizens do
            values = q["values"]
            if q["type"] == "multiple_choice" and values:
                for value in self.rng.sample(values, self.rng.randint(1, min(2, len(values)))):
                    fields.append((q["name"], value))
            elif values:
                fields.append((q["name"], self.rng.choice(values)))
            elif q["type"] == "text":
                if self.rng.random() < 0.15:
                    fields.append((q["name"], "الانتظار طويل لكن الموظفين لطفاء."))
            elif q["type"] == "number":
                fields.append((q["name"], str(self.rng.randint(0, 60))))
        return fields

    @task
    def answer_survey(self) -> None:
        # A new citizen: their own phone (no cookie yet) and network.
        self.client.cookies.clear()
        self.client_ip = _citizen_ip(self.rng)
        token = self.rng.choice(PLAN["wave"]["tokens"])
        lang = "fr" if self.rng.random() < 0.2 else "ar"
        page = f"/{lang}/s/{token}/"
        with self.client.get(
            page, headers=self.headers(), name="/s/<token>/", catch_response=True
        ) as response:
            if not _expect(response, 200):
                return
            hidden = dict(HIDDEN.findall(response.text))
            if set(hidden) != {"client_uuid", "started"}:
                response.failure("the form has no client_uuid / started field")
                return
        # Reading and answering: the page says "about three minutes"; the quickest honest
        # respondents take ~30 s (answers under 20 s are quarantined as too fast).
        time.sleep(self.rng.uniform(30, 120))
        data = [("client_uuid", hidden["client_uuid"]), ("started", hidden["started"])]
        data += [("website", ""), *self._answers()]
        origin = self.host.replace("http:", "https:")
        headers = self.headers({"Origin": origin, "Referer": f"{origin}{page}"})
        thanks = f"{page}thanks/"
        sends = 2 if self.rng.random() < 0.05 else 1  # a double tap: the first copy stands
        for attempt in range(sends):
            name = "/s/<token>/" if attempt == 0 else "/s/<token>/ (same client_uuid again)"
            with self.client.post(
                page,
                data=data,
                headers=headers,
                name=name,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if not _expect(response, 302):
                    return
                if not response.headers.get("Location", "").endswith(thanks):
                    response.failure(f"redirected to {response.headers.get('Location')}")
                    return
        SENT["ballots"].append(hidden["client_uuid"])
        with self.client.get(
            thanks, headers=self.headers(), name="/s/<token>/thanks/", catch_response=True
        ) as response:
            _expect(response, 200)


# --- observers ----------------------------------------------------------------------------

API = "/api/v1/"


class Observer(ProxiedUser):
    fixed_count = PLAN["observers"]
    wait_time = between(15, 35)  # a visit, then the next report goes out
    _taken = 0

    def on_start(self) -> None:
        super().on_start()
        account = PLAN["observer_sessions"][Observer._taken % len(PLAN["observer_sessions"])]
        Observer._taken += 1
        self.username = account["username"]
        self.client_ip = f"102.157.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        self.signed_in(account["session"])
        self.csrf = ""
        self.grids: dict[int, str] = {}
        self.missions: list[dict[str, Any]] = []
        self.outbox: dict[int, dict[str, Any]] = {}
        self.cycles = 0
        self.refresh()

    def api_headers(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        # What sync.js sends; Origin as a browser adds it to every same-origin fetch write.
        headers = {"Accept": "application/json", "Accept-Language": "ar"}
        if self.csrf:
            headers |= {"X-CSRFToken": self.csrf, "Origin": self.host.replace("http:", "https:")}
        return self.headers(headers | (extra or {}))

    def refresh(self) -> None:
        """GET session → GET missions → GET each new grid version (cached by hash)."""
        with self.client.get(
            f"{API}observer/session/",
            headers=self.api_headers(),
            name=f"{API}observer/session/",
            catch_response=True,
        ) as response:
            if not _expect(response, 200):
                return
            self.csrf = response.json()["csrf_token"]
        with self.client.get(
            f"{API}observer/missions/",
            headers=self.api_headers(),
            name=f"{API}observer/missions/",
            catch_response=True,
        ) as response:
            if not _expect(response, 200):
                return
            self.missions = response.json()
        for mission in self.missions:
            version = mission["grid_version"]
            if self.grids.get(version["id"]) == version["content_hash"]:
                continue
            with self.client.get(
                f"{API}grids/versions/{version['id']}/",
                headers=self.api_headers(),
                name=f"{API}grids/versions/<id>/",
                catch_response=True,
            ) as response:
                if _expect(response, 200):
                    self.grids[version["id"]] = version["content_hash"]

    def _next_mission(self) -> dict[str, Any] | None:
        for mission in self.missions:
            report = mission.get("report")
            if mission["id"] in self.outbox:
                return mission  # unsent work first
        for mission in self.missions:
            report = mission.get("report")
            if mission["status"] in ("assigned", "in_progress") and (
                report is None or report["status"] == "draft"
            ):
                return mission
        return None

    def _report_body(self, mission: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
        pool = PLAN["answer_sets"][str(mission["grid_version"]["id"])]
        answers = dict(self.rng.choice(pool))
        day = time.strftime("%Y-%m-%d")
        photos: dict[str, str] = {}
        for key, value in list(answers.items()):
            if value == PLAN["date_placeholder"]:
                answers[key] = f"{day}T09:30"
            elif value == PLAN["photo_mark"]:
                answers[key] = photos[key.removesuffix("__photo")] = str(uuid.uuid4())
        if not photos:  # every report carries at least one photo of the place
            code = self.rng.choice([k for k in answers if not k.endswith("__photo")])
            answers[f"{code}__photo"] = photos[code] = str(uuid.uuid4())
        point = mission["service_point"]
        location = None
        if point.get("latitude") and point.get("longitude"):
            location = {
                "latitude": round(float(point["latitude"]) + self.rng.uniform(-4e-4, 4e-4), 6),
                "longitude": round(float(point["longitude"]) + self.rng.uniform(-4e-4, 4e-4), 6),
                "accuracy": 20.0,
            }
        body = {
            "mission": mission["id"],
            "answers": answers,
            "started_at": _now_iso(-40 * 60),
            "ended_at": _now_iso(-10 * 60),
            "device_time": _now_iso(),
            "location": location,
            "location_consent": location is not None,
            "notes": "",
        }
        return body, photos

    def _put_report(self, url: str, body: dict, headers: dict, codes: tuple, name: str) -> bool:
        with self.client.put(
            url, json=body, headers=self.api_headers(headers), name=name, catch_response=True
        ) as response:
            return _expect(response, *codes)

    def _put_photo(self, url: str, criterion: str, photo: bytes, name: str, codes: tuple) -> bool:
        files = {"file": ("photo.jpg", photo, "image/jpeg")}
        with self.client.put(
            url,
            files=files,
            data={"criterion": criterion},
            headers=self.api_headers(),
            name=name,
            catch_response=True,
        ) as response:
            return _expect(response, *codes)

    def _submit(self, base: str, name: str) -> bool:
        with self.client.post(
            f"{base}submit/", headers=self.api_headers(), name=name, catch_response=True
        ) as response:
            if not _expect(response, 200):
                return False
            if response.json().get("status") != "submitted":
                response.failure(f"status after submit: {response.json().get('status')}")
                return False
        return True

    def _outbox_item(self, mission: dict[str, Any]) -> dict[str, Any]:
        """The phone's outbox entry of a mission: its report uuid, content and photos are
        fixed once written, and every retry sends exactly them again."""
        item = self.outbox.get(mission["id"])
        if item is None:
            existing = mission.get("report")
            body, photos = self._report_body(mission)
            item = {
                "uuid": existing["uuid"] if existing else str(uuid.uuid4()),
                "version": existing["version"] if existing else 0,
                "created": existing is None,  # the first PUT must create it (201)
                "attempts": 0,
                "body": body,
                "photos": {code: (ref, _unique_jpeg(self.rng)) for code, ref in photos.items()},
                "uploaded": set(),
                "revision": uuid.uuid4().hex,
            }
            self.outbox[mission["id"]] = item
        return item

    @task
    def send_report(self) -> None:
        self.cycles += 1
        # The app refreshes its missions now and then, and whenever it has nothing to do.
        if self.cycles % 4 == 0 or self._next_mission() is None:
            self.refresh()
        mission = self._next_mission()
        if mission is None:
            return
        item = self._outbox_item(mission)
        item["attempts"] += 1
        if self._send(item):
            mission["status"] = "submitted"
            del self.outbox[mission["id"]]

    def _send(self, item: dict[str, Any]) -> bool:
        """PUT report → PUT photos → POST submit → GET status, as sync.js sends an item; one
        time in five the phone lost an answer and sends each step again (same uuids)."""
        base = f"{API}observer/reports/{item['uuid']}/"
        preconditions = {"If-Match": f'"{item["version"]}"', "Raqib-Revision": item["revision"]}
        first = (201,) if item["created"] and item["attempts"] == 1 else (200, 201)
        name = f"{API}observer/reports/<uuid>/"
        if not self._put_report(base, item["body"], preconditions, first, name):
            return False
        replay = self.rng.random() < 0.2
        if replay and not self._put_report(
            base, item["body"], preconditions, (200,), f"{name} (replay)"
        ):
            return False
        name = f"{API}observer/reports/<uuid>/photos/<uuid>/"
        for criterion, (photo_uuid, photo) in item["photos"].items():
            if photo_uuid in item["uploaded"]:
                continue  # already on the server: never sent twice
            url = f"{base}photos/{photo_uuid}/"
            if not self._put_photo(url, criterion, photo, name, (201,)):
                return False
            if replay and not self._put_photo(url, criterion, photo, f"{name} (replay)", (200,)):
                return False
            item["uploaded"].add(photo_uuid)
        name = f"{API}observer/reports/<uuid>/submit/"
        if not self._submit(base, name):
            return False
        if replay and not self._submit(base, f"{name} (replay)"):
            return False
        with self.client.get(
            f"{API}observer/status/?uuid={item['uuid']}",
            headers=self.api_headers(),
            name=f"{API}observer/status/",
            catch_response=True,
        ) as response:
            if not _expect(response, 200):
                return False
            rows = response.json()
            if not rows or rows[0].get("revision") != item["revision"]:
                response.failure(f"the server does not hold this phone's revision: {rows}")
                return False
        SENT["reports"].append(item["uuid"])
        return True


# --- staff --------------------------------------------------------------------------------


class Staff(ProxiedUser):
    fixed_count = PLAN["staff"]
    wait_time = between(5, 15)  # reading the page before the next click
    _taken = 0
    pages = PLAN["staff_pages"]

    def on_start(self) -> None:
        super().on_start()
        account = PLAN["staff_sessions"][Staff._taken % len(PLAN["staff_sessions"])]
        Staff._taken += 1
        self.client_ip = f"193.95.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}"
        self.signed_in(account["session"])

    def page(self, url: str, name: str) -> None:
        with self.client.get(
            url, headers=self.headers(), name=name, allow_redirects=False, catch_response=True
        ) as response:
            _expect(response, 200)

    @task(4)
    def dashboard(self) -> None:
        query = self.rng.choice(self.pages["dashboard_queries"])
        self.page(f"{self.pages['dashboard']}?{query}", f"{self.pages['dashboard']}?<filters>")

    @task(1)
    def surveys(self) -> None:
        # The wave list; the open wave's results page only with --survey-results (docs/
        # benchmarks.md: ~90 s a request on the national dataset, over gunicorn's timeout).
        if self.pages["survey_results"] and self.rng.random() < 0.5:
            self.page(self.pages["survey_results"], "/ar/surveys/<wave>/results/")
        else:
            self.page(self.pages["survey_list"], self.pages["survey_list"])

    @task(2)
    def missions(self) -> None:
        query = self.rng.choice(self.pages["mission_queries"])
        url = self.pages["missions"] + (f"?{query}" if query else "")
        self.page(url, f"{self.pages['missions']}?<filters>")


# --- results ------------------------------------------------------------------------------


@events.quitting.add_listener
def _write_stats(environment: Any, **_kwargs: Any) -> None:
    target = os.environ.get("RAQIB_LOAD_STATS")
    if not target:
        return
    stats = environment.stats

    def row(entry: Any) -> dict[str, Any]:
        return {
            "method": entry.method or "",
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p95_ms": entry.get_response_time_percentile(0.95),
            "p99_ms": entry.get_response_time_percentile(0.99),
            "max_ms": round(entry.max_response_time or 0),
            "mean_ms": round(entry.avg_response_time, 1),
            "rps": round(entry.total_rps, 2),
            "mean_bytes": round(entry.avg_content_length),
        }

    rows = [row(e) for e in sorted(stats.entries.values(), key=lambda e: (e.name, e.method))]
    errors = [
        {"method": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
        for e in stats.errors.values()
    ]
    Path(target).write_text(
        json.dumps(
            {"endpoints": rows, "total": row(stats.total), "errors": errors, "sent": SENT},
            indent=2,
        )
    )
