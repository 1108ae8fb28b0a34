"""The SigV4 signer against AWS's own answers: the official test suite and the S3 docs.

botocore as a second, property-based oracle lives in ``test_sigv4_botocore.py``.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shlex
from dataclasses import replace
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studysite.widgets.logic import sigv4
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.sigv4 import (
    INPUT_SCHEMA,
    MAX_EXPIRES,
    OUTPUT_SCHEMA,
    SigV4Input,
    compare_canonical,
    parse_input,
    sign_request,
)


@pytest.fixture(autouse=True)
def _fresh_chapters():
    """Overrides the suite-wide fixture: pure logic needs no Django settings or chapter cache
    (and so these tests also run with ``-p no:django``)."""
    yield


# ============================================================ the official SigV4 test suite

SUITE = Path(os.environ.get("SIGV4_TESTSUITE", "/work/shared/testdata/sigv4-testsuite"))
SUITE_ACCESS_KEY = "AKIDEXAMPLE"
SUITE_SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SUITE_TIME = "20150830T123600Z"
EXPECTED_CASES = 34


def _suite_cases() -> list[Path]:
    if not SUITE.is_dir():
        return []
    return sorted(req.parent for req in SUITE.rglob("*.req") if req.stem == req.parent.name)


CASES = _suite_cases()


def _read(case: Path, ext: str) -> str:
    return (case / f"{case.name}.{ext}").read_text(encoding="utf-8").replace("\r", "")


def _parse_req(text: str) -> tuple[str, str, str, str]:
    """(method, request target, header block, body). The request line is split by hand:
    get-space has a literal space in its target, get-utf8 raw UTF-8."""
    head, _, body = text.partition("\n\n")
    request_line, _, header_block = head.partition("\n")
    method, _, rest = request_line.partition(" ")
    target, _, version = rest.rpartition(" ")
    assert version == "HTTP/1.1"
    return method, target, header_block, body


def _header_names(block: str) -> list[str]:
    return [line.partition(":")[0].lower() for line in block.split("\n") if line[:1].strip()]


def _suite_token(case: Path) -> str | None:
    """README: the session token is whatever the .creq signs as x-amz-security-token."""
    for line in _read(case, "creq").split("\n"):
        if line.startswith("x-amz-security-token:"):
            return line.partition(":")[2]
    return None


def _suite_input(case: Path, **overrides: object) -> dict[str, object]:
    method, target, header_block, body = _parse_req(_read(case, "req"))
    host = next(
        line.partition(":")[2].strip()
        for line in header_block.split("\n")
        if line.lower().startswith("host:")
    )
    data: dict[str, object] = {
        "method": method,
        "url": f"https://{host}{target}",
        "headers": header_block,  # the textarea form, folded lines and all
        "body": body,
        "region": "us-east-1",
        "service": "service",
        "access_key_id": SUITE_ACCESS_KEY,
        "secret_access_key": SUITE_SECRET,
        "session_token": _suite_token(case),
        "timestamp": SUITE_TIME,
    }
    data.update(overrides)
    return data


def _case_id(case: Path) -> str:
    return str(case.relative_to(SUITE))


def test_the_whole_suite_is_here():
    """Every case is a parametrized test below; none may go missing quietly."""
    assert len(CASES) == EXPECTED_CASES, f"expected {EXPECTED_CASES} cases in {SUITE}"
    assert {c.parent.name for c in CASES if c.parent != SUITE} == {
        "normalize-path",
        "post-sts-token",
    }


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_official_suite_case(case: Path):
    result = sign_request(parse_input(_suite_input(case)))
    assert result.canonical_request == _read(case, "creq")
    assert result.string_to_sign == _read(case, "sts")
    assert result.authorization == _read(case, "authz")
    assert result.signature == _read(case, "authz").rpartition("Signature=")[2]


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_official_suite_signed_request(case: Path):
    """The .sreq: our Authorization and header set, with the two documented exceptions."""
    _, _, sreq_headers, _ = _parse_req(_read(case, "sreq"))
    sreq_authz = next(
        line.partition(":")[2].strip()
        for line in sreq_headers.split("\n")
        if line.startswith("Authorization:")
    )
    result = sign_request(parse_input(_suite_input(case)))
    ours = sorted(n.lower() for n, _ in result.headers_sent)
    theirs = sorted(_header_names(sreq_headers))
    if case.name == "get-vanilla-with-session-token":
        # README: this .sreq carries a wrong signature (a rotated copy of the token); the
        # .authz one is right. Prove both halves rather than skip the file.
        token = _suite_token(case)
        assert token is not None
        wrong = sreq_authz.rpartition("Signature=")[2]
        assert len(wrong) == len(token) and wrong in token + token and wrong != token
        assert result.signature != wrong
        assert result.authorization == _read(case, "authz")
        assert ours == theirs
    elif case.name == "post-sts-header-after":
        # readme.txt: the token header is added *after* signing, so it is sent but not
        # signed. This signer always signs a token it is given, so the case is signed
        # without one (as the README says) and the .sreq's extra header is the only gap.
        assert sreq_authz == result.authorization
        assert set(theirs) - set(ours) == {"x-amz-security-token"}
        assert "x-amz-security-token" not in result.signed_headers
    else:
        assert sreq_authz == result.authorization
        assert ours == theirs


def _case(name: str) -> Path:
    return next(c for c in CASES if c.name == name)


def test_session_token_case_signs_the_token_from_the_field_as_a_header():
    case = _case("get-vanilla-with-session-token")
    result = sign_request(parse_input(_suite_input(case)))
    assert ("X-Amz-Security-Token", _suite_token(case)) in result.headers_sent
    assert result.signed_headers == "host;x-amz-date;x-amz-security-token"


def test_sts_header_before_gives_the_same_signature_from_header_or_field():
    case = _case("post-sts-header-before")
    token = _suite_token(case)
    from_header = sign_request(parse_input(_suite_input(case, session_token=None)))
    _, _, block, _ = _parse_req(_read(case, "req"))
    plain = "\n".join(line for line in block.split("\n") if "Security-Token" not in line)
    from_field = sign_request(parse_input(_suite_input(case, headers=plain, session_token=token)))
    assert from_header.authorization == from_field.authorization == _read(case, "authz")


def test_multiline_header_folds_into_one_value():
    case = _case("get-header-value-multiline")
    inp = parse_input(_suite_input(case))
    assert ("My-Header1", "value1 value2 value3") in inp.headers


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.parent.name == "normalize-path"], ids=_case_id
)
def test_normalize_path_cases_are_not_normalised_for_s3(case: Path):
    """normalize-path.txt: S3 keeps the path as it is (encoded once, never normalised)."""
    _, target, _, _ = _parse_req(_read(case, "req"))
    generic = sign_request(parse_input(_suite_input(case)))
    s3 = sign_request(parse_input(_suite_input(case, service="s3")))
    assert s3.canonical_uri == sigv4.uri_encode(target, keep_slash=True)
    assert s3.canonical_uri == s3.url.split("example.amazonaws.com", 1)[1]
    assert generic.canonical_uri == _read(case, "creq").split("\n")[1]
    if sigv4.remove_dot_segments(target) != target:
        assert s3.canonical_uri != generic.canonical_uri


def test_raw_utf8_in_a_generic_path_is_signed_as_the_suite_does_but_warned_about():
    result = sign_request(parse_input(_suite_input(_case("get-utf8"))))
    assert result.canonical_uri == "/%E1%88%B4"
    assert any(n.level == "warning" and n.part == "path" for n in result.notes)


# ============================================================ the S3 documentation examples

DOC_HOST = "examplebucket.s3.amazonaws.com"
DOC_TIME = "20130524T000000Z"


def _doc(**data: object) -> sigv4.SigV4Result:
    base: dict[str, object] = {"service": "s3", "region": "us-east-1", "timestamp": DOC_TIME}
    return sign_request(parse_input(base | data))


def test_s3_doc_get_object_with_range():
    result = _doc(url=f"https://{DOC_HOST}/test.txt", headers=[["Range", "bytes=0-9"]])
    assert result.canonical_request == (
        "GET\n/test.txt\n\n"
        f"host:{DOC_HOST}\nrange:bytes=0-9\n"
        f"x-amz-content-sha256:{sigv4.EMPTY_SHA256}\nx-amz-date:{DOC_TIME}\n\n"
        f"host;range;x-amz-content-sha256;x-amz-date\n{sigv4.EMPTY_SHA256}"
    )
    assert result.canonical_request_hash == (
        "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"
    )
    assert result.authorization == (
        "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, "
        "SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, "
        "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
    )


def test_s3_doc_put_object():
    result = _doc(
        method="PUT",
        url=f"https://{DOC_HOST}/test$file.text",
        headers="Date: Fri, 24 May 2013 00:00:00 GMT\nx-amz-storage-class: REDUCED_REDUNDANCY",
        body="Welcome to Amazon S3.",
    )
    assert result.canonical_uri == "/test%24file.text"
    assert result.url == f"https://{DOC_HOST}/test%24file.text"
    assert result.payload_hash == (
        "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072"
    )
    assert result.signed_headers == "date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class"
    assert result.signature == "98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd"


def test_s3_doc_get_bucket_lifecycle():
    result = _doc(url=f"https://{DOC_HOST}/?lifecycle")
    assert result.canonical_query_string == "lifecycle="
    assert result.url == f"https://{DOC_HOST}/?lifecycle"  # sent as typed
    assert result.signature == "fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543"


def test_s3_doc_list_objects_sorts_the_query():
    result = _doc(url=f"https://{DOC_HOST}/?prefix=J&max-keys=2")
    assert result.canonical_query_string == "max-keys=2&prefix=J"
    assert result.signature == "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"


def test_s3_doc_presigned_url():
    result = _doc(url=f"https://{DOC_HOST}/test.txt", mode="presign", expires=86400)
    assert result.payload_hash == "UNSIGNED-PAYLOAD"
    assert result.canonical_query_string == (
        "X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
    )
    signature = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404"
    assert result.signature == signature
    assert result.authorization is None
    assert result.presigned_url == (
        f"https://{DOC_HOST}/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host"
        f"&X-Amz-Signature={signature}"
    )
    assert result.expires_at == "20130525T000000Z"


def test_signing_key_chain_steps():
    result = _doc(url=f"https://{DOC_HOST}/test.txt")
    chain = result.to_dict()["signing_key_chain"]
    assert [s["step"] for s in chain] == ["kDate", "kRegion", "kService", "kSigning", "signature"]
    assert [s["message"] for s in chain][:4] == ["20130524", "us-east-1", "s3", "aws4_request"]
    assert chain[-1]["hex"] == result.signature
    assert all(len(s["hex"]) == 64 for s in chain)


# ============================================================ S3 and session-token rules


def _sign(**data: object) -> sigv4.SigV4Result:
    base: dict[str, object] = {"service": "execute-api", "timestamp": SUITE_TIME}
    return sign_request(parse_input(base | data))


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


# ================================================================= parse_input


def _errors(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        parse_input(data)
    return {e.field: e.message for e in info.value.errors}


def test_defaults():
    inp = parse_input({"url": "https://h.example.com/", "service": "s3"})
    assert inp.method == "GET"
    assert inp.mode == "header"
    assert inp.access_key_id == "AKIAIOSFODNN7EXAMPLE"
    assert inp.secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    assert inp.session_token is None
    assert inp.expires == 3600
    assert inp.unsigned_payload is False
    assert len(inp.timestamp) == 16 and inp.timestamp.endswith("Z")


def test_form_strings_are_accepted():
    inp = parse_input(
        {
            "url": "https://h.example.com/",
            "service": "s3",
            "method": "put",
            "expires": "60",
            "unsigned_payload": "on",
            "session_token": "",
            "timestamp": "",
            "mode": "presign",
            "headers": "X-A: 1\r\nX-B:2\r\n\r\n",
        }
    )
    assert (inp.method, inp.expires, inp.unsigned_payload, inp.session_token) == (
        "PUT",
        60,
        True,
        None,
    )
    assert inp.headers == (("X-A", "1"), ("X-B", "2"))


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("url", "ftp://h.example.com/", "https://"),
        ("url", "https:///path", "host"),
        ("url", "https://user:pw@h.example.com/", "user name"),
        ("url", "https://h.example.com:99999/", "port"),
        ("url", "https://bücher.example/", "xn--"),
        ("url", "https://h.example.com/a\nb", "control"),
        ("url", "", "required"),
        ("method", "FETCH", "GET"),
        ("region", "US-EAST-1", "Region"),
        ("region", "useast1", "Region"),
        ("service", "S3", "signing name"),
        ("timestamp", "20150231T000000Z", "YYYYMMDDTHHMMSSZ"),
        ("timestamp", "2015-08-30T12:36:00Z", "YYYYMMDDTHHMMSSZ"),
        ("mode", "query", "presign"),
        ("expires", 0, "at least 1"),
        ("expires", "soon", "whole number"),
        ("expires", True, "whole number"),
        ("access_key_id", "AKIA EXAMPLE", "letters and digits"),
        ("secret_access_key", "has space", "printable ASCII"),
        ("session_token", "tok en", "printable ASCII"),
        ("headers", [["Bad Name", "v"]], "not a valid header name"),
        ("headers", [["X-Ü", "v"]], "not a valid header name"),
        ("headers", [["X-A", "caf\u00e9"]], "printable ASCII"),
        ("headers", [["X-A", "a\nb"]], "printable ASCII"),
        ("headers", "no colon here", "no ':'"),
        ("headers", "X-A : v", "between a header name"),
        ("headers", "  folded first", "no header before"),
        ("headers", [["only-one"]], "[name, value]"),
        ("headers", 42, "list of"),
        ("body", "x" * (64 * 1024 + 1), "65,536 bytes"),
        ("body", 12, "Must be text"),
        ("body", "é" * (32 * 1024 + 1), "64 KiB"),
        ("body_base64", "not base64!", "not valid base64"),
        ("body_base64", "QUJD" * 22000, "64 KiB"),
        ("body_base64", 7, "text"),
        ("unsigned_payload", "maybe", "true or false"),
    ],
)
def test_bad_fields(field: str, value: object, fragment: str):
    errors = _errors({"url": "https://h.example.com/", "service": "s3", field: value})
    assert set(errors) == {field}
    assert fragment in errors[field]


def test_expires_over_the_seven_day_maximum_says_so():
    message = _errors(
        {
            "url": "https://h.example.com/",
            "service": "s3",
            "mode": "presign",
            "expires": MAX_EXPIRES + 1,
        }
    )["expires"]
    assert "604,800" in message and "7 days" in message
    assert (
        parse_input(
            {"url": "https://h.example.com/", "service": "s3", "expires": MAX_EXPIRES}
        ).expires
        == 604_800
    )


def test_every_bad_field_is_reported_at_once():
    errors = _errors(
        {"url": "nope", "service": "", "method": "X", "region": "?", "timestamp": "x", "mode": "y"}
    )
    assert set(errors) == {"url", "service", "method", "region", "timestamp", "mode"}


def test_sign_request_rechecks_a_hand_built_input():
    good = SigV4Input(url="https://h.example.com/", service="s3", timestamp=SUITE_TIME)
    with pytest.raises(InputError):
        sign_request(replace(good, region="nowhere"))


# ============================================================ secrets stay secret

SECRET = "Zz9SECRETsecretSECRETsecretSECRETsecret00"


def test_secret_never_appears_in_repr_output_or_errors():
    data = {
        "url": "https://h.example.com/",
        "service": "s3",
        "secret_access_key": SECRET,
        "session_token": "TOKEN123",
    }
    inp = parse_input(data)
    assert SECRET not in repr(inp) and "TOKEN123" not in repr(inp)
    for mode in ("header", "presign"):
        result = sign_request(replace(inp, mode=mode))
        assert SECRET not in json.dumps(result.to_dict())
        assert SECRET not in repr(result)
        assert any(n.level == "warning" and n.part == "credentials" for n in result.notes)
    with pytest.raises(InputError) as info:
        parse_input(data | {"region": "bad", "secret_access_key": SECRET + " x"})
    assert SECRET not in str(info.value)
    assert all(SECRET not in e.message for e in info.value.errors)


@settings(max_examples=150)
@given(
    st.dictionaries(
        st.sampled_from(sorted(INPUT_SCHEMA["properties"])),  # type: ignore[arg-type]
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(-10, 10**7),
            st.text(max_size=60),
            st.lists(st.lists(st.text(max_size=10), max_size=3), max_size=3),
        ),
    )
)
def test_parse_input_only_ever_raises_input_error(data):
    data = {"secret_access_key": SECRET + "\u00e9"} | data
    try:
        inp = parse_input(data)
    except InputError as error:
        assert error.errors
        assert SECRET not in str(error)
        return
    result = sign_request(inp).to_dict()
    assert set(OUTPUT_SCHEMA["required"]) <= set(result)  # type: ignore[arg-type]


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


# ============================================================ schemas and purity


def test_to_dict_matches_the_output_schema():
    result = _sign(url="https://h.example.com/?a=1", mode="presign").to_dict()
    json.dumps(result)
    optional = {"comparison"}  # only in the debugging mode
    assert set(result) == set(OUTPUT_SCHEMA["properties"]) - optional  # type: ignore[arg-type]
    assert set(OUTPUT_SCHEMA["required"]) == set(result)  # type: ignore[arg-type]
    assert result["authorization"] is None and result["presigned_url"]
    header = _sign(url="https://h.example.com/").to_dict()
    assert header["presigned_url"] is None and header["authorization"]
    json.dumps(
        [INPUT_SCHEMA, OUTPUT_SCHEMA, sigv4.COMPARE_INPUT_SCHEMA, sigv4.COMPARE_OUTPUT_SCHEMA]
    )


def test_package_imports_neither_django_nor_botocore():
    package = Path(sigv4.__file__).parent
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in package.glob("*.py")]
    imported = set()
    for node in (node for tree in trees for node in ast.walk(tree)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"django", "botocore", "boto3", "studysite"}


class TestBinaryAndNulBodies:
    """Any text is signable, NUL included; binary payloads come as body_base64."""

    def test_a_nul_in_the_text_body_is_signed_over_its_utf8_bytes(self):
        inp = parse_input({"url": "https://h.example.com/", "service": "s3", "body": "a\x00b"})
        result = sign_request(inp)
        assert result.payload_hash == hashlib.sha256(b"a\x00b").hexdigest()
        # Shown as binary, and the curl line decodes base64 (a shell argument has no NUL).
        assert result.http_request.endswith("[3 bytes of binary data]")
        assert "printf '%s' YQBi | base64 --decode | curl" in result.curl

    def test_base64_body_is_hashed_decoded_not_as_text(self):
        inp = parse_input(
            {
                "url": "https://h.example.com/k",
                "service": "s3",
                "method": "PUT",
                "body_base64": "iVBO\nRw0K",
            }  # line breaks in pasted base64 are ignored
        )
        result = sign_request(inp)
        assert inp.payload() == bytes.fromhex("89504e470d0a")
        assert result.payload_hash == hashlib.sha256(inp.payload()).hexdigest()
        assert any("6 decoded bytes, not of the base64 text" in n.message for n in result.notes)
        assert ("X-Amz-Content-SHA256", result.payload_hash) in result.headers_sent

    def test_url_safe_base64_without_padding_is_accepted(self):
        inp = parse_input({"url": "https://h.example.com/", "service": "s3", "body_base64": "-_8"})
        assert inp.payload() == b"\xfb\xff"

    def test_text_and_base64_together_are_refused(self):
        errors = _errors(
            {"url": "https://h.example.com/", "service": "s3", "body": "x", "body_base64": "eA=="}
        )
        assert errors == {"body_base64": "Give the body either as text or as base64, not both."}

    def test_a_plain_text_body_is_shown_as_is(self):
        inp = parse_input({"url": "https://h.example.com/", "service": "s3", "body": "hi\tthere"})
        result = sign_request(inp)
        assert result.http_request.endswith("\nhi\tthere")
        assert "printf '%s' 'hi\tthere' | curl" in result.curl


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
