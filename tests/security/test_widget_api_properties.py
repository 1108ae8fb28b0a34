"""Hypothesis over every widget's JSON API, straight from the widget registry (so a new
widget is covered the day it is registered): huge, binary, unicode and control-character
input and wrong types get a 400 (or 413) with messages, never a 500, and write nothing."""

from __future__ import annotations

import json
import os

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studysite.widgets.api import MAX_BODY_BYTES
from studysite.widgets.registry import WIDGETS

pytestmark = pytest.mark.django_db

# More with STUDYSITE_AUDIT_EXAMPLES=500 for a deeper local run.
EXAMPLES = int(os.environ.get("STUDYSITE_AUDIT_EXAMPLES", "25"))
WRITE = ("INSERT", "UPDATE", "DELETE", "REPLACE")

# Text that breaks careless code: control characters, lone surrogates (JSON can carry
# them as \ud800 escapes), right-to-left marks, NUL, very long runs.
hostile_text = st.one_of(
    st.text(max_size=40),
    st.text(st.characters(codec="utf-8"), max_size=40),
    st.text(st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
    st.sampled_from(["\ud800", "\udfff", "\u202e", "\x00", "\ufeff", "A\u0301", "𝔘"]),
    st.integers(min_value=1000, max_value=20_000).map(lambda n: "x" * n),
    st.sampled_from(["-1", "1e309", "NaN", "0x10", "٣", "１２", "9" * 400]),
)
json_value = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


def post(client: Client, name: str, body: bytes, content_type: str = "application/json"):
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/widgets/{name}", body, content_type=content_type)
    writes = [
        q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITE)
    ]
    assert writes == [], writes
    return response


def assert_answered(response, name: str) -> None:
    assert response.status_code in (200, 400, 413), (name, response.status_code)
    data = json.loads(response.content)
    if response.status_code != 200:
        errors = data["errors"]
        assert errors and all(isinstance(e["message"], str) and e["message"] for e in errors)


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_hostile_json_objects_never_break_a_widget(name):
    spec = WIDGETS[name]
    client = Client()

    @settings(
        max_examples=EXAMPLES,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        fields=st.fixed_dictionaries({}, optional=dict.fromkeys(spec.fields, json_value)),
        extra=st.dictionaries(hostile_text, json_value, max_size=2),
    )
    def check(fields, extra):
        body = json.dumps({**extra, **fields}).encode()
        if len(body) > MAX_BODY_BYTES:
            body = body[: MAX_BODY_BYTES + 10]
        assert_answered(post(client, name, body), name)

    check()


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_bodies_that_are_not_json_objects_are_a_400(name):
    client = Client()

    @settings(max_examples=max(10, EXAMPLES // 2), suppress_health_check=[HealthCheck.too_slow])
    @given(
        body=st.one_of(
            st.binary(max_size=300),
            json_value.map(lambda v: json.dumps(v).encode()),
            st.sampled_from([b"", b"{", b"[]", b'"x"', b"null", b"NaN", b"{" * 5000, b"\xff\xfe"]),
        )
    )
    def check(body):
        response = post(client, name, body)
        assert_answered(response, name)
        try:
            value = json.loads(body)
        except ValueError:
            value = None
        if not isinstance(value, dict):
            assert response.status_code in (400, 413)

    check()


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_an_oversized_body_is_refused_with_413(name):
    response = post(Client(), name, b'{"x": "' + b"a" * (MAX_BODY_BYTES + 1) + b'"}')
    assert response.status_code == 413
    assert "larger than 64 KiB" in json.loads(response.content)["errors"][0]["message"]


def test_every_registered_widget_is_audited():
    # The parametrizations above read the registry itself; this names what they cover.
    assert len(WIDGETS) >= 9 and all(spec.fields for spec in WIDGETS.values())
