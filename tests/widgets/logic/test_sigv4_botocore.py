"""botocore's signers as a second oracle for the SigV4 signer, on generated requests.

botocore is a test-only dependency: the logic module never imports it. The installed
botocore (1.44.x) takes the signing time from ``botocore.auth.get_current_datetime`` (a name
imported from ``botocore.compat``), not from ``datetime.datetime.utcnow``, so that is the
name frozen here; the first test proves the freeze works.

What is compared: canonical request, string to sign, signature, signed headers, the
Authorization header or the presigned URL, for S3 and non-S3 services, header and presign
modes, with and without a session token or an unsigned payload. Two botocore behaviours
are steered around, not copied:

* ``SigV4QueryAuth`` rebuilds the query from a dict (``parse_qs``), so a repeated query key
  loses all but its first value; presign cases therefore use distinct keys. It also moves
  a request body into the query, so presign cases have no body.
* Over plain ``http://`` botocore always hashes the payload of a non-S3 presigned URL even
  when payload signing is off; this module honours ``unsigned_payload`` there, so that one
  combination is left out.
"""

from __future__ import annotations

import datetime
import re
import types
from unittest import mock
from urllib.parse import quote, unquote_to_bytes, urlsplit

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from botocore.utils import percent_encode
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from studysite.widgets.logic import sigv4
from studysite.widgets.logic.sigv4 import SigV4Input, parse_input, sign_request


@pytest.fixture(autouse=True)
def _fresh_chapters():
    """Overrides the suite-wide fixture: pure logic needs no Django settings or chapter cache
    (and so these tests also run with ``-p no:django``)."""
    yield


SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"


def botocore_sign(
    inp: SigV4Input,
    url: str,
    *,
    headers: tuple[tuple[str, str], ...] | None = None,
    params: list[tuple[str, str]] | None = None,
) -> tuple[dict[str, str], AWSRequest]:
    """Sign with the matching botocore signer; return what it built and the request."""
    s3 = inp.service in sigv4.S3_SIGNING_NAMES
    presign = inp.mode == sigv4.MODE_PRESIGN
    credentials = Credentials(inp.access_key_id, inp.secret_access_key, inp.session_token)
    if presign:
        cls = botocore.auth.S3SigV4QueryAuth if s3 else botocore.auth.SigV4QueryAuth
        signer = cls(credentials, inp.service, inp.region, expires=inp.expires)
    else:
        cls = botocore.auth.S3SigV4Auth if s3 else botocore.auth.SigV4Auth
        signer = cls(credentials, inp.service, inp.region)
    request = AWSRequest(method=inp.method, url=url, data=inp.payload(), params=params or {})
    for name, value in inp.headers if headers is None else headers:
        request.headers[name] = value  # HTTPHeaders appends: repeated names are kept
    if inp.unsigned_payload:
        if s3:
            request.context["client_config"] = types.SimpleNamespace(
                s3={"payload_signing_enabled": False}
            )
        else:
            request.context["payload_signing_enabled"] = False
    captured: dict[str, str] = {}
    canonical_request, string_to_sign = signer.canonical_request, signer.string_to_sign

    def record_canonical(req):
        captured["canonical_request"] = canonical_request(req)
        return captured["canonical_request"]

    def record_sts(req, creq):
        captured["string_to_sign"] = string_to_sign(req, creq)
        return captured["string_to_sign"]

    signer.canonical_request = record_canonical
    signer.string_to_sign = record_sts
    when = datetime.datetime.strptime(inp.timestamp, sigv4.TIMESTAMP_FORMAT)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=when):
        signer.add_auth(request)
    return captured, request


def _query_pairs(url: str) -> list[tuple[str, str]]:
    query = urlsplit(url).query
    return [(k, v) for k, _, v in (p.partition("=") for p in query.split("&") if p)]


def _signature_of(request: AWSRequest, presign: bool) -> str:
    if presign:
        return dict(_query_pairs(request.url))["X-Amz-Signature"]
    return request.headers["Authorization"].rpartition("Signature=")[2]


def _signed_headers_of(request: AWSRequest, presign: bool) -> str:
    if presign:
        return dict(_query_pairs(request.url))["X-Amz-SignedHeaders"].replace("%3B", ";")
    return request.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]


def assert_same_as_botocore(inp: SigV4Input, url: str | None = None, **kwargs) -> None:
    ours = sign_request(inp)
    presign = inp.mode == sigv4.MODE_PRESIGN
    captured, request = botocore_sign(inp, ours.url if url is None else url, **kwargs)
    assert ours.canonical_request == captured["canonical_request"]
    assert ours.string_to_sign == captured["string_to_sign"]
    assert ours.signature == _signature_of(request, presign)
    assert ours.signed_headers == _signed_headers_of(request, presign)
    if presign:
        assert ours.presigned_url is not None
        assert ours.presigned_url.split("?")[0] == request.url.split("?")[0]
        assert _query_pairs(ours.presigned_url) == _query_pairs(request.url)
    else:
        assert ours.authorization == request.headers["Authorization"]
        ours_sent = sorted((n.lower(), v) for n, v in ours.headers_sent if n.lower() != "host")
        theirs_sent = sorted(
            (n.lower(), v.strip(" \t")) for n, v in request.headers.items() if n.lower() != "host"
        )
        assert ours_sent == theirs_sent


# ------------------------------------------------------------------------- fixed checks


def test_botocore_time_is_frozen_through_get_current_datetime():
    inp = SigV4Input(
        url="https://example.amazonaws.com/", service="sts", timestamp="20010203T040506Z"
    )
    _, request = botocore_sign(inp, inp.url)
    assert request.headers["X-Amz-Date"] == "20010203T040506Z"
    assert "20010203/us-east-1/sts/aws4_request" in request.headers["Authorization"]


@pytest.mark.parametrize("mode", ["header", "presign"])
@pytest.mark.parametrize("service", ["s3", "execute-api", "s3-object-lambda"])
def test_plain_requests_match_botocore(service: str, mode: str):
    inp = parse_input(
        {
            "url": "https://example.amazonaws.com/photos/a b/../x%20y.jpg?versionId=3&acl",
            "service": service,
            "mode": mode,
            "timestamp": "20240229T235959Z",
            "session_token": "FwoGZXIvYXdzEXAMPLE/token+==",
            "headers": [["X-Amz-Meta-Note", "  hello   world  "], ["User-Agent", "me"]],
        }
    )
    assert_same_as_botocore(inp)


# ------------------------------------------------------------------ generated requests

_PATH_PIECES = st.sampled_from(
    [
        "a",
        "Z",
        "0",
        "-",
        "_",
        ".",
        "~",
        " ",
        "é",
        "ሴ",
        "😀",
        "!",
        "$",
        "&",
        "'",
        "(",
        ")",
        "*",
        "+",
        ",",
        ";",
        "=",
        ":",
        "@",
        "%20",
        "%2F",
        "%2f",
        "%zz",
        "%",
        "%E1%88%B4",
        '"',
        "<",
        "{",
        "|",
        "^",
        "`",
        "\\",
    ]
)
_SEGMENT = st.one_of(
    st.sampled_from([".", "..", ""]), st.lists(_PATH_PIECES, min_size=1, max_size=4).map("".join)
)
_PATH = st.lists(_SEGMENT, max_size=5).map(lambda segments: "/" + "/".join(segments))

_QUERY_PIECES = st.sampled_from(
    [
        "a",
        "B",
        "1",
        "-",
        "_",
        ".",
        "~",
        " ",
        "é",
        "ሴ",
        "+",
        "%20",
        "%2B",
        "%7E",
        "%7e",
        "/",
        "?",
        ":",
        "@",
        "!",
        "$",
        "'",
        "(",
        ")",
        "*",
        ",",
        ";",
        "%26",
        "%3D",
        "%E1%88%B4",
        "%c3%a9",
    ]
)
_QUERY_KEY = st.lists(_QUERY_PIECES, min_size=1, max_size=4).map("".join)
_QUERY_VALUE = st.one_of(
    st.none(), st.lists(st.one_of(_QUERY_PIECES, st.just("=")), max_size=4).map("".join)
)

_HEADER_NAMES = st.sampled_from(
    [
        "My-Header1",
        "my-header1",
        "X-Amz-Meta-Color",
        "Content-Type",
        "Range",
        "User-Agent",
        "Expect",
        "X-Custom",
        "Cache-Control",
        "Content-MD5",
        "Host",
    ]
)
_HEADER_VALUE = st.lists(
    st.sampled_from(["a", "B", " ", "  ", "\t", "x=y", '"q"', ",", ";", "1", "/"]), max_size=6
).map("".join)
_TOKEN = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40
)
_BODY = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # NUL and controls included
    max_size=40,
)


@st.composite
def requests(draw) -> tuple[dict[str, object], str]:
    presign = draw(st.booleans())
    service = draw(st.sampled_from(["s3", "service", "execute-api", "sts", "s3-outposts"]))
    scheme = draw(st.sampled_from(["https", "http"]))
    host = draw(
        st.sampled_from(
            [
                "example.amazonaws.com",
                "examplebucket.s3.us-west-2.amazonaws.com",
                "EXAMPLE.AmazonAWS.com",
                "127.0.0.1:9000",
                "[::1]:8443",
                "h.example.com:443",
            ]
        )
    )
    pairs = draw(st.lists(st.tuples(_QUERY_KEY, _QUERY_VALUE), max_size=5))
    if presign:  # botocore's presigner keeps one value per key (the first)
        seen: set[bytes] = set()
        unique = []
        for key, value in pairs:
            decoded = unquote_to_bytes(key)
            if decoded not in seen:
                seen.add(decoded)
                unique.append((key, value))
        pairs = unique
    query = "&".join(k if v is None else f"{k}={v}" for k, v in pairs)
    url = f"{scheme}://{host}{draw(_PATH)}" + (f"?{query}" if query else "")
    headers = draw(st.lists(st.tuples(_HEADER_NAMES, _HEADER_VALUE), max_size=5))
    headers = [(n, "custom.example.com" if n == "Host" else v) for n, v in headers]
    unsigned = draw(st.booleans())
    data: dict[str, object] = {
        "method": draw(st.sampled_from(sigv4.METHODS)),
        "url": url,
        "headers": [list(h) for h in headers],
        "body": "" if presign else draw(_BODY),
        "region": draw(st.sampled_from(["us-east-1", "eu-central-2", "us-gov-west-1"])),
        "service": service,
        "session_token": draw(st.one_of(st.none(), _TOKEN)),
        "timestamp": draw(
            st.datetimes(
                min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2099, 12, 31)
            )
        ).strftime(sigv4.TIMESTAMP_FORMAT),
        "mode": "presign" if presign else "header",
        "expires": draw(st.integers(1, sigv4.MAX_EXPIRES)),
        "unsigned_payload": unsigned,
    }
    return data, scheme


@settings(max_examples=200)
@given(requests())
def test_generated_requests_match_botocore(case):
    data, scheme = case
    inp = parse_input(data)
    s3 = inp.service in sigv4.S3_SIGNING_NAMES
    assume(not (inp.mode == "presign" and not s3 and inp.unsigned_payload and scheme == "http"))
    assert_same_as_botocore(inp)


_KEY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30
).filter(lambda k: k == k.rstrip())  # parse_input trims the URL it is given, like a browser


@settings(max_examples=100)
@given(key=_KEY_TEXT.filter(lambda k: not set(k) & set("%?#")), presign=st.booleans())
def test_a_raw_s3_key_is_encoded_as_botocore_encodes_it(key, presign):
    """Typed raw, the key must come out exactly as botocore encodes an S3 key."""
    mode = "presign" if presign else "header"
    inp = parse_input(
        {
            "url": f"https://b.s3.amazonaws.com/{key}",
            "service": "s3",
            "mode": mode,
            "timestamp": "20240101T000000Z",
        }
    )
    encoded = "https://b.s3.amazonaws.com/" + percent_encode(key, safe="/~")
    assert sign_request(inp).url == encoded
    assert_same_as_botocore(inp, encoded)


@settings(max_examples=100)
@given(key=_KEY_TEXT.filter(lambda k: "#" not in k and "?" not in k))
def test_an_encoded_s3_key_is_sent_unchanged(key):
    encoded = "https://b.s3.amazonaws.com/" + percent_encode(key, safe="/~")
    inp = parse_input({"url": encoded, "service": "s3", "timestamp": "20240101T000000Z"})
    assert sign_request(inp).url == encoded
    assert_same_as_botocore(inp, encoded)


_PARAM_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8)


@settings(max_examples=100)
@given(
    params=st.lists(st.tuples(_PARAM_TEXT, _PARAM_TEXT), max_size=5),
    lower_hex=st.booleans(),
    service=st.sampled_from(["s3", "execute-api"]),
)
def test_query_parameters_match_botocores_own_encoding(params, lower_hex, service):
    """Parameters given to botocore raw (it encodes them itself) and to us in a URL."""
    assume(all(k.lower() not in {p.lower() for p in sigv4.AUTH_QUERY_PARAMS} for k, _ in params))

    def enc(text: str) -> str:
        encoded = quote(text, safe="")
        if lower_hex:  # %e1 is as good as %E1 on input
            encoded = re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), encoded)
        return encoded

    query = "&".join(f"{enc(k)}={enc(v)}" for k, v in params)
    base = "https://example.amazonaws.com/x"
    inp = parse_input(
        {
            "url": f"{base}?{query}" if query else base,
            "service": service,
            "timestamp": "20240101T000000Z",
        }
    )
    assert_same_as_botocore(inp, base, params=params)


# ------------------------------------------------------------------ binary and NUL bodies

_PNG_HEADER = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + bytes(range(256))


@pytest.mark.parametrize("service", ["s3", "service"])
@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_binary_bodies_match_botocore(service: str, method: str):
    import base64

    inp = SigV4Input(
        url="https://examplebucket.s3.us-east-1.amazonaws.com/photos/cat.png",
        service=service,
        method=method,
        body_base64=base64.b64encode(_PNG_HEADER).decode(),
        timestamp="20130524T000000Z",
    )
    assert inp.payload() == _PNG_HEADER
    assert_same_as_botocore(inp)


@pytest.mark.parametrize("body", ["nul\x00inside", "\x00", "bell\x07 and \x1b escape", "é\x00ü"])
def test_text_bodies_with_control_characters_match_botocore(body: str):
    inp = SigV4Input(
        url="https://example.amazonaws.com/",
        service="service",
        method="POST",
        body=body,
        timestamp="20150830T123600Z",
    )
    assert_same_as_botocore(inp)


# ------------------------------------- unsigned headers, DELETE, expiry limits (botocore)


def test_the_unsigned_header_list_is_botocores():
    loaded = set(botocore.auth.SIGNED_HEADERS_BLACKLIST)
    assert loaded <= set(sigv4.UNSIGNED_HEADER_NAMES)
    # Once awscli is imported first (the CLI explainer's tests), ``botocore`` is awscli's
    # older bundled copy, whose list lacks the trace-context headers; the botocore package
    # itself lists exactly ours.
    if "awscli" not in botocore.__file__:
        assert loaded == set(sigv4.UNSIGNED_HEADER_NAMES)
    else:
        assert set(sigv4.UNSIGNED_HEADER_NAMES) - loaded == {"baggage", "traceparent", "tracestate"}
    assert len(sigv4.UNSIGNED_HEADER_NAMES) == len(set(sigv4.UNSIGNED_HEADER_NAMES))


@pytest.mark.parametrize("mode", ["header", "presign"])
@pytest.mark.parametrize("name", sorted(botocore.auth.SIGNED_HEADERS_BLACKLIST))
def test_each_unsigned_header_is_left_out_as_botocore_leaves_it_out(name: str, mode: str):
    inp = parse_input(
        {
            "url": "https://example.amazonaws.com/path",
            "service": "service",
            "mode": mode,
            "timestamp": "20150830T123600Z",
            "headers": [[name.title(), "some value"], ["X-Custom", "kept"]],
        }
    )
    assert_same_as_botocore(inp)
    assert name not in sign_request(inp).signed_headers.split(";")


_DELETE_OBJECTS = "<Delete><Object><Key>a.txt</Key></Object></Delete>"


# A presigned URL carries no body, so DELETE with a body is signed in header mode only.
@pytest.mark.parametrize(
    ("mode", "body"), [("header", ""), ("header", _DELETE_OBJECTS), ("presign", "")]
)
@pytest.mark.parametrize("service", ["s3", "service"])
def test_delete_with_and_without_a_body_matches_botocore(service: str, mode: str, body: str):
    inp = SigV4Input(
        url="https://examplebucket.s3.amazonaws.com/photos/cat.jpg?versionId=3",
        service=service,
        method="DELETE",
        body=body,
        mode=mode,
        timestamp="20130524T000000Z",
        session_token="FwoGZXIvYXdzEXAMPLE",
    )
    assert_same_as_botocore(inp)


@pytest.mark.parametrize("expires", [sigv4.MIN_EXPIRES, sigv4.MAX_EXPIRES])
@pytest.mark.parametrize("service", ["s3", "service"])
def test_presigned_urls_at_the_expiry_limits_match_botocore(service: str, expires: int):
    assert (sigv4.MIN_EXPIRES, sigv4.MAX_EXPIRES) == (1, 604_800)
    inp = SigV4Input(
        url="https://examplebucket.s3.amazonaws.com/test.txt",
        service=service,
        mode="presign",
        expires=expires,
        timestamp="20130524T000000Z",
    )
    assert_same_as_botocore(inp)
