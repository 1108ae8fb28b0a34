"""Take the README's screenshots: `make screenshots` (needs /usr/bin/chromium).

Starts the development server on a free port, photographs home, a chapter, two tools and
the search overlay in the light and dark themes, at 1280 x 800 and on a 390 x 844 phone,
and writes them to static/img/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "static" / "img" / "screenshots"
STORAGE = "/tools/storage-class/?" + urlencode(
    {
        "data_gb": "500",
        "object_count": "200000",
        "months": "12",
        "read_fraction_per_month": "0.05",
        "slowest_acceptable_retrieval": "milliseconds",
        "survive_az_loss": "true",
        "access_pattern": "unknown",
        "single_digit_ms_latency": "false",
    }
)
CLI = "/tools/cli-explain/?" + urlencode(
    {
        "command": "aws s3api put-object --bucket amzn-s3-demo-bucket --key photos/cat.jpg "
        "--body cat.jpg --storage-class GLACIER_IR --tagging 'team=web' --profile dev"
    }
)
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
            for name, path, scheme, width, height in [
                ("home-light", "/", "light", 1280, 800),
                ("chapter-light", chapter, "light", 1280, 800),
                ("chapter-dark", chapter, "dark", 1280, 800),
                ("storage-class-light", STORAGE, "light", 1280, 1100),
                ("cli-explain-dark", CLI, "dark", 1280, 1100),
                # Phones (390 x 844): a chapter, home, and the search overlay.
                ("phone-chapter-light", chapter, "light", 390, 844),
                ("phone-home-dark", "/", "dark", 390, 844),
                ("phone-search-dark", chapter, "dark", 390, 844),
                ("search-light", chapter, "light", 1280, 800),
            ]:
                page = browser.new_page(
                    viewport={"width": width, "height": height}, color_scheme=scheme
                )
                page.goto(base + path)
                if "search" in name:
                    # The overlay ("/" anywhere), forgiving a typo.
                    page.keyboard.press("/")
                    page.keyboard.type("glaicer retrieval", delay=30)
                    page.locator(
                        "#search-dialog-results .result-count", has_text="glacier retrieval"
                    ).wait_for()
                page.screenshot(path=str(OUT / f"{name}.png"))
                page.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main(*sys.argv[1:])
