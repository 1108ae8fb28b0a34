"""Servers for the benchmarks: a free loopback port, a production-mode environment, and
gunicorn started and stopped (run.py, lighthouse.py, live.py, reliability.py)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(var_dir: Path, database_url: str, *, label: str, **extra: str) -> dict[str, str]:
    """A production-mode server's environment on loopback (plain HTTP, no HSTS): this
    shell's minus its own DJANGO_*/STUDYSITE_* settings, then ``extra``. Every benchmark
    that starts a server starts it with this."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDYSITE_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=f"{label}-" + "k" * 50,  # a throwaway key named for the benchmark
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        STUDYSITE_VAR_DIR=str(var_dir),
        DATABASE_URL=database_url,
    )
    env.update(extra)
    return env


def production_env(var_dir: Path) -> dict[str, str]:
    extra = {"DJANGO_LOG_LEVEL": "WARNING"}
    if "STUDYSITE_NOTES_DIR" in os.environ:
        extra["STUDYSITE_NOTES_DIR"] = os.environ["STUDYSITE_NOTES_DIR"]
    database = f"sqlite:///{var_dir / 'db.sqlite3'}"
    return server_env(var_dir, database, label="benchmark-only", **extra)


def get(conn: http.client.HTTPConnection, path: str, headers=None) -> tuple[int, bytes, dict]:
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


def start_server(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [
            GUNICORN,
            "studysite.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(200):
        try:
            get(http.client.HTTPConnection("127.0.0.1", port, timeout=5), "/")
            return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=20)
