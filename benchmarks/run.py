"""Measure the site against DESIGN.md's quality targets; write benchmarks/REPORT.md.

Run with `make bench`. Everything is measured here, on loopback, side by side:

- reading pages vs one static file served by WhiteNoise from the same gunicorn, as
  requests per second with the headers a browser sends (`Accept-Encoding: gzip, deflate,
  br`, and for a signed-in learner their session and CSRF cookies), with 1, 2 and 4
  workers: the largest and the median chapter, home, /tools/, a tool page, search and a
  chapter for a signed-in learner (targets: chapters >= 60 %, home, /tools/ and a tool page
  >= 50 %, search >= 30 %, a signed-in chapter >= 40 % of the static file);
- widget API latency at 20 concurrent clients (target: p99 < 50 ms);
- a chapter's first load, compressed bytes of everything it fetches (target: < 45 KB);
- search over all notes, in process (target: < 50 ms).

Throughput is measured with wrk (`apt-get install wrk`), one thread and 8 connections,
as issue 14 did; without wrk, plain Python threads stand in (and the report says so: on
two cores they cost the server CPU, which flatters every ratio). It only ever talks to
127.0.0.1. `python benchmarks/run.py --seconds 3 --rounds 3 --workers 1,2,4`.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from measure import WRK, Run, load, percentile, rotating_queries, throughput
from servers import PYTHON, ROOT, get, production_env, start_server, stop_server

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


BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
# A signed-in learner for the benchmark's throwaway database: prints "session-key".
SIGN_IN = """
from django.contrib.auth import get_user_model, BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user = get_user_model().objects.create_user("bench-learner", password="bench-" + "x" * 20)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""
# 32 characters, as Django's cookie holds; not a secret.
CSRF_SECRET = "benchmarkcsrfsecret0123456789abc"  # noqa: S105


def largest_static(static_root: Path) -> str:
    """The largest content-hashed .js file of the site's own (htmx, today), as collected."""
    hashed = []
    for path in static_root.rglob("*.js"):
        match = re.fullmatch(r"(.+)\.[0-9a-f]{12}\.js", path.name)
        source = (
            ROOT / "static" / path.parent.relative_to(static_root) / f"{match.group(1)}.js"
            if match
            else None
        )
        if source is not None and source.exists():
            hashed.append(path)
    biggest = max(hashed, key=lambda p: p.stat().st_size)
    return "/static/" + biggest.relative_to(static_root).as_posix()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=3, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--no-api", action="store_true", help="skip the widget API part")
    args = parser.parse_args()
    worker_counts = [int(n) for n in args.workers.split(",")]
    load_before = os.getloadavg()
    lines = [
        "# Benchmark report",
        "",
        f"Machine: {os.cpu_count()} cores. Python {sys.version.split()[0]}. "
        f"Load average when the run began: {load_before[0]:.2f} (1 min), "
        f"{load_before[1]:.2f} (5 min).",
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
        session_key = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", SIGN_IN],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[-1]
        signed_in = {
            **BROWSER,
            "Cookie": f"sessionid={session_key}; csrftoken={CSRF_SECRET}",
        }
        static_path = largest_static(var_dir / "staticfiles")

        server, port = start_server(env, 2)
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            _, home, _ = get(conn, "/")
            chapters = sorted(set(re.findall(r'href="(/notes/[^"]+/)"', home.decode())))
            # The largest chapter is the strictest test; the median one is the typical page.
            sizes = {c: len(get(conn, c)[1]) for c in chapters}
            by_size = sorted(sizes, key=sizes.get)
            chapter = by_size[-1]
            typical = by_size[len(by_size) // 2]
            _, page, _ = get(conn, chapter)
            words = sorted(
                {w.lower() for w in re.findall(r"[A-Za-z]{5,}", home.decode().split("<main")[-1])}
            )
            search_script = rotating_queries(words, var_dir) if WRK else ""
            pages = {
                "largest chapter": (chapter, BROWSER, 0.60),
                "median chapter": (typical, BROWSER, 0.60),
                "home": ("/", BROWSER, 0.50),
                "tools": ("/tools/", BROWSER, 0.50),
                "tool page": ("/tools/sigv4/", BROWSER, 0.50),
                "search": ("/search/?q=multipart", BROWSER, 0.30),
                "signed-in chapter": (chapter, signed_in, 0.40),
            }
            if search_script:
                pages["search, a new query each time"] = ("/search/?q=…", BROWSER, 0.30)
            # What each sends, as a browser gets it (and proof that it is what we think).
            wire: dict[str, str] = {}
            for name, (path, headers, _) in {
                **pages,
                "static": (static_path, BROWSER, 1),
            }.items():
                if "…" in path:
                    path = "/search/?q=" + words[0]
                status, body, got = get(conn, path, headers)
                assert status == 200, (path, status)
                if headers is BROWSER and name != "static":
                    assert "set-cookie" not in got, (path, got.get("set-cookie"))
                wire[name] = f"{len(body):,} B {got.get('content-encoding', 'identity')}"
            uncompressed = {
                name: len(
                    get(conn, path.replace("…", words[0]), {"Cookie": headers.get("Cookie", "")})[1]
                )
                for name, (path, headers, _) in pages.items()
            }

            # 2. Widget API latency at 20 concurrent clients, every widget in turn.
            api_lines = [
                "## Widget API at 20 concurrent clients (4 s per widget, 2 workers)",
                "",
                "| widget | requests | errors | p50 | p99 (target < 50 ms) |",
                "| --- | --- | --- | --- | --- |",
            ]
            for name, payload in ({} if args.no_api else API_BODIES).items():
                body = json.dumps(payload).encode()
                path = f"/api/widgets/{name}"
                load(port, "POST", path, body, 2, 1)  # warm: first use builds tables
                _, latencies, errors = load(port, "POST", path, body, 20, 4)
                api_lines.append(
                    f"| `{name}` | {len(latencies):,} | {errors} | "
                    f"{percentile(latencies, 50):.1f} ms | **{percentile(latencies, 99):.1f} ms** |"
                )
            api_lines.append("")

            # 3. First load of a chapter: compressed bytes of everything fetched.
            _, html, html_headers = get(conn, chapter, BROWSER)
            fetched = [(chapter, len(html), html_headers.get("content-encoding", "identity"))]
            for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', page.decode()):
                if asset.endswith(".svg") and "favicon" in asset:
                    continue
                _, raw, headers = get(conn, asset, BROWSER)
                fetched.append((asset, len(raw), headers.get("content-encoding", "identity")))
            total = sum(size for _, size, _ in fetched)
            first_load = [
                f"## First load of `{chapter}`",
                "",
                "| resource | bytes on the wire | encoding |",
                "| --- | --- | --- |",
                *[f"| `{path}` | {size:,} | {enc} |" for path, size, enc in fetched],
                f"| **total** | **{total:,}** ({total / 1000:.1f} KB; target < 45 KB) | |",
                "",
            ]
        finally:
            stop_server(server)

        # 1. Throughput: every page against the static file, per worker count.
        ratios: dict[int, dict[str, float]] = {}  # by requests/s, wall clock
        cpu_ratios: dict[int, dict[str, float]] = {}  # by server CPU per request
        rates: dict[int, dict[str, float]] = {}
        cpu_ms: dict[int, dict[str, float]] = {}
        failures = 0
        for workers in worker_counts:
            server, port = start_server(env, workers)
            try:
                # Warm every worker (the first request builds the notes library, the first
                # of each page renders and compresses it): new connections, one at a time.
                for path, headers in [(static_path, BROWSER)] + [
                    (p, h) for p, h, _ in pages.values() if "…" not in p
                ]:
                    for _ in range(6 * workers):
                        get(
                            http.client.HTTPConnection("127.0.0.1", port, timeout=60), path, headers
                        )
                runs: dict[str, list[Run]] = {name: [] for name in [*pages, "static"]}
                by_rps: dict[str, list[float]] = {name: [] for name in pages}
                by_cpu: dict[str, list[float]] = {name: [] for name in pages}
                for _ in range(args.rounds):
                    for name, (path, headers, _) in pages.items():
                        # Each page right after the static file, as issue 14 measured.
                        static = throughput(server.pid, port, static_path, BROWSER, args.seconds)
                        script = search_script if "…" in path else ""
                        page = throughput(server.pid, port, path, headers, args.seconds, script)
                        failures += static.failed + page.failed
                        runs["static"].append(static)
                        runs[name].append(page)
                        by_rps[name].append(page.rps / static.rps)
                        by_cpu[name].append(static.cpu_ms / page.cpu_ms)
                ratios[workers] = {n: statistics.median(v) for n, v in by_rps.items()}
                cpu_ratios[workers] = {n: statistics.median(v) for n, v in by_cpu.items()}
                rates[workers] = {n: statistics.median(r.rps for r in v) for n, v in runs.items()}
                cpu_ms[workers] = {
                    n: statistics.median(r.cpu_ms for r in v) for n, v in runs.items()
                }
            finally:
                stop_server(server)
    load_after = os.getloadavg()

    tool = "wrk -t1 -c8" if WRK else "Python threads, 8 connections (wrk not installed: flattered)"
    counts = " | ".join(f"{w} worker{'s' if w > 1 else ''}" for w in worker_counts)
    dashes = " | ".join("---" for _ in worker_counts)

    def table(values: dict[int, dict[str, float]]) -> list[str]:
        rows = []
        for name, (path, _, target) in pages.items():
            cells = [
                f"**{values[w][name]:.0%}**" + ("" if values[w][name] >= target else " ✗")
                for w in worker_counts
            ]
            rows.append(
                f"| {name} `{path}` | {wire[name]} ({uncompressed[name]:,} B) | "
                + " | ".join(cells)
                + f" | ≥ {target:.0%} |"
            )
        return rows

    lines += [
        "## Reading pages vs a static file, as browsers ask for them",
        "",
        f"gunicorn (sync workers), {tool}, {args.rounds} rounds of {args.seconds:g} s; each "
        "page measured right after the static file, and each ratio the median of the "
        "rounds'. Every request sends `Accept-Encoding: gzip, deflate, br`, as every "
        "browser does; the signed-in chapter also sends the learner's `sessionid` and "
        "`csrftoken` cookies. The static file is the largest content-hashed JavaScript "
        f"file, `{static_path}`, served by WhiteNoise from the same server.",
        "",
        "Requests per second, page / static file (the issue's measure):",
        "",
        f"| page | bytes sent (uncompressed) | {counts} | target |",
        f"| --- | --- | {dashes} | --- |",
        *table(ratios),
        f"| static file (requests/s) | {wire['static']} | "
        + " | ".join(f"{rates[w]['static']:,.0f}" for w in worker_counts)
        + " | |",
        "",
        "The same pairs by the server's own work: the workers' CPU time (user + system) per "
        "static file / per page, i.e. the requests/s ratio on an otherwise idle machine. "
        "It does not move with whatever else the shared machine runs during a run:",
        "",
        f"| page | bytes sent (uncompressed) | {counts} | target |",
        f"| --- | --- | {dashes} | --- |",
        *table(cpu_ratios),
        f"| static file (CPU per request) | {wire['static']} | "
        + " | ".join(f"{cpu_ms[w]['static']:.2f} ms" for w in worker_counts)
        + " | |",
        "",
        "Medians per page: requests per second, and the workers' CPU time per request:",
        "",
        f"| page | {counts} |",
        f"| --- | {dashes} |",
        *[
            f"| {name} | "
            + " | ".join(
                f"{rates[w][name]:,.0f}/s, {cpu_ms[w][name]:.2f} ms" for w in worker_counts
            )
            + " |"
            for name in [*pages, "static"]
        ],
        "",
        f"Non-2xx responses or timeouts during the runs: {failures}. Load average when the "
        f"runs ended: {load_after[0]:.2f} (1 min); the machine is shared, so other work may "
        "have run alongside.",
        "",
        *api_lines,
        *first_load,
    ]

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
    path = ROOT / "benchmarks" / "REPORT.md"
    # Sections written by the other benchmarks (history.py, lighthouse.py) stay.
    own = ("## Reading pages", "## Warm chapter", "## Widget API", "## First load", "## Search")
    if path.exists():
        kept = [
            "## " + section.rstrip() + "\n"
            for section in path.read_text(encoding="utf-8").split("\n## ")[1:]
            if not ("## " + section).startswith(own)
        ]
        report = report.rstrip() + "\n\n" + "\n".join(kept)
    path.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
