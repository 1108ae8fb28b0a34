"""Reliability under load and faults (issue 22); writes benchmarks/RESULTS.md.

`python benchmarks/reliability.py` starts what it needs on loopback (gunicorn with 2 sync
workers in production mode, as the audit ran it; nginx from deploy/ for the slow-client
row), on SQLite and on the PostgreSQL at 127.0.0.1:5432, and measures:

- 50 mixed concurrent clients for 20 s (reading chapters, answering the chapter quiz,
  flagging, marking chapters read, history and review): errors, p50/p99, answers lost or
  doubled (confirmed by the page but not stored; stored more often than posted);
- 20 identical answer posts at the same moment, per path (chapter quiz, practice, mock
  exam, flag, mark as read): rows stored (1 is right);
- a worker killed (SIGKILL) under load while 20 clients answer and resend what got no
  answer: errors seen, answers lost or doubled;
- a restart of gunicorn in the middle of a mock exam: answers kept;
- clients that send their request bodies slowly, against gunicorn alone and against
  the documented setup (nginx in front): latency of a plain GET meanwhile.

Options: --seconds 20 --clients 50 --databases sqlite,postgres. Static files are served
from the finders (STUDYSITE_PLAIN_STATIC=1): what is measured is the database and the
workers, not WhiteNoise.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from run import free_port, server_env

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
PG_NAME = "studysite_reliability_bench"
CHAPTER = "s3-addressing"  # a chapter with a quiz


def environment(var: Path, database_url: str) -> dict[str, str]:
    return server_env(
        var,
        database_url,
        label="reliability-benchmark",
        DJANGO_LOG_LEVEL="ERROR",
        STUDYSITE_PLAIN_STATIC="1",
        # The benchmark's many anonymous clients all come from 127.0.0.1.
        DJANGO_SIGNUP_LIMIT="100000",
    )


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout


# --- The server --------------------------------------------------------------------------


class Server:
    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.env, self.workers, self.port = env, workers, free_port()
        self.process: subprocess.Popen | None = None
        self.log = Path(env["STUDYSITE_VAR_DIR"]) / f"gunicorn-{self.port}.log"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [GUNICORN, "studysite.wsgi", "--workers", str(self.workers), "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "30", "--graceful-timeout", "10"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
            stderr=self.log.open("a"),
        )  # fmt: skip
        wait_for(self.port)
        request(self.port, "GET", "/", {})  # warm: the first page loads the notes

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=60)
            self.process = None

    def worker_pids(self) -> list[int]:
        out = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(self.process.pid)], capture_output=True, text=True
        ).stdout
        return [int(p) for p in out.split()]

    def server_errors(self) -> int:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return text.count("Internal Server Error") + text.count("database is locked")


def wait_for(port: int, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on port {port}")


# --- A browser, roughly -------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: str
    seconds: float


def request(port: int, method: str, path: str, cookies: dict[str, str], data=None, timeout=30):
    headers = {"Host": "127.0.0.1", "Accept-Encoding": "identity"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        from urllib.parse import urlencode

        body = urlencode(data, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        if "csrftoken" in cookies:
            headers["X-CSRFToken"] = cookies["csrftoken"]
    start = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        raw = connection.getresponse()
        text = raw.read().decode("utf-8", "replace")
        for value in raw.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            cookies[name.strip()] = rest.split(";", 1)[0]
        return Response(raw.status, dict(raw.headers), text, time.monotonic() - start)
    finally:
        connection.close()


INPUT = re.compile(r"<input\b([^>]*)>", re.S)
ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def answer_form(html: str) -> dict[str, list[str]] | None:
    """The first form with options on the page, filled as a learner would (first option,
    as many as the question asks for), or None."""
    start = html.find('name="option"')
    if start < 0:
        return None
    form_start = html.rfind("<form", 0, start)
    form_end = html.find("</form>", start)
    data: dict[str, list[str]] = {}
    options = []
    for attrs in INPUT.findall(html[form_start:form_end]):
        a = dict(ATTR.findall(attrs))
        name, kind = a.get("name"), a.get("type", "text")
        if not name or name == "csrfmiddlewaretoken":
            continue
        if name == "option":
            options.append(a.get("value", ""))
        elif kind == "hidden":
            data.setdefault(name, []).append(a.get("value", ""))
    choose = re.search(r"[Cc]hoose (two|three|2|3)", html[form_start:form_end])
    count = {"two": 2, "three": 3, "2": 2, "3": 3}.get(choose.group(1), 1) if choose else 1
    data["option"] = options[:count]
    return data


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0  # no answer at all (connection refused or reset, timeout)
    posted: int = 0  # answer posts sent (resends not counted)
    confirmed: int = 0  # answer posts the page confirmed with feedback
    lock = threading.Lock()

    def add(self, response: Response | None) -> None:
        with self.lock:
            if response is None:
                self.errors += 1
                return
            self.latencies.append(response.seconds)
            self.statuses[response.status] = self.statuses.get(response.status, 0) + 1

    @property
    def server_errors(self) -> int:
        return sum(n for s, n in self.statuses.items() if s >= 500)

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


def safe(port, method, path, cookies, data=None, tally: Tally | None = None):
    try:
        response = request(port, method, path, cookies, data)
    except OSError:
        response = None
    if tally is not None:
        tally.add(response)
    return response


def answer_once(port: int, cookies: dict, tally: Tally, resend: int = 0) -> None:
    """Show the chapter quiz's next question and answer it; resend on no answer."""
    page = safe(port, "GET", f"/quiz/chapter/{CHAPTER}/", cookies, tally=tally)
    data = answer_form(page.body) if page is not None and page.status == 200 else None
    if not data:
        return
    with tally.lock:
        tally.posted += 1
    for _ in range(resend + 1):
        response = safe(port, "POST", f"/quiz/chapter/{CHAPTER}/", cookies, data, tally)
        if response is not None and response.status < 500:
            if 'class="verdict' in response.body:
                with tally.lock:
                    tally.confirmed += 1
            return
        time.sleep(0.3)


def mixed_client(port: int, cookies: dict, tally: Tally, until: float, seed: int) -> None:
    rng = random.Random(seed)
    safe(port, "GET", f"/quiz/chapter/{CHAPTER}/", cookies, tally=tally)  # CSRF cookie
    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.30:
            safe(port, "GET", f"/notes/{CHAPTER}/", cookies, tally=tally)
        elif roll < 0.40:
            safe(port, "GET", "/", cookies, tally=tally)
        elif roll < 0.70:
            answer_once(port, cookies, tally)
        elif roll < 0.80:
            page = safe(port, "GET", f"/quiz/chapter/{CHAPTER}/", cookies, tally=tally)
            ref = re.search(r'name="question" value="([0-9a-f]{20})"', page.body) if page else None
            if ref:
                flag = {"question": ref.group(1), "flag": rng.choice(["on", "off"]), "next": "/"}
                safe(port, "POST", "/quiz/flag/", cookies, flag, tally)
        elif roll < 0.90:
            read = {"read": rng.choice(["1", "0"])}
            safe(port, "POST", f"/progress/chapter/{CHAPTER}/", cookies, read, tally)
        elif roll < 0.95:
            safe(port, "GET", "/history/", cookies, tally=tally)
        else:
            safe(port, "GET", "/review/", cookies, tally=tally)


def run_clients(target, count: int) -> list[dict]:
    jars = [{} for _ in range(count)]
    threads = [threading.Thread(target=target, args=(jar, n)) for n, jar in enumerate(jars)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return jars


# --- What was stored -----------------------------------------------------------------------

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


def prepare(database: str, var: Path) -> dict[str, str]:
    if database == "sqlite":
        url = f"sqlite:///{var / 'db.sqlite3'}"
    else:
        import psycopg

        with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
            admin.execute(f'CREATE DATABASE "{PG_NAME}"')
        url = PG_URL.format(name=PG_NAME)
    env = environment(var, url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "sync_questions")
    return env


def versions() -> str:
    import sqlite3

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pg = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    nginx = subprocess.run([NGINX, "-v"], capture_output=True, text=True).stderr.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, {pg}, {nginx}; "
        f"load average at start {os.getloadavg()[0]:.1f} (the machine is shared)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--output", default=str(ROOT / "benchmarks" / "RESULTS.md"))
    args = parser.parse_args()
    started = datetime.now(UTC)
    machine = versions()
    load_rows, identical_rows, fault_rows, slow_rows = [], [], [], []
    for database in args.databases.split(","):
        with tempfile.TemporaryDirectory(prefix=f"reliability-{database}-") as tmp:
            var = Path(tmp)
            print(f"== {database}: migrate and load the question bank", flush=True)
            env = prepare(database, var)
            server = Server(env)
            server.start()
            try:
                print(
                    f"== {database}: {args.clients} mixed clients, {args.seconds:.0f} s", flush=True
                )
                r = mixed_load(server, args.clients, args.seconds)
                load_rows.append(
                    f"| {database} | {args.clients} for {args.seconds:.0f} s | {r['requests']} | "
                    f"{r['5xx']} | {r['no answer']} | {r['p50_ms']:.0f} | {r['p99_ms']:.0f} | "
                    f"{r['answers']} | {r['lost']} | {r['doubled']} |"
                )
                print(load_rows[-1], flush=True)
                print(f"== {database}: 20 identical posts at once", flush=True)
                for path, (rows, failed) in identical_posts(server).items():
                    identical_rows.append(f"| {database} | {path} | {rows} | {failed} |")
                    print(identical_rows[-1], flush=True)
                print(f"== {database}: a worker killed under load", flush=True)
                k = killed_worker(server)
                fault_rows.append(
                    f"| {database} | worker killed (SIGKILL) under 20 answering clients, "
                    f"unanswered posts resent | {k['answers']} answers | {k['errors seen']} | "
                    f"{k['lost']} | {k['doubled']} |"
                )
                print(fault_rows[-1], flush=True)
                print(f"== {database}: restart in the middle of a mock exam", flush=True)
                e = restart_mid_exam(server)
                fault_rows.append(
                    f"| {database} | gunicorn restarted mid-exam | {e['answered']} answers, "
                    f"{e['kept']} kept | 0 | {e['answered'] - e['kept']} | 0 |"
                )
                print(fault_rows[-1], flush=True)
                if database == args.databases.split(",")[0]:
                    print("== slow-body clients: gunicorn alone, then nginx in front", flush=True)
                    for count in (2, 20):
                        s = slow_clients(server.port, count)
                        slow_rows.append(
                            f"| gunicorn alone (2 sync workers) | {count} | {fmt(s['p50_ms'])} | "
                            f"{fmt(s['max_ms'])} | {s['timeouts']} of {s['probes']} |"
                        )
                        print(slow_rows[-1], flush=True)
                    proxy, front = nginx_in_front(var, server.port)
                    try:
                        for count in (2, 20, 200):
                            s = slow_clients(front, count)
                            slow_rows.append(
                                f"| nginx (deploy/nginx) + the same gunicorn | {count} | "
                                f"{fmt(s['p50_ms'])} | {fmt(s['max_ms'])} | "
                                f"{s['timeouts']} of {s['probes']} |"
                            )
                            print(slow_rows[-1], flush=True)
                    finally:
                        proxy.terminate()
                        proxy.wait(timeout=30)
            finally:
                server.stop()
            if database == "postgres":
                import psycopg

                with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{PG_NAME}"')
    took = (datetime.now(UTC) - started).total_seconds()
    write_report(args, machine, started, took, load_rows, identical_rows, fault_rows, slow_rows)


def fmt(ms: float) -> str:
    return "–" if ms != ms else f"{ms:.0f}"  # NaN: no probe got an answer


def write_report(args, machine, started, took, load, identical, faults, slow) -> None:
    text = f"""# Reliability results

Measured by `python benchmarks/reliability.py` (issue 22) on {started:%Y-%m-%d %H:%M} UTC in
{took:.0f} s: gunicorn with 2 sync workers in production mode on loopback, as the audit ran
it. Machine: {machine}.

## {args.clients} mixed concurrent clients

Each client is its own anonymous browser: reads chapters and home, answers the chapter
quiz (a third of its actions), flags questions, marks a chapter read or unread, opens
its history and review. "Lost": answers the page confirmed that are not stored;
"doubled": answers stored more often than they were posted.

| database | clients | requests | 5xx | no answer | p50 ms | p99 ms | answers | lost | doubled |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
{chr(10).join(load)}

## 20 identical posts at the same moment

One browser sends the same form 20 times at once (a double click, a retrying client).
One row stored is right.

| database | what | rows stored | 5xx or no answer |
| --- | --- | --- | --- |
{chr(10).join(identical)}

## Faults

A killed worker drops the requests it held; each client resends a post that got no
answer or a 5xx (answer posts are idempotent: a resend of a stored answer records
nothing and says it was already recorded).

| database | fault | work | errors seen | lost | doubled |
| --- | --- | --- | --- | --- | --- |
{chr(10).join(faults)}

## Clients that send their request bodies slowly

Clients announce a 60 kB body to the widget API and send a byte a second; meanwhile 10
plain `GET /`, each given 10 s. gunicorn's sync workers each hold one request from its
first byte to its last, so two slow clients stall a two-worker server; nginx reads
bodies whole before passing them on (README, Deployment).

| setup | slow clients | GET / p50 ms | max ms | timeouts |
| --- | --- | --- | --- | --- |
{chr(10).join(slow)}
"""
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
