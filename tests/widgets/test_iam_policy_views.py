"""The IAM policy evaluator through its JSON API, its tool page (with and without htmx)
and a chapter embed: what the learner is told, and that bad input never fails."""

from __future__ import annotations

import html as html_module
import json
import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from studysite.widgets.logic.iam_policy import EXAMPLES, INITIAL

API = "/api/widgets/iam-policy"
PAGE = "/tools/iam-policy/"
ALICE = "arn:aws:iam::111122223333:user/alice"
OBJECT = "arn:aws:s3:::amzn-s3-demo-bucket/reports/q1.pdf"
READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadReports",
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws:s3:::amzn-s3-demo-bucket/*",
        }
    ],
}


def request_body(**changes):
    body = {
        "request": {
            "principal": ALICE,
            "action": "s3:GetObject",
            "resource": OBJECT,
            "context": {"aws:SourceIp": "203.0.113.7"},
        },
        "identity_policies": [READ],
        "resource_policy": None,
        "permissions_boundary": None,
        "scps": [],
        "session_policy": None,
    }
    body.update(changes)
    return body


def post(client, body, content_type="application/json"):
    if not isinstance(body, bytes | str):
        body = json.dumps(body)
    return client.post(API, body, content_type=content_type)


def result_of(html: str) -> str:
    """The text of the result region, tags stripped, spaces collapsed."""
    start = html.index('class="widget-result"')
    text = re.sub(r"<[^>]+>", " ", html[start:])
    return re.sub(r"\s+", " ", html_module.unescape(text))


class TestApi:
    def test_the_designed_shape(self, client):
        response = post(client, request_body())
        body = response.json()
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert body["decision"] == "allow"
        assert body["decided_by"] == "session-policy"
        assert body["matched"] == [
            {
                "policy": "identity_policies[0]",
                "label": "Identity-based policy 1",
                "sid": "ReadReports",
                "statement": 1,
                "effect": "Allow",
            }
        ]
        assert [s["step"] for s in body["steps"]] == [
            "explicit-deny",
            "scp",
            "resource-policy",
            "identity-policy",
            "permissions-boundary",
            "session-policy",
        ]
        assert all({"step", "result"} <= set(s) for s in body["steps"])

    def test_policies_may_be_sent_as_json_text(self, client):
        body = request_body(identity_policies=[json.dumps(READ)], scps=json.dumps([READ]))
        response = post(client, body)
        assert response.status_code == 200
        assert response.json()["decision"] == "allow"
        assert [m["policy"] for m in response.json()["matched"]] == [
            "scps[0]",
            "identity_policies[0]",
        ]

    def test_an_explicit_deny_in_an_scp(self, client):
        scp = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "*", "Resource": "*"},
                {"Sid": "NoS3", "Effect": "Deny", "Action": "s3:*", "Resource": "*"},
            ],
        }
        body = post(client, request_body(scps=[scp])).json()
        assert (body["decision"], body["decided_by"]) == ("explicit-deny", "explicit-deny")
        denies = [m for m in body["matched"] if m["effect"] == "Deny"]
        assert [(m["policy"], m["sid"]) for m in denies] == [("scps[0]", "NoS3")]

    def test_bad_policies_get_400_with_one_message_per_problem(self, client):
        bad = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Effect": "Deny", "Resource": "*"},
                {
                    "Effect": "Allow",
                    "Action": "*",
                    "Resource": "*",
                    "Condition": {"StringEqualz": {"a": "b"}},
                },
            ],
        }
        response = post(
            client,
            request_body(
                identity_policies=[bad],
                resource_policy="not json",
                request={"principal": "bob", "action": "s3:GetObject", "resource": OBJECT},
            ),
        )
        assert response.status_code == 400
        errors = response.json()["errors"]
        by_field: dict[str, list[str]] = {}
        for error in errors:
            by_field.setdefault(error["field"], []).append(error["message"])
        assert set(by_field) == {"identity_policies", "resource_policy", "request.principal"}
        messages = " | ".join(by_field["identity_policies"])
        assert 'statement 1: Effect must be "Allow" or "Deny"' in messages
        assert "statement 2: Action (or NotAction) is missing" in messages
        assert 'statement 3: Unknown condition operator "StringEqualz"' in messages
        assert "not valid JSON" in by_field["resource_policy"][0]

    def test_a_missing_request_is_a_400(self, client):
        response = post(client, {"identity_policies": [READ]})
        assert response.status_code == 400
        assert {e["field"] for e in response.json()["errors"]} >= {"principal", "action"}

    def test_bodies_over_64_kib_get_413(self, client):
        big = request_body(
            identity_policies=[{**READ, "Id": "x" * 70_000}],
        )
        assert post(client, big).status_code == 413

    def test_a_policy_just_under_the_limit_is_evaluated(self, client):
        statements = [
            {"Sid": f"S{i}", "Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}
            for i in range(700)
        ]
        body = request_body(identity_policies=[{"Version": "2012-10-17", "Statement": statements}])
        encoded = json.dumps(body)
        assert 50_000 < len(encoded) < 64 * 1024
        response = post(client, encoded)
        assert response.status_code == 200
        assert response.json()["decision"] == "implicit-deny"

    def test_the_openapi_document_describes_it(self, client):
        document = client.get("/api/openapi.json").json()
        operation = document["paths"][API]["post"]
        schema = operation["requestBody"]["content"]["application/json"]["schema"]
        assert schema["required"] == ["request"]
        assert set(schema["properties"]) == {
            "request",
            "identity_policies",
            "resource_policy",
            "permissions_boundary",
            "scps",
            "session_policy",
        }
        output = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert output["properties"]["decision"]["enum"] == [
            "allow",
            "explicit-deny",
            "implicit-deny",
        ]


HOSTILE_BODIES = [
    b"\xff\xfe\x00\x01binary",
    b'{"request": "\\u0000"}',
    json.dumps(
        request_body(
            request={"principal": ALICE, "action": "s3:GetObject", "resource": "arn:aws:s3:::🪣/🔥"}
        )
    ).encode(),
    json.dumps(request_body(identity_policies=["\x00\x01\x02"])).encode(),
    json.dumps(
        request_body(identity_policies=[{"Version": "2012-10-17", "Statement": [[[[[]]]]]}])
    ).encode(),
    json.dumps(request_body(identity_policies=["[" * 3000])).encode(),
    json.dumps(
        request_body(
            identity_policies=[
                {
                    "Statement": {
                        "Effect": "Allow",
                        "Action": "s3:*",
                        "Resource": "arn:aws:s3:::" + "*" * 20_000,
                    }
                }
            ]
        )
    ).encode(),
    json.dumps(
        request_body(
            identity_policies=[
                {
                    "Version": "2012-10-17",
                    "Statement": {
                        "Effect": "Allow",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {"StringLike": {"k": "a*" * 5000 + "b"}},
                    },
                }
            ],
            request={
                "principal": ALICE,
                "action": "s3:GetObject",
                "resource": OBJECT,
                "context": {"k": "a" * 1000},
            },
        )
    ).encode(),
    json.dumps(
        request_body(
            request={
                "principal": ALICE,
                "action": "s3:GetObject",
                "resource": OBJECT,
                "context": {"key\u202e": "שלום", "k\tab": "x", "ok": ["\x00"]},
            }
        )
    ).encode(),
    json.dumps(
        request_body(
            identity_policies=[
                {
                    "Version": "2012-10-17",
                    "Statement": {
                        "Effect": "Allow",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {
                            "DateLessThan": {"aws:CurrentTime": "9" * 12},
                            "NumericLessThan": {"n": "1e9999"},
                        },
                    },
                }
            ]
        )
    ).encode(),
    json.dumps(request_body(scps=[None, 1, "x", [], {}])).encode(),
    json.dumps(
        request_body(
            resource_policy={
                "Version": "2012-10-17",
                "Statement": {"Effect": "Allow", "Principal": {"AWS": [1, None]}, "Action": "*"},
            }
        )
    ).encode(),
    json.dumps(
        {
            "request": {
                "principal": "anonymous",
                "action": "s3:GetObject",
                "resource": "*",
                "context": "aws:SourceIp=::1\nx=" + "é" * 900,
            }
        }
    ).encode(),
]


@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=range(len(HOSTILE_BODIES)))
def test_hostile_bodies_get_200_or_a_clear_400(client, body):
    response = post(client, body)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        assert all(e["message"] for e in response.json()["errors"])
    else:
        assert response.json()["decision"] in ("allow", "explicit-deny", "implicit-deny")


class TestToolPage:
    def test_the_page_starts_with_the_teaching_example_evaluated(self, client):
        response = client.get(PAGE)
        html = response.content.decode()
        assert response.status_code == 200
        assert "<html" in html and '<form method="post" action="/tools/iam-policy/"' in html
        for field in ("principal", "action", "resource"):
            assert f'name="{field}"' in html
        for field in (
            "context",
            "identity_policies",
            "resource_policy",
            "scps",
            "permissions_boundary",
            "session_policy",
        ):
            assert f'<textarea id="tool-{field}" name="{field}"' in html
        assert "&quot;Sid&quot;: &quot;ReadReports&quot;" in html  # the identity policy, pre-filled
        assert "aws:SourceIp=203.0.113.7" in html
        text = result_of(html)
        assert "✓ Allowed" in text
        assert "every step of the evaluation let it through" in text
        assert 'Identity-based policy 1, statement "ReadReports" allows s3:GetObject' in text
        assert "Statements that almost apply" in text and "DenyInsecureTransport" in text

    def test_the_page_has_no_inline_script_or_style(self, client):
        html = client.get(PAGE).content.decode()
        assert " style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)

    def test_the_examples_are_listed_and_each_link_teaches_its_point(self, client):
        html = client.get(PAGE).content.decode()
        links = re.findall(r'<li><a href="(/tools/iam-policy/\?[^"]+)">([^<]+)</a></li>', html)
        labels = [label for _link, label in links]
        assert labels == [label for label, _values in EXAMPLES]
        expected = {
            "Explicit deny in an SCP (a Region outside the EU)": (
                "Denied: explicit deny",
                'SCP 1, statement "DenyOutsideEU" denies s3:GetObject',
            ),
            "A permissions boundary that blocks": (
                "Denied: implicit deny",
                "The permissions boundary does not allow s3:GetObject",
            ),
            "Cross-account without a bucket policy that allows": (
                "Denied: implicit deny",
                "across accounts both sides must allow",
            ),
            "Cross-account with a bucket policy that allows": (
                "✓ Allowed",
                "both accounts allow it",
            ),
            "A condition on aws:SourceIp": (
                "Denied: implicit deny",
                "the request has aws:SourceIp = 198.51.100.25",
            ),
        }
        for link, label in links:
            assert len(link) < 4000  # gunicorn refuses request lines over 4094 bytes
            text = result_of(client.get(link.replace("&amp;", "&")).content.decode())
            verdict, words = expected[label]
            assert verdict in text and words in text, label

    def test_a_plain_post_returns_the_whole_page_with_the_result(self, client):
        values = {**INITIAL, "action": "s3:PutObject"}
        response = client.post(PAGE, values)
        html = response.content.decode()
        assert response.status_code == 200 and "<html" in html
        assert response["Cache-Control"] == "no-store"
        text = result_of(html)
        assert "Denied: implicit deny" in text
        assert "decided at the step “Identity-based policies”" in text
        assert "No identity-based policy allows s3:PutObject" in text

    def test_an_htmx_post_returns_only_the_result(self, client):
        values = {**INITIAL, "context": "aws:RequestedRegion=us-east-1", "prefix": "w3"}
        response = client.post(PAGE, values, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html and "<form" not in html
        assert "Denied: explicit deny" in html
        assert 'class="eval-step result-explicit-deny is-decisive"' in html
        assert html.count('class="eval-step result-not-evaluated"') == 5

    def test_errors_link_to_their_field_and_mark_it_invalid(self, client):
        values = {
            **INITIAL,
            "identity_policies": '{"Version": "2012-10-17", "Statement": {"Effect": "allow"}}',
        }
        html = client.post(PAGE, values).content.decode()
        assert 'role="alert"' in html
        assert 'href="#tool-identity_policies"' in html
        assert re.search(r'<textarea id="tool-identity_policies"[^>]*aria-invalid="true"', html)
        assert "Identity-based policy, statement 1: Effect must be" in html or (
            "Identity-based policy 1, statement 1: Effect must be" in html
        )

    def test_the_boundary_and_session_policy_open_when_given(self, client):
        closed = client.get(PAGE).content.decode()
        assert '<details class="field field-wide more-policies">' in closed
        opened = client.get(PAGE, {"session_policy": json.dumps(READ)}).content.decode()
        assert '<details class="field field-wide more-policies" open>' in opened
        assert "The session policy was ignored" in opened  # alice is an IAM user

    def test_a_permalink_reproduces_the_result(self, client):
        values = {**INITIAL, "principal": "arn:aws:iam::444455556666:user/bob"}
        html = client.post(PAGE, values).content.decode()
        link = (
            re.search(r'<p class="permalink"><a href="([^"]+)">', html)
            .group(1)
            .replace("&amp;", "&")
        )
        again = result_of(client.get(link).content.decode())
        assert "A cross-account request: the caller is in account 444455556666" in again
        assert "Denied: implicit deny" in again

    def test_a_result_too_long_for_a_link_gets_none(self, client):
        long_policy = json.dumps({**READ, "Id": "x" * 5000})
        html = client.post(PAGE, {**INITIAL, "identity_policies": long_policy}).content.decode()
        assert "✓ Allowed" in result_of(html)
        assert 'class="permalink"' not in html

    def test_htmx_posts_need_our_origin_or_the_csrf_token(self, client):
        # The tool page is shared by every visitor, so it carries no token (issue 14); a
        # post from the site's own origin passes, anything else needs the cookie's token.
        strict = Client(enforce_csrf_checks=True)
        assert "X-CSRFToken" not in strict.get(PAGE).content.decode()
        assert strict.post(PAGE, INITIAL, headers={"HX-Request": "true"}).status_code == 403
        same = {"HX-Request": "true", "Sec-Fetch-Site": "same-origin"}
        assert strict.post(PAGE, INITIAL, headers=same).status_code == 200
        strict.get("/progress/chapter/iam/")  # a page with a form sets the cookie
        token = strict.cookies["csrftoken"].value
        ok = strict.post(PAGE, INITIAL, headers={"HX-Request": "true", "X-CSRFToken": token})
        assert ok.status_code == 200

    @pytest.mark.parametrize(
        "value",
        [
            "x" * 200_000,
            "\x00\x01\x02",
            "💥" * 1000,
            "[" * 5000,
            '{"Statement": "‮"}',
            "a=b\n" * 500,
        ],
        ids=["huge", "control", "emoji", "nested", "bidi", "many-lines"],
    )
    @pytest.mark.parametrize(
        "field", ["principal", "context", "identity_policies", "scps", "resource_policy"]
    )
    def test_hostile_form_values_never_fail(self, client, field, value):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.post(PAGE, {**INITIAL, field: value}, headers=headers)
            assert response.status_code == 200
            html = response.content.decode()
            # Either the problem is named, or the request is evaluated.
            assert 'role="alert"' in html or 'class="verdict iam-decision' in html

    def test_the_page_links_to_the_chapter_that_teaches_it(self, client):
        html = client.get(PAGE).content.decode()
        assert 'href="/notes/iam/#evaluation"' in html

    def test_the_tools_index_lists_it(self, client):
        html = client.get("/tools/").content.decode()
        assert 'href="/tools/iam-policy/"' in html and "IAM policy evaluator" in html


def test_a_chapter_embed_starts_from_the_example_and_takes_options(client, write_note):
    from studysite import shared_pages
    from studysite.chapters import views

    views._EMBEDS.clear()
    shared_pages.clear()
    write_note(
        "policies.md",
        "## Evaluation {#evaluation}\n\n::: widget iam-policy\n    action: s3:DeleteObject\n",
    )
    html = client.get("/notes/policies/").content.decode()
    assert 'hx-post="/tools/iam-policy/"' in html
    assert "Denied: implicit deny" in result_of(html)
    assert "No identity-based policy allows s3:DeleteObject" in html
    query = urlencode({"action": "s3:DeleteObject"})
    assert client.get(f"{PAGE}?{query}").status_code == 200
