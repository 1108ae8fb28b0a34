"""The object-key checker and its input parsing (pure logic, no Django)."""

from __future__ import annotations

import json

import pytest

from studysite.widgets.logic import bucket_names as bn
from studysite.widgets.logic.bucket_names import parse_key_input
from studysite.widgets.logic.common import InputError

from .bucket_names_helpers import key_report


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
