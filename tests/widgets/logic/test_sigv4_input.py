"""The SigV4 signer's input: parse_input and its per-field errors, secrets kept out of
every output, the schemas and purity, binary and NUL bodies."""

from __future__ import annotations

import ast
import hashlib
import json
from dataclasses import replace
from pathlib import Path

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
    parse_input,
    sign_request,
)

from .sigv4_helpers import (
    SUITE_TIME,
    _errors,
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    _sign,
)

# ================================================================= parse_input


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
