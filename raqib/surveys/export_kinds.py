"""The surveys' background exports (raqib.exports): a wave's answers and its posters ZIP.

Each kind reads again with the requester's scope when the task runs (``wave_get_for_user``):
a wave that left the requester's scope in between gives a failed export, not a file.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from django.utils.translation import gettext_lazy as _

from raqib.exports.kinds import Blob, ExportKind, Progress, Table, register

from . import exports, posters, selectors
from .models import SurveyResponse

RESPONSES = "survey_responses"
POSTERS = "survey_posters"


def _wave(user: Any, parameters: Mapping[str, Any]) -> Any:
    return selectors.wave_get_for_user(user=user, pk=int(parameters["wave"]))


def _responses(user: Any, parameters: Mapping[str, Any], fmt: str) -> Table:
    wave = _wave(user, parameters)
    rows: Iterator[list[Any]] = iter(exports.response_rows(wave))
    headers = next(rows)
    return Table(
        headers=headers,
        rows=rows,
        total=SurveyResponse.objects.filter(wave=wave).count(),
        title=str(_("responses")),
        escape=False,  # response_rows escapes the citizens' texts itself
    )


class _Base:
    """What ``posters.public_url`` needs of a request: the site's address when asked."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")

    def build_absolute_uri(self, path: str) -> str:
        return self.base + path if self.base else path


def _posters(user: Any, parameters: Mapping[str, Any], fmt: str) -> Blob:
    wave = _wave(user, parameters)
    points = list(selectors.wave_points_for_user(user=user, wave=wave))
    size = str(parameters.get("size") or "a4")
    langs = (str(parameters["lang"]),) if parameters.get("lang") else posters.LANGS
    request = _Base(str(parameters.get("base") or ""))

    def write(handle: BinaryIO, progress: Progress) -> int:
        count = 0
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for wave_point in points:
                for lang in langs:
                    name = f"{wave.code}/{wave_point.service_point.code}-{lang}-{size}.pdf"
                    archive.writestr(
                        name, posters.poster_pdf(wave_point, lang=lang, size=size, request=request)
                    )
                    count += 1
                progress(count)
        return count

    return Blob(write=write, total=len(points) * len(langs))


def _stem(parameters: Mapping[str, Any]) -> str:
    return str(parameters.get("stem") or "survey")


def register_kinds() -> None:
    register(ExportKind(RESPONSES, _("Survey answers"), ("csv", "xlsx"), _responses, stem=_stem))
    register(ExportKind(POSTERS, _("Survey posters"), ("zip",), _posters, stem=_stem))
