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
import os
import platform
import subprocess
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from reliability_http import Server
from reliability_scenarios import (
    NGINX,
    identical_posts,
    killed_worker,
    mixed_load,
    nginx_in_front,
    restart_mid_exam,
    slow_clients,
)
from servers import PYTHON, ROOT, server_env

PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"
PG_NAME = "studysite_reliability_bench"


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
