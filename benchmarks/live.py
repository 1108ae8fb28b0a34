"""Live-session load benchmark (DESIGN.md, "Live-session benchmark"; issue 16).

`python benchmarks/live.py` starts two uvicorn server processes on the PostgreSQL at
DATABASE_URL (default postgres://postgres@127.0.0.1:5432/studysite_live_bench, dropped,
created and migrated here), opens one session of 10 questions, and plays it with 200
simulated phones (guests, asyncio + httpx) split over both processes. Each phone holds
an event stream, answers each question after a human-like pause (0.3-3 s), and one in
ten sends its answer twice at once (a double tap). The trainer, on the first process,
posts "next" and reveals; the presenter's stream counts answers.

Measured: follow latency (the trainer's "next" POST sent -> a phone has the event with
the new data-index), answer POST p50/p99, the presenter's count catching up after the
last answer, and from the database: answers stored, lost (confirmed to a phone but not
stored) and doubled (more than one row per phone and question). Everything it started
is stopped. The last line is the contract's:
`live: participants=200 answers=N stored=N lost=N doubled=N follow_p95_ms=N answer_p99_ms=N`

Options: --participants 200 --questions 10 --keep-db.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
from servers import free_port, server_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the benchmark sets Django up itself to make the session
PYTHON = sys.executable
UVICORN = str(Path(PYTHON).with_name("uvicorn"))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/studysite_live_bench"
PHASE_RE = re.compile(r'data-phase="(\w+)" data-index="(-?\d+)"')
CHOOSE_RE = re.compile(r"<legend>Choose (\d+)</legend>")
OPTION_RE = re.compile(r'name="option" value="(\d+)"')


def environment(var: Path, database_url: str) -> dict[str, str]:
    return server_env(
        var,
        database_url,
        label="live-benchmark",
        DJANGO_SETTINGS_MODULE="studysite.settings",
        STUDYSITE_PLAIN_STATIC="1",
        # 200 phones from one address, as a classroom behind one NAT would be.
        DJANGO_LIVE_JOIN_LIMIT="100000",
    )


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)


class Server:
    """One uvicorn process (one worker: one event loop, one LISTEN connection)."""

    def __init__(self, env: dict[str, str], var: Path, profile: bool = False) -> None:
        self.env, self.port = env, free_port()
        self.log = var / f"uvicorn-{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.profile = var / f"profile-{self.port}.txt" if profile else None

    def start(self) -> None:
        if self.profile is not None:
            self.process = subprocess.Popen(
                [PYTHON, str(ROOT / "benchmarks" / "live_sampler.py"), str(self.port)],
                cwd=ROOT, env={**self.env, "LIVE_PROFILE_OUT": str(self.profile)},
                stdout=subprocess.DEVNULL, stderr=self.log.open("a"),
            )  # fmt: skip
            return
        self.process = subprocess.Popen(
            [UVICORN, "studysite.asgi:application", "--host", "127.0.0.1", "--port",
             str(self.port), "--workers", "1", "--timeout-keep-alive", "75",
             "--timeout-graceful-shutdown", "5", "--no-access-log", "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self.log.open("a"),
        )  # fmt: skip

    def wait(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{self.url}/live/", timeout=2)
                return
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError(f"uvicorn on {self.port} did not start; see {self.log}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None

    def cpu_seconds(self) -> float:
        """User + system CPU time the process has used so far (from /proc)."""
        if self.process is None:
            return 0.0
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def errors(self) -> int:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return text.count("Traceback")


# --- Setup through Django itself (same settings and database as the servers) -------------


def setup_session(env: dict[str, str], questions: int) -> tuple[int, str, dict[str, str]]:
    """A trainer, a session of ``questions`` questions, and the trainer's cookies."""
    os.environ.update(env)
    import django

    django.setup()
    import logging

    logging.getLogger("httpx").setLevel(logging.WARNING)  # not a line per request
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from studysite.quiz.models import Question
    from studysite.teams.live.services import session_create
    from studysite.teams.services import trainer_grant

    trainer = get_user_model().objects.create_user("bench-trainer")
    trainer_grant(user=trainer)
    ids = list(Question.objects.filter(active=True).values_list("pk", flat=True)[:questions])
    session = session_create(
        trainer=trainer,
        title="Benchmark",
        question_ids=ids,
        allow_guests=True,
        show_leaderboard=True,
        seconds_per_question=60,
    )
    client = Client()
    client.force_login(trainer)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    return session.pk, session.code, cookies


def count_rows(session_id: int) -> tuple[int, int]:
    """(rows stored, distinct participant-question pairs) for the session."""
    from studysite.teams.live.models import LiveAnswer

    rows = LiveAnswer.objects.filter(session_id=session_id)
    pairs = rows.values("participant_id", "index").distinct().count()
    return rows.count(), pairs


# --- The phones -------------------------------------------------------------------------


@dataclass
class Phone:
    n: int
    base: str
    client: httpx.AsyncClient | None = None
    seen: dict[int, float] = field(default_factory=dict)  # question index -> arrival time
    fragments: dict[int, str] = field(default_factory=dict)
    confirmed: set[int] = field(default_factory=set)
    answer_ms: list[float] = field(default_factory=list)
    view_ms: list[float] = field(default_factory=list)  # the server's own (Server-Timing)
    errors: list[str] = field(default_factory=list)
    sent: int = 0


async def events(response: httpx.Response):
    """Parse a text/event-stream into (event, id, data) tuples."""
    event, ident, data = "message", "", []
    async for line in response.aiter_lines():
        if line == "":
            if data:
                yield event, ident, "\n".join(data)
            event, ident, data = "message", "", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "id":
                ident = value
            elif name == "data":
                data.append(value)


async def csrf_of(client: httpx.AsyncClient, path: str) -> str:
    response = await client.get(path)
    response.raise_for_status()
    return client.cookies.get("csrftoken", "")


async def join(phone: Phone, code: str) -> None:
    phone.client = httpx.AsyncClient(base_url=phone.base, timeout=httpx.Timeout(30, read=None))
    token = await csrf_of(phone.client, f"/live/?code={code}")
    response = await phone.client.post(
        "/live/",
        data={"code": code, "name": f"Phone {phone.n:03d}", "csrfmiddlewaretoken": token},
        headers={"Referer": phone.base + "/live/"},
    )
    if response.status_code != 302:
        raise RuntimeError(f"join failed: {response.status_code} {response.text[:200]}")


async def follow(phone: Phone, code: str, ready: asyncio.Event) -> None:
    async with phone.client.stream("GET", f"/live/{code}/events/") as response:
        ready.set()
        async for event, _ident, data in events(response):
            if event != "state":
                continue
            match = PHASE_RE.search(data)
            if match and match.group(1) == "question":
                index = int(match.group(2))
                if index not in phone.seen:
                    phone.seen[index] = time.perf_counter()
                    phone.fragments[index] = data
            if match and match.group(1) == "ended":
                return


async def answer(phone: Phone, code: str, index: int, double: bool) -> None:
    fragment = phone.fragments[index]
    options = OPTION_RE.findall(fragment)
    choose = int(CHOOSE_RE.search(fragment).group(1)) if CHOOSE_RE.search(fragment) else 1
    picked = random.sample(options, choose)
    token = phone.client.cookies.get("csrftoken", "")
    data = {"index": str(index), "option": picked, "csrfmiddlewaretoken": token}
    headers = {"HX-Request": "true", "Referer": phone.base + f"/live/{code}/"}

    async def post() -> None:
        for attempt in range(3):  # a phone resends when the connection drops: idempotent
            started = time.perf_counter()
            phone.sent += 1
            try:
                response = await phone.client.post(
                    f"/live/{code}/answer/", data=data, headers=headers
                )
            except httpx.TransportError as exc:
                phone.errors.append(f"resent after {exc!r}")
                if attempt == 2:
                    return
                continue
            phone.answer_ms.append((time.perf_counter() - started) * 1000)
            timing = re.search(r"dur=([0-9.]+)", response.headers.get("server-timing", ""))
            if timing:
                phone.view_ms.append(float(timing.group(1)))
            break
        if response.status_code == 200 and "Answer recorded" in response.text:
            phone.confirmed.add(index)
        else:
            phone.errors.append(f"{response.status_code}: {response.text[:120]}")

    await asyncio.gather(post(), post()) if double else await post()


# --- The trainer ------------------------------------------------------------------------


@dataclass
class Presenter:
    counts: list[tuple[float, str]] = field(default_factory=list)


async def present(client: httpx.AsyncClient, session_id: int, presenter: Presenter, ready):
    async with client.stream("GET", f"/live/sessions/{session_id}/events/") as response:
        ready.set()
        async for event, _ident, data in events(response):
            if event == "count":
                presenter.counts.append((time.perf_counter(), data.strip()))
            elif 'data-phase="ended"' in data:
                return


async def screen_version(client: httpx.AsyncClient, session_id: int) -> int:
    """The version the presenter's screen shows (a presenter page has it in its HTML)."""
    page = await client.get(f"/live/sessions/{session_id}/state/")
    return int(re.search(r'data-version="(\d+)"', page.text).group(1))


async def control(
    client: httpx.AsyncClient, session_id: int, action: str = "next", version: int | None = None
) -> int:
    if version is None:
        version = await screen_version(client, session_id)
    response = await client.post(
        f"/live/sessions/{session_id}/control/",
        data={"action": action, "version": str(version)},
        headers={
            "X-CSRFToken": client.cookies.get("csrftoken", ""),
            "HX-Request": "true",
            "Referer": str(client.base_url),
        },
    )
    response.raise_for_status()
    return version


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def play(servers: list[Server], session_id: int, code: str, cookies, args) -> dict:
    phones = [Phone(n, servers[n % len(servers)].url) for n in range(args.participants)]
    limit = asyncio.Semaphore(50)

    async def join_one(phone: Phone) -> None:
        async with limit:
            await join(phone, code)

    await asyncio.gather(*(join_one(p) for p in phones))
    trainer = httpx.AsyncClient(base_url=servers[0].url, cookies=cookies, timeout=30)
    await csrf_of(trainer, f"/live/sessions/{session_id}/")
    presenter = Presenter()
    ready = [asyncio.Event() for _ in phones]
    followers = [
        asyncio.create_task(follow(p, code, r)) for p, r in zip(phones, ready, strict=True)
    ]
    presenter_ready = asyncio.Event()
    presenting = asyncio.create_task(present(trainer, session_id, presenter, presenter_ready))
    await asyncio.gather(*(r.wait() for r in ready), presenter_ready.wait())
    await asyncio.sleep(1.0)  # every stream has had its first event

    follow_ms: list[float] = []
    per_question: list[list[float]] = []
    catch_up_ms: list[float] = []
    missing_question = 0
    for index in range(args.questions):
        # Timed from the trainer's "next" POST (the version is on the presenter's screen).
        version = await screen_version(trainer, session_id)
        sent = time.perf_counter()
        await control(trainer, session_id, version=version)  # lobby/leaderboard -> question
        waited = time.perf_counter() + 10
        while time.perf_counter() < waited and not all(index in p.seen for p in phones):
            await asyncio.sleep(0.02)
        this_question = []
        for phone in phones:
            if index in phone.seen:
                this_question.append((phone.seen[index] - sent) * 1000)
            else:
                missing_question += 1
        follow_ms.extend(this_question)
        per_question.append(this_question)

        async def answer_later(phone: Phone, index: int = index) -> None:
            if index not in phone.seen:
                return
            await asyncio.sleep(random.uniform(0.3, 3.0))
            await answer(phone, code, index, double=random.random() < 0.1)

        await asyncio.gather(*(answer_later(p) for p in phones))
        last_answer = time.perf_counter()
        expected = f"{sum(1 for p in phones if index in p.confirmed)} of"
        waited = time.perf_counter() + 10
        caught = None
        while time.perf_counter() < waited:
            hits = [t for t, text in presenter.counts if t >= sent and text.startswith(expected)]
            if hits:
                caught = hits[0]
                break
            await asyncio.sleep(0.02)
        if caught is not None:
            catch_up_ms.append(max(0.0, (caught - last_answer) * 1000))
        await control(trainer, session_id)  # -> reveal
        if index < args.questions - 1:
            await control(trainer, session_id)  # -> leaderboard
        else:
            pass
    await control(trainer, session_id)  # the last reveal -> ended
    await asyncio.wait_for(asyncio.gather(*followers, presenting, return_exceptions=True), 20)
    for phone in phones:
        await phone.client.aclose()
    await trainer.aclose()
    answer_ms = [ms for p in phones for ms in p.answer_ms]
    view_ms = [ms for p in phones for ms in p.view_ms]
    return {
        "view_ms": view_ms,
        "phones": phones,
        "follow_ms": follow_ms,
        "per_question": per_question,
        "answer_ms": answer_ms,
        "catch_up_ms": catch_up_ms,
        "missing_question": missing_question,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=200)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database after")
    parser.add_argument(
        "--profile", action="store_true", help="sample the servers' stacks (live_sampler.py)"
    )
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        print("benchmarks/live.py needs PostgreSQL: set DATABASE_URL=postgres://...")
        return 2
    var = Path(tempfile.mkdtemp(prefix="live-bench-"))
    env = environment(var, url)
    print(f"database {urlsplit(url).path.lstrip('/')}: recreating, migrating, loading questions")
    recreate_database(url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "sync_questions")
    session_id, code, cookies = setup_session(env, args.questions)
    servers = [Server(env, var, args.profile), Server(env, var, args.profile)]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait()
        print(f"uvicorn on ports {', '.join(str(s.port) for s in servers)}; session {code}")
        started = time.perf_counter()
        cpu_before = [s.cpu_seconds() for s in servers]
        own_before = sum(os.times()[:2])
        load_before = os.getloadavg()[0]
        result = asyncio.run(play(servers, session_id, code, cookies, args))
        took = time.perf_counter() - started
        server_cpu = [s.cpu_seconds() - b for s, b in zip(servers, cpu_before, strict=True)]
        own_cpu = sum(os.times()[:2]) - own_before
        load_after = os.getloadavg()[0]
    finally:
        for server in servers:
            server.stop()
    errors = sum(s.errors() for s in servers)
    stored, pairs = count_rows(session_id)
    phones = result["phones"]
    confirmed = sum(len(p.confirmed) for p in phones)
    sent = sum(p.sent for p in phones)
    lost = max(0, confirmed - pairs)
    doubled = stored - pairs
    follow_ms, answer_ms, catch = result["follow_ms"], result["answer_ms"], result["catch_up_ms"]
    refused = sum(len(p.errors) for p in phones)
    resent = sum(1 for p in phones for e in p.errors if e.startswith("resent"))
    print(f"played {args.questions} questions with {len(phones)} phones in {took:.1f} s")
    print(
        f"follow ms: p50 {percentile(follow_ms, 0.5):.0f}, p95 {percentile(follow_ms, 0.95):.0f}, "
        f"p99 {percentile(follow_ms, 0.99):.0f}, max {max(follow_ms, default=0):.0f}; "
        f"phones that never got a question: {result['missing_question']}"
    )
    spread = ", ".join(
        f"{percentile(q, 0.5):.0f}/{max(q, default=0):.0f}" for q in result["per_question"]
    )
    print(f"follow ms per question (median/last phone): {spread}")
    print(
        f"answer POST ms: p50 {percentile(answer_ms, 0.5):.0f}, "
        f"p99 {percentile(answer_ms, 0.99):.0f} over {len(answer_ms)} posts "
        f"({refused - resent} not confirmed, {resent} resent after a dropped connection)"
    )
    view_ms = result["view_ms"]
    print(
        f"answer view's own time (Server-Timing) ms: p50 {percentile(view_ms, 0.5):.0f}, "
        f"p99 {percentile(view_ms, 0.99):.0f}; the rest of a POST's time is waiting its turn"
    )
    print(
        f"CPU seconds over {took:.0f} s: servers {', '.join(f'{c:.1f}' for c in server_cpu)}, "
        f"this client {own_cpu:.1f}; {os.cpu_count()} CPUs, load average "
        f"{load_before:.1f} -> {load_after:.1f}"
    )
    if catch:
        print(
            f"presenter count caught up after the last answer: median "
            f"{statistics.median(catch):.0f} ms, max {max(catch):.0f} ms"
        )
    print(f"server tracebacks in the logs: {errors}")
    for server in servers:
        if server.profile is not None and server.profile.exists():
            print(f"profile of the server on port {server.port}:")
            print(server.profile.read_text())
    if not args.keep_db:
        with __import__("contextlib").suppress(Exception):
            from django.db import connections

            connections.close_all()
            parts = urlsplit(url)
            import psycopg

            with psycopg.connect(
                urlunsplit(parts._replace(path="/postgres")), autocommit=True
            ) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')
    print(
        f"live: participants={len(phones)} answers={sent} stored={stored} lost={lost} "
        f"doubled={doubled} follow_p95_ms={percentile(follow_ms, 0.95):.0f} "
        f"answer_p99_ms={percentile(answer_ms, 0.99):.0f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
