"""Labels of sections and criteria from grid version snapshots (raqib.reports.labels)."""

from __future__ import annotations

import pytest

from raqib.reports import labels


def _snapshot(reception_fr: str, extra: bool = False) -> dict:
    criteria = [{"code": "Q01", "label": {"ar": "س1", "fr": f"{reception_fr} Q01"}}]
    if extra:
        criteria.append({"code": "Q09", "label": {"ar": "س9", "fr": "Nouveau"}})
    return {
        "sections": [
            {
                "code": "reception",
                "label": {"ar": "الاستقبال", "fr": reception_fr},
                "criteria": criteria,
            },
            {"code": "old", "label": {"ar": "قديم", "fr": "Ancien"}, "criteria": []},
        ]
    }


@pytest.mark.django_db
def test_newest_version_wins_and_older_only_items_come_last(django_assert_num_queries):
    labels.clear_cache()
    labels._CACHE["h1"] = labels.snapshot_items(_snapshot("Accueil v1"))
    new = _snapshot("Accueil v2", extra=True)
    new["sections"].pop()  # "old" only exists in v1
    labels._CACHE["h2"] = labels.snapshot_items(new)
    with django_assert_num_queries(0):  # both cached
        found = labels.item_labels([(1, "h1"), (2, "h2")])
    assert found[("section", "reception")].label_fr == "Accueil v2"
    assert found[("criterion", "Q01")].label_fr == "Accueil v2 Q01"
    assert found[("criterion", "Q09")].section == "reception"
    order = sorted(found.values(), key=lambda item: item.position)
    assert [(i.kind, i.code) for i in order] == [
        ("section", "reception"),
        ("criterion", "Q01"),
        ("criterion", "Q09"),
        ("section", "old"),
    ]
    labels.clear_cache()


@pytest.mark.django_db
def test_snapshots_are_read_once_per_content_hash(django_assert_num_queries):
    from raqib.missions.tests.factories import grid_version

    version = grid_version()
    labels.clear_cache()
    with django_assert_num_queries(1):
        first = labels.item_labels([(version.pk, version.content_hash)])
    with django_assert_num_queries(0):
        assert labels.item_labels([(version.pk, version.content_hash)]) == first
    assert first[("section", "integrity")].label_ar == "النزاهة"
    assert first[("criterion", "Q04")].label_fr == "Paiement indu demandé"
    labels.clear_cache()
