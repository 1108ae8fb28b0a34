"""The bucket-name validator's notes and suggested corrections (pure logic, no Django)."""

from __future__ import annotations

import pytest

from .bucket_names_helpers import (
    DIR,
    GP,
    failed,
    judge,
)


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
