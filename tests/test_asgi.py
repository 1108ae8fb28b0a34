"""The ASGI entry point (uvicorn): event streams go to Django's ASGI handler, every other
request to Django's WSGI handler in a thread pool (studysite/asgi.py says why), and both
serve the same site. Also the warm-up each server process does before it serves."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.test import override_settings

import studysite.asgi as entry
from studysite.streams import is_event_stream

STREAMS = ["/live/ABC234/events/", "/live/sessions/7/events/"]
NOT_STREAMS = [
    "/",
    "/live/",
    "/live/ABC234/",
    "/live/ABC234/answer/",
    "/live/ABC234/state/",
    "/live/sessions/7/",
    "/live/sessions/7/control/",
    "/live/ABC234/events",  # no slash: not the stream's URL (Django would redirect it)
    "/live/ABC234/events/x/",
    "/notes/iam/",
    "/no/such/page/",
    "/\x00/events/",
    "/" + "é" * 5000 + "/events/",
]


@pytest.mark.parametrize("path", STREAMS)
def test_the_two_stream_urls_are_event_streams(path):
    assert is_event_stream({"type": "http", "path": path, "root_path": ""})


@pytest.mark.parametrize("path", NOT_STREAMS)
def test_nothing_else_is(path):
    assert not is_event_stream({"type": "http", "path": path, "root_path": ""})


def test_a_sub_path_is_stripped_before_resolving():
    scope = {"type": "http", "path": "/study/live/ABC234/events/", "root_path": "/study"}
    assert is_event_stream(scope)
    assert not is_event_stream({**scope, "root_path": ""})
    with override_settings(FORCE_SCRIPT_NAME="/study"):
        assert is_event_stream({**scope, "root_path": ""})


def run(coroutine):
    """Run ``coroutine`` on a loop of its own (a browser test may have left one running
    in this thread)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def route(monkeypatch, scope) -> str:
    """Which handler ``entry.application`` hands ``scope`` to."""
    seen = []

    async def wsgi(scope, receive, send):
        seen.append("wsgi")

    async def asgi(scope, receive, send):
        seen.append("asgi")

    monkeypatch.setattr(entry, "django_wsgi", wsgi)
    monkeypatch.setattr(entry, "django_asgi", asgi)
    run(entry.application(scope, None, None))
    assert len(seen) == 1
    return seen[0]


def test_the_router_sends_streams_to_asgi_and_the_rest_to_wsgi(monkeypatch):
    http = {"type": "http", "root_path": "", "method": "GET"}
    for path in STREAMS:
        assert route(monkeypatch, {**http, "path": path}) == "asgi"
    for path in NOT_STREAMS:
        assert route(monkeypatch, {**http, "path": path}) == "wsgi"
    # What is not HTTP (lifespan, websocket) is Django's ASGI handler's to answer, as before.
    assert route(monkeypatch, {"type": "lifespan"}) == "asgi"
    assert route(monkeypatch, {"type": "websocket", "path": "/"}) == "asgi"


@pytest.mark.django_db(transaction=True)
def test_a_page_and_a_refused_post_through_the_real_entry_point():
    """End to end through a2wsgi and Django's WSGI handler: the same page, headers and
    CSRF refusal as Django's test client gives."""

    async def fetch():
        transport = httpx.ASGITransport(app=entry.application)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            page = await c.get("/live/")
            post = await c.post("/live/ABC234/answer/", data={"index": "0", "option": "1"})
            missing = await c.get("/live/ZZZZZZ/")
            return page, post, missing

    page, post, missing = run(fetch())
    assert page.status_code == 200
    assert "<h1>Join a live quiz</h1>" in page.text
    assert page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert post.status_code == 403  # no CSRF token: refused before the view
    assert missing.status_code == 404


def test_warm_up_builds_the_library_and_bank_once(monkeypatch):
    from studysite import warmup
    from studysite.chapters import loader

    calls = []
    monkeypatch.setattr(loader, "get_library", lambda: calls.append("library"))
    monkeypatch.setattr("studysite.quiz.bank.get_bank", lambda: calls.append("bank"))
    warmup.warm()
    assert calls == ["library", "bank"]


def test_warm_up_logs_broken_notes_and_lets_the_server_start(monkeypatch, caplog):
    from studysite import warmup
    from studysite.chapters import loader

    def broken():
        raise ValueError("notes/x.md: line 3: bad front matter")

    monkeypatch.setattr(loader, "get_library", broken)
    with caplog.at_level(logging.ERROR, logger="studysite.warmup"):
        warmup.warm()  # does not raise
    assert "did not load" in caplog.text
    assert "bad front matter" in caplog.text
