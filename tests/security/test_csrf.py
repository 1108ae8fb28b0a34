"""Every POST without a CSRF token is refused, on every URL of the site (generated from the
URLconf), and changes nothing; the only exemptions are named in urlmap.py with a reason."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from .test_ownership import attack_data
from .urlmap import site_urls, url_params

pytestmark = pytest.mark.django_db

URLS = url_params()
ADMIN = [p.values[0] for p in url_params(staff=True)]
REFUSAL = "That form could not be accepted"
HTMX = {"HTTP_HX_REQUEST": "true"}


def strict(client: Client) -> Client:
    client.handler.enforce_csrf_checks = True
    return client


def check_refused(world, url) -> None:
    path = url.path(world)
    before, users = world.snapshot(), get_user_model().objects.count()
    clients = {"owner": strict(world.owner_client()), "stranger": strict(Client())}
    for who, client in clients.items():
        for headers in ({}, HTMX, {"HTTP_ORIGIN": "https://evil.example"}):
            response = client.post(path, attack_data(world), **headers)
            if url.spec is not None and url.spec.csrf_exempt:
                assert response.status_code < 500, (who, path, response.status_code)
                continue
            assert response.status_code == 403, (who, path, headers, response.status_code)
            assert REFUSAL in response.content.decode()
    assert world.snapshot() == before
    assert get_user_model().objects.count() == users


@pytest.mark.parametrize("url", URLS)
def test_a_post_without_a_token_is_refused_and_changes_nothing(world, url):
    check_refused(world, url)


def test_the_admin_refuses_posts_without_a_token(account_world):
    for url in ADMIN:
        check_refused(account_world, url)


def test_exemptions_are_few_and_explained():
    exempt = {u.key: u.spec.csrf_exempt for u in site_urls() if u.spec and u.spec.csrf_exempt}
    assert set(exempt) == {"widgets:api"}, exempt
    assert all(len(reason) > 20 for reason in exempt.values())


def test_the_refusal_page_says_nothing_was_changed(client):
    response = strict(Client()).post("/accounts/login/", {"username": "x", "password": "y"})
    html = response.content.decode()
    assert response.status_code == 403 and response["Cache-Control"] == "no-store"
    assert "Nothing was saved or changed" in html and "reload the page" in html
    assert 'role="alert"' in html and "CSRF cookie not set" not in html


def test_a_post_with_the_token_goes_through(account_world):
    client = strict(account_world.owner_client())
    page = client.get("/progress/chapter/s3-basics/")
    token = page.context["csrf_token"]
    response = client.post(
        "/progress/chapter/s3-basics/", {"read": "0", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
