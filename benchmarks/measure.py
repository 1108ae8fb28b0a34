"""Load generators and what they measure for run.py: Python threads or wrk against one
URL, the gunicorn workers' CPU time, percentiles."""

from __future__ import annotations

import http.client
import itertools
import os
import re
import shutil
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


def load(
    port: int,
    method: str,
    path: str,
    body: bytes | None,
    clients: int,
    seconds: float,
    headers: dict[str, str] | None = None,
):
    """Hammer one URL; return (requests per second, latencies in ms, errors)."""
    latencies: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        sent = {"Content-Type": "application/json"} if body is not None else dict(headers or {})
        while time.perf_counter() < stop and len(mine) < 200_000:
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except (OSError, http.client.HTTPException):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                continue
            mine.append((time.perf_counter() - start) * 1000)
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, latencies, errors[0]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


WRK = shutil.which("wrk")


def wrk(
    port: int, path: str, headers: dict[str, str], seconds: float, script: str = ""
) -> tuple[int, float, int]:
    """(requests, seconds taken, non-2xx/3xx responses and timeouts) with wrk -t1 -c8."""
    command = [WRK, "-t1", "-c8", f"-d{max(1, round(seconds))}s"]
    if script:
        command += ["-s", script]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, f"http://127.0.0.1:{port}{path.split('?')[0] if script else path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    done = re.search(r"(\d+) requests in ([\d.]+)(m?s)", output)
    if done is None or int(done.group(1)) == 0:
        raise RuntimeError(f"wrk got no answer from {path}:\n{output}")
    took = float(done.group(2)) / (1000 if done.group(3) == "ms" else 1)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(r"Socket errors: .*timeout (\d+)", output)
    failed = (int(bad.group(1)) if bad else 0) + (int(errors.group(1)) if errors else 0)
    return int(done.group(1)), took, failed


TICKS = os.sysconf("SC_CLK_TCK")


def workers_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the gunicorn master's workers."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # fields[1] is the parent pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


@dataclass(frozen=True)
class Run:
    rps: float  # requests per second, wall clock
    cpu_ms: float  # server CPU per request (the workers' user + system time)
    failed: int


def throughput(
    master: int, port: int, path: str, headers: dict[str, str], seconds: float, script: str = ""
) -> Run:
    before = workers_cpu(master)
    if WRK:
        requests, took, failed = wrk(port, path, headers, seconds, script)
    else:
        started = time.perf_counter()
        _, latencies, failed = load(port, "GET", path, None, 8, seconds, headers)
        requests, took = len(latencies), time.perf_counter() - started
    cpu = workers_cpu(master) - before
    return Run(requests / took, 1000 * cpu / max(requests, 1), failed)


def rotating_queries(words: list[str], directory: Path) -> str:
    """A wrk script that asks a different search each time, cycling through more queries
    than the server keeps, so that every answer is built afresh."""
    pairs = [f"{a}+{b}" for a, b in itertools.pairwise(words)]
    skips = [f"{a}+{b}" for a, b in zip(words, words[2:], strict=False)]
    queries = [*words, *pairs, *skips][:600]
    assert len(queries) > 300, "too few words for queries the server cannot all keep"
    script = directory / "search.lua"
    script.write_text(
        "local queries = {"
        + ",".join(f'"{q}"' for q in queries)
        + "}\nlocal i = 0\nrequest = function()\n  i = i + 1\n"
        + '  return wrk.format("GET", "/search/?q=" .. queries[(i % #queries) + 1])\nend\n',
        encoding="utf-8",
    )
    return str(script)
