"""Lighthouse (mobile) scores of one page of each type, under gunicorn in production mode.

Run: `.venv/bin/python benchmarks/lighthouse.py`. Needs Node.js and npm (Lighthouse is
installed once into var/lighthouse from the npm registry) and Debian's Chromium; nothing
is downloaded besides the npm package. Target (DESIGN.md): 100 for accessibility, best
practices and SEO, at least 95 for performance. Prints a Markdown table.

`.venv/bin/python benchmarks/lighthouse.py --export` scores the static export instead
(issue 15): `manage.py export_site` into a temporary folder, served over http by a plain
static file server (Python's http.server), one page of each kind.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from servers import GUNICORN, PYTHON, ROOT, free_port, production_env

LIGHTHOUSE_DIR = ROOT / "var" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
PAGES = [
    "/",
    "/notes/s3-storage-classes/",
    "/search/?q=glacier",
    "/tools/sigv4/",
    "/tools/cli-explain/?command=aws+s3+ls",
    "/quiz/exam/",
    "/accounts/login/",
]
EXPORT_PAGES = [
    "index.html",
    "notes/s3-storage-classes/index.html",
    "notes/s3-buckets/check/index.html",
    "tools/storage-class/index.html",
    "search/index.html",
]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def install() -> None:
    if not LIGHTHOUSE.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(LIGHTHOUSE_DIR), "lighthouse@12"],
            check=True,
        )


def score(url: str, out: Path) -> list[str]:
    subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox",
            "--only-categories=" + ",".join(CATEGORIES),
            "--output=json",
            f"--output-path={out}",
        ],
        env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
        check=True,
        capture_output=True,
    )
    categories = json.loads(out.read_text())["categories"]
    return [str(round(categories[c]["score"] * 100)) for c in CATEGORIES]


def table(base: str, paths: list[str], out: Path) -> None:
    print("| page | " + " | ".join(CATEGORIES) + " |")
    print("| --- |" + " --- |" * len(CATEGORIES))
    for path in paths:
        print(f"| `{path}` | " + " | ".join(score(base + path, out)) + " |")


def export_main() -> int:
    """The static export, served over http by a plain static file server."""
    install()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([PYTHON, "manage.py", "export_site", str(site)], cwd=ROOT, check=True)
        handler = functools.partial(QuietHandler, directory=str(site))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            table(f"http://127.0.0.1:{server.server_port}/", EXPORT_PAGES, Path(tmp) / "r.json")
        finally:
            server.shutdown()
    return 0


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def main() -> int:
    if "--export" in sys.argv[1:]:
        return export_main()
    install()
    with tempfile.TemporaryDirectory() as tmp:
        env = production_env(Path(tmp))
        for command in (["migrate", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
            subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
        port = free_port()
        server = subprocess.Popen(
            [GUNICORN, "studysite.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/", timeout=2)
                    break
                except OSError:
                    time.sleep(0.1)
            table(base, PAGES, Path(tmp) / "report.json")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
