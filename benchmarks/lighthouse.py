"""Lighthouse (mobile) scores of one page of each type, under gunicorn in production mode.

Run: `.venv/bin/python benchmarks/lighthouse.py`. Needs Node.js and npm (Lighthouse is
installed once into var/lighthouse from the npm registry) and Debian's Chromium; nothing
is downloaded besides the npm package. Target (DESIGN.md): 100 for accessibility, best
practices and SEO, at least 95 for performance. Prints a Markdown table.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import GUNICORN, PYTHON, ROOT, free_port, production_env

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
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def main() -> int:
    if not LIGHTHOUSE.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(LIGHTHOUSE_DIR), "lighthouse@12"],
            check=True,
        )
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
            print("| page | " + " | ".join(CATEGORIES) + " |")
            print("| --- |" + " --- |" * len(CATEGORIES))
            for path in PAGES:
                out = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        str(LIGHTHOUSE),
                        base + path,
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
                scores = [str(round(categories[c]["score"] * 100)) for c in CATEGORIES]
                print(f"| `{path}` | " + " | ".join(scores) + " |")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
