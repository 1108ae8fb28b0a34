"""The reliability benchmark's scenarios: mixed load, identical posts, a killed worker, a
restart mid-exam, slow clients (with nginx in front), and what each left stored."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import threading
import time
from pathlib import Path

from reliability_http import (
    CHAPTER,
    Server,
    Tally,
    answer_form,
    answer_once,
    mixed_client,
    request,
    run_clients,
    safe,
    wait_for,
)
from servers import PYTHON, ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


STORED = """
import json, sys
from django.contrib.sessions.backends.db import SessionStore
from studysite.quiz.models import Answer, ExamAnswerEvent, ExamItem, Flag
from studysite.progress.models import ChapterRead
out = []
for key in json.loads(sys.stdin.read()):
    token = SessionStore(session_key=key).load().get("quiz_owner", "") if key else ""
    owner = dict(user__isnull=True, session_key=token)
    out.append({
        "answers": Answer.objects.filter(**owner).count() if token else 0,
        "flags": Flag.objects.filter(**owner).count() if token else 0,
        "reads": ChapterRead.objects.filter(**owner).count() if token else 0,
        "exam_events": ExamAnswerEvent.objects.filter(
            item__exam__session_key=token, item__exam__user__isnull=True).count() if token else 0,
        "exam_answered": ExamItem.objects.filter(
            exam__session_key=token, exam__user__isnull=True, chosen__isnull=False).count()
            if token else 0,
    })
print(json.dumps(out))
"""


def stored(env: dict[str, str], jars: list[dict]) -> list[dict]:
    keys = [jar.get("sessionid", "") for jar in jars]
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", STORED],
        cwd=ROOT, env=env, input=json.dumps(keys), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def lost_and_doubled(per_client: list[Tally], rows: list[dict]) -> tuple[int, int]:
    lost = sum(max(0, t.confirmed - r["answers"]) for t, r in zip(per_client, rows, strict=True))
    doubled = sum(max(0, r["answers"] - t.posted) for t, r in zip(per_client, rows, strict=True))
    return lost, doubled


# --- Scenarios ----------------------------------------------------------------------------


def mixed_load(server: Server, clients: int, seconds: float) -> dict:
    tallies = [Tally() for _ in range(clients)]
    until = time.monotonic() + seconds

    def client(jar, n):
        mixed_client(server.port, jar, tallies[n], until, n)

    jars = run_clients(client, clients)
    rows = stored(server.env, jars)
    lost, doubled = lost_and_doubled(tallies, rows)
    total = Tally()
    for t in tallies:
        total.latencies += t.latencies
        total.errors += t.errors
        for s, n in t.statuses.items():
            total.statuses[s] = total.statuses.get(s, 0) + n
    posts = sum(t.posted for t in tallies)
    return {
        "requests": len(total.latencies) + total.errors,
        "5xx": total.server_errors,
        "no answer": total.errors,
        "p50_ms": total.percentile(50),
        "p99_ms": total.percentile(99),
        "answers": posts,
        "lost": lost,
        "doubled": doubled,
    }


def together(port: int, cookies: dict, path: str, data: dict, times: int = 20) -> list[int]:
    barrier = threading.Barrier(times)
    statuses: list[int] = []

    def send():
        barrier.wait()
        response = safe(port, "POST", path, dict(cookies), data)
        statuses.append(response.status if response else 0)

    threads = [threading.Thread(target=send) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def identical_posts(server: Server) -> dict[str, tuple[int, int]]:
    """Per path: (rows stored, responses that were 5xx or none) for 20 identical posts."""
    port, results = server.port, {}
    # Chapter quiz: a browser that has answered once (so it has its session), then sends
    # its next answer 20 times.
    jar: dict = {}
    answer_once(port, jar, Tally())
    data = answer_form(request(port, "GET", f"/quiz/chapter/{CHAPTER}/", jar).body)
    statuses = together(port, jar, f"/quiz/chapter/{CHAPTER}/", data)
    results["chapter quiz answer"] = (stored(server.env, [jar])[0]["answers"] - 1, bad(statuses))
    # Flag and mark as read (same browser).
    ref = data["question"][0]
    statuses = together(port, jar, "/quiz/flag/", {"question": ref, "flag": "on", "next": "/"})
    results["flag"] = (stored(server.env, [jar])[0]["flags"], bad(statuses))
    statuses = together(port, jar, f"/progress/chapter/{CHAPTER}/", {"read": "1"})
    results["mark as read"] = (stored(server.env, [jar])[0]["reads"], bad(statuses))
    # Custom practice: a set of one question, answered 20 times at once.
    jar = {}
    request(port, "GET", "/quiz/practice/", jar)
    start = request(port, "POST", "/quiz/practice/", jar, {"count": "1"})
    path = start.headers.get("Location", "")
    data = answer_form(request(port, "GET", path, jar).body)
    statuses = together(port, jar, path, data)
    results["practice answer"] = (stored(server.env, [jar])[0]["answers"], bad(statuses))
    # Mock exam: one question's answer saved 20 times at once.
    jar = {}
    request(port, "GET", "/quiz/exam/", jar)
    start = request(port, "POST", "/quiz/exam/", jar, {})
    path = start.headers.get("Location", "")
    data = answer_form(request(port, "GET", path, jar).body)
    data["go"] = ["next"]
    statuses = together(port, jar, path, data)
    results["mock exam answer"] = (stored(server.env, [jar])[0]["exam_events"], bad(statuses))
    return results


def bad(statuses: list[int]) -> int:
    return sum(1 for s in statuses if s == 0 or s >= 500)


def killed_worker(server: Server, clients: int = 20, seconds: float = 10) -> dict:
    tallies = [Tally() for _ in range(clients)]
    until = time.monotonic() + seconds

    def client(jar, n):
        safe(server.port, "GET", f"/quiz/chapter/{CHAPTER}/", jar)
        while time.monotonic() < until:
            answer_once(server.port, jar, tallies[n], resend=5)

    killer = threading.Timer(3, lambda: os.kill(server.worker_pids()[0], signal.SIGKILL))
    killer.start()
    jars = run_clients(client, clients)
    killer.join()
    rows = stored(server.env, jars)
    lost, doubled = lost_and_doubled(tallies, rows)
    errors = sum(t.errors + t.server_errors for t in tallies)
    return {"answers": sum(t.posted for t in tallies), "errors seen": errors, "lost": lost,
            "doubled": doubled}  # fmt: skip


def restart_mid_exam(server: Server, before: int = 5, after: int = 5) -> dict:
    port, jar = server.port, {}
    request(port, "GET", "/quiz/exam/", jar)
    path = request(port, "POST", "/quiz/exam/", jar, {}).headers["Location"]
    exam = re.search(r"/quiz/exam/(\d+)/", path).group(1)

    def answer(count: int, path: str) -> str:
        for _ in range(count):
            data = answer_form(request(port, "GET", path, jar).body)
            data["go"] = ["next"]
            response = request(port, "POST", path, jar, data)
            path = response.headers.get("Location", path)
        return path

    answer(before, path)
    server.stop()
    server.start()
    port = server.port
    resume = request(port, "GET", f"/quiz/exam/{exam}/", jar)
    answer(after, resume.headers.get("Location", path))
    kept = stored(server.env, [jar])[0]["exam_answered"]
    return {"answered": before + after, "kept": kept}


SLOW_BODY = (
    b"POST /api/widgets/s3-uri HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n"
)


def slow_clients(port: int, count: int, probes: int = 10, timeout: float = 10) -> dict:
    """Latency of GET / while ``count`` clients trickle request bodies (a byte a second)."""
    stop = threading.Event()
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(SLOW_BODY)
        sockets.append(s)

    def trickle():
        while not stop.wait(1):
            for s in sockets:
                with contextlib.suppress(OSError):
                    s.sendall(b" ")

    feeder = threading.Thread(target=trickle)
    feeder.start()
    time.sleep(1)
    times, timeouts = [], 0
    try:
        for _ in range(probes):
            try:
                response = request(port, "GET", "/", {}, timeout=timeout)
                times.append(response.seconds * 1000)
            except OSError:
                timeouts += 1
    finally:
        stop.set()
        feeder.join()
        for s in sockets:
            s.close()
    return {
        "p50_ms": statistics.median(times) if times else float("nan"),
        "max_ms": max(times) if times else float("nan"),
        "timeouts": timeouts,
        "probes": probes,
    }


def nginx_in_front(var: Path, app_port: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    temp = "\n".join(
        f"  {n}_temp_path {var}/nginx-{n};"
        for n in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = var / "nginx.conf"
    config.write_text(
        f"pid {var}/nginx.pid;\nerror_log {var}/nginx-error.log;\nevents {{}}\nhttp {{\n{temp}\n"
        "  access_log off;\n"
        f"  upstream studysite {{ server 127.0.0.1:{app_port}; keepalive 16; }}\n"
        "  limit_conn_zone $binary_remote_addr zone=studysite_per_ip:1m;\n"
        f"  server {{ listen 127.0.0.1:{port};\n"
        f"    include {ROOT / 'deploy' / 'nginx' / 'studysite-proxy.conf'}; }}\n}}\n"
    )
    process = subprocess.Popen(
        [NGINX, "-p", str(var), "-c", str(config), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for(port)
    return process, port


# --- Setup and report ---------------------------------------------------------------------
