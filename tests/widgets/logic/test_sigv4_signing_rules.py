"""The SigV4 signer's rules: S3 payload hashes, paths, queries, session tokens and managed
headers; the curl command; compare_canonical."""

from __future__ import annotations

import shlex

import pytest

from studysite.widgets.logic import sigv4
from studysite.widgets.logic.sigv4 import (
    compare_canonical,
    parse_input,
    sign_request,
)

from .sigv4_helpers import (
    SUITE_TIME,
    _case,
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    _sign,
    _suite_input,
)

# ============================================================ S3 and session-token rules


def test_s3_header_mode_sends_the_payload_hash_header():
    result = _sign(service="s3", method="PUT", url="https://b.s3.amazonaws.com/k", body="abc")
    sent = dict(result.headers_sent)
    assert sent["X-Amz-Content-SHA256"] == result.payload_hash
    assert "x-amz-content-sha256" in result.signed_headers.split(";")


def test_s3_unsigned_payload():
    result = _sign(
        service="s3",
        method="PUT",
        url="https://b.s3.amazonaws.com/k",
        body="abc",
        unsigned_payload=True,
    )
    assert result.payload_hash == "UNSIGNED-PAYLOAD"
    assert dict(result.headers_sent)["X-Amz-Content-SHA256"] == "UNSIGNED-PAYLOAD"
    assert result.canonical_request.endswith("\nUNSIGNED-PAYLOAD")


def test_s3_presign_always_signs_unsigned_payload_and_sends_no_hash_header():
    result = _sign(
        service="s3", mode="presign", method="PUT", url="https://b.s3.amazonaws.com/k", body="abc"
    )
    assert result.payload_hash == "UNSIGNED-PAYLOAD"
    assert "x-amz-content-sha256" not in result.signed_headers


def test_generic_service_has_no_payload_hash_header_unless_unsigned():
    assert "X-Amz-Content-SHA256" not in dict(_sign(url="https://h.example.com/").headers_sent)
    unsigned = _sign(url="https://h.example.com/", unsigned_payload=True)
    assert dict(unsigned.headers_sent)["X-Amz-Content-SHA256"] == "UNSIGNED-PAYLOAD"


@pytest.mark.parametrize(
    ("service", "typed", "sent", "canonical"),
    [
        ("execute-api", "/a%20b/./c//d/../e", "/a%20b/./c//d/../e", "/a%2520b/c/e"),
        ("s3", "/a%20b/./c//d/../e", "/a%20b/./c//d/../e", "/a%20b/./c//d/../e"),
        ("s3", "/my key/é+(1)", "/my%20key/%C3%A9%2B%281%29", "/my%20key/%C3%A9%2B%281%29"),
        ("s3", "/a%2fb/%zz", "/a%2Fb/%25zz", "/a%2Fb/%25zz"),
        ("sts", "", "/", "/"),
        ("s3", "", "/", "/"),
    ],
)
def test_path_rules(service: str, typed: str, sent: str, canonical: str):
    result = _sign(service=service, url=f"https://h.example.com{typed}")
    assert result.url == f"https://h.example.com{sent}"
    assert result.canonical_uri == canonical


def test_query_is_decoded_reencoded_sent_and_sorted():
    result = _sign(url="https://h.example.com/?b=2&a=x+y&a=%7e&c&empty=&%e1%88%b4=v&&")
    assert result.url == "https://h.example.com/?b=2&a=x%2By&a=~&c&empty=&%E1%88%B4=v"
    assert result.canonical_query_string == "%E1%88%B4=v&a=x%2By&a=~&b=2&c=&empty="


def test_stale_auth_parameters_are_removed_from_the_query():
    result = _sign(
        url="https://h.example.com/?X-Amz-Signature=abc&x-amz-date=1&keep=1", mode="presign"
    )
    assert result.canonical_query_string.count("X-Amz-Date=") == 1
    assert "abc" not in result.presigned_url
    assert "keep=1" in result.presigned_url


def test_session_token_goes_in_the_query_when_presigning():
    result = _sign(url="https://h.example.com/x", mode="presign", session_token="tok/+=")
    assert "X-Amz-Security-Token=tok%2F%2B%3D" in result.canonical_query_string
    assert "X-Amz-Security-Token=tok%2F%2B%3D" in result.presigned_url
    assert all(n.lower() != "x-amz-security-token" for n, _ in result.headers_sent)


def test_managed_headers_you_supply_are_replaced():
    result = _sign(
        url="https://h.example.com/",
        headers=[
            ["Authorization", "old"],
            ["X-Amz-Date", "19990101T000000Z"],
            ["X-Amz-Security-Token", "old"],
            ["User-Agent", "me"],
        ],
        session_token="new",
    )
    sent = result.headers_sent
    assert [v for n, v in sent if n.lower() == "x-amz-date"] == [SUITE_TIME]
    assert [v for n, v in sent if n.lower() == "x-amz-security-token"] == ["new"]
    assert [n for n, _ in sent if n.lower() == "authorization"] == ["Authorization"]
    assert "user-agent" not in result.signed_headers  # sent, not signed (botocore's rule)
    assert ("User-Agent", "me") in sent


def test_host_with_port_and_ipv6():
    assert dict(_sign(url="http://LOCALHOST:9000/").headers_sent)["Host"] == "localhost:9000"
    assert dict(_sign(url="https://h.example.com:443/").headers_sent)["Host"] == "h.example.com"
    assert dict(_sign(url="https://[::1]:8443/").headers_sent)["Host"] == "[::1]:8443"


def test_fragment_is_dropped():
    result = _sign(url="https://h.example.com/a#frag")
    assert result.url == "https://h.example.com/a"


# ================================================================= the curl command


def test_curl_command_round_trips_through_the_shell_quoting():
    body = 'it\'s "quoted" $HOME `x` \n@file'
    result = _sign(
        method="PUT",
        url="https://h.example.com/a b?x=1",
        body=body,
        headers=[["X-Empty", ""], ["X-Q", "a'b"]],
    )
    printf, _, curl = result.curl.partition(" | ")
    assert shlex.split(printf) == ["printf", "%s", body]
    args = shlex.split(curl)
    assert args[:3] == ["curl", "--path-as-is", "--globoff"]
    assert args[args.index("--request") + 1] == "PUT"
    assert "X-Empty;" in args
    assert "X-Q: a'b" in args
    assert f"Authorization: {result.authorization}" in args
    assert args[-1] == result.url
    assert args[-3:-1] == ["--data-binary", "@-"]


def test_curl_for_presigned_get_and_head():
    get = _sign(url="https://h.example.com/k", mode="presign")
    assert shlex.split(get.curl)[-1] == get.presigned_url
    assert "--request" not in shlex.split(get.curl)
    head = _sign(url="https://h.example.com/k", method="HEAD")
    assert "--head" in shlex.split(head.curl)


# ============================================================ compare_canonical


OURS = (
    "GET\n/a%20b\nx=1&y=2\nhost:h.example.com\nmy-h:a b\nx-amz-date:20150830T123600Z\n\n"
    "host;my-h;x-amz-date\n" + sigv4.EMPTY_SHA256
)


def _diff(theirs: str) -> list[dict]:
    return [row for row in compare_canonical(OURS, theirs) if row["status"] != "same"]


def test_compare_identical():
    rows = compare_canonical(OURS, OURS + "\n")
    assert all(r["status"] == "same" for r in rows)
    assert [r["label"] for r in rows][:4] == [
        "HTTP method",
        "canonical URI (path)",
        "canonical query string",
        "canonical header host",
    ]
    assert rows[-1]["label"] == "payload hash"


def test_compare_whitespace_case_and_encoding():
    [row] = _diff(OURS.replace("my-h:a b", "my-h:a  b"))
    assert row["label"] == "canonical header my-h" and "whitespace" in row["explanation"]
    [row] = _diff(OURS.replace("my-h:a b", "my-h:a b "))
    assert "trailing" in row["explanation"]
    [row] = _diff(OURS.replace("GET", "get"))
    assert "case" in row["explanation"]
    [row] = _diff(OURS.replace("/a%20b", "/a%2520b"))
    assert "AWS's is encoded one more time" in row["explanation"]
    [row] = _diff(OURS.replace("x=1&y=2", "y=2&x=1"))
    assert "order" in row["explanation"]


def test_compare_missing_header_line_aligns_the_rest():
    theirs = OURS.replace("my-h:a b\n", "").replace("host;my-h;x-amz-date", "host;x-amz-date")
    rows = _diff(theirs)
    assert [(r["status"], r["label"]) for r in rows] == [
        ("only_ours", "canonical header my-h"),
        ("different", "signed headers"),
    ]
    assert "AWS did not sign: my-h" in rows[1]["explanation"]


def test_compare_accepts_pasted_xml_and_hex_bytes():
    xml = OURS.replace("&", "&amp;").replace("\n", "\r\n")
    assert all(r["status"] == "same" for r in compare_canonical(OURS, xml))
    hex_bytes = " ".join(f"{b:02x}" for b in OURS.encode())
    assert all(r["status"] == "same" for r in compare_canonical(OURS, hex_bytes))


def test_compare_string_to_sign():
    ours = sign_request(parse_input(_suite_input(_case("get-vanilla"))))
    theirs = ours.string_to_sign.replace("us-east-1", "us-west-2")
    [row] = [r for r in compare_canonical(ours.string_to_sign, theirs) if r["status"] != "same"]
    assert row["label"] == "credential scope"
    assert row["line"] == 3
