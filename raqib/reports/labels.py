"""Labels of grid sections and criteria for the dashboards, read from version snapshots.

A published version's snapshot never changes and is identified by its content hash, so the
labels read from it are cached per hash for the life of the process: a dashboard reads a
snapshot (a few tens of kilobytes) only the first time it meets a version.

When several versions use the same code, the newest version's label and order win.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .models.facts import CRITERION, SECTION

ItemKey = tuple[str, str]  # (kind, code)


@dataclass(frozen=True)
class ItemLabel:
    kind: str
    code: str
    section: str
    label_ar: str
    label_fr: str
    position: int  # order in the newest version that has it (older-only items come last)


# content hash → [(kind, code, section, label_ar, label_fr)] in grid order.
_CACHE: dict[str, list[tuple[str, str, str, str, str]]] = {}
_LOCK = threading.Lock()
_MAX_CACHED = 500


def _cache_key(version_id: int, content_hash: str) -> str:
    return content_hash or f"version:{version_id}"


def snapshot_items(snapshot: dict[str, Any] | None) -> list[tuple[str, str, str, str, str]]:
    """(kind, code, section, label_ar, label_fr) of a snapshot's sections and criteria."""
    items: list[tuple[str, str, str, str, str]] = []
    for section in (snapshot or {}).get("sections") or []:
        label = section.get("label") or {}
        code = section["code"]
        items.append((SECTION, code, code, label.get("ar", ""), label.get("fr", "")))
        for criterion in section.get("criteria") or []:
            label = criterion.get("label") or {}
            items.append(
                (CRITERION, criterion["code"], code, label.get("ar", ""), label.get("fr", ""))
            )
    return items


def item_labels(versions: Sequence[tuple[int, str]]) -> dict[ItemKey, ItemLabel]:
    """Labels of every item of the given versions, given as (id, content_hash) oldest first.

    At most one query: the snapshots of the versions not cached yet.
    """
    from raqib.grids.models import GridVersion

    missing = [pk for pk, digest in versions if _cache_key(pk, digest) not in _CACHE]
    if missing:
        loaded = {
            _cache_key(pk, digest): snapshot_items(snapshot)
            for pk, digest, snapshot in GridVersion.objects.filter(pk__in=missing).values_list(
                "pk", "content_hash", "snapshot"
            )
        }
        with _LOCK:
            if len(_CACHE) + len(loaded) > _MAX_CACHED:
                _CACHE.clear()
            _CACHE.update(loaded)
    labels: dict[ItemKey, ItemLabel] = {}
    position = 0
    for pk, digest in reversed(versions):  # newest first: the first label met wins
        for kind, code, section, label_ar, label_fr in _CACHE.get(_cache_key(pk, digest), []):
            if (kind, code) not in labels:
                labels[(kind, code)] = ItemLabel(kind, code, section, label_ar, label_fr, position)
                position += 1
    return labels


def clear_cache() -> None:
    with _LOCK:
        _CACHE.clear()
