"""Take the README's screenshots: `make screenshots` (needs /usr/bin/chromium).

Starts the development server on a free port, photographs home and a chapter in the
light and dark themes, and writes them to static/img/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "static" / "img" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main(chapter: str = "/notes/s3-addressing/") -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/", timeout=2)  # noqa: S310 - loopback only
                break
            except OSError:
                time.sleep(0.1)
        OUT.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, path, scheme in [
                ("home-light", "/", "light"),
                ("chapter-light", chapter, "light"),
                ("chapter-dark", chapter, "dark"),
            ]:
                page = browser.new_page(
                    viewport={"width": 1200, "height": 800}, color_scheme=scheme
                )
                page.goto(base + path)
                page.screenshot(path=str(OUT / f"{name}.png"))
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main(*sys.argv[1:])
