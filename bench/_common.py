"""What generate.py and run.py share: the bench database URL, its guard, Django setup."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/raqib_bench"
# Production-like stack (DEBUG off, cached templates); overridable through the environment.
DEFAULT_SETTINGS = "raqib.settings.test"


def bench_url(explicit: str | None) -> str:
    """The database to use: --database, else $BENCH_DATABASE_URL, else the default.

    $DATABASE_URL is deliberately not read: it usually points at a real database.
    """
    return explicit or os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL


def database_name(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise SystemExit(f"The benchmark needs PostgreSQL, not {parts.scheme!r}.")
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"Refusing to use database {name!r}: its name must contain 'bench' "
            "(the generator drops and recreates it)."
        )
    return name


def setup_django(url: str) -> None:
    database_name(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


class Clock:
    """Prints and keeps how long each step took."""

    def __init__(self) -> None:
        self.steps: list[tuple[str, float]] = []
        self.start = time.perf_counter()

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        began = time.perf_counter()
        print(f"… {name}", flush=True)
        yield
        spent = time.perf_counter() - began
        self.steps.append((name, spent))
        print(f"  {name}: {spent:.1f} s", flush=True)

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start
