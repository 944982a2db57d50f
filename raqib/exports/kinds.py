"""The kinds of export other apps offer, registered from their ``AppConfig.ready()``.

This app sits low in INSTALLED_APPS and imports no domain app: a higher app (surveys,
missions, registry, reports) registers an ``ExportKind`` that knows how to read its own rows
*for the requesting user* (with its scoped selectors), and this app runs it in the background.

A kind produces either a ``Table`` (headers + an iterator of rows, written to CSV row by row
or to XLSX in openpyxl's write-only mode) or a ``Blob`` (a function that writes a binary file,
such as a ZIP of posters, to an open file and reports its progress).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

Progress = Callable[[int], None]


@dataclass
class Table:
    headers: Sequence[Any]
    rows: Iterable[Sequence[Any]]
    total: int | None = None
    title: str = "-"
    # False when the rows are already formula-escaped (raqib.core.spreadsheets.csv_escape).
    escape: bool = True


@dataclass
class Blob:
    write: Callable[[BinaryIO, Progress], int]  # returns the number of items written
    total: int | None = None


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: Any  # a lazy translation
    formats: tuple[str, ...]
    # (user, parameters, fmt) -> Table | Blob, reading with the user's scope.
    produce: Callable[[Any, Mapping[str, Any], str], Table | Blob]
    # The file's name without the extension (the job adds ".<format>").
    stem: Callable[[Mapping[str, Any]], str] = field(default=lambda parameters: "export")


_KINDS: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    _KINDS[kind.code] = kind


def get(code: str) -> ExportKind | None:
    return _KINDS.get(code)


def label(code: str) -> str:
    kind = _KINDS.get(code)
    return str(kind.label) if kind else "—"
