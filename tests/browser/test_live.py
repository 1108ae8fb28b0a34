"""A whole live session in Chromium: a trainer and three phones in separate browser
contexts. On PostgreSQL it runs on TWO uvicorn processes sharing the test database (the
trainer and one phone on the first, two phones on the second), so each screen follows the
trainer only through LISTEN/NOTIFY; one phone reloads mid-question and lands on the
question. A single-process version runs on the live server (SQLite or PostgreSQL), and
axe checks the presenter and phone pages in both themes.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from playwright.sync_api import expect

from studysite.quiz.bank import build_bank, reset_bank
from studysite.quiz.sync import sync_bank
from studysite.teams.live.models import LiveAnswer, LiveSession
from studysite.teams.services import trainer_grant

from .conftest import LAUNCH_ARGS  # noqa: F401 - the same Chromium flags
from .test_accessibility import AXE, RUN_AXE

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
CHAPTER = "s3-addressing"


@pytest.fixture
def people(transactional_db, django_user_model, settings):
    # The live server's stream threads notice a closed browser at their next write: write
    # often, so they end (and let go of the database) before the test's teardown.
    settings.LIVE_HEARTBEAT_SECONDS = 0.5
    reset_bank()
    sync_bank(build_bank())
    trainer = django_user_model.objects.create_user("coach", password="x-long-password-1")
    trainer_grant(user=trainer)
    member = django_user_model.objects.create_user("alice", password="x-long-password-1")
    yield {"trainer": trainer, "alice": member}
    reset_bank()


def session_cookie(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


class Screens:
    """Browser contexts on any base URL, failing the test on console errors (CSP too)."""

    def __init__(self, browser):
        self.browser, self.contexts, self.errors = browser, [], []
        self.expected = lambda error: False  # errors a test causes on purpose

    def unexpected_errors(self) -> list[str]:
        return [e for e in self.errors if not self.expected(e)]

    def open(self, base: str, user=None, **options):
        context = self.browser.new_context(base_url=base, **options)
        self.contexts.append(context)
        if user is not None:
            context.add_cookies([{**session_cookie(user), "url": base}])
        page = context.new_page()
        page.set_default_timeout(15_000)

        def on_console(message):
            # A stream cut when a page navigates or closes is not the page's error.
            if message.type == "error" and "ERR_INCOMPLETE_CHUNKED_ENCODING" not in message.text:
                self.errors.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        return page

    def close(self):
        for context in self.contexts:
            context.close()
        time.sleep(1.5)  # the live server's streams see the browsers go (heartbeat 0.5 s)


@pytest.fixture
def screens(browser):
    opened = Screens(browser)
    yield opened
    opened.close()
    assert opened.unexpected_errors() == []


def open_session_in_browser(trainer_page, guests=True) -> LiveSession:
    page = trainer_page
    page.goto("/live/new/")
    page.get_by_label("Title").fill("Friday quiz")
    page.get_by_label("A chapter").check()
    page.locator("#live-chapter").select_option(CHAPTER)
    page.get_by_label("Questions (at most)").fill("2")
    page.get_by_label("Seconds per question").fill("120")
    if guests:
        page.get_by_label("Guests may join with a name only").check()
    page.get_by_role("button", name="Open the session").click()
    expect(page.locator(".live-projector")).to_have_attribute("data-phase", "lobby")
    return LiveSession.objects.get()


def join_as_guest(page, code: str, name: str) -> None:
    page.goto(f"/live/?code={code}")
    page.get_by_label("Your name").fill(name)
    page.get_by_role("button", name="Join").click()
    expect(page.locator(".live-phone")).to_have_attribute("data-phase", "lobby")


def stage(page):
    return page.locator("#live-stage > section")


def expect_question(page, index: int) -> None:
    expect(stage(page)).to_have_attribute("data-phase", "question", timeout=10_000)
    expect(stage(page)).to_have_attribute("data-index", str(index))


def answer(page, letter_position: int = 0) -> None:
    page.locator(".live-option").nth(letter_position).click()
    expect(page.locator(".live-answered")).to_be_visible()


def run_session(trainer, phones, reloading) -> LiveSession:
    """Start, answer (one phone reloads first), reveal, leaderboard, next, end."""
    session = LiveSession.objects.get()
    trainer.get_by_role("button", name="Start").click()
    for phone in phones:
        expect_question(phone, 0)
    expect(trainer.locator("#live-count")).to_have_text(f"0 of {len(phones)} answered")
    for n, phone in enumerate(phones):
        if phone is reloading:
            phone.reload()  # a phone waking up mid-question lands on the question
            expect_question(phone, 0)
            # and answers with the keyboard alone
            phone.locator(".live-option").first.focus()
            phone.keyboard.press("Tab")
            phone.keyboard.press("Enter")
            expect(phone.locator(".live-answered")).to_be_visible()
        else:
            answer(phone, n % 2)
    expect(trainer.locator("#live-count")).to_have_text(
        f"{len(phones)} of {len(phones)} answered", timeout=10_000
    )
    trainer.get_by_role("button", name="Reveal").click()
    expect(trainer.locator(".live-bars li")).not_to_have_count(0)
    expect(trainer.locator(".live-right-tag").first).to_be_visible()
    expect(trainer.locator(".live-explanation").first).to_be_visible()
    for phone in phones:
        expect(stage(phone)).to_have_attribute("data-phase", "reveal")
        expect(phone.locator(".live-verdict")).to_be_visible()
        expect(phone.locator(".live-bars")).to_be_visible()
    trainer.get_by_role("button", name="Leaderboard").click()
    expect(trainer.locator(".live-leaders li")).to_have_count(len(phones))
    for phone in phones:
        expect(stage(phone)).to_have_attribute("data-phase", "leaderboard")
        expect(phone.locator(".live-standing")).to_contain_text("You are #")
    trainer.get_by_role("button", name="Next question").click()
    for phone in phones:
        expect_question(phone, 1)
    trainer.get_by_role("button", name="End session").click()
    expect(trainer.locator(".live-summary")).to_be_visible()
    expect(trainer.locator(".live-summary tbody tr")).to_have_count(2)
    expect(trainer.get_by_role("link", name="Download the summary (CSV)")).to_be_visible()
    for phone in phones:
        expect(stage(phone)).to_have_attribute("data-phase", "ended")
        expect(phone.get_by_role("heading", name="That's the end!")).to_be_visible()
    assert LiveAnswer.objects.filter(session=session, index=0).count() == len(phones)
    return session


# --- One process (the live server: SQLite or PostgreSQL) ---------------------------------


def test_a_live_session_on_one_server(screens, live_server, people):
    trainer = screens.open(live_server.url, people["trainer"])
    open_session_in_browser(trainer)
    code = LiveSession.objects.get().code
    ana = screens.open(live_server.url, viewport={"width": 390, "height": 844})
    join_as_guest(ana, code, "Ana")
    alice = screens.open(live_server.url, people["alice"], viewport={"width": 390, "height": 844})
    alice.goto(f"/live/?code={code}")
    alice.get_by_role("button", name="Join").click()
    expect(stage(alice)).to_have_attribute("data-phase", "lobby")
    expect(trainer.locator("#live-count")).to_have_text("2 joined")
    run_session(trainer, [ana, alice], reloading=alice)
    # Alice's answer also counts in her quiz history.
    from studysite.quiz.models import Answer

    assert Answer.objects.filter(user=people["alice"]).count() == 1


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_presenter_and_phone_pages_pass_axe(screens, live_server, people, scheme):
    trainer = screens.open(live_server.url, people["trainer"], color_scheme=scheme, bypass_csp=True)
    open_session_in_browser(trainer)
    code = LiveSession.objects.get().code
    phone = screens.open(
        live_server.url,
        color_scheme=scheme,
        bypass_csp=True,
        viewport={"width": 390, "height": 844},
    )
    pages = {"join": (phone, f"/live/?code={code}")}
    join_as_guest(phone, code, "Zoë")
    checks = []

    def check(name, page):
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE)
        checks.append(name)
        assert violations == [], f"{name}: " + json.dumps(violations, indent=1)

    check("presenter-lobby", trainer)
    check("phone-lobby", phone)
    trainer.get_by_role("button", name="Start").click()
    expect_question(phone, 0)
    trainer.reload()
    check("presenter-question", trainer)
    phone.reload()
    check("phone-question", phone)
    answer(phone)
    trainer.get_by_role("button", name="Reveal").click()
    expect(stage(phone)).to_have_attribute("data-phase", "reveal")
    trainer.reload()
    phone.reload()
    check("presenter-reveal", trainer)
    check("phone-reveal", phone)
    trainer.get_by_role("button", name="End session").click()
    expect(stage(phone)).to_have_attribute("data-phase", "ended")
    trainer.reload()
    phone.reload()
    check("presenter-ended", trainer)
    check("phone-ended", phone)
    trainer.goto("/live/new/")
    check("new-session", trainer)
    page, path = pages["join"]
    page.goto(path)
    check("join", page)


# --- Two server processes on PostgreSQL -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def two_servers(people, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two server processes share one database only on PostgreSQL (DATABASE_URL)")
    # The servers use the test database this test writes to (committed: transactional_db).
    url = urlunsplit(
        urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + connection.settings_dict["NAME"])
    )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "STUDYSITE_VAR_DIR": str(tmp_path),
        "STUDYSITE_LIVE_HEARTBEAT_SECONDS": "2",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "",
    }
    uvicorn = str(Path(sys.executable).with_name("uvicorn"))
    servers = []
    for _ in range(2):
        port = free_port()
        log = (tmp_path / f"uvicorn-{port}.log").open("w")
        process = subprocess.Popen(
            [uvicorn, "studysite.asgi:application", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "1", "--no-access-log", "--log-level", "warning",
             "--timeout-graceful-shutdown", "2"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
        )  # fmt: skip
        servers.append((f"http://127.0.0.1:{port}", process, tmp_path / f"uvicorn-{port}.log"))
    try:
        for base, _process, _log in servers:
            for _ in range(150):
                try:
                    urllib.request.urlopen(base + "/live/", timeout=2)  # noqa: S310 - loopback
                    break
                except OSError:
                    time.sleep(0.2)
        yield [base for base, _p, _l in servers]
    finally:
        for _base, process, _log in servers:
            process.terminate()  # open event streams are cut after 2 s
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for _base, _process, log in servers:
            text = log.read_text(errors="replace")
            assert "Traceback" not in text, text


def test_a_live_session_on_two_server_processes(two_servers, people, screens):
    # Fixture order matters: the browsers close (screens) before the servers stop.
    first, second = two_servers
    trainer = screens.open(first, people["trainer"])
    open_session_in_browser(trainer)
    code = LiveSession.objects.get().code
    phone = {"width": 390, "height": 844}
    ana = screens.open(first, viewport=phone)
    join_as_guest(ana, code, "Ana")
    bo = screens.open(second, viewport=phone)
    join_as_guest(bo, code, "Bo")
    alice = screens.open(second, people["alice"], viewport=phone)
    alice.goto(f"/live/?code={code}")
    alice.get_by_role("button", name="Join").click()
    expect(stage(alice)).to_have_attribute("data-phase", "lobby")
    expect(trainer.locator("#live-count")).to_have_text("3 joined")
    run_session(trainer, [ana, bo, alice], reloading=bo)
    assert re.fullmatch(r"[A-Z2-9]{6}", code)


# --- The polling fallback ---------------------------------------------------------------

# What the phone logs when its stream is aborted (the test's doing, not the page's):
# Chromium's line for the aborted request, and htmx logging each htmx:sseError's event.
ABORTED = ("net::ERR_FAILED", ": [object Event]")


@pytest.mark.parametrize("failure", ["stream-aborted", "no-eventsource"])
def test_a_phone_without_the_event_stream_follows_by_polling(screens, live_server, people, failure):
    """The phone's event stream never opens: its requests are aborted (live.js polls after
    two stream errors), or the browser has no EventSource at all (live.js polls at once).
    Either way the phone follows the trainer's moves through state/ every 3 s."""
    trainer = screens.open(live_server.url, people["trainer"])
    open_session_in_browser(trainer)
    code = LiveSession.objects.get().code
    phone = screens.open(live_server.url, viewport={"width": 390, "height": 844})
    streams, polls = [], []
    if failure == "stream-aborted":
        phone.route(re.compile(r"/live/[^/]+/events/"), lambda route: route.abort())
        # The phone retries its stream until the page closes: each abort logs these.
        ours = f"{live_server.url}/live/{code}/"
        screens.expected = lambda e: e.startswith(ours) and e.endswith(ABORTED)
    else:
        phone.add_init_script("delete window.EventSource;")
    phone.on(
        "request",
        lambda r: (
            (streams if r.url.endswith("/events/") else polls).append(r.url)
            if r.url.endswith(("/events/", "/state/"))
            else None
        ),
    )
    join_as_guest(phone, code, "Ana")

    trainer.get_by_role("button", name="Start").click()
    expect_question(phone, 0)
    answer(phone)
    trainer.get_by_role("button", name="Reveal").click()
    expect(stage(phone)).to_have_attribute("data-phase", "reveal", timeout=10_000)
    expect(phone.locator(".live-verdict")).to_be_visible()
    trainer.get_by_role("button", name="Leaderboard").click()
    expect(stage(phone)).to_have_attribute("data-phase", "leaderboard", timeout=10_000)
    trainer.get_by_role("button", name="Next question").click()
    expect_question(phone, 1)

    assert polls, "the phone never polled state/"
    if failure == "stream-aborted":
        assert len(streams) >= 2  # it tried the stream and gave up on it
    else:
        assert streams == []  # nothing to try without EventSource
    assert LiveAnswer.objects.filter(index=0).count() == 1
