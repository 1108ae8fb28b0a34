"""The SigV4 signer as a tool page, an htmx partial, a chapter embed and an API; its secrets."""

from __future__ import annotations

import datetime
import json
import logging
from unittest import mock

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from django.core.cache import caches
from django.test import Client

from studysite.widgets.logic import sigv4

URL = "https://amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com/photos/cat.jpg"
WHEN = "20250115T093000Z"
# A made-up secret that is not AWS's example key: it must never leave the request.
SECRET = "Zq7sECRETdoNotLeak0123456789abcdefGHIJKLMN"
TOKEN = "FwoGZXIvYXdzEXAMPLEsessionTOKENdoNotLeak"


def botocore_authorization(url: str, secret: str, token: str | None = None) -> str:
    signer = botocore.auth.S3SigV4Auth(
        Credentials(sigv4.EXAMPLE_ACCESS_KEY_ID, secret, token), "s3", "us-east-1"
    )
    request = AWSRequest(method="GET", url=url, data=b"")
    when = datetime.datetime.strptime(WHEN, sigv4.TIMESTAMP_FORMAT)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        signer.add_auth(request)
    return request.headers["Authorization"]


def form(**extra: str) -> dict[str, str]:
    data = {
        "method": "GET",
        "url": URL,
        "service": "s3",
        "region": "us-east-1",
        "timestamp": WHEN,
        "access_key_id": sigv4.EXAMPLE_ACCESS_KEY_ID,
        "secret_access_key": sigv4.EXAMPLE_SECRET_ACCESS_KEY,
        "mode": "header",
    }
    data.update(extra)
    return data


def test_the_tool_page_starts_with_aws_example_credentials_and_signs_them(client: Client):
    response = client.get("/tools/sigv4/?timestamp=" + WHEN)
    page = response.content.decode()
    assert response.status_code == 200
    # The GET page holds only AWS's published example keys (secrets are never read from a
    # URL), so it is shared like any tool page; whatever is posted is never kept (below).
    assert "s-maxage" in response["Cache-Control"]
    assert f'value="{sigv4.EXAMPLE_SECRET_ACCESS_KEY}"' in page
    assert "Use example keys only." in page
    expected = botocore_authorization(URL, sigv4.EXAMPLE_SECRET_ACCESS_KEY)
    assert f"Authorization: {expected}" in page
    for step in ("The canonical request", "The string to sign", "The signing key", "curl"):
        assert step in page


def test_the_form_posts_and_htmx_gets_only_the_steps(client: Client):
    response = client.post(
        "/tools/sigv4/", form(secret_access_key=SECRET, prefix="w0"), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "<form" not in page and '<ol class="steps">' in page
    assert f"Authorization: {botocore_authorization(URL, SECRET)}" in page
    # The steps show derived keys, never the secret itself.
    assert SECRET not in page


def test_without_javascript_the_form_posts_to_the_tool_page(client: Client):
    response = client.post("/tools/sigv4/", form(mode="presign", expires="600"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The presigned URL" in page and "X-Amz-Expires=600" in page
    assert 'method="post"' in page


def test_a_link_never_supplies_credentials(client: Client):
    response = client.get(
        "/tools/sigv4/",
        {"url": URL, "service": "s3", "timestamp": WHEN, "secret_access_key": SECRET},
    )
    page = response.content.decode()
    assert SECRET not in page
    assert f"Authorization: {botocore_authorization(URL, sigv4.EXAMPLE_SECRET_ACCESS_KEY)}" in page
    # No permalink is offered: it would be a URL made from the form.
    assert "Link to this result" not in page


def test_the_chapter_embed_signs_the_example_from_the_text(client: Client):
    page = client.get("/notes/aws-api/").content.decode()
    assert page.count('class="widget widget-sigv4"') == 1
    assert f"Authorization: {botocore_authorization(URL, sigv4.EXAMPLE_SECRET_ACCESS_KEY)}" in page


@pytest.mark.parametrize(
    ("extra", "field", "words"),
    [
        ({"url": "not a url"}, "url", "URL"),
        ({"url": "ftp://example.com/x"}, "url", "http"),
        ({"region": "mars-1"}, "region", "Region"),
        ({"timestamp": "yesterday"}, "timestamp", "YYYYMMDD"),
        ({"mode": "presign", "expires": "604801"}, "expires", "7 days"),
        ({"mode": "presign", "expires": "ten"}, "expires", "number"),
        ({"headers": "Bad Header: x"}, "headers", "name"),
        ({"headers": "X-Note: caf\u00e9\u0000"}, "headers", ""),
        ({"body": "x" * 70_000}, "body", "64"),
    ],
)
def test_bad_input_gets_a_message_on_the_form(client: Client, extra, field, words):
    response = client.post("/tools/sigv4/", form(**extra), HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in page and f'href="#tool-{field}"' in page
    assert words.lower() in page.lower()


def test_debugging_mode_points_at_the_differing_line(client: Client):
    theirs = (
        "GET\n/photos/cat.jpg\n\nhost:amzn-s3-demo-bucket.s3.us-east-1.amazonaws.com\n"
        "x-amz-content-sha256:UNSIGNED-PAYLOAD\nx-amz-date:20250115T093000Z\n\n"
        "host;x-amz-content-sha256;x-amz-date\nUNSIGNED-PAYLOAD"
    )
    response = client.post("/api/widgets/sigv4", form(aws_says=theirs), "application/json")
    comparison = response.json()["comparison"]
    assert comparison["compared_with"] == "canonical_request"
    assert comparison["matches"] is False
    differing = [row for row in comparison["lines"] if row["status"] != "same"]
    assert {row["line"] for row in differing} == {5, 9}
    page = client.post("/tools/sigv4/", form(aws_says=theirs), HTTP_HX_REQUEST="true")
    assert "They differ" in page.content.decode()

    same = client.post("/api/widgets/sigv4", form(), "application/json").json()
    again = client.post(
        "/api/widgets/sigv4", form(aws_says=same["string_to_sign"]), "application/json"
    ).json()
    assert again["comparison"] == {
        "compared_with": "string_to_sign",
        "matches": True,
        "lines": again["comparison"]["lines"],
    }


def test_the_api_follows_the_contract(client: Client):
    data = form(secret_access_key=SECRET, headers=[["X-Amz-Meta-Colour", " blue  sky "]])
    response = client.post("/api/widgets/sigv4", json.dumps(data), "application/json")
    body = response.json()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    for key in ("canonical_request", "string_to_sign", "credential_scope", "signed_headers"):
        assert body[key]
    assert body["credential_scope"] == "20250115/us-east-1/s3/aws4_request"
    assert "x-amz-meta-colour:blue sky" in body["canonical_request"]
    assert body["authorization"].endswith("Signature=" + body["signature"])
    assert body["presigned_url"] is None
    assert SECRET not in response.content.decode()


def test_the_secret_is_never_logged_cached_or_echoed(client: Client, caplog):
    caplog.set_level(logging.DEBUG)
    for cache_alias in ("default", "chapters"):
        caches[cache_alias].clear()
    bad = form(secret_access_key=SECRET, session_token=TOKEN, region="nowhere")
    good = form(secret_access_key=SECRET, session_token=TOKEN)
    responses = [
        client.post("/tools/sigv4/", good),
        client.post("/tools/sigv4/", good, HTTP_HX_REQUEST="true"),
        client.post("/tools/sigv4/", bad, HTTP_HX_REQUEST="true"),
        client.post("/api/widgets/sigv4", good, "application/json"),
        client.post("/api/widgets/sigv4", bad, "application/json"),
        client.post("/api/widgets/sigv4", "{" + json.dumps(good)[1:-1], "application/json"),
    ]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 400, 400]
    for response in responses[1:]:
        assert SECRET not in response.content.decode()
        assert response["Cache-Control"] == "no-store"
    # The no-JavaScript page re-fills the form for the person who typed it, and nothing else.
    assert responses[0].content.decode().count(SECRET) == 1
    # The session token is signed, so it appears in the signed headers, not as a leak.
    text = "\n".join(record.getMessage() for record in caplog.records)
    text += "\n".join(str(record.__dict__) for record in caplog.records)
    assert SECRET not in text and TOKEN not in text
    for cache_alias in ("default", "chapters"):
        cache = caches[cache_alias]
        stored = getattr(cache, "_cache", {})
        assert all(SECRET.encode() not in repr(v).encode() for v in stored.values())
    assert all("sessionid" not in r.cookies for r in responses)


def test_no_error_report_would_show_the_secret(rf):
    from django.views.debug import SafeExceptionReporterFilter

    from studysite.widgets import views

    request = rf.post("/tools/sigv4/", form(secret_access_key=SECRET))
    request.htmx = False
    views.tool_page(request, "sigv4")  # the decorator marks the parameters on the request
    filtered = SafeExceptionReporterFilter().get_post_parameters(request)
    assert filtered["secret_access_key"] != SECRET
    assert filtered["url"] == URL


def test_api_signs_a_nul_body_and_a_base64_body_like_botocore(client):
    """Binary payloads are ordinary (a PUT of an image): both ways of sending one sign."""
    base = {
        "method": "PUT",
        "url": "https://examplebucket.s3.us-east-1.amazonaws.com/img.bin",
        "service": "s3",
        "region": "us-east-1",
        "timestamp": "20130524T000000Z",
    }
    as_text = client.post(
        "/api/widgets/sigv4", {**base, "body": "\x00\x01bin"}, content_type="application/json"
    )
    as_b64 = client.post(
        "/api/widgets/sigv4", {**base, "body_base64": "AAFiaW4="}, content_type="application/json"
    )
    assert as_text.status_code == as_b64.status_code == 200
    assert as_text.json()["signature"] == as_b64.json()["signature"]
    request = AWSRequest(method="PUT", url=base["url"], data=b"\x00\x01bin")
    signer = botocore.auth.S3SigV4Auth(
        Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        "s3",
        "us-east-1",
    )
    when = datetime.datetime(2013, 5, 24)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        signer.add_auth(request)
    assert as_b64.json()["authorization"] == request.headers["Authorization"]


def test_an_emptied_field_is_neutral_while_typing_but_named_when_sent(client: Client):
    """Issue 21: a field just cleared is not an error yet; the button's submit says so."""
    live = client.post("/tools/sigv4/", form(service=""), HTTP_HX_REQUEST="true")
    assert 'role="alert"' not in live.content.decode()
    sent = client.post("/tools/sigv4/", form(service="")).content.decode()
    assert 'role="alert"' in sent and 'href="#tool-service"' in sent and "required" in sent
