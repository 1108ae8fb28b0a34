"""The bucket-name validator: the table of names and the rules each breaks, the
checklist, messages, highlights and directory parts (pure logic, no Django)."""

from __future__ import annotations

import json

import pytest

from studysite.widgets.logic import bucket_names as bn

from .bucket_names_helpers import (
    DIR,
    GP,
    failed,
    grammar_ok,
    judge,
)

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
