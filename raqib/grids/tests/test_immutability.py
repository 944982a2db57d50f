"""No path alters a published version: services, model save/delete, row models, API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from raqib.audit.models import AuditEvent
from raqib.grids import services
from raqib.grids.models import (
    Choice,
    ChoiceList,
    Criterion,
    FrozenVersionError,
    GridVersion,
    Section,
    VersionStatus,
)
from raqib.grids.tests.factories import make_draft, make_published

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted on their English msgid; the project default language is Arabic.
    with translation.override("en"):
        yield


def _calls(version):
    section = Section.objects.filter(version=version).first()
    criterion = Criterion.objects.filter(version=version).first()
    choice_list = ChoiceList.objects.filter(version=version).first()
    choice = Choice.objects.filter(choice_list=choice_list).first()
    return {
        "section_create": lambda: services.section_create(
            actor=None, version=version, code="new", label_ar="جديد", label_fr="Nouveau"
        ),
        "section_update": lambda: services.section_update(actor=None, section=section, weight=5),
        "section_delete": lambda: services.section_delete(actor=None, section=section),
        "section_reorder": lambda: services.section_reorder(
            actor=None, version=version, section_ids=[section.pk]
        ),
        "criterion_create": lambda: services.criterion_create(
            actor=None, section=section, code="QX", label_ar="س", label_fr="Q", answer_type="text"
        ),
        "criterion_update": lambda: services.criterion_update(
            actor=None, criterion=criterion, weight=9
        ),
        "criterion_delete": lambda: services.criterion_delete(actor=None, criterion=criterion),
        "criterion_reorder": lambda: services.criterion_reorder(
            actor=None, section=section, criterion_ids=[criterion.pk]
        ),
        "choice_list_create": lambda: services.choice_list_create(
            actor=None, version=version, name="other"
        ),
        "choice_list_update": lambda: services.choice_list_update(
            actor=None, choice_list=choice_list, name="renamed"
        ),
        "choice_create": lambda: services.choice_create(
            actor=None, choice_list=choice_list, name="x", label_ar="س", label_fr="x"
        ),
        "choice_update": lambda: services.choice_update(actor=None, choice=choice, score=0.1),
        "choice_delete": lambda: services.choice_delete(actor=None, choice=choice),
        "publish": lambda: services.grid_version_publish(actor=None, version=version),
        "delete_draft": lambda: services.grid_version_delete_draft(actor=None, version=version),
    }


@pytest.mark.parametrize("status", ["published", "retired"])
def test_every_service_refuses_a_frozen_version(status):
    version = make_published()
    if status == "retired":
        services.grid_version_retire(actor=None, version=version)
    before = (version.content_hash, services.grid_version_build_snapshot(version))
    events = AuditEvent.objects.count()
    for name, call in _calls(version).items():
        with pytest.raises(ValidationError) as excinfo:
            call()
        assert "cannot be changed" in " ".join(excinfo.value.messages), name
    version.refresh_from_db()
    assert (version.content_hash, version.snapshot) == before
    assert AuditEvent.objects.count() == events


def test_model_save_refuses_changing_the_snapshot_or_hash():
    version = make_published()
    version.snapshot = {**version.snapshot, "sections": []}
    with pytest.raises(FrozenVersionError):
        version.save()
    version.refresh_from_db()
    version.content_hash = "0" * 64
    with pytest.raises(FrozenVersionError):
        version.save()
    version.refresh_from_db()
    version.status = VersionStatus.DRAFT
    with pytest.raises(FrozenVersionError):
        version.save()
    version.refresh_from_db()
    with pytest.raises(FrozenVersionError):
        version.delete()
    assert GridVersion.objects.filter(pk=version.pk, status="published").exists()


def test_rows_of_a_frozen_version_refuse_save_and_delete():
    version = make_published()
    for model in (Section, Criterion, ChoiceList):
        row = model.objects.filter(version=version).first()
        with pytest.raises(FrozenVersionError):
            row.save()
        with pytest.raises(FrozenVersionError):
            row.delete()
    choice = Choice.objects.filter(choice_list__version=version).first()
    with pytest.raises(FrozenVersionError):
        choice.save()
    with pytest.raises(FrozenVersionError):
        Section(version=version, code="late", label_ar="س", label_fr="s").save()


def test_published_version_needs_hash_in_the_database():
    version = make_draft()
    with pytest.raises(IntegrityError), transaction.atomic():
        GridVersion.objects.filter(pk=version.pk).update(status="published")


def test_one_draft_per_grid():
    version = make_draft()
    with pytest.raises(ValidationError):
        services.grid_version_create_draft(actor=None, grid=version.grid)
    with pytest.raises(IntegrityError), transaction.atomic():
        GridVersion.objects.create(grid=version.grid, number=2, status="draft")


def test_negative_weight_refused_by_service_and_database():
    version = make_draft()
    section = version.sections.first()
    with pytest.raises(ValidationError):
        services.section_update(actor=None, section=section, weight=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(pk=section.pk).update(weight=-1)


def test_criterion_codes_unique_per_version():
    version = make_draft()
    section = version.sections.first()
    with pytest.raises(ValidationError):
        services.criterion_create(
            actor=None, section=section, code="Q01", label_ar="س", label_fr="q", answer_type="text"
        )


def test_api_write_methods_are_refused(client, coordinator):
    version = make_published()
    client.force_login(coordinator)
    url = f"/api/v1/grids/versions/{version.pk}/"
    for method in ("put", "patch", "delete", "post"):
        response = getattr(client, method)(url, data={}, content_type="application/json")
        assert response.status_code == 405, method
    assert client.post("/api/v1/grids/versions/", data={}).status_code == 405
    version.refresh_from_db()
    assert version.status == "published"
