"""Measure the site against DESIGN.md's quality targets; write benchmarks/REPORT.md.

Run with `make bench`. Everything is measured here, on loopback, side by side:

- warm chapter page vs one static file served by WhiteNoise, both under gunicorn, as
  requests per second with the same client (target: chapter >= 60 % of static);
- widget API latency at 20 concurrent clients (target: p99 < 50 ms);
- a chapter's first load, compressed bytes of everything it fetches (target: < 45 KB);
- search over all notes, in process (target: < 50 ms).

The load generator is plain Python threads with keep-alive connections, bounded in
requests and time; it only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "STUDYSITE_"))}
    env.pop("DATABASE_URL", None)
    if "STUDYSITE_NOTES_DIR" in os.environ:
        env["STUDYSITE_NOTES_DIR"] = os.environ["STUDYSITE_NOTES_DIR"]
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="benchmark-only-" + "k" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_SECURE_HSTS_SECONDS="0",
        DJANGO_LOG_LEVEL="WARNING",
        STUDYSITE_VAR_DIR=str(var_dir),
        DATABASE_URL=f"sqlite:///{var_dir / 'db.sqlite3'}",
    )
    return env


def get(conn: http.client.HTTPConnection, path: str, headers=None) -> tuple[int, bytes, dict]:
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    body = response.read()
    return response.status, body, {k.lower(): v for k, v in response.getheaders()}


def load(port: int, method: str, path: str, body: bytes | None, clients: int, seconds: float):
    """Hammer one URL; return (requests per second, latencies in ms, errors)."""
    latencies: list[float] = []
    errors = [0]
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine: list[float] = []
        headers = {"Content-Type": "application/json"} if body is not None else {}
        while time.perf_counter() < stop and len(mine) < 200_000:
            start = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers=headers)
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


# One realistic input per widget (the API benchmark posts each in turn).
API_BODIES: dict[str, dict[str, object]] = {
    "s3-uri": {"bucket": "amzn-s3-demo-bucket", "key": "a/b.txt", "region": "eu-west-1"},
    "bucket-name": {"name": "My_Bucket..2024", "kind": "general-purpose"},
    "object-key": {"key": "photos/2024/café menu#1.jpg"},
    "sigv4": {
        "method": "PUT",
        "url": "https://amzn-s3-demo-bucket.s3.eu-west-1.amazonaws.com/photos/cat.jpg",
        "service": "s3",
        "region": "eu-west-1",
        "headers": [["Content-Type", "image/jpeg"]],
        "body": "x" * 1000,
        "timestamp": "20250115T093000Z",
    },
    "storage-class": {
        "data_gb": 500,
        "object_count": 200000,
        "months": 12,
        "read_fraction_per_month": 0.05,
        "slowest_acceptable_retrieval": "milliseconds",
        "survive_az_loss": True,
        "access_pattern": "unknown",
        "single_digit_ms_latency": False,
    },
    "cli-explain": {
        "command": "aws s3api put-object --bucket amzn-s3-demo-bucket --key cat.jpg "
        "--body cat.jpg --storage-class GLACIER_IR --region eu-west-1"
    },
}


def main() -> int:
    lines = [
        "# Benchmark report",
        "",
        f"Machine: {os.cpu_count()} cores. Python {sys.version.split()[0]}.",
        "",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        var_dir = Path(tmp)
        env = production_env(var_dir)
        for command in (
            ["migrate", "--verbosity", "0"],
            ["collectstatic", "--noinput", "--verbosity", "0"],
        ):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [
                GUNICORN,
                "studysite.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--threads",
                "1",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            conn = None
            for _ in range(100):
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                    get(conn, "/")
                    break
                except OSError:
                    time.sleep(0.1)
            if conn is None:
                raise RuntimeError("gunicorn did not start")
            _, home, _ = get(conn, "/")
            chapters = re.findall(r'href="(/notes/[^"]+/)"', home.decode())
            # The largest chapter is the strictest test; the median one is the typical page.
            sizes = {c: len(get(conn, c)[1]) for c in set(chapters)} or {"/": 0}
            by_size = sorted(sizes, key=sizes.get)
            chapter = by_size[-1]
            typical = by_size[len(by_size) // 2]
            _, page, _ = get(conn, chapter)
            css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', page.decode())
            static_path = css.group(1) if css else "/static/css/site.css"

            # 1. Throughput: chapters vs a static file, same client, side by side.
            paths = {"largest": chapter, "typical": typical, "static": static_path}
            for path in paths.values():  # warm every one
                for _ in range(20):
                    get(conn, path)
            runs: dict[str, list[float]] = {name: [] for name in paths}
            for _ in range(3):
                for name, path in paths.items():
                    runs[name].append(load(port, "GET", path, None, 8, 4)[0])
            rps = {name: statistics.median(values) for name, values in runs.items()}
            lines += [
                "## Warm chapter pages vs a static file (gunicorn, 2 workers, 8 clients)",
                "",
                "| what | uncompressed size | requests/s (median of 3 × 4 s) | vs static |",
                "| --- | --- | --- | --- |",
                f"| largest chapter `{chapter}` | {sizes[chapter]:,} B | "
                f"{rps['largest']:,.0f} | **{rps['largest'] / rps['static']:.0%}** |",
                f"| median chapter `{typical}` | {sizes[typical]:,} B | "
                f"{rps['typical']:,.0f} | **{rps['typical'] / rps['static']:.0%}** |",
                f"| static `{static_path}` (WhiteNoise) | | {rps['static']:,.0f} | 100% |",
                "",
                "Target: a warm chapter page at ≥ 60 % of the static file's requests/s.",
                "",
            ]

            # 2. Widget API latency at 20 concurrent clients, every widget in turn.
            lines += [
                "## Widget API at 20 concurrent clients (6 s per widget)",
                "",
                "| widget | requests | errors | p50 | p99 (target < 50 ms) |",
                "| --- | --- | --- | --- | --- |",
            ]
            for name, payload in API_BODIES.items():
                body = json.dumps(payload).encode()
                path = f"/api/widgets/{name}"
                load(port, "POST", path, body, 2, 1)  # warm: first use builds tables
                _, latencies, errors = load(port, "POST", path, body, 20, 6)
                lines.append(
                    f"| `{name}` | {len(latencies):,} | {errors} | "
                    f"{percentile(latencies, 50):.1f} ms | **{percentile(latencies, 99):.1f} ms** |"
                )
            lines.append("")

            # 3. First load of a chapter: compressed bytes of everything fetched.
            _, html, html_headers = get(conn, chapter, {"Accept-Encoding": "br, gzip"})
            fetched = [(chapter, len(html), html_headers.get("content-encoding", "identity"))]
            for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.decode()):
                if asset.endswith(".svg") and "favicon" in asset:
                    continue
                _, raw, headers = get(conn, asset, {"Accept-Encoding": "br, gzip"})
                fetched.append((asset, len(raw), headers.get("content-encoding", "identity")))
            total = sum(size for _, size, _ in fetched)
            lines += [
                f"## First load of `{chapter}`",
                "",
                "| resource | bytes on the wire | encoding |",
                "| --- | --- | --- |",
                *[f"| `{path}` | {size:,} | {enc} |" for path, size, enc in fetched],
                f"| **total** | **{total:,}** ({total / 1000:.1f} KB; target < 45 KB) | |",
                "",
            ]
        finally:
            server.terminate()
            server.wait(timeout=10)

    # 4. Search over every note, in process.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studysite.settings")
    os.environ.update(DJANGO_DEBUG="1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from studysite.chapters.loader import get_library

    library = get_library()
    index = library.search_index
    queries = [
        "bucket",
        "s3 storage class",
        "glacier retrieval",
        "versioning",
        "sig",
        "a",
        "virtual hosted style",
        "exam domain weight",
        "encryption at rest kms",
        "zzz",
    ]
    timings = []
    for _ in range(50):
        for q in queries:
            start = time.perf_counter()
            index.search(q)
            timings.append((time.perf_counter() - start) * 1000)
    lines += [
        f"## Search over all notes ({len(library.chapters)} chapters, "
        f"{len(index.documents)} sections)",
        "",
        f"{len(timings)} queries: median {statistics.median(timings):.2f} ms, "
        f"p99 {percentile(timings, 99):.2f} ms, max **{max(timings):.2f} ms** (target < 50 ms).",
        "",
    ]
    report = "\n".join(lines)
    (ROOT / "benchmarks" / "REPORT.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
