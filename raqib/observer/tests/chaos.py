"""Fault injection for the observer app's sync (issue 19), shared by the suite and `make chaos`.

The phone is a real Chromium profile on disk (so that a browser restart keeps IndexedDB),
driving the real app against the live server. Reports are written straight into the
phone's IndexedDB (as the form would leave them) so that many can be synced quickly; the
outbox, reconciliation and conflict handling are the app's own code.

Faults, drawn from a seeded random generator on every sync API request:
- abort before the server handles the request,
- abort after it has (the server did the work, the answer is lost),
- 503 without reaching the server,
- delay (the answer comes late).
Plus page reloads, a second tab open throughout, and browser restarts.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from raqib.observer.tests.helpers import VIEWPORT, jpeg_bytes, sign_in

TIMEOUT_MS = 2500

# Writes queued reports (and photos) into the phone's IndexedDB, as the form leaves them.
SEED = """async ({missions, photoEvery, jpeg}) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(document.body.dataset.db);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
  const tx = db.transaction(["reports", "outbox", "photos"], "readwrite");
  const now = new Date();
  missions.forEach((id, index) => {
    const revision = crypto.randomUUID();
    const uuid = crypto.randomUUID();
    const answers = {Q01: "yes", Q02: index % 10, Q03: "good", Q04: "no", Q05: 4};
    if (photoEvery && index % photoEvery === 0) {
      const photo = crypto.randomUUID();
      answers.Q01 = "no";
      answers.Q01__photo = photo;
      tx.objectStore("photos").put({uuid: photo, mission: id, criterion: "Q01",
        blob: new Blob([bytes], {type: "image/jpeg"}), size: bytes.length, uploaded: false});
    }
    tx.objectStore("reports").put({
      mission: id, uuid, answers, notes: `chaos ${index}`,
      started_at: new Date(now - 1800000).toISOString(), ended_at: now.toISOString(),
      location: null, location_consent: false, timers: {}, state: "queued", message: "",
      errors: {}, comment: "", revision, sent_revisions: [revision], server_version: 0,
      server_copy: null, updated_at: now.toISOString(),
    });
    tx.objectStore("outbox").put({mission: id, uuid, revision, attempts: 0,
      next_at: 0, queued_at: new Date(now.getTime() + index).toISOString()});
  });
  await new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = reject; });
  db.close();
}"""

PHONE = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(document.body.dataset.db);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const read = (name) => new Promise((resolve) => {
    const request = db.transaction(name).objectStore(name).getAll();
    request.onsuccess = () => resolve(request.result);
  });
  const reports = await read("reports");
  const outbox = await read("outbox");
  db.close();
  return {outbox: outbox.map((i) => i.mission), reports: reports.map((r) => ({
    mission: r.mission, uuid: r.uuid, state: r.state, answers: r.answers, notes: r.notes}))};
}"""


@dataclass
class Faults:
    rng: random.Random
    rate: float = 0.35
    on: bool = True
    counts: Counter = field(default_factory=Counter)

    def handle(self, route: Any) -> None:
        url = route.request.url
        self.counts["calls"] += 1
        if not self.on or "/observer/session/" in url or "/observer/missions/" in url:
            route.continue_()
            return
        draw = self.rng.random()
        if draw >= self.rate:
            route.continue_()
            return
        kind = self.rng.choice(["abort_before", "abort_after", "503", "delay"])
        self.counts[kind] += 1
        try:
            if kind == "abort_before":
                route.abort()
            elif kind == "abort_after":
                route.fetch()
                route.abort()
            elif kind == "503":
                route.fulfill(status=503, json={"detail": "busy"})
            else:
                time.sleep(self.rng.uniform(0.05, 0.4))
                route.continue_()
        except Exception:
            self.counts["handler_errors"] += 1


def press(tab: Any, timeout: int = 0) -> None:
    """Press "Send now" if the outbox offers it (nothing waiting, or reloading: no button)."""
    with contextlib.suppress(PlaywrightError):
        tab.evaluate("() => document.getElementById('send-now')?.click()")


def _open(browser_type: Any, profile: str, base_url: str, faults: Faults) -> tuple[Any, Any]:
    from conftest import CHROMIUM

    # A profile on disk: closing this context is a browser restart that keeps IndexedDB.
    context = browser_type.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        headless=True,
        viewport=VIEWPORT,
        locale="ar-TN",
        service_workers="block",
    )
    context.add_init_script(f"window.RAQIB_TIMEOUT_MS = {TIMEOUT_MS};")
    context.route("**/api/v1/observer/**", faults.handle)
    page = context.pages[0] if context.pages else context.new_page()
    return context, page


def run(
    *,
    browser_type: Any,
    base_url: str,
    username: str,
    missions: list[int],
    profile: str,
    seed: int = 19,
    rounds: int = 6,
    photo_every: int = 10,
) -> dict[str, Any]:
    """Seeds, syncs under faults (reloads, second tab, restarts), then a calm drain.

    Returns the phone's final state, fault counts and timings for the caller's assertions.
    """
    import base64

    rng = random.Random(seed)
    faults = Faults(rng)
    started = time.monotonic()
    context, page = _open(browser_type, profile, base_url, faults)
    faults.on = False
    sign_in(page, base_url, username)
    page.wait_for_selector(f"a.mission-card[data-mission='{missions[-1]}']", timeout=60000)
    page.evaluate(
        SEED,
        {
            "missions": missions,
            "photoEvery": photo_every,
            "jpeg": base64.b64encode(jpeg_bytes()).decode(),
        },
    )
    faults.on = True
    second = context.new_page()
    second.goto(f"{base_url}/ar/observer/#/outbox")
    page.goto(f"{base_url}/ar/observer/#/outbox")
    restarts = reloads = 0
    for round_no in range(rounds):
        for tab in (page, second):
            press(tab, 2000)
        page.wait_for_timeout(1500)
        if round_no % 2 == 1:
            page.reload()
            reloads += 1
        if round_no == rounds // 2:
            context.close()  # the browser is closed mid-sync and opened again
            context, page = _open(browser_type, profile, base_url, faults)
            # The session cookie ends with the browser: the observer signs in again (the
            # app reconciles its outbox after sign-in).
            sign_in(page, base_url, username)
            page.goto(f"{base_url}/ar/observer/#/outbox")
            second = context.new_page()
            second.goto(f"{base_url}/ar/observer/#/outbox")
            restarts += 1
    chaos_seconds = time.monotonic() - started
    # Calm: no more faults; the phone must settle everything by itself (+ "Send now").
    faults.on = False
    drain_started = time.monotonic()
    deadline = drain_started + 120
    state = page.evaluate(PHONE)
    while time.monotonic() < deadline:
        state = page.evaluate(PHONE)
        if not state["outbox"] and all(r["state"] == "sent" for r in state["reports"]):
            break
        press(page, 1000)
        page.wait_for_timeout(1000)
    second_state = second.evaluate(PHONE)
    drain_seconds = time.monotonic() - drain_started
    context.close()
    return {
        "phone": state,
        "second_tab": second_state,
        "faults": dict(faults.counts),
        "reloads": reloads,
        "restarts": restarts,
        "chaos_seconds": round(chaos_seconds, 1),
        "drain_seconds": round(drain_seconds, 1),
    }
