"""Nobody sees or changes another visitor's data, through any URL (generated from the
URLconf: see urlmap.py). Each check runs for an owner who is an account and for one who
is an anonymous browser."""

from __future__ import annotations

import pytest

from .urlmap import ROUTES, site_urls

pytestmark = pytest.mark.django_db

URLS = site_urls()
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"


def by_kind(*kinds: str):
    return [pytest.param(u, id=u.key) for u in URLS if u.spec and u.spec.kind in kinds]


def test_every_url_pattern_is_classified():
    missing = [f'    "{u.key}": Route(...),  # /{u.route}' for u in URLS if u.spec is None]
    assert not missing, "Classify these URLs in tests/security/urlmap.py:\n" + "\n".join(missing)


def test_the_table_names_no_url_that_is_gone():
    assert set(ROUTES) <= {u.key for u in URLS}


def assert_refused(response, path: str) -> None:
    """A 404, or a redirect to log in: and in neither case anything of the owner's."""
    if response.status_code in (301, 302):
        assert response["Location"].startswith((LOGIN, ADMIN_LOGIN, "/accounts/signup/")), (
            path,
            response["Location"],
        )
    else:
        assert response.status_code in (404, 405), (path, response.status_code)


def assert_nothing_of(world, response, path: str) -> None:
    body = b"".join(response) if response.streaming else response.content
    # The address asked for may be echoed (a log-in link's ?next=); nothing else may.
    for mark in (m for m in world.fingerprints if not path.startswith(m)):
        assert mark.encode() not in body, f"{path} showed {mark!r} to someone else"


@pytest.mark.parametrize("url", by_kind("object"))
def test_an_owned_object_refuses_everyone_else(world, url):
    path = url.path(world)
    if "GET" in url.spec.methods:
        # The owner does reach it (or the audit would prove nothing).
        mine = world.owner_client().get(path)
        assert mine.status_code in (200, 302), (path, mine.status_code)
    before = world.snapshot()
    for who, client in world.others().items():
        response = client.get(path)
        assert_refused(response, f"{who} GET {path}")
        assert_nothing_of(world, response, path)
        if "POST" in url.spec.methods:
            response = client.post(path, attack_data(world))
            assert response.status_code in (302, 400, 404), (who, path, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(LOGIN)
            assert_nothing_of(world, response, path)
    assert world.snapshot() == before


@pytest.mark.parametrize("url", by_kind("own"))
def test_a_page_of_ones_own_data_shows_others_none_of_it(world, url):
    path = url.path(world)
    before = world.snapshot()
    for who, client in world.others().items():
        if "GET" in url.spec.methods:
            response = client.get(path)
            assert response.status_code in (200, 302, 404), (who, path, response.status_code)
            assert_nothing_of(world, response, path)
        if "POST" in url.spec.methods:
            response = client.post(path, attack_data(world))
            assert response.status_code < 500, (who, path, response.status_code)
            assert_nothing_of(world, response, path)
    assert world.snapshot() == before, f"someone else's post to {path} changed the owner's data"


def test_exports_and_history_of_another_visitor_are_empty(world):
    for client in world.others().values():
        csv = b"".join(client.get("/history/export.csv")).decode()
        assert csv.count("\n") <= 1, csv  # the header line only
        data = b"".join(client.get("/history/export.json")).decode()
        assert "d1-q000" not in data and "d3-q000" not in data
    mine = b"".join(world.owner_client().get("/history/export.csv")).decode()
    assert "d1-q000" in mine  # the owner's own export does have them


@pytest.mark.parametrize("kind", ["account", "visitor"])
def test_the_admin_refuses_everyone_but_staff(bank, kind):
    from .conftest import build_world

    world = build_world(kind)
    for url in (u for u in URLS if u.spec and u.spec.kind == "staff"):
        check_admin_page(world, url)


def check_admin_page(world, url) -> None:
    path = url.path(world)
    if path.rstrip("/").endswith("/login"):
        return  # the admin's log-in form itself
    for who, client in world.others().items():
        response = client.get(path, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else path
        # Sent to the admin's log-in (perhaps through another admin page), or a 404.
        assert final.startswith(ADMIN_LOGIN) or response.status_code == 404, (who, path, final)
        assert_nothing_of(world, response, path)


@pytest.mark.parametrize("url", by_kind("token"))
def test_a_wrong_secret_in_the_address_shows_nothing(world, url):
    path = url.path(world)
    before = world.snapshot()
    for who, client in world.others().items():
        for response in (client.get(path), client.post(path, attack_data(world))):
            assert response.status_code in (200, 302, 400, 404), (who, path)
            assert_nothing_of(world, response, path)
    assert world.snapshot() == before


def test_a_wrong_reset_token_shows_nothing_of_the_account(world):
    path = f"/accounts/password/reset/{world.alice_uid}/bad-token/"
    for client in world.others().values():
        response = client.get(path, follow=True)
        html = response.content.decode()
        assert response.status_code == 200 and "This link no longer works" in html
        assert_nothing_of(world, response, path)
        response = client.post(path, {"new_password1": "x-new-pass-991", "new_password2": "x"})
        assert response.status_code in (200, 302, 400)
    world.alice.refresh_from_db()
    assert world.alice.check_password("audit-passphrase-4417")


def attack_data(world) -> dict[str, object]:
    """One post naming the owner's things in every field any form of the site reads."""
    return {
        "question": world.flagged_ref,
        "flag": "off",
        "read": "0",
        "source": "practice",
        "id": str(world.practice.pk),
        "confirm": "submit",
        "version": "1",
        "option": ["0"],
        "go": "next",
        "count": "1",
        "next": "/",
    }
