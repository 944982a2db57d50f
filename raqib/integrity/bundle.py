"""The export bundle of a case (ZIP) and its verification.

    case.json          reference, category, status, facts, observer pseudonym (never identity)
    evidence/<n>-<name> the evidence files, decrypted
    referral-<n>-<authority>.pdf  the referral letters
    custody_log.json   every audited event of the case, its files and its reveals
    manifest.json      {"case": ref, "generated_at": ..., "files": [{"path", "sha256", "size"}]}

`manage.py integrity_verify_bundle FILE.zip` recomputes each hash against the manifest and
reports missing, extra or altered files.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

MANIFEST = "manifest.json"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_bundle(
    *,
    case: dict[str, Any],
    evidence: list[tuple[str, bytes]],
    custody: list[dict[str, Any]],
    letters: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """ZIP bytes from the case summary, (name, plaintext) evidence, the referral letters
    (name, PDF) and the custody log."""
    files: list[tuple[str, bytes]] = [
        ("case.json", json.dumps(case, ensure_ascii=False, indent=2).encode("utf-8")),
        *letters,
        *((f"evidence/{n:02d}-{name}", data) for n, (name, data) in enumerate(evidence, 1)),
        ("custody_log.json", json.dumps(custody, ensure_ascii=False, indent=2).encode("utf-8")),
    ]
    manifest = {
        "case": case.get("reference", ""),
        "generated_at": timezone.now().isoformat(),
        "algorithm": "sha256",
        "files": [{"path": p, "sha256": _sha(d), "size": len(d)} for p, d in files],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files:
            archive.writestr(path, data)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2))
    return out.getvalue()


def verify_bundle(source: Any) -> list[str]:
    """The problems found (empty: the bundle matches its manifest). `source`: path or file."""
    problems: list[str] = []
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        return [f"not a readable ZIP file: {exc}"]
    with archive:
        names = set(archive.namelist())
        if MANIFEST not in names:
            return ["manifest.json is missing"]
        try:
            manifest = json.loads(archive.read(MANIFEST))
            listed = {entry["path"]: entry for entry in manifest["files"]}
        except (ValueError, KeyError, TypeError) as exc:
            return [f"manifest.json is unreadable: {exc}"]
        for path, entry in sorted(listed.items()):
            if path not in names:
                problems.append(f"{path}: listed in the manifest but missing")
                continue
            data = archive.read(path)
            if _sha(data) != entry.get("sha256") or len(data) != entry.get("size"):
                problems.append(f"{path}: SHA-256 does not match the manifest (altered)")
        for path in sorted(names - set(listed) - {MANIFEST}):
            problems.append(f"{path}: not listed in the manifest")
    return problems
