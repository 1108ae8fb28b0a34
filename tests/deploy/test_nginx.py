"""The production setup in deploy/ survives slow clients (issue 22, finding 3): nginx's
configuration is valid as shipped, and with it in front, two clients trickling their
request bodies do not stall a plain GET, while gunicorn alone is stalled by them.

Needs nginx (`apt-get install nginx-light`); skipped without it, failing instead when
STUDYSITE_REQUIRE_NGINX=1 (CI sets it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.fixture(scope="module")
def nginx() -> str:
    if NGINX is None:
        if os.environ.get("STUDYSITE_REQUIRE_NGINX") == "1":
            pytest.fail("nginx is not installed (apt-get install nginx-light)")
        pytest.skip("nginx is not installed")
    return NGINX


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main_config(tmp: Path, body: str) -> Path:
    """A whole nginx.conf around ``body`` (an http-level block), writing only in ``tmp``."""
    temp = "\n".join(
        f"    {name}_temp_path {tmp}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = tmp / "nginx.conf"
    path.write_text(
        f"pid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\nevents {{}}\n"
        f"http {{\n{temp}\n    access_log off;\n{body}\n}}\n"
    )
    return path


def test_the_shipped_configuration_is_valid(nginx, tmp_path):
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=study.example.com", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "studysite.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/study.example.com/fullchain.pem", str(cert)).replace(
        "/etc/letsencrypt/live/study.example.com/privkey.pem", str(key)
    )
    site = site.replace(
        "/etc/nginx/snippets/studysite-proxy.conf", str(DEPLOY / "nginx" / "studysite-proxy.conf")
    )
    config = main_config(tmp_path, site)
    result = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def wait_for(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def slow_client(port: int) -> socket.socket:
    """A client that announces a 10 kB body and has sent 10 bytes of it so far (to the
    widget API, which reads every body it is sent)."""
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(
        b"POST /api/widgets/s3-uri HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/json\r\nContent-Length: 10000\r\n\r\n"
        b'{"bucket":'
    )
    return s


def timed_get(port: int, timeout: float) -> float | None:
    """Seconds a GET / took, or None if it had no answer within ``timeout``."""
    start = time.monotonic()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            head = s.recv(64)
    except TimeoutError:
        return None
    assert head.startswith(b"HTTP/1.1 200"), head
    return time.monotonic() - start


@pytest.fixture
def servers(nginx, tmp_path):
    """gunicorn with one sync worker, and nginx in front of it with deploy's settings."""
    app, front = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDYSITE_"))}
    env.pop("DATABASE_URL", None)
    env.update(
        DJANGO_SECRET_KEY="deploy-test-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STUDYSITE_VAR_DIR=str(tmp_path / "var"),
        STUDYSITE_PLAIN_STATIC="1",
        GUNICORN_BIND=f"127.0.0.1:{app}",
        GUNICORN_WORKERS="1",
    )
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "-c", str(DEPLOY / "gunicorn.conf.py"),
         "--access-logfile", "/dev/null", "studysite.wsgi"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    body = (
        f"    upstream studysite {{ server 127.0.0.1:{app}; keepalive 4; }}\n"
        "    limit_conn_zone $binary_remote_addr zone=studysite_per_ip:1m;\n"
        f"    server {{ listen 127.0.0.1:{front};\n"
        f"        include {DEPLOY / 'nginx' / 'studysite-proxy.conf'}; }}\n"
    )
    config = main_config(tmp_path, body)
    proxy = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(app)
        wait_for(front)
        assert timed_get(app, 30) is not None  # warm: the first page loads the notes
        yield app, front
    finally:
        for process in (proxy, gunicorn):
            process.terminate()
            process.wait(timeout=30)


def test_slow_clients_do_not_stall_the_site_behind_nginx(servers):
    _, front = servers
    slow = [slow_client(front) for _ in range(2)]
    try:
        time.sleep(0.5)
        took = timed_get(front, 5)
        assert took is not None and took < 2, f"GET / behind nginx took {took}"
    finally:
        for s in slow:
            s.close()


def test_without_nginx_one_slow_client_stalls_a_sync_worker(servers):
    # What the setup is for: the same slow client straight at gunicorn holds its worker.
    app, _ = servers
    slow = slow_client(app)
    try:
        time.sleep(0.5)
        assert timed_get(app, 3) is None
    finally:
        slow.close()
