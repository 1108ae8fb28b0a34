"""Whatever a request carries comes back escaped, redirects stay on the site, and a page
that is only read writes nothing (every URL, generated from the URLconf)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from studysite.widgets.registry import WIDGETS

from .urlmap import ROUTES, url_params

pytestmark = pytest.mark.django_db

PAYLOAD = "\"'><script>alert(1)</script><img src=x onerror=alert(2)><svg/onload=alert(3)>"
RAW = ("<script>alert(1)", "<img src=x onerror", "<svg/onload")
# Every query parameter any view reads, and every widget form field.
PARAMS = sorted(
    {p for r in ROUTES.values() for p in r.params}
    | {f for spec in WIDGETS.values() for f in spec.fields}
)
EVIL_TARGETS = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "http:/evil.example",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "/%2F%2Fevil.example",
    "/ok\r\nLocation: https://evil.example",
    "\x00/evil",
    " //evil.example",
    "foo",
    "{{7*7}}",
    "<!--",
]
GETS = url_params(methods=("GET",))
POSTS = url_params(methods=("POST",))
ADMIN = [p.values[0] for p in url_params(staff=True)]


def body(response) -> str:
    raw = b"".join(response) if response.streaming else response.content
    return raw.decode("utf-8", "replace")


def assert_escaped(response, where: str) -> None:
    assert response.status_code < 500, (where, response.status_code)
    if response.get("Content-Type", "").startswith("text/html"):
        text = body(response)
        for raw in RAW:
            assert raw not in text, f"{where} reflected {raw!r} unescaped"


def assert_local_redirect(response, where: str) -> None:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (
            where,
            location,
        )
        parts = urlsplit(location)
        assert not parts.scheme and not parts.netloc, (where, location)
    for header in ("HX-Redirect", "HX-Location"):
        if header in response:
            assert response[header].startswith("/") and not urlsplit(response[header]).netloc


def viewers(world) -> dict[str, Client]:
    return {"owner": world.owner_client(), **world.others()}


@pytest.mark.parametrize("url", GETS)
def test_query_parameters_are_escaped(world, url):
    path = url.path(world)
    for who, client in viewers(world).items():
        response = client.get(path, dict.fromkeys(PARAMS, PAYLOAD))
        assert_escaped(response, f"{who} GET {path}")
        assert_local_redirect(response, f"{who} GET {path}")
        response = client.get(path, dict.fromkeys(PARAMS, PAYLOAD), HTTP_HX_REQUEST="true")
        assert_escaped(response, f"{who} htmx GET {path}")


@pytest.mark.parametrize("url", POSTS)
def test_posted_fields_are_escaped(world, url):
    path = url.path(world)
    data = dict.fromkeys(
        [*PARAMS, "username", "email", "password", "question", "option", "go", "read"], PAYLOAD
    )
    for who, client in viewers(world).items():
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(path, data, **headers)
            assert_escaped(response, f"{who} POST {path}")
            assert_local_redirect(response, f"{who} POST {path}")


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_every_widget_page_escapes_its_fields(client, bank, name):
    spec = WIDGETS[name]
    data = dict.fromkeys(spec.fields, PAYLOAD)
    assert_escaped(client.get(f"/tools/{name}/", data), f"GET tool {name}")
    assert_escaped(client.post(f"/tools/{name}/", data), f"POST tool {name}")
    assert_escaped(
        client.post(f"/tools/{name}/", data, HTTP_HX_REQUEST="true"), f"htmx POST tool {name}"
    )


@pytest.mark.parametrize("url", GETS + POSTS)
def test_no_next_leads_off_the_site(account_world, url):
    world = account_world
    path = url.path(world)
    # Every hostile target where a view reads ``next``; a few everywhere else.
    reads_next = "next" in url.spec.params or url.key == "quiz:flag"
    targets = EVIL_TARGETS if reads_next else EVIL_TARGETS[:3]
    for who, client in {"owner": world.owner_client(), "stranger": Client()}.items():
        for target in targets:
            response = client.get(path, {"next": target})
            assert response.status_code < 500, (who, path, target)
            assert_local_redirect(response, f"{who} GET {path} next={target!r}")
            response = client.post(path, {"next": target, "flag": "on", "read": "1"})
            assert response.status_code < 500, (who, path, target)
            assert_local_redirect(response, f"{who} POST {path} next={target!r}")


def test_log_in_and_log_out_follow_only_local_paths(account_world):
    client = Client()
    for target in EVIL_TARGETS:
        if target.startswith("/%2F"):
            continue  # a path on this site (percent-encoded slashes), followed as such
        response = client.post(
            "/accounts/login/",
            {"username": "alice-owner-q7", "password": "audit-passphrase-4417", "next": target},
        )
        assert response.status_code == 302 and response["Location"] == "/", target
        response = client.post("/accounts/logout/", {"next": target})
        assert response.status_code == 302 and response["Location"] == "/", target
    response = client.post(
        "/accounts/login/",
        {"username": "alice-owner-q7", "password": "audit-passphrase-4417", "next": "/history/"},
    )
    assert response["Location"] == "/history/"
    assert client.post("/accounts/logout/", {"next": "/tools/"})["Location"] == "/tools/"


WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.mark.parametrize("url", GETS)
def test_reading_a_page_writes_nothing(world, url):
    """Issue 22, finding 1: on SQLite a write takes the one write lock, so a page that only
    shows something must not write (sessions included)."""
    path = url.path(world)
    for who, client in viewers(world).items():
        client.get(path)  # a first visit may set up what a visitor needs
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code < 500
        writes = [q["sql"][:120] for q in queries.captured_queries if WRITE.match(q["sql"])]
        assert writes == [], f"{who} GET {path} wrote: {writes}"


def test_the_admin_escapes_reflects_nothing_and_writes_nothing(account_world):
    world = account_world
    for url in ADMIN:
        path = url.path(world)
        for who, client in viewers(world).items():
            response = client.get(path, dict.fromkeys(PARAMS, PAYLOAD))
            assert_escaped(response, f"{who} GET {path}")
            assert_local_redirect(response, f"{who} GET {path}")
            response = client.get(path, {"next": EVIL_TARGETS[0]})
            assert_local_redirect(response, f"{who} GET {path}")
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            writes = [q["sql"][:120] for q in queries.captured_queries if WRITE.match(q["sql"])]
            assert writes == [], f"{who} GET {path} wrote: {writes}"
