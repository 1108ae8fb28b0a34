"""The reliability benchmark's server under test (gunicorn) and a browser, roughly:
requests with cookies, the chapter quiz answered, mixed clients."""

from __future__ import annotations

import http.client
import random
import re
import signal
import socket
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from servers import GUNICORN, ROOT, free_port

CHAPTER = "s3-addressing"  # a chapter with a quiz


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
