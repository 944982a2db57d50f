"""Test helper: follow an export button to its file (the task runs at once in tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import resolve


@dataclass
class Downloaded:
    content: bytes
    status_code: int
    filename: str


def exported(client: Any, response: Any) -> Downloaded:
    """The file an export button started: the button answers a redirect to the job's page,
    the job is done (immediate task backend), and its download is the file."""
    assert response.status_code == 302, response.status_code
    match = resolve(response["Location"].split("?")[0])
    assert match.view_name == "exports:export_detail", match.view_name
    page = client.get(response["Location"])
    assert page.status_code == 200
    job = page.context["job"]
    assert job.status == "done", job.error
    url = response["Location"].rstrip("/") + "/download"
    download = client.get(url)
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    return Downloaded(content=content, status_code=200, filename=job.file_name)
