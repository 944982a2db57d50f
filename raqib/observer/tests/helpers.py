"""Shared pieces of the observer app's browser tests."""

from __future__ import annotations

import io
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from PIL import Image

from conftest import PASSWORD

# The guide's screenshots are taken by the browser tests. They land in docs/img/observer/ only
# when asked (`RAQIB_UPDATE_SCREENSHOTS=1 make test`), so that an ordinary run does not
# rewrite tracked files with new random codes and times.
SHOTS = (
    Path(settings.BASE_DIR) / "docs" / "img" / "observer"
    if os.environ.get("RAQIB_UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.gettempdir()) / "raqib-screenshots" / "observer"
)
SHOTS.mkdir(parents=True, exist_ok=True)
VIEWPORT = {"width": 360, "height": 740}

READ_IDB = """async () => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(document.body.dataset.db);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const read = (name) => new Promise((resolve) => {
    const request = db.transaction(name).objectStore(name).getAll();
    request.onsuccess = () => resolve(request.result);
  });
  const outbox = await read("outbox");
  const reports = await read("reports");
  const photos = await read("photos");
  db.close();
  return {
    outbox: outbox.length,
    reports: reports.map((r) => ({
      mission: r.mission, uuid: r.uuid, state: r.state, answers: r.answers,
    })),
    photos: photos.map((p) => ({uuid: p.uuid, uploaded: p.uploaded, size: p.size})),
  };
}"""

# What a crash right after the server accepted everything looks like on the phone: the
# report back in the outbox, its photo not marked as sent. The app must resend it all.
REQUEUE = """async (missionId) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(document.body.dataset.db);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const tx = db.transaction(["outbox", "reports", "photos"], "readwrite");
  const reports = tx.objectStore("reports");
  reports.get(missionId).onsuccess = (event) => {
    const report = event.target.result;
    reports.put({...report, state: "queued"});
    tx.objectStore("outbox").put({
      mission: missionId, uuid: report.uuid, attempts: 0, next_at: 0,
      queued_at: new Date().toISOString(),
    });
  };
  const photos = tx.objectStore("photos");
  photos.getAll().onsuccess = (event) => {
    for (const photo of event.target.result) photos.put({...photo, uploaded: false});
  };
  await new Promise((resolve) => { tx.oncomplete = resolve; });
  db.close();
}"""


def jpeg_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), "#3a7bd5").save(out, format="JPEG", quality=85)
    return out.getvalue()


def wait_until(page, predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while True:
        state = page.evaluate(READ_IDB)
        if predicate(state):
            return state
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out; phone state: {state}")
        page.wait_for_timeout(200)


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/ar/accounts/login/?next=/ar/observer/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form:has(input[name=login]) button[type=submit]").first.click()
    page.wait_for_url(f"{base_url}/ar/observer/")


def open_page(page, section: str) -> None:
    """The form is paged by section (issue 11): open one, or "review", through the index."""
    page.click("#section-index > summary")
    page.click(f"#section-index .index-link[data-section='{section}']")
    if section == "review":
        page.wait_for_selector("#review:not([hidden])")
    else:
        page.wait_for_selector(f"fieldset.grid-section[data-section='{section}']:not([hidden])")
