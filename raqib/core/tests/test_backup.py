"""manage.py backup / restore: a round trip brings rows and files back; a backup whose parts
do not match the manifest is refused before anything changes."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from raqib.accounts.models import User
from raqib.core.backup import MANIFEST, MEDIA, PARTS

# pg_dump reads committed rows only; serialized_rollback puts the migrated territory back for
# the tests that follow, as the other transactional tests do.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EVIDENCE = "evidence/2026/visit-17.jpg"
PHOTO = b"\xff\xd8\xff\xe0 a photo of the counter"


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield tmp_path / "media"


@pytest.fixture
def world(media):
    """One account and one stored file, as they are at backup time."""
    User.objects.create_user(username="backup.probe", first_name="Amel", password=None)
    default_storage.save(EVIDENCE, ContentFile(PHOTO))
    default_storage.save("reports/annual.pdf", ContentFile(b"%PDF-1.7 annual"))


def _change_everything() -> None:
    User.objects.filter(username="backup.probe").update(first_name="Changed")
    User.objects.create_user(username="after.backup", password=None)
    default_storage.delete(EVIDENCE)


def _assert_as_at_backup_time() -> None:
    assert User.objects.get(username="backup.probe").first_name == "Amel"
    assert not User.objects.filter(username="after.backup").exists()
    with default_storage.open(EVIDENCE, "rb") as photo:
        assert photo.read() == PHOTO


def _server_matches_client() -> bool:
    if shutil.which("pg_dump") is None:
        return False
    client = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=False)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    # pg_dump refuses a server newer than itself.
    return int(client.stdout.split()[-1].split(".")[0]) >= int(server.split(".")[0])


def _round_trip(tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    manifest = json.loads((folder / MANIFEST).read_text())
    part = PARTS[connection.vendor]
    assert set(manifest["parts"]) == {part, MEDIA}
    assert manifest["engine"] == connection.vendor
    assert all(len(entry["sha256"]) == 64 for entry in manifest["parts"].values())

    _change_everything()
    call_command("restore", input=str(folder), yes=True)
    _assert_as_at_backup_time()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump/pg_restore round trip")
def test_round_trip_on_postgresql(world, tmp_path):
    if not _server_matches_client():
        pytest.skip("pg_dump is older than the server")
    _round_trip(tmp_path)
    # The append-only audit trigger came back with the tables.
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'audit_event_append_only'")
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite backup API round trip")
def test_round_trip_on_sqlite(world, tmp_path):
    _round_trip(tmp_path)


def _backup(tmp_path: Path) -> Path:
    folder = tmp_path / "backup"
    call_command("backup", output=str(folder))
    return folder


def _refused(folder: Path, message: str) -> None:
    _change_everything()
    with pytest.raises(CommandError, match=message):
        call_command("restore", input=str(folder), yes=True)
    # Nothing was restored: the changes made after the backup are still there.
    assert User.objects.get(username="backup.probe").first_name == "Changed"
    assert User.objects.filter(username="after.backup").exists()
    assert not default_storage.exists(EVIDENCE)


def test_a_tampered_part_is_refused_and_nothing_changes(world, tmp_path):
    folder = _backup(tmp_path)
    media = folder / MEDIA
    media.write_bytes(media.read_bytes() + b"appended")
    _refused(folder, "The part media.tar.gz does not match its SHA-256")


def test_a_tampered_manifest_is_refused(world, tmp_path):
    folder = _backup(tmp_path)
    manifest = json.loads((folder / MANIFEST).read_text())
    part = PARTS[connection.vendor]
    manifest["parts"][part]["sha256"] = "0" * 64
    (folder / MANIFEST).write_text(json.dumps(manifest))
    _refused(folder, f"The part {part} does not match")


def test_a_swapped_database_part_is_refused(world, tmp_path):
    folder = _backup(tmp_path)
    (folder / PARTS[connection.vendor]).write_bytes(b"not the database")
    _refused(folder, "does not match its SHA-256")


def test_a_broken_manifest_is_refused(world, tmp_path):
    folder = _backup(tmp_path)
    (folder / MANIFEST).write_text("{not json")
    _refused(folder, "manifest.json is not valid JSON")


def test_restore_asks_for_confirmation(world, tmp_path):
    folder = _backup(tmp_path)
    _refused(folder.parent / "nowhere", "holds no manifest.json")
    with pytest.raises(CommandError, match="run again with --yes"):
        call_command("restore", input=str(folder))


def test_backup_refuses_a_folder_that_is_not_empty(world, tmp_path):
    folder = tmp_path / "used"
    folder.mkdir()
    (folder / "old.dump").write_bytes(b"x")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("backup", output=str(folder))
