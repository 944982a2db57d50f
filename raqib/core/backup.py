"""Backup and restore of the database and the stored files, verified by a manifest.

A backup is a folder holding three files:

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, a
  consistent copy made with SQLite's backup API);
- `media.tar.gz`: every file of the default storage (local folder or S3 bucket), by name;
- `manifest.json`: the engine, the time, and the size and SHA-256 of each part.

A restore checks every part against the manifest before it changes anything: a part that was
altered, truncated or swapped is refused, and the database and the files stay as they were.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import connections

MANIFEST = "manifest.json"
MEDIA = "media.tar.gz"
FORMAT = 1
PARTS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Manifest:
    engine: str
    created_at: str
    parts: dict[str, dict[str, Any]]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor(alias: str) -> str:
    vendor = connections[alias].vendor
    if vendor not in PARTS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {vendor}.")
    return vendor


# --- PostgreSQL -----------------------------------------------------------------------------
def _pg_command(program: str, alias: str) -> tuple[list[str], dict[str, str]]:
    """The client program's connection arguments and environment (the password never goes on
    the command line, where `ps` would show it)."""
    params = connections[alias].settings_dict
    if shutil.which(program) is None:
        raise BackupError(f"{program} is not installed (Debian package postgresql-client).")
    args = [program, "--no-password"]
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{args[0]} failed: {done.stderr.strip()[-2000:]}")


def _pg_dump(alias: str, target: Path) -> None:
    args, env = _pg_command("pg_dump", alias)
    name = str(connections[alias].settings_dict["NAME"])
    _run([*args, "--format=custom", "--file", str(target), "--dbname", name], env)


def _pg_restore(alias: str, source: Path) -> None:
    connections[alias].close()
    args, env = _pg_command("pg_restore", alias)
    name = str(connections[alias].settings_dict["NAME"])
    _run(
        [
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            name,
            str(source),
        ],
        env,
    )


# --- SQLite ----------------------------------------------------------------------------------
def _sqlite_dump(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
    finally:
        copy.close()


def _sqlite_restore(alias: str, source: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    saved = sqlite3.connect(source)
    try:
        saved.backup(connection.connection)
    finally:
        saved.close()


# --- Files -----------------------------------------------------------------------------------
def storage_files(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name of STORAGE, folders first-level first, in a stable order."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from storage_files(storage, f"{folder}/{sub}" if folder else sub)


def _media_dump(storage: Storage, target: Path) -> int:
    count = 0
    with tarfile.open(target, "w:gz") as archive:
        for name in storage_files(storage):
            with storage.open(name, "rb") as stream:
                data = stream.read()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(tz=dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            count += 1
    return count


def _media_check(source: Path) -> None:
    with tarfile.open(source, "r:gz") as archive:
        for member in archive.getmembers():
            parts = Path(member.name).parts
            if not member.isfile() or member.name.startswith("/") or ".." in parts:
                raise BackupError(f"{MEDIA} holds an entry that is not a plain file name.")


def _media_restore(storage: Storage, source: Path) -> int:
    """Put every file of the backup back under its own name (newer files are left alone)."""
    count = 0
    with tarfile.open(source, "r:gz") as archive:
        for member in archive.getmembers():
            stream = archive.extractfile(member)
            if stream is None:
                continue
            if storage.exists(member.name):
                storage.delete(member.name)
            saved = storage.save(member.name, ContentFile(stream.read()))
            if saved != member.name:
                raise BackupError(f"The storage renamed {member.name!r} to {saved!r}.")
            count += 1
    return count


# --- Manifest --------------------------------------------------------------------------------
def _part_entry(path: Path) -> dict[str, Any]:
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


def read_manifest(folder: Path) -> Manifest:
    try:
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} holds no {MANIFEST}: not a Raqib backup.") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(f"{MANIFEST} is not valid JSON: the backup was altered.") from exc
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST} is not a Raqib backup manifest of format {FORMAT}.")
    engine, parts = raw.get("engine"), raw.get("parts")
    if engine not in PARTS or not isinstance(parts, dict) or set(parts) != {PARTS[engine], MEDIA}:
        raise BackupError(f"{MANIFEST} does not list the expected parts: the backup was altered.")
    return Manifest(engine=engine, created_at=str(raw.get("created_at", "")), parts=parts)


def verify(folder: Path) -> Manifest:
    """The manifest, once every part is present and matches its size and SHA-256."""
    manifest = read_manifest(folder)
    for name, expected in manifest.parts.items():
        path = folder / name
        if not path.is_file():
            raise BackupError(f"The part {name} is missing.")
        if not isinstance(expected, dict) or _part_entry(path) != {
            "sha256": expected.get("sha256"),
            "bytes": expected.get("bytes"),
        }:
            raise BackupError(
                f"The part {name} does not match its SHA-256 in {MANIFEST}: "
                "the backup was altered or damaged. Nothing was restored."
            )
    _media_check(folder / MEDIA)
    return manifest


# --- Entry points ----------------------------------------------------------------------------
def backup(folder: Path, *, alias: str = "default", storage: Storage | None = None) -> Manifest:
    storage = storage or default_storage
    vendor = _vendor(alias)
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: a backup goes into a new folder.")
    database = folder / PARTS[vendor]
    if vendor == "postgresql":
        _pg_dump(alias, database)
    else:
        _sqlite_dump(alias, database)
    _media_dump(storage, folder / MEDIA)
    manifest = Manifest(
        engine=vendor,
        created_at=dt.datetime.now(tz=dt.UTC).isoformat(timespec="seconds"),
        parts={name: _part_entry(folder / name) for name in (PARTS[vendor], MEDIA)},
    )
    (folder / MANIFEST).write_text(
        json.dumps(
            {"format": FORMAT, **manifest.__dict__},
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return manifest


def restore(folder: Path, *, alias: str = "default", storage: Storage | None = None) -> Manifest:
    storage = storage or default_storage
    manifest = verify(folder)
    vendor = _vendor(alias)
    if manifest.engine != vendor:
        raise BackupError(
            f"This backup is of a {manifest.engine} database; the configured one is {vendor}."
        )
    if vendor == "postgresql":
        _pg_restore(alias, folder / PARTS[vendor])
    else:
        _sqlite_restore(alias, folder / PARTS[vendor])
    _media_restore(storage, folder / MEDIA)
    return manifest
