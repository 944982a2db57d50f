"""Authoring services, publication checks, clone, retire and diff."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.grids import services
from raqib.grids.snapshot import content_hash
from raqib.grids.tests.factories import make_draft, make_published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted on their English msgid; the project default language is Arabic.
    with translation.override("en"):
        yield


def _problems(version):
    return [p.message for p in services.grid_version_problems(version)]


def test_publish_freezes_snapshot_and_hash_and_is_audited(coordinator):
    version = services.grid_version_publish(actor=coordinator, version=make_draft())
    assert version.status == "published"
    assert version.published_by == coordinator
    assert version.content_hash == content_hash(version.snapshot)
    assert [s["code"] for s in version.snapshot["sections"]] == ["reception", "integrity"]
    assert version.snapshot["choice_lists"]["courtesy"][0] == {
        "name": "good",
        "label": {"ar": "جيّد", "fr": "Bonne"},
        "score": 1.0,
    }
    assert AuditEvent.objects.filter(action="grid_version.publish", object_id=version.pk).exists()


def test_publish_refuses_an_empty_version():
    grid = services.grid_create(
        actor=None, code="EMPTY", channel="phone", title_ar="فارغة", title_fr="Vide"
    )
    version = grid.versions.get()
    with pytest.raises(ValidationError, match="at least one section"):
        services.grid_version_publish(actor=None, version=version)
    services.section_create(actor=None, version=version, code="s1", label_ar="ق", label_fr="S")
    with pytest.raises(ValidationError, match="has no criteria"):
        services.grid_version_publish(actor=None, version=version)
    version.refresh_from_db()
    assert version.status == "draft"
    assert version.content_hash == ""


def test_relevance_must_parse_and_look_back():
    version = make_draft()
    section = version.sections.get(code="reception")
    with pytest.raises(ValidationError) as excinfo:
        services.criterion_create(
            actor=None,
            section=section,
            code="Q06",
            label_ar="س",
            label_fr="q",
            answer_type="text",
            relevant="${Q01} = = 'yes'",
        )
    assert "relevant" in excinfo.value.message_dict
    # Parses, but refers to a later criterion: caught at publication.
    services.criterion_update(
        actor=None, criterion=version.criteria.get(code="Q01"), relevant="${Q05} = 3"
    )
    assert any("not an earlier criterion" in m for m in _problems(version))
    with pytest.raises(ValidationError):
        services.grid_version_publish(actor=None, version=version)


def test_field_checks_for_scale_bands_choices_and_evidence():
    version = make_draft()
    criterion = version.criteria.get(code="Q05")
    with pytest.raises(ValidationError):
        services.criterion_update(actor=None, criterion=criterion, scale_min=5, scale_max=5)
    number = version.criteria.get(code="Q02")
    with pytest.raises(ValidationError) as excinfo:
        services.criterion_update(
            actor=None,
            criterion=number,
            bands=[{"max": 20, "score": 1}, {"max": 10, "score": 0.5}],
        )
    assert "increasing order" in str(excinfo.value)
    choice = version.criteria.get(code="Q03")
    with pytest.raises(ValidationError) as excinfo:
        services.criterion_update(actor=None, criterion=choice, choice_list=None)
    assert "choice_list" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        services.criterion_update(
            actor=None, criterion=version.criteria.get(code="Q01"), photo_required_when=["maybe"]
        )


def test_reorder_and_move():
    version = make_draft()
    reception, integrity = version.sections.order_by("position")
    services.section_reorder(actor=None, version=version, section_ids=[integrity.pk, reception.pk])
    q02 = version.criteria.get(code="Q02")
    services.criterion_update(actor=None, criterion=q02, section=integrity)
    snapshot = services.grid_version_build_snapshot(version)
    assert [s["code"] for s in snapshot["sections"]] == ["integrity", "reception"]
    assert [c["code"] for c in snapshot["sections"][0]["criteria"]] == ["Q04", "Q05", "Q02"]
    with pytest.raises(ValidationError):
        services.section_reorder(actor=None, version=version, section_ids=[integrity.pk])


def test_choice_list_in_use_cannot_be_deleted():
    version = make_draft()
    with pytest.raises(ValidationError, match="Q03"):
        services.choice_list_delete(actor=None, choice_list=version.choice_lists.get())


def test_clone_rebuilds_rows_with_the_same_hash_and_retire_keeps_it_readable():
    v1 = make_published()
    draft = services.grid_version_clone(actor=None, version=v1)
    assert (draft.number, draft.status, draft.cloned_from) == (2, "draft", v1)
    assert content_hash(services.grid_version_build_snapshot(draft)) == v1.content_hash
    services.criterion_update(actor=None, criterion=draft.criteria.get(code="Q01"), weight=3)
    v2 = services.grid_version_publish(actor=None, version=draft)
    assert v2.content_hash != v1.content_hash
    services.grid_version_retire(actor=None, version=v1)
    v1.refresh_from_db()
    assert v1.status == "retired"
    assert v1.retired_at is not None
    assert services.grid_version_build_snapshot(v1)["sections"]
    with pytest.raises(ValidationError):
        services.grid_version_retire(actor=None, version=v1)
    with pytest.raises(ValidationError):
        services.grid_version_clone(
            actor=None, version=services.grid_version_clone(actor=None, version=v2)
        )


def test_diff_reports_added_removed_changed_and_moved():
    v1 = make_published()
    draft = services.grid_version_clone(actor=None, version=v1)
    services.criterion_update(
        actor=None, criterion=draft.criteria.get(code="Q01"), weight=2, label_fr="Signalétique ?"
    )
    services.criterion_delete(actor=None, criterion=draft.criteria.get(code="Q05"))
    integrity = draft.sections.get(code="integrity")
    services.criterion_create(
        actor=None,
        section=integrity,
        code="Q09",
        label_ar="ملاحظات",
        label_fr="Remarques",
        answer_type="text",
        required=False,
    )
    services.criterion_update(
        actor=None, criterion=draft.criteria.get(code="Q02"), section=integrity
    )
    services.section_update(actor=None, section=integrity, weight=3)
    diff = services.grid_version_diff(v1, draft)
    assert diff["criteria"]["added"] == ["Q09"]
    assert diff["criteria"]["removed"] == ["Q05"]
    assert diff["criteria"]["changed"]["Q01"] == {
        "label": {
            "old": {"ar": "هل توجد لافتة؟", "fr": "Y a-t-il une signalétique ?"},
            "new": {"ar": "هل توجد لافتة؟", "fr": "Signalétique ?"},
        },
        "weight": {"old": 1.0, "new": 2.0},
    }
    assert diff["criteria"]["moved"] == {"Q02": {"old": "reception", "new": "integrity"}}
    assert diff["sections"]["changed"] == {"integrity": {"weight": {"old": 1.0, "new": 3.0}}}
    assert services.grid_version_diff(v1, v1)["criteria"] == {
        "added": [],
        "removed": [],
        "changed": {},
        "moved": {},
    }


def test_delete_draft():
    version = make_draft()
    grid = version.grid
    services.grid_version_delete_draft(actor=None, version=version)
    assert not grid.versions.exists()
