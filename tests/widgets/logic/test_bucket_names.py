"""The bucket-name validator and object-key checker (pure logic, no Django)."""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic import bucket_names as bn
from studysite.widgets.logic.bucket_names import (
    INPUT_SCHEMA,
    KEY_INPUT_SCHEMA,
    KEY_OUTPUT_SCHEMA,
    OUTPUT_SCHEMA,
    BucketNameInput,
    ObjectKeyInput,
    check_object_key,
    parse_input,
    parse_key_input,
    validate_bucket_name,
)
from studysite.widgets.logic.common import InputError

GP = "general-purpose"
DIR = "directory"


def judge(name: str, kind: str = GP) -> dict:
    return validate_bucket_name(BucketNameInput(name=name, kind=kind)).to_dict()


def failed(name: str, kind: str = GP) -> set[str]:
    return {v["rule"] for v in judge(name, kind)["violations"]}


def key_report(key: str) -> dict:
    return check_object_key(ObjectKeyInput(key=key)).to_dict()


# --------------------------------------------------------------------- independent grammar
# Written from the AWS pages, separately from the module's own code paths.

GENERAL_GRAMMAR = re.compile(
    r"""
    (?!xn--|sthree-|amzn-s3-demo-)                     # reserved prefixes
    (?!.*(?:-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)\Z)  # reserved suffixes
    (?!.*-an\Z)                                         # account regional suffix -an
    (?!\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\Z)            # shaped like an IPv4 address
    (?!.*\.\.)                                          # no adjacent periods
    [a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]                   # 3-63 chars, alnum at both ends
    """,
    re.VERBOSE | re.ASCII,  # \d means 0-9 only
)

ZONE = r"(?:[a-z]{2,6}\d{1,2}-az\d{1,2}|[a-z]{2,6}\d{1,2}-[a-z]{2,8}\d{0,2}[a-z]?-az\d{1,2})"
DIRECTORY_GRAMMAR = re.compile(
    r"(?!xn--|sthree-|amzn-s3-demo-)(?=.{3,63}\Z)[a-z0-9][a-z0-9\-]*--" + ZONE + r"--x-s3",
    re.ASCII,
)


def grammar_ok(name: str, kind: str) -> bool:
    grammar = DIRECTORY_GRAMMAR if kind == DIR else GENERAL_GRAMMAR
    return grammar.fullmatch(name) is not None


# ------------------------------------------------------------------------ the name table

NAME_TABLE: list[tuple[str, str, set[str]]] = [
    # length: edges 2/3 and 63/64, empty, huge
    ("abc", GP, set()),
    ("a" * 63, GP, set()),
    ("ab", GP, {"length"}),
    ("a", GP, {"length"}),
    ("a" * 64, GP, {"length"}),
    ("", GP, {"length", "start-end"}),
    ("x" * 10_000, GP, {"length"}),
    ("my-bucket", GP, set()),
    ("123", GP, set()),
    ("a.b", GP, set()),
    ("a--b", GP, set()),
    ("a.-b", GP, set()),
    # IP-shaped names and near misses
    ("192.168.5.4", GP, {"ip-address"}),
    ("1.2.3.4", GP, {"ip-address"}),
    ("0.0.0.0", GP, {"ip-address"}),  # noqa: S104 - a name, not a bind address
    ("999.999.999.999", GP, {"ip-address"}),
    ("01.02.03.04", GP, {"ip-address"}),
    ("192.168.5", GP, set()),
    ("1.2.3.4.5", GP, set()),
    ("1234.1.1.1", GP, set()),
    ("192.168.5.4a", GP, set()),
    ("192-168-5-4", GP, set()),
    # periods
    ("a..b", GP, {"adjacent-periods"}),
    ("a...b", GP, {"adjacent-periods"}),
    ("my.site.example", GP, set()),
    ("..", GP, {"length", "start-end", "adjacent-periods"}),
    # first and last character
    ("-abc", GP, {"start-end"}),
    ("abc-", GP, {"start-end"}),
    (".abc", GP, {"start-end"}),
    ("abc.", GP, {"start-end"}),
    ("a" * 62 + "-", GP, {"start-end"}),
    ("-", GP, {"length", "start-end"}),
    # characters
    ("MyBucket", GP, {"charset", "start-end"}),
    ("mybucketA", GP, {"charset", "start-end"}),
    ("my_bucket", GP, {"charset"}),
    ("my bucket", GP, {"charset"}),
    ("café-bucket", GP, {"charset"}),
    ("バケット", GP, {"charset", "start-end"}),
    ("bucket-🎉", GP, {"charset", "start-end"}),
    ("bucket\x00name", GP, {"charset"}),
    ("bucket\x07name", GP, {"charset"}),
    ("bucket\tname", GP, {"charset"}),
    ("bucket\nname", GP, {"charset"}),
    ("bucket\u200bname", GP, {"charset"}),
    ("   ", GP, {"charset", "start-end"}),
    (" my-bucket ", GP, {"charset", "start-end"}),
    ("\t", GP, {"length", "charset", "start-end"}),
    ("XN--BUCKET", GP, {"charset", "start-end"}),
    # reserved prefixes and their near misses
    ("xn--bucket", GP, {"prefix-xn--"}),
    ("xn--", GP, {"prefix-xn--", "start-end"}),
    ("xn-bucket", GP, set()),
    ("sthree-bucket", GP, {"prefix-sthree-"}),
    ("sthree-configurator-x", GP, {"prefix-sthree-"}),
    ("sthreebucket", GP, set()),
    ("amzn-s3-demo-bucket", GP, {"prefix-amzn-s3-demo-"}),
    ("amzn-s3-demo", GP, set()),
    ("my-amzn-s3-demo-bucket", GP, set()),
    # reserved suffixes and their near misses
    ("bucket-s3alias", GP, {"suffix--s3alias"}),
    ("bucket-s3aliasx", GP, set()),
    ("bucket--ol-s3", GP, {"suffix---ol-s3"}),
    ("bucket-ol-s3", GP, set()),
    ("bucket.mrap", GP, {"suffix-.mrap"}),
    ("bucket-mrap", GP, set()),
    ("bucket--x-s3", GP, {"suffix---x-s3"}),
    ("bucket-x-s3", GP, set()),
    ("data--usw2-az1--x-s3", GP, {"suffix---x-s3"}),
    ("bucket--table-s3", GP, {"suffix---table-s3"}),
    ("bucket-table-s3", GP, set()),
    ("xn--bucket--x-s3", GP, {"prefix-xn--", "suffix---x-s3"}),
    # account regional namespace suffix
    ("logs-111122223333-us-west-2-an", GP, {"account-regional-suffix"}),
    ("logs-111122223333-us-gov-west-1-an", GP, {"account-regional-suffix"}),
    ("logs-11112222333-us-west-2-an", GP, {"account-regional-suffix"}),
    ("logs-an", GP, {"account-regional-suffix"}),
    ("logs-a", GP, set()),
    ("logs-anx", GP, set()),
    ("logsan", GP, set()),
    ("abc-an.x", GP, set()),
    ("logs-111122223333-us-west-2", GP, set()),
    # directory buckets
    ("data--usw2-az1--x-s3", DIR, set()),
    ("data--use1-az4--x-s3", DIR, set()),
    ("data--apne1-az4--x-s3", DIR, set()),
    ("data--use1-atl2-az1--x-s3", DIR, set()),
    ("a--usw2-az1--x-s3", DIR, set()),
    ("a" * 47 + "--usw2-az1--x-s3", DIR, set()),
    ("a" * 48 + "--usw2-az1--x-s3", DIR, {"length"}),
    ("data", DIR, {"directory-suffix", "zone-id"}),
    ("data--x-s3", DIR, {"directory-suffix", "zone-id", "base-name"}),
    ("--usw2-az1--x-s3", DIR, {"start-end", "base-name"}),
    ("my.data--usw2-az1--x-s3", DIR, {"charset"}),
    ("Data--usw2-az1--x-s3", DIR, {"charset", "start-end"}),
    ("my_data--usw2-az1--x-s3", DIR, {"charset"}),
    ("data--usw2-zz1--x-s3", DIR, {"zone-id"}),
    ("data--us-west-2a--x-s3", DIR, {"zone-id"}),
    ("data--usw2-az1--x-s3-", DIR, {"start-end", "directory-suffix", "zone-id"}),
    ("xn--data--usw2-az1--x-s3", DIR, {"prefix-xn--"}),
    ("sthree-data--usw2-az1--x-s3", DIR, {"prefix-sthree-"}),
    ("amzn-s3-demo-x--usw2-az1--x-s3", DIR, {"prefix-amzn-s3-demo-"}),
    ("data-s3alias", DIR, {"directory-suffix", "zone-id", "suffix--s3alias"}),
    ("", DIR, {"length", "start-end", "directory-suffix", "zone-id", "base-name"}),
]


class TestValidateBucketName:
    @pytest.mark.parametrize(
        ("name", "kind", "expected"),
        NAME_TABLE,
        ids=[f"{kind}:{name[:30]!r}" for name, kind, _ in NAME_TABLE],
    )
    def test_the_table_of_names_breaks_exactly_the_expected_rules(self, name, kind, expected):
        out = judge(name, kind)
        assert {v["rule"] for v in out["violations"]} == expected
        assert out["valid"] is (not expected)
        assert grammar_ok(name, kind) is (not expected)

    def test_the_table_covers_every_rule_of_both_kinds(self):
        broken = set().union(*(expected for _, _, expected in NAME_TABLE))
        every_rule = {c["rule"] for c in judge("abc")["checks"]}
        every_rule |= {c["rule"] for c in judge("abc", DIR)["checks"]}
        assert every_rule <= broken

    def test_the_table_has_at_least_sixty_names(self):
        assert len(NAME_TABLE) >= 60

    def test_the_contract_keys_are_present(self):
        out = judge("My_Bucket")
        assert {"name", "kind", "valid", "violations", "suggestion"} <= out.keys()
        assert out["name"] == "My_Bucket"
        assert out["kind"] == GP
        assert all(set(v) == {"rule", "message"} for v in out["violations"])

    def test_the_result_is_json_serialisable(self):
        json.dumps(judge("bucket\x00\ud800🎉"))
        json.dumps(judge("x--usw2-az1--x-s3", DIR))

    def test_violations_are_exactly_the_failed_checks_in_order(self):
        out = judge("-My..Bucket-s3alias")
        failed_checks = [c["rule"] for c in out["checks"] if not c["passed"]]
        assert [v["rule"] for v in out["violations"]] == failed_checks

    def test_every_rule_appears_in_the_checklist_even_when_it_passes(self):
        rules = [c["rule"] for c in judge("abc")["checks"]]
        assert rules[:5] == ["length", "charset", "start-end", "adjacent-periods", "ip-address"]
        assert "prefix-amzn-s3-demo-" in rules and "suffix---table-s3" in rules
        assert all(c["passed"] for c in judge("abc")["checks"])

    def test_directory_checklist_has_no_period_rules(self):
        rules = {c["rule"] for c in judge("data--usw2-az1--x-s3", DIR)["checks"]}
        assert {"directory-suffix", "zone-id", "base-name"} <= rules
        assert not {"adjacent-periods", "ip-address", "suffix---x-s3"} & rules

    def test_rejects_adjacent_periods(self):
        out = judge("my..bucket")
        assert out["valid"] is False
        assert out["violations"][0]["rule"] == "adjacent-periods"
        assert out["highlights"] == [{"start": 2, "end": 4, "rule": "adjacent-periods"}]

    def test_rejects_an_ip_shaped_name_but_not_near_misses(self):
        assert failed("192.168.5.4") == {"ip-address"}
        assert failed("192.168.5") == set()
        assert failed("1.2.3.4.5") == set()

    def test_names_the_offending_characters(self):
        message = judge("My_Bucket!")["violations"][0]["message"]
        assert '"M"' in message and '"_"' in message and '"B"' in message and '"!"' in message
        assert "lowercase" in message

    def test_names_spaces_and_control_characters_readably(self):
        assert "space" in judge("my bucket")["violations"][0]["message"]
        assert "U+0007" in judge("bucket\x07x")["violations"][0]["message"]
        assert "tab" in judge("a\tb")["violations"][0]["message"]

    def test_names_non_ascii_characters_with_their_unicode_names(self):
        message = judge("café-x")["violations"][0]["message"]
        assert "é" in message and "latin small letter e with acute" in message
        assert "🎉" in judge("x-🎉-x")["violations"][0]["message"]

    def test_lists_only_the_first_few_distinct_bad_characters(self):
        message = judge("ABCDEFGHIJKLMNOP")["violations"][0]["message"]
        assert "and 8 more" in message

    def test_a_huge_name_gets_a_short_length_message(self):
        out = judge("x" * 10_000)
        assert len(out["violations"][0]["message"]) < 300
        assert "10,000" in out["violations"][0]["message"]
        assert out["highlights"] == [{"start": 63, "end": 10_000, "rule": "length"}]

    def test_highlights_mark_the_offending_ranges(self):
        out = judge("ab_c_d")
        assert [(h["start"], h["end"]) for h in out["highlights"]] == [(2, 3), (4, 5)]
        out = judge("xn--bucket-s3alias")
        spans = {(h["rule"], h["start"], h["end"]) for h in out["highlights"]}
        assert spans == {("prefix-xn--", 0, 4), ("suffix--s3alias", 10, 18)}

    def test_highlights_are_capped_and_inside_the_name(self):
        name = "a_" * 4000
        out = judge(name)
        assert len(out["highlights"]) <= bn.MAX_HIGHLIGHTS
        assert all(0 <= h["start"] < h["end"] <= len(name) for h in out["highlights"])

    def test_reserved_affix_messages_explain_the_reservation(self):
        assert "documentation" in judge("amzn-s3-demo-x")["violations"][0]["message"]
        assert "directory buckets" in judge("abc--x-s3")["violations"][0]["message"]
        assert "Multi-Region" in judge("abc.mrap")["violations"][0]["message"]

    def test_a_uppercase_zone_id_is_reported_as_a_charset_problem(self):
        assert "charset" in failed("data--USW2-AZ1--x-s3", DIR)

    def test_directory_parts_are_parsed(self):
        parts = judge("my-data--use1-atl2-az1--x-s3", DIR)["directory_parts"]
        assert parts == {
            "base_name": "my-data",
            "zone_id": "use1-atl2-az1",
            "zone_type": "local-zone",
        }
        parts = judge("d--usw2-az1--x-s3", DIR)["directory_parts"]
        assert parts["zone_type"] == "availability-zone"
        assert judge("abc")["directory_parts"] is None

    def test_directory_length_counts_the_suffix(self):
        out = judge("a" * 48 + "--usw2-az1--x-s3", DIR)
        assert "suffix" in out["violations"][0]["message"]


class TestNotes:
    def test_uniqueness_is_always_mentioned_as_unchecked(self):
        for name in ("abc", "My_Bucket", ""):
            assert any("can't be checked" in n for n in judge(name)["notes"])
        assert any("unique within" in n for n in judge("d--usw2-az1--x-s3", DIR)["notes"])

    def test_periods_bring_https_and_transfer_acceleration_notes(self):
        notes = " ".join(judge("my.example.site")["notes"])
        assert "certificate" in notes and "Transfer Acceleration" in notes
        notes = " ".join(judge("my-example-site")["notes"])
        assert "certificate" not in notes and "Transfer Acceleration" not in notes

    def test_uppercase_or_underscores_bring_the_legacy_us_east_1_note(self):
        assert any("1 March 2018" in n for n in judge("My_Legacy_Bucket")["notes"])
        assert any("1 March 2018" in n for n in judge("a" * 200)["notes"])
        assert not any("1 March 2018" in n for n in judge("a" * 300)["notes"])
        assert not any("1 March 2018" in n for n in judge("my bucket")["notes"])
        assert not any("1 March 2018" in n for n in judge("abc")["notes"])

    def test_account_regional_names_are_explained(self):
        out = judge("logs-111122223333-us-west-2-an")
        assert "own account regional namespace" in out["violations"][0]["message"]
        assert any("Account regional namespace" in n for n in out["notes"])

    def test_any_name_ending_in_an_is_refused_in_the_global_namespace(self):
        # bucketnamingrules: "-an" is only for the account regional namespace.
        out = judge("logs-an")
        assert out["valid"] is False
        (violation,) = out["violations"]
        assert violation["rule"] == "account-regional-suffix"
        assert "rejects every name that ends with -an" in violation["message"]
        assert out["suggestion"] == "logs"
        # The highlight covers exactly the three reserved characters.
        assert out["highlights"] == [{"start": 4, "end": 7, "rule": "account-regional-suffix"}]
        assert judge("my-data-an")["suggestion"] == "my-data"
        assert "-an" in next(
            c["label"] for c in out["checks"] if c["rule"] == "account-regional-suffix"
        )

    def test_directory_buckets_are_not_judged_by_the_general_suffix(self):
        assert "account-regional-suffix" not in failed("d-an--usw2-az1--x-s3", DIR)

    def test_local_zones_need_opt_in_and_zone_ids_are_shape_checked_only(self):
        notes = " ".join(judge("d--use1-atl2-az1--x-s3", DIR)["notes"])
        assert "opt in" in notes and "shape only" in notes
        assert "opt in" not in " ".join(judge("d--usw2-az1--x-s3", DIR)["notes"])


class TestSuggestion:
    @pytest.mark.parametrize(
        ("name", "kind", "suggestion"),
        [
            ("My_Bucket", GP, "my-bucket"),
            (" my bucket ", GP, "my-bucket"),
            ("Café Photos", GP, "cafe-photos"),
            ("a..b", GP, "a.b"),
            ("-abc-", GP, "abc"),
            ("192.168.5.4", GP, "192-168-5-4"),
            ("xn--bucket", GP, "bucket"),
            ("sthree-xn--data", GP, "data"),
            ("amzn-s3-demo-photos", GP, "photos"),
            ("photos-s3alias", GP, "photos"),
            ("photos--table-s3", GP, "photos"),
            ("photos.mrap", GP, "photos"),
            ("logs-111122223333-us-west-2-an", GP, "logs"),
            ("ab", GP, "ab-bucket"),
            ("A", GP, "a-bucket"),
            ("x" * 100, GP, "x" * 63),
            ("a" * 62 + ".b", GP, "a" * 62),
            ("Data.Set--USE1-ATL2-AZ1--x-s3", DIR, "data-set--use1-atl2-az1--x-s3"),
            ("My Data", DIR, "my-data--usw2-az1--x-s3"),
            ("my-data--x-s3", DIR, "my-data--usw2-az1--x-s3"),
            ("a" * 60 + "--usw2-az1--x-s3", DIR, "a" * 47 + "--usw2-az1--x-s3"),
        ],
    )
    def test_builds_a_corrected_name(self, name, kind, suggestion):
        out = judge(name, kind)
        assert out["valid"] is False
        assert out["suggestion"] == suggestion
        assert judge(suggestion, kind)["valid"] is True

    @pytest.mark.parametrize("name", ["", "   ", "🎉🎉", "バケット", "...", "---", "\x00"])
    def test_gives_none_when_nothing_sensible_remains(self, name):
        assert judge(name)["suggestion"] is None
        assert judge(name, DIR)["suggestion"] is None

    def test_a_valid_name_needs_no_suggestion(self):
        assert judge("my-bucket")["suggestion"] is None
        assert judge("d--usw2-az1--x-s3", DIR)["suggestion"] is None

    def test_an_invented_zone_id_is_pointed_out(self):
        out = judge("My Data", DIR)
        assert any("example zone ID usw2-az1" in n for n in out["notes"])
        out = judge("My Data--use1-az4--x-s3", DIR)
        assert out["suggestion"] == "my-data--use1-az4--x-s3"
        assert not any("example zone ID" in n for n in out["notes"])


class TestParseInput:
    def test_reads_name_and_defaults_the_kind(self):
        assert parse_input({"name": "abc"}) == BucketNameInput("abc", GP)

    def test_accepts_form_strings_for_the_kind(self):
        assert parse_input({"name": "abc", "kind": " Directory "}).kind == DIR
        assert parse_input({"name": "abc", "kind": ""}).kind == GP
        assert parse_input({"name": "abc", "kind": None}).kind == GP

    def test_empty_or_whitespace_names_are_valid_requests(self):
        assert parse_input({"name": ""}).name == ""
        assert parse_input({"name": "  \t"}).name == "  \t"
        assert judge("  \t")["valid"] is False

    def test_keeps_the_name_exactly_as_typed(self):
        assert parse_input({"name": " My Bucket "}).name == " My Bucket "

    @pytest.mark.parametrize(
        ("data", "field", "text"),
        [
            ({}, "name", "required"),
            ({"name": None}, "name", "required"),
            ({"name": 123}, "name", "text"),
            ({"name": ["a"]}, "name", "text"),
            ({"name": "x" * 10_001}, "name", "10,000"),
            ({"name": "abc", "kind": "table"}, "kind", "general-purpose"),
            ({"name": "abc", "kind": 7}, "kind", "text"),
        ],
    )
    def test_rejects_unusable_input_with_a_field_error(self, data, field, text):
        with pytest.raises(InputError) as caught:
            parse_input(data)
        assert [e.field for e in caught.value.errors] == [field]
        assert text in caught.value.errors[0].message

    def test_reports_every_bad_field_at_once(self):
        with pytest.raises(InputError) as caught:
            parse_input({"name": 5, "kind": "nope"})
        assert {e.field for e in caught.value.errors} == {"name", "kind"}

    def test_accepts_the_longest_allowed_name(self):
        assert len(parse_input({"name": "x" * 10_000}).name) == 10_000


class TestSchemas:
    def test_input_schema_describes_the_fields(self):
        assert INPUT_SCHEMA["required"] == ["name"]
        props = INPUT_SCHEMA["properties"]
        assert props["kind"]["enum"] == [GP, DIR]
        assert props["kind"]["default"] == GP
        assert props["name"]["maxLength"] == 10_000

    def test_output_schema_lists_every_key_of_to_dict(self):
        for out in (judge("My_Bucket"), judge("d--usw2-az1--x-s3", DIR)):
            assert set(out) == set(OUTPUT_SCHEMA["properties"])
            assert set(OUTPUT_SCHEMA["required"]) <= set(out)

    def test_key_schemas_list_every_key_of_to_dict(self):
        out = key_report("a/b")
        assert set(out) == set(KEY_OUTPUT_SCHEMA["properties"])
        assert set(KEY_OUTPUT_SCHEMA["required"]) <= set(out)
        assert KEY_INPUT_SCHEMA["required"] == ["key"]

    def test_schemas_are_plain_json(self):
        for schema in (INPUT_SCHEMA, OUTPUT_SCHEMA, KEY_INPUT_SCHEMA, KEY_OUTPUT_SCHEMA):
            assert json.loads(json.dumps(schema)) == schema


class TestCheckObjectKey:
    def test_measures_a_plain_key(self):
        out = key_report("photos/2024/cat.jpg")
        assert out["valid"] is True
        assert out["byte_length"] == out["char_length"] == 19
        assert out["max_bytes"] == 1024 and out["within_limit"] is True
        assert out["counts"] == {"safe": 19, "special": 0, "avoid": 0}
        assert out["highlights"] == []
        assert out["prefix"] == "photos/2024/" and out["leaf"] == "cat.jpg"

    @pytest.mark.parametrize("char", [*"/!-_.*'()", "a", "Z", "7"])
    def test_classifies_safe_characters(self, char):
        assert bn.classify_key_char(char)[0] == "safe"

    @pytest.mark.parametrize("char", [*"&$@=;:+ ,?", "\x00", "\x1f", "\x7f", "\r"])
    def test_classifies_characters_that_need_special_handling(self, char):
        assert bn.classify_key_char(char)[0] == "special"

    @pytest.mark.parametrize("char", [*'\\{^}%`]">[~<#|', "\x80", "\xff", "é"])
    def test_classifies_characters_to_avoid(self, char):
        assert bn.classify_key_char(char)[0] == "avoid"

    def test_other_unicode_is_allowed_but_needs_encoding(self):
        category, reason = bn.classify_key_char("🎉")
        assert category == "special" and "4 bytes" in reason
        assert bn.classify_key_char("\u200b")[0] == "special"

    def test_lists_each_distinct_character_once_with_counts(self):
        out = key_report("a b#a")
        chars = {c["char"]: c for c in out["characters"]}
        assert [c["char"] for c in out["characters"]] == ["a", " ", "b", "#"]
        assert chars["a"]["count"] == 2 and chars["a"]["first_index"] == 0
        assert chars[" "]["category"] == "special" and chars[" "]["url_encoded"] == "%20"
        assert chars["#"]["category"] == "avoid" and chars["#"]["codepoint"] == "U+0023"
        assert out["counts"] == {"safe": 3, "special": 1, "avoid": 1}
        assert out["highlights"] == [
            {"start": 1, "end": 2, "category": "special"},
            {"start": 3, "end": 4, "category": "avoid"},
        ]

    def test_counts_utf8_bytes_not_characters(self):
        out = key_report("é" * 512)
        assert out["char_length"] == 512 and out["byte_length"] == 1024
        assert out["valid"] is True
        assert any("bytes" in n for n in out["notes"])

    def test_accepts_exactly_1024_bytes_and_rejects_1025(self):
        assert key_report("k" * 1024)["valid"] is True
        out = key_report("k" * 1025)
        assert out["valid"] is False and out["within_limit"] is False
        assert out["problems"][0]["rule"] == "length"
        assert "1,025" in out["problems"][0]["message"]

    def test_three_byte_characters_overflow_sooner(self):
        out = key_report("€" * 342)
        assert out["byte_length"] == 1026 and out["valid"] is False

    def test_an_empty_key_is_judged_not_refused(self):
        out = key_report("")
        assert out["valid"] is False and out["problems"][0]["rule"] == "empty"

    def test_a_trailing_slash_is_a_folder_marker(self):
        out = key_report("photos/2024/")
        assert out["is_folder_marker"] is True
        assert any("folder" in n for n in out["notes"])
        assert key_report("photos/cat.jpg")["is_folder_marker"] is False

    def test_url_encodes_the_key_keeping_slashes(self):
        assert key_report("my photos/a+b&c=d.jpg")["url_encoded"] == (
            "my%20photos/a%2Bb%26c%3Dd.jpg"
        )
        assert key_report("naïve/🎉")["url_encoded"] == "na%C3%AFve/%F0%9F%8E%89"
        assert key_report("a-b_c.d~e")["url_encoded"] == "a-b_c.d~e"

    def test_notes_the_documented_oddities(self):
        assert any("console can't download" in n for n in key_report("file.")["notes"])
        assert any("path-style" in n for n in key_report("soap")["notes"])
        assert any("&#13;" in n for n in key_report("a\rb")["notes"])

    def test_broken_unicode_is_reported_not_raised(self):
        out = key_report("a\ud800b")
        assert out["valid"] is False
        assert "invalid-unicode" in {p["rule"] for p in out["problems"]}
        json.dumps(out)

    def test_many_distinct_characters_are_truncated(self):
        out = key_report("".join(chr(0x4E00 + i) for i in range(300)))
        assert len(out["characters"]) == bn.MAX_KEY_CHARACTERS
        assert out["characters_truncated"] is True


class TestParseKeyInput:
    def test_reads_the_key(self):
        assert parse_key_input({"key": " a/b "}).key == " a/b "
        assert parse_key_input({"key": ""}).key == ""

    @pytest.mark.parametrize(
        ("data", "text"),
        [({}, "required"), ({"key": 5}, "text"), ({"key": "k" * 10_001}, "10,000")],
    )
    def test_rejects_unusable_input(self, data, text):
        with pytest.raises(InputError) as caught:
            parse_key_input(data)
        assert caught.value.errors[0].field == "key"
        assert text in caught.value.errors[0].message


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


class TestPurity:
    @pytest.mark.parametrize(
        "path", sorted(Path(bn.__file__).parent.glob("*.py")), ids=lambda path: path.name
    )
    def test_every_module_of_the_package_imports_only_the_standard_library(self, path):
        # The static export runs this package in the browser (Pyodide): stdlib only, and
        # relative imports inside widgets/logic.
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                imported.add(node.module.split(".")[0])
        assert imported <= set(sys.stdlib_module_names)

    def test_the_package_has_its_modules(self):
        names = {path.stem for path in Path(bn.__file__).parent.glob("*.py")}
        assert {"__init__", "rules", "verdict", "object_keys"} <= names
