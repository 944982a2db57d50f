"""gunicorn with the production settings on the bench database, for measurements over HTTP.

The configuration is the one docs/admin-guide.md §8.1 gives for a 2-core server (5 gthread
workers × 2 threads, timeout 30 s, access log on), with one task worker (`db_worker`) beside
it, but without the guide's worker recycling (`max_requests`): a run sends hundreds of
thousands of requests, and a worker restarting mid-run would be measured, not the request.
The environment is what production needs: a random secret key, the hosts, the database,
persistent health-checked connections (the settings' default), JSON logs. Two things differ,
both because the benchmark talks plain HTTP on the loopback instead of TLS behind nginx: no
redirect to https, and one trusted proxy so that a client can vary its address with
X-Forwarded-For, as nginx would pass it.
"""

from __future__ import annotations

import http.client
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import ROOT

BENCH_DIR = Path(__file__).resolve().parent
GUNICORN_CONF = """\
bind = "127.0.0.1:{port}"
workers = {workers}
worker_class = "gthread"
threads = {threads}
timeout = 30
max_requests = 0
accesslog = {accesslog!r}
access_log_format = '"%(m)s %(U)s" %(s)s %(B)s %(M)sms %({{x-request-id}}o)s'
"""


def production_env(url: str, **extra: str) -> dict[str, str]:
    """The environment of a production process on the bench database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(BENCH_DIR)]),
        "DATABASE_URL": url,
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "RAQIB_DASHBOARD_CACHE_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
    }
    env.update(extra)
    return env


class Server:
    """``with Server(url, port) as server:`` — gunicorn up, answering /healthz; stopped after."""

    def __init__(
        self, url: str, port: int, *, workers: int = 5, threads: int = 2, **env: str
    ) -> None:
        self.url, self.port = url, port
        self.env = production_env(url, **env)
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.dir = Path(tempfile.mkdtemp(prefix="raqib-gunicorn-"))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def __enter__(self) -> Server:
        try:
            self.get("/healthz")
        except OSError:
            pass  # nothing listens: good
        else:
            raise RuntimeError(f"Port {self.port} is taken (a server left from an earlier run?)")
        try:
            return self._start()
        except BaseException:
            self.__exit__()
            raise

    def _start(self) -> Server:
        conf = self.dir / "gunicorn.conf.py"
        conf.write_text(
            GUNICORN_CONF.format(
                port=self.port,
                workers=self.workers,
                threads=self.threads,
                accesslog=str(self.dir / "access.log"),
            )
        )
        # As a deployment does: the cache table, and the static files with their manifest.
        self.manage("createcachetable")
        self.manage("collectstatic", "--noinput", "-v0")
        log = (self.dir / "gunicorn.log").open("wb")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "raqib.wsgi", "-c", str(conf)],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        # One task worker beside the web server, as the admin guide deploys it.
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=(self.dir / "worker.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: see {self.dir / 'gunicorn.log'}")
            try:
                if self.get("/healthz")[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc: Any) -> None:
        for process in (self.process, self.worker):
            if process is None:
                continue
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    def cpu_seconds(self) -> dict[str, Any]:
        """CPU time used so far by the web workers, the task worker and PostgreSQL (Linux).

        PostgreSQL's is per backend process (``postgres`` PIDs): see cpu_spent()."""

        def ticks(pid: int) -> int:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                return 0
            return int(fields[11]) + int(fields[12])  # utime + stime

        def children(pid: int) -> list[int]:
            found = []
            for task in Path(f"/proc/{pid}/task").glob("*"):
                kids = (
                    (task / "children").read_text().split() if (task / "children").exists() else []
                )
                found += [int(k) for k in kids]
            return found

        hertz = os.sysconf("SC_CLK_TCK")
        web = [self.process.pid, *children(self.process.pid)] if self.process else []
        postgres = [
            int(p.name)
            for p in Path("/proc").iterdir()
            if p.name.isdigit() and _command(p) == "postgres"
        ]
        return {
            "web": sum(ticks(p) for p in web) / hertz,
            "worker": (ticks(self.worker.pid) if self.worker else 0) / hertz,
            "postgres": {p: ticks(p) / hertz for p in postgres},
        }

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", path, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()


def _command(proc: Path) -> str:
    try:
        return (proc / "comm").read_text().strip()
    except OSError:
        return ""


def session_cookie(env: dict[str, str], username: str) -> str:
    """A signed-in session for USERNAME, made by the production settings in a child process:
    the ``Cookie`` header value a browser would send (name=value)."""
    code = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.test import Client\n"
        "from raqib.accounts.models import User\n"
        "client = Client()\n"
        f"client.force_login(User.objects.get(username={username!r}))\n"
        "name = settings.SESSION_COOKIE_NAME\n"
        "print(f'{name}={client.cookies[name].value}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def cpu_spent(before: dict[str, Any], after: dict[str, Any]) -> dict[str, float]:
    """Seconds of CPU between two cpu_seconds() readings. A PostgreSQL backend that ended in
    between is not counted (an underestimate; the web workers' connections persist)."""
    old = before["postgres"]
    return {
        "web": after["web"] - before["web"],
        "worker": after["worker"] - before["worker"],
        "postgres": sum(t - old.get(p, 0.0) for p, t in after["postgres"].items()),
    }
