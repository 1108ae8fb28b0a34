"""Shared by the SigV4 signer's logic tests: the official test suite's files and how a case
is read, the S3-doc and suite signing shortcuts, parse_input's per-field errors, and the
override that keeps them free of Django."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studysite.widgets.logic import sigv4
from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.sigv4 import (
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


def _case(name: str) -> Path:
    return next(c for c in CASES if c.name == name)


def _sign(**data: object) -> sigv4.SigV4Result:
    base: dict[str, object] = {"service": "execute-api", "timestamp": SUITE_TIME}
    return sign_request(parse_input(base | data))


def _errors(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(InputError) as info:
        parse_input(data)
    return {e.field: e.message for e in info.value.errors}
