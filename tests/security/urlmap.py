"""Every URL pattern of the site, generated from the URLconf, with what it may show whom.

The audit tests iterate :func:`site_urls`, which walks ``get_resolver()`` and looks each
pattern up in :data:`ROUTES`. A pattern that is not in the table fails
``test_every_url_pattern_is_classified`` with the line to add, so a new URL cannot be
forgotten: whoever adds one says here whether it shows a visitor's own data, and with
which arguments the audit reaches another account's objects.

Kinds:

``public``  the same for everyone (chapters, tools, log-in ...); no owner data.
``own``     this visitor's own data, found through the session (history, review ...):
            another visitor must never see the first one's.
``object``  an owned object named in the URL (an exam, a practice set, a day of
            attempts): any other visitor gets 404 or is sent to log in.
``token``   reached only with a secret from the account's mailbox (password reset).
``staff``   the admin: anyone who is not staff is sent to the admin log-in (or gets 404).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

Args = Callable[[Any], dict[str, object]]


@dataclass(frozen=True)
class Route:
    kind: str
    # Arguments for the URL, from the audit's world (see conftest.World): another
    # account's objects for ``object``, any valid value otherwise.
    args: Args = field(default=lambda w: {})
    # Methods the view answers (others get 405); the CSRF audit posts to every URL anyway.
    methods: tuple[str, ...] = ("GET",)
    # Why a POST needs no CSRF token (the view is exempt and changes nothing).
    csrf_exempt: str = ""
    # Query parameters the view reads (the escaping audit reflects a payload in each).
    params: tuple[str, ...] = ()
    # Which owners' objects the route can name: teams belong to accounts only.
    owners: tuple[str, ...] = ("account", "visitor")


def _chapter(w) -> dict[str, object]:
    return {"slug": "s3-basics"}


ROUTES: dict[str, Route] = {
    "home": Route("public"),
    "chapters:chapter": Route("public", _chapter),
    "chapters:search": Route("public", params=("q", "page")),
    "widgets:index": Route("public"),
    "widgets:tool": Route("public", lambda w: {"name": "s3-uri"}, ("GET", "POST")),
    "widgets:api": Route(
        "public",
        lambda w: {"name": "s3-uri"},
        ("POST",),
        csrf_exempt="JSON API for any client; it reads no session or cookie and stores nothing",
    ),
    "widgets:openapi": Route("public"),
    "quiz:chapter": Route("own", _chapter, ("GET", "POST"), params=("round", "after")),
    "quiz:flag": Route("own", methods=("POST",)),
    "quiz:practice": Route("own", methods=("GET", "POST")),
    "quiz:practice-set": Route(
        "object", lambda w: {"practice_id": w.practice.pk}, ("GET", "POST"), params=("answered",)
    ),
    "quiz:practice-again": Route("own", methods=("POST",)),
    "quiz:exam": Route("own", methods=("GET", "POST")),
    "quiz:exam-resume": Route("object", lambda w: {"exam_id": w.open_exam.pk}),
    "quiz:exam-question": Route(
        "object", lambda w: {"exam_id": w.open_exam.pk, "number": 1}, ("GET", "POST")
    ),
    "quiz:exam-review": Route(
        "object", lambda w: {"exam_id": w.open_exam.pk}, ("GET", "POST"), params=("step",)
    ),
    "quiz:exam-report": Route("object", lambda w: {"exam_id": w.finished_exam.pk}),
    "progress:review": Route("own", methods=("GET", "POST"), params=("after",)),
    "progress:history": Route("own", params=("page", "attempts")),
    "progress:export-csv": Route("own"),
    "progress:export-json": Route("own"),
    "progress:attempt-chapter": Route("object", lambda w: {"slug": "s3-basics", "day": w.day}),
    "progress:attempt-review": Route("object", lambda w: {"day": w.day}),
    # Live answers are recorded for accounts only (guests leave no history).
    "progress:attempt-live": Route("object", lambda w: {"session": w.live.pk}, owners=("account",)),
    "progress:chapter-read": Route("own", _chapter, ("GET", "POST"), params=("changed",)),
    "accounts:signup": Route("public", methods=("GET", "POST"), params=("next",)),
    "accounts:welcome": Route("own"),
    "accounts:delete": Route("own", methods=("GET", "POST")),
    "accounts:deleted": Route("public", params=("who",)),
    "accounts:login": Route("public", methods=("GET", "POST"), params=("next",)),
    "accounts:logout": Route("own", methods=("POST",), params=("next",)),
    "accounts:password_change": Route("own", methods=("GET", "POST")),
    "accounts:password_change_done": Route("own"),
    "accounts:password_reset": Route("public", methods=("GET", "POST")),
    "accounts:password_reset_done": Route("public"),
    # Reached only with a valid token from the account's mailbox; the audit's is wrong.
    "accounts:password_reset_confirm": Route(
        "token", lambda w: {"uidb64": w.alice_uid, "token": "bad-token"}, ("GET", "POST")
    ),
    "accounts:password_reset_complete": Route("public"),
    # Teams: a trainer's team, its dashboard and assignments are the team's members' only.
    "teams:index": Route("own"),
    "teams:new": Route("own", methods=("POST",)),
    "teams:join": Route("own", methods=("GET", "POST")),
    "teams:invite": Route("token", lambda w: {"code": "WRONGCODE1"}, ("GET", "POST")),
    "teams:team": Route("object", lambda w: {"team_id": w.team.pk}, owners=("account",)),
    "teams:leave": Route(
        "object", lambda w: {"team_id": w.team.pk}, ("POST",), owners=("account",)
    ),
    "teams:csv": Route("object", lambda w: {"team_id": w.team.pk}, owners=("account",)),
    "teams:assign": Route(
        "object", lambda w: {"team_id": w.team.pk}, ("POST",), owners=("account",)
    ),
    "teams:set": Route(
        "object",
        lambda w: {"team_id": w.team.pk, "assignment_id": w.assignment.pk},
        ("GET", "POST"),
        owners=("account",),
    ),
    "teams:unassign": Route(
        "object",
        lambda w: {"team_id": w.team.pk, "assignment_id": w.assignment.pk},
        ("POST",),
        owners=("account",),
    ),
    # Live sessions: the presenter's URLs are its trainer's only (404 for everyone else);
    # a phone's URLs need the code and a participant's cookie (the audit's code is wrong).
    "live:join": Route("public", methods=("GET", "POST"), params=("code",)),
    "live:new": Route("own", methods=("GET", "POST")),
    "live:present": Route("object", lambda w: {"session_id": w.live.pk}, owners=("account",)),
    "live:present-state": Route("object", lambda w: {"session_id": w.live.pk}, owners=("account",)),
    # An event stream never ends: the audit checks only that it refuses others (GET by
    # anyone else is a 404; its owner's stream is tested in tests/teams).
    "live:present-events": Route(
        "object", lambda w: {"session_id": w.live.pk}, ("HEAD",), owners=("account",)
    ),
    "live:control": Route(
        "object", lambda w: {"session_id": w.live.pk}, ("POST",), owners=("account",)
    ),
    "live:summary-csv": Route("object", lambda w: {"session_id": w.live.pk}, owners=("account",)),
    "live:play": Route("token", lambda w: {"code": "ZZZZZZ"}),
    "live:state": Route("token", lambda w: {"code": "ZZZZZZ"}),
    "live:events": Route("token", lambda w: {"code": "ZZZZZZ"}),
    "live:answer": Route("token", lambda w: {"code": "ZZZZZZ"}, ("POST",)),
}
STAFF_PREFIX = "admin/"


@dataclass(frozen=True)
class SiteUrl:
    key: str  # the URL name, or the route for an unnamed pattern
    route: str  # the pattern as written, e.g. "quiz/exam/<int:exam_id>/"
    spec: Route | None

    def path(self, world) -> str:
        """The URL with this route's arguments filled in from ``world`` (a skip when the
        route cannot name that kind of owner's objects)."""
        if self.spec is not None and world.kind not in self.spec.owners:
            import pytest

            pytest.skip(f"{self.key} names only objects of: {', '.join(self.spec.owners)}")
        args = self.spec.args(world) if self.spec is not None else {}
        return "/" + fill(self.route, args)


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name or route, route


def site_urls() -> list[SiteUrl]:
    """Every pattern in the URLconf, each with its entry in ROUTES (staff for the admin)."""
    urls = []
    for key, route in _walk(get_resolver().url_patterns):
        spec = ROUTES.get(key)
        if spec is None and route.startswith(STAFF_PREFIX):
            spec = Route("staff", methods=("GET", "POST"))
        urls.append(SiteUrl(key, route, spec))
    return urls


CONVERTER = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
GROUP = re.compile(r"\(\?P<(?P<name>\w+)>(?P<body>[^()]*)\)")


def fill(route: str, args: dict[str, object]) -> str:
    """A concrete path for a route: named arguments from ``args``, others a sample value
    (the admin's patterns, which the audit only needs to reach)."""

    def converter(match: re.Match) -> str:
        name = match["name"]
        if name in args:
            return str(args[name])
        return "1" if match["conv"] == "int" else "x"

    def group(match: re.Match) -> str:
        name = match["name"]
        if name in args:
            return str(args[name])
        body = match["body"]
        if "|" in body:  # an alternation such as (?P<app_label>auth|axes)
            return body.split("|")[0]
        return "x"

    path = CONVERTER.sub(converter, route)
    path = GROUP.sub(group, path)
    return path.lstrip("^").rstrip("$").replace("\\", "")


def url_params(*, methods: tuple[str, ...] = (), staff: bool = False) -> list:
    """pytest params of the site's URLs (admin ones only with ``staff``: they are many
    and alike, so the audits check them together in one test each)."""
    import pytest

    return [
        pytest.param(u, id=u.key)
        for u in site_urls()
        if u.spec
        and (u.spec.kind == "staff") == staff
        and (not methods or any(m in u.spec.methods for m in methods))
    ]
