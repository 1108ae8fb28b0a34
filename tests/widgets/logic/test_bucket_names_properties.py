"""Property tests for the bucket-name validator and object-key checker
(pure logic, no Django)."""

from __future__ import annotations

import json
import re

from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic.bucket_names import parse_input
from studysite.widgets.logic.common import InputError

from .bucket_names_helpers import (
    DIR,
    GP,
    ZONE,
    grammar_ok,
    judge,
    key_report,
)

# ------------------------------------------------------------------------------ properties

PIECES = [
    "a", "b", "z", "0", "1", "9", "192", "255", "999", ".", "..", "-", "--",
    "xn--", "sthree-", "amzn-s3-demo-", "-s3alias", "--ol-s3", ".mrap", "--x-s3",
    "--table-s3", "-111122223333-us-east-1-an", "--usw2-az1", "--use1-atl2-az1",
    "--usw2-zz1", "A", "_", " ", "é",
]  # fmt: skip
structured_names = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=12).map("".join),
    st.from_regex(r"[a-z0-9][a-z0-9.\-]{0,70}[a-z0-9]", fullmatch=True),
    st.from_regex(r"[a-z0-9][a-z0-9\-]{0,50}--" + ZONE + r"--x-s3", fullmatch=True),
    st.text(alphabet="ab1.-_A", max_size=70),
)
any_text = st.text(
    alphabet=st.characters(exclude_categories=()),  # surrogates and controls included
    max_size=120,
)
kinds = st.sampled_from([GP, DIR])


class TestProperties:
    @given(name=structured_names, kind=kinds)
    def test_the_validator_agrees_with_the_documented_grammar(self, name, kind):
        assert judge(name, kind)["valid"] is grammar_ok(name, kind)

    @given(name=st.one_of(structured_names, any_text), kind=kinds)
    def test_any_suggestion_is_itself_valid(self, name, kind):
        suggestion = judge(name, kind)["suggestion"]
        if suggestion is not None:
            assert judge(suggestion, kind)["valid"] is True
            assert grammar_ok(suggestion, kind)

    @given(name=any_text, kind=kinds)
    def test_never_raises_on_arbitrary_text(self, name, kind):
        out = judge(name, kind)
        json.dumps(out)
        assert out["valid"] is (not out["violations"])
        failed_checks = [c["rule"] for c in out["checks"] if not c["passed"]]
        assert [v["rule"] for v in out["violations"]] == failed_checks
        assert all(v["message"] for v in out["violations"])
        assert all(0 <= h["start"] < h["end"] <= len(name) for h in out["highlights"])

    @given(
        data=st.dictionaries(
            st.sampled_from(["name", "kind", "x"]),
            st.one_of(st.none(), st.integers(), any_text, st.lists(st.integers(), max_size=2)),
        )
    )
    def test_parse_input_only_ever_raises_input_error(self, data):
        try:
            inp = parse_input(data)
        except InputError as exc:
            assert exc.errors
        else:
            judge(inp.name, inp.kind)

    @given(key=any_text)
    def test_the_key_checker_never_raises_and_adds_up(self, key):
        out = key_report(key)
        json.dumps(out)
        assert sum(out["counts"].values()) == len(key)
        assert out["byte_length"] == len(key.encode("utf-8", "surrogatepass"))
        assert out["valid"] is (not out["problems"])

    @given(key=st.text(max_size=200))
    def test_the_url_encoding_round_trips(self, key):
        from urllib.parse import unquote

        encoded = key_report(key)["url_encoded"]
        assert unquote(encoded) == key
        assert re.fullmatch(r"[A-Za-z0-9\-_.~/%]*", encoded)
