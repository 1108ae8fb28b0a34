"""The widgets' JSON API and OpenAPI document (contract in DESIGN.md)."""

from __future__ import annotations

import json

import pytest

from studysite.widgets.registry import WIDGETS

URL = "/api/widgets/s3-uri"


def post(client, body, content_type="application/json"):
    return client.post(URL, body, content_type=content_type)


def test_a_good_request_gets_the_result(client):
    response = post(client, {"bucket": "amzn-s3-demo-bucket", "key": "a.txt"})
    assert response.status_code == 200
    assert response.json()["s3_uri"] == "s3://amzn-s3-demo-bucket/a.txt"
    assert response["Cache-Control"] == "no-store"


def test_bad_fields_get_400_with_one_error_per_field(client):
    response = post(client, {"bucket": "B", "region": "nowhere"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {e["field"] for e in errors} == {"bucket", "region"}
    assert all(e["message"] for e in errors)


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"",
        b"\xff\xfe\x00",
        b"[1, 2]",
        b'"text"',
        b"NaN",
        b'{"bucket": NaN}',
        b"[" * 5000,
    ],
)
def test_malformed_bodies_get_400(client, body):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]


def test_bodies_over_64_kib_get_413(client):
    response = post(client, json.dumps({"bucket": "a" * 70_000}))
    assert response.status_code == 413


def test_only_post_is_allowed(client):
    response = client.get(URL)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_an_unknown_widget_is_a_json_404(client):
    response = client.post("/api/widgets/nope", {}, content_type="application/json")
    assert response.status_code == 404
    assert "nope" in response.json()["errors"][0]["message"]


def test_the_api_needs_no_csrf_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, {"bucket": "amzn-s3-demo-bucket"}).status_code == 200


def test_openapi_lists_every_widget(client):
    document = client.get("/api/openapi.json").json()
    assert document["openapi"].startswith("3.")
    for name, spec in WIDGETS.items():
        operation = document["paths"][f"/api/widgets/{name}"]["post"]
        assert (
            operation["requestBody"]["content"]["application/json"]["schema"] == spec.input_schema
        )
        assert {"200", "400", "413"} <= set(operation["responses"])


HOSTILE_VALUES = [
    "",
    "   ",
    "x" * 10_000,
    "\x00\x01\x02\x7f",
    "💥🪣🔥",
    "שלום‮abc",
    "bücket-ñame",
    "<script>alert(1)</script>",
    "a\r\nb",
    123,
    None,
    ["list"],
    {"nested": True},
    True,
]


@pytest.mark.parametrize("name", sorted(WIDGETS))
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=repr)
def test_hostile_values_in_any_field_get_200_or_a_clear_400(client, name, value):
    for field in WIDGETS[name].fields:
        response = client.post(
            f"/api/widgets/{name}", {field: value}, content_type="application/json"
        )
        assert response.status_code in (200, 400), (field, response.content[:300])
        if response.status_code == 400:
            assert all(e["message"] for e in response.json()["errors"])


@pytest.mark.parametrize("name", sorted(WIDGETS))
@pytest.mark.parametrize("value", [v for v in HOSTILE_VALUES if isinstance(v, str)], ids=repr)
def test_hostile_values_in_forms_never_fail(client, name, value):
    for field in WIDGETS[name].fields:
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(f"/tools/{name}/", {field: value}, headers=headers)
            assert response.status_code == 200
            assert b"<script>alert" not in response.content
