"""ODK Collect's side of the conversation, over HTTP only (no project import in this module).

The fixture (conftest.py) gives a server URL holding the observer's key, as the QR code does.
The test lists the forms, downloads the mission's XForm and manifest, fills the form's own
primary instance (so the instance has exactly the shape pyxform wrote), sends it with its two
photos in two POSTs (as Collect does when a submission is larger than the server accepts),
resends it identically, then with a changed answer; and reads the review queue as a
coordinator.
"""

from __future__ import annotations

import hashlib
import io
import re
import uuid
import xml.etree.ElementTree as ET

import pytest
import requests
from PIL import Image

pytestmark = pytest.mark.django_db(transaction=True)

XF = "{http://www.w3.org/2002/xforms}"
OPENROSA = {"X-OpenRosa-Version": "1.0"}


def jpeg(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), color).save(out, format="JPEG")
    return out.getvalue()


def fill(xform: str, values: dict[str, str], instance_id: str) -> bytes:
    """The form's primary instance with these values and meta/instanceID."""
    root = ET.fromstring(xform)  # noqa: S314
    data = next(iter(root.iter(f"{XF}instance")))[0]
    for element in data.iter():
        name = element.tag.removeprefix(XF)
        if name in values:
            element.text = values[name]
        if name == "instanceID":
            element.text = instance_id
    ET.register_namespace("", XF[1:-1])
    return ET.tostring(data, encoding="utf-8", xml_declaration=True)


def post(url: str, xml: bytes, files: dict[str, bytes], incomplete: bool = False):
    parts = [("xml_submission_file", ("submission.xml", xml, "text/xml"))]
    parts += [(name, (name, content, "image/jpeg")) for name, content in files.items()]
    data = {"*isIncomplete*": "yes"} if incomplete else {}
    return requests.post(f"{url}/submission", files=parts, data=data, headers=OPENROSA, timeout=30)


def message(response) -> str:
    found = re.search(r"<message[^>]*>(.*?)</message>", response.text, re.S)
    return found.group(1) if found else ""


def test_collect_lists_downloads_submits_in_two_posts_and_resends(collect_server):
    url, code = collect_server["url"], collect_server["mission_code"]

    listing = requests.get(f"{url}/formList", headers=OPENROSA, timeout=30)
    assert listing.status_code == 200
    assert listing.headers["X-OpenRosa-Version"] == "1.0"
    forms = ET.fromstring(listing.content)  # noqa: S314
    ns = "{http://openrosa.org/xforms/xformsList}"
    entries = forms.findall(f"{ns}xform")
    assert len(entries) == 1
    entry = entries[0]
    assert code in entry.findtext(f"{ns}name")
    form_hash = entry.findtext(f"{ns}hash")

    xform = requests.get(entry.findtext(f"{ns}downloadUrl"), headers=OPENROSA, timeout=30)
    assert xform.status_code == 200
    assert form_hash == "md5:" + hashlib.md5(xform.content, usedforsecurity=False).hexdigest()
    manifest = requests.get(entry.findtext(f"{ns}manifestUrl"), headers=OPENROSA, timeout=30)
    assert manifest.status_code == 200
    assert "xformsManifest" in manifest.text
    assert entry.findtext(f"{ns}formID") in xform.text
    assert "Q01__photo" in xform.text  # the evidence question the grid asks for on "no"

    head = requests.head(f"{url}/submission", headers=OPENROSA, timeout=30)
    assert head.status_code == 204
    assert int(head.headers["X-OpenRosa-Accept-Content-Length"]) > 0

    instance_id = f"uuid:{uuid.uuid4()}"
    values = {
        "Q01": "no",
        "Q01__photo": "door.jpg",
        "Q02": "5",
        "Q03": "good",
        "Q04": "no",
        "Q05": "4",
        "Q06": "front.jpg",
    }
    xml = fill(xform.text, values, instance_id)

    first = post(url, xml, {"door.jpg": jpeg("red")}, incomplete=True)
    assert first.status_code == 201, first.text
    assert "front.jpg" in message(first)  # still waiting for it
    second = post(url, xml, {"front.jpg": jpeg("blue")})
    assert second.status_code == 201, second.text

    again = post(url, xml, {"door.jpg": jpeg("red"), "front.jpg": jpeg("blue")})
    assert again.status_code == 202, again.text  # accepted, nothing new

    changed = fill(xform.text, {**values, "Q05": "2"}, instance_id)
    refused = post(url, changed, {})
    assert refused.status_code == 409, refused.text
    assert message(refused)

    # The coordinator finds one report of this mission in the review queue, with its score:
    # reception (weight 2) = mean(0 for "no", 1 for 5 min, 1 for "good") = 2/3;
    # integrity (weight 1) = mean(1 for no undue payment, (4 - 1) / 4) = 0.875;
    # overall = (2 × 2/3 + 0.875) / 3 = 0.7361… → 73.6.
    cookies = collect_server["cookies"]
    base = collect_server["base"]
    queue = requests.get(f"{base}/fr/missions/review/", cookies=cookies, timeout=30)
    assert queue.status_code == 200
    links = re.findall(rf'href="(/fr/missions/reports/\d+/)">{re.escape(code)}<', queue.text)
    assert len(links) == 1, links
    page = requests.get(collect_server["base"] + links[0], cookies=cookies, timeout=30)
    assert page.status_code == 200
    assert "73,6" in page.text or "73.6" in page.text


def test_a_wrong_or_revoked_key_gets_an_openrosa_404(collect_server):
    wrong = collect_server["url"] + "x"
    for method, path in (("get", "formList"), ("head", "submission"), ("post", "submission")):
        response = getattr(requests, method)(f"{wrong}/{path}", headers=OPENROSA, timeout=30)
        assert response.status_code == 404, (method, path)
        assert response.headers["X-OpenRosa-Version"] == "1.0"


def test_malformed_submissions_are_refused_with_a_reason(collect_server):
    url = collect_server["url"]
    cases = [
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><data id="raqib_m1">&a;</data>',
        b'<data id="raqib_m1"><meta><instanceID/></meta></data>',
        b"<data><meta><instanceID>uuid:1</instanceID></meta></data>",
    ]
    for xml in cases:
        response = post(url, xml, {})
        assert response.status_code == 400, (xml, response.text)
        assert message(response)
    missing = requests.post(f"{url}/submission", data={"a": "b"}, headers=OPENROSA, timeout=30)
    assert missing.status_code == 400
    other = post(
        url, b'<data id="raqib_m999999"><meta><instanceID>uuid:x</instanceID></meta></data>', {}
    )
    assert other.status_code == 404
