"""The SigV4 signer, what the learner is told: headers sent but not signed, DELETE with and
without a body, X-Amz-Expires at its limits."""

from __future__ import annotations

import hashlib
from typing import ClassVar

import pytest

from studysite.widgets.logic import sigv4
from studysite.widgets.logic.sigv4 import (
    parse_input,
    sign_request,
)

from .sigv4_helpers import (
    _errors,
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    _sign,
)

# ======================================= what the learner is told: unsigned headers, DELETE

UNSIGNED_NOTE = "Sent but not signed (proxies and HTTP clients may change them): "


def _notes(result: sigv4.SigV4Result, part: str) -> list[str]:
    return [n.message for n in result.notes if n.part == part]


class TestHeadersLeftOutOfSigning:
    """Headers that proxies and HTTP clients add or rewrite are sent but never signed."""

    def test_the_list_is_exactly_botocores(self):
        assert sigv4.UNSIGNED_HEADER_NAMES == (
            "baggage",
            "connection",
            "expect",
            "keep-alive",
            "proxy-authenticate",
            "proxy-authorization",
            "te",
            "traceparent",
            "tracestate",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "user-agent",
            "x-amzn-trace-id",
        )

    @pytest.mark.parametrize("mode", ["header", "presign"])
    @pytest.mark.parametrize("name", sigv4.UNSIGNED_HEADER_NAMES)
    def test_each_is_sent_unsigned_and_the_learner_is_told_so(self, name: str, mode: str):
        written = name.title()  # as a client writes it: User-Agent, X-Amzn-Trace-Id
        result = _sign(
            url="https://example.amazonaws.com/",
            mode=mode,
            headers=[[written, "v1"], ["X-Custom", "kept"]],
        )
        assert (written, "v1") in result.headers_sent
        assert name not in result.signed_headers.split(";")
        assert f"\n{name}:" not in result.canonical_request
        assert "x-custom" in result.signed_headers.split(";")  # its neighbour is signed
        assert [n for n in result.notes if n.message.startswith(UNSIGNED_NOTE)] == [
            sigv4.Note("headers", f"{UNSIGNED_NOTE}{name}.")
        ]

    def test_several_are_named_once_each_lower_cased_and_sorted(self):
        result = _sign(
            url="https://example.amazonaws.com/",
            headers=[
                ["User-Agent", "a"],
                ["Expect", "100-continue"],
                ["user-agent", "b"],
                ["X-Amzn-Trace-Id", "Root=1-5759e988"],
            ],
        )
        assert f"{UNSIGNED_NOTE}expect, user-agent, x-amzn-trace-id." in _notes(result, "headers")
        assert result.signed_headers == "host;x-amz-date"
        assert [v for n, v in result.headers_sent if n.lower() == "user-agent"] == ["a", "b"]

    def test_without_any_the_note_is_absent(self):
        result = _sign(url="https://example.amazonaws.com/", headers=[["X-Custom", "v"]])
        assert not [m for m in _notes(result, "headers") if m.startswith(UNSIGNED_NOTE)]

    @pytest.mark.parametrize(
        "name", ["User-Agent-Extra", "X-User-Agent", "Connections", "Tes", "X-Amzn-Trace"]
    )
    def test_names_that_only_look_alike_are_signed(self, name: str):
        result = _sign(url="https://example.amazonaws.com/", headers=[[name, "v"]])
        assert name.lower() in result.signed_headers.split(";")
        assert not [m for m in _notes(result, "headers") if m.startswith(UNSIGNED_NOTE)]

    def test_host_and_x_amz_date_are_always_signed(self):
        result = _sign(url="https://example.amazonaws.com/", headers=[["Connection", "close"]])
        assert result.signed_headers == "host;x-amz-date"


class TestDelete:
    """DELETE is signed like any method; with or without a body (S3's DeleteObjects has one)."""

    URL = "https://examplebucket.s3.amazonaws.com/photos/cat.jpg"

    def test_without_a_body_the_empty_payload_hash_is_signed(self):
        result = _sign(service="s3", method="DELETE", url=self.URL)
        assert result.canonical_request.startswith("DELETE\n/photos/cat.jpg\n\n")
        assert result.payload_hash == sigv4.EMPTY_SHA256
        assert dict(result.headers_sent)["X-Amz-Content-SHA256"] == sigv4.EMPTY_SHA256
        assert "Empty body: its SHA-256 is always e3b0c442…b855." in _notes(result, "payload")
        assert result.http_request.startswith("DELETE /photos/cat.jpg HTTP/1.1\n")
        assert result.http_request.endswith("\n")  # no body after the headers
        assert "--request DELETE" in result.curl
        assert "--data-binary" not in result.curl and "printf" not in result.curl

    def test_with_a_body_its_hash_is_signed_and_curl_sends_it(self):
        body = "<Delete><Object><Key>a.txt</Key></Object></Delete>"
        result = _sign(service="s3", method="DELETE", url=self.URL + "?delete", body=body)
        expected = hashlib.sha256(body.encode()).hexdigest()
        assert result.payload_hash == expected
        assert result.canonical_request.endswith("\n" + expected)
        assert result.canonical_request.startswith("DELETE\n/photos/cat.jpg\ndelete=\n")
        assert dict(result.headers_sent)["X-Amz-Content-SHA256"] == expected
        assert result.http_request.endswith("\n\n" + body)
        assert "--request DELETE" in result.curl
        assert "--data-binary @-" in result.curl and result.curl.startswith("printf ")
        messages = _notes(result, "payload")
        assert any("SHA-256 of the body's UTF-8 bytes" in m for m in messages)

    def test_a_presigned_delete_url_carries_the_method_in_its_signature_only(self):
        result = _sign(service="s3", method="DELETE", url=self.URL, mode="presign")
        get = _sign(service="s3", method="GET", url=self.URL, mode="presign")
        assert result.canonical_request.startswith("DELETE\n")
        assert result.payload_hash == sigv4.UNSIGNED_PAYLOAD
        assert result.signature != get.signature
        assert (
            result.presigned_url.split("X-Amz-Signature=")[0]
            == (get.presigned_url.split("X-Amz-Signature=")[0])
        )
        assert "--request DELETE" in result.curl

    def test_a_lower_case_method_is_signed_upper_case(self):
        result = sign_request(parse_input({"url": self.URL, "service": "s3", "method": "delete"}))
        assert result.method == "DELETE" and result.canonical_request.startswith("DELETE\n")


class TestExpiresLimits:
    """X-Amz-Expires runs from 1 second to 604,800 (7 days); each end and just past it."""

    BASE: ClassVar[dict[str, object]] = {
        "url": "https://examplebucket.s3.amazonaws.com/test.txt",
        "service": "s3",
        "mode": "presign",
        "timestamp": "20130524T000000Z",
    }

    @pytest.mark.parametrize(
        ("expires", "until", "shown"),
        [(1, "20130524T000001Z", "1"), (604_800, "20130531T000000Z", "604,800")],
    )
    def test_the_limits_themselves_are_accepted(self, expires: int, until: str, shown: str):
        result = sign_request(parse_input(self.BASE | {"expires": expires}))
        assert result.expires == expires and result.expires_at == until
        assert f"X-Amz-Expires={expires}&" in result.presigned_url
        assert f"X-Amz-Expires={expires}&" in result.canonical_request
        assert (
            f"Valid from 20130524T000000Z until {until} ({shown} seconds); "
            "SigV4 allows at most 7 days."
        ) in _notes(result, "presign")

    @pytest.mark.parametrize("expires", [1, "1", 604_800, "604800"])
    def test_form_strings_at_the_limits_are_read(self, expires: object):
        assert parse_input(self.BASE | {"expires": expires}).expires == int(expires)

    @pytest.mark.parametrize(
        ("expires", "message"),
        [
            (0, "Must be at least 1 second."),
            ("0", "Must be at least 1 second."),
            (-1, "Must be at least 1 second."),
            (
                604_801,
                "Must be at most 604,800 seconds (7 days): a SigV4 presigned URL cannot be "
                "valid for longer. You asked for 604,801 seconds (about 7.0 days).",
            ),
            (
                "604801",
                "Must be at most 604,800 seconds (7 days): a SigV4 presigned URL cannot be "
                "valid for longer. You asked for 604,801 seconds (about 7.0 days).",
            ),
        ],
    )
    def test_just_outside_is_refused_with_the_reason(self, expires: object, message: str):
        for mode in ("presign", "header"):  # checked in both modes, as the form sends it
            errors = _errors(self.BASE | {"expires": expires, "mode": mode})
            assert errors == {"expires": message}

    def test_a_header_signature_has_no_expiry(self):
        result = sign_request(parse_input(self.BASE | {"mode": "header", "expires": 1}))
        assert result.expires is None and result.expires_at is None
        assert "X-Amz-Expires" not in result.canonical_request
        assert result.presigned_url is None and _notes(result, "presign") == []
