"""What the bucket-name validator tells the learner, word for word, and every limit at its edge.

The rules, checked against AWS's pages (December 2026):

- General purpose buckets: 3 to 63 characters; lowercase letters, digits, periods and
  hyphens; a letter or digit first and last; no two adjacent periods; not formatted as an
  IP address; no prefix ``xn--``, ``sthree-``, ``amzn-s3-demo-``; no suffix ``-s3alias``,
  ``--ol-s3``, ``.mrap``, ``--x-s3``, ``--table-s3``; the suffix ``-an`` only in an account
  regional namespace; no periods with Transfer Acceleration; unique per partition (aws,
  aws-cn, aws-us-gov, aws-eusc):
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/gpbucketnamespaces.html
- Directory buckets: ``base-name--zone-id--x-s3``, 3 to 63 characters including the
  suffix, lowercase letters, digits and hyphens, a letter or digit first and last, the
  same three reserved prefixes, the suffixes ``-s3alias``, ``--ol-s3`` and ``.mrap``:
  https://docs.aws.amazon.com/AmazonS3/latest/userguide/directory-bucket-naming-rules.html
"""

from __future__ import annotations

import pytest

from studysite.widgets.logic.bucket_names import (
    MAX_CHARS_LISTED,
    MAX_HIGHLIGHTS,
    MAX_LENGTH,
    MIN_LENGTH,
    BucketNameInput,
    ObjectKeyInput,
    check_object_key,
    suggest_bucket_name,
    validate_bucket_name,
)

GP = "general-purpose"
DIR = "directory"
AZ_SUFFIX = "--usw2-az1--x-s3"  # 16 characters
LZ_SUFFIX = "--use1-atl2-az1--x-s3"  # 21 characters

UNIQUE_GP = (
    "Uniqueness can't be checked here: a general purpose bucket name in the global "
    "namespace must be unique across all AWS accounts in all Regions of a partition "
    "(aws, aws-cn, aws-us-gov, aws-eusc), and S3 answers BucketAlreadyExists if someone "
    "else has it. A deleted bucket's name can be taken by anyone."
)
UNIQUE_DIR = (
    "Uniqueness can't be checked here: a directory bucket name must be unique within its "
    "Availability Zone or Local Zone."
)
SHAPE_ONLY = (
    "The zone ID is checked for shape only: whether that zone exists and offers S3 Express "
    "One Zone can't be checked offline."
)
HTTPS_NOTE = (
    "The name contains periods. Virtual-hosted-style HTTPS URLs "
    "(https://bucket.s3.region.amazonaws.com) are covered by a wildcard certificate that "
    "matches only one label, so a dotted name fails certificate checks; use path-style URLs "
    "or avoid periods. Periods are fine for buckets used only for static website hosting "
    "over HTTP."
)
ACCELERATION_NOTE = "A bucket with periods in its name can't use S3 Transfer Acceleration."
LEGACY_NOTE = (
    "Legacy names: buckets created in US East (N. Virginia) before 1 March 2018 could have "
    "up to 255 characters, uppercase letters and underscores. Such old buckets may still "
    "exist, but no new bucket can be created with this name."
)
EXAMPLE_ZONE_NOTE = (
    "The suggestion uses the example zone ID usw2-az1: replace it with the ID of the "
    "Availability Zone or Local Zone you want."
)


def judge(name: str, kind: str = GP) -> dict:
    return validate_bucket_name(BucketNameInput(name=name, kind=kind)).to_dict()


def messages(name: str, kind: str = GP) -> dict[str, str]:
    return {v["rule"]: v["message"] for v in judge(name, kind)["violations"]}


def label(rule: str, kind: str = GP) -> str:
    name = "abc" if kind == GP else "a" + AZ_SUFFIX
    return next(c["label"] for c in judge(name, kind)["checks"] if c["rule"] == rule)


class TestLengthLimits:
    def test_the_limits_are_aws_s_3_and_63(self):
        assert (MIN_LENGTH, MAX_LENGTH) == (3, 63)

    @pytest.mark.parametrize(("length", "valid"), [(2, False), (3, True), (63, True), (64, False)])
    def test_general_purpose_names_at_and_just_outside_the_limits(self, length, valid):
        assert judge("a" * length)["valid"] is valid
        assert judge("7" * length)["valid"] is valid

    def test_a_name_one_short_is_told_how_many_it_has(self):
        assert messages("ab") == {
            "length": "Too short: a bucket name needs at least 3 characters and this one has 2."
        }
        assert judge("ab")["suggestion"] == "ab-bucket"
        assert judge("a")["suggestion"] == "a-bucket"

    def test_a_name_one_long_is_told_where_it_goes_over(self):
        out = judge("a" * 64)
        assert messages("a" * 64) == {
            "length": "Too long: a bucket name can have at most 63 characters and this one "
            "has 64. Everything from character 64 on is over."
        }
        assert out["highlights"] == [{"start": 63, "end": 64, "rule": "length"}]
        assert out["suggestion"] == "a" * 63
        assert out["length"] == 64

    def test_an_empty_name_is_told_the_range(self):
        assert messages("") == {
            "length": "The name is empty. A bucket name needs 3 to 63 characters.",
            "start-end": "A bucket name must begin and end with a lowercase letter or a "
            "digit, but there is no first or last character.",
        }
        assert judge("")["suggestion"] is None

    def test_the_general_purpose_length_label(self):
        assert label("length") == "Between 3 and 63 characters long"

    @pytest.mark.parametrize(
        ("suffix", "longest_base"), [(AZ_SUFFIX, 47), (LZ_SUFFIX, 42)], ids=["az", "local-zone"]
    )
    def test_directory_names_count_the_zone_suffix(self, suffix, longest_base):
        assert len("a" * longest_base + suffix) == 63
        assert judge("a" * longest_base + suffix, DIR)["valid"] is True
        too_long = "a" * (longest_base + 1) + suffix
        assert messages(too_long, DIR) == {
            "length": "Too long: a bucket name can have at most 63 characters counting the "
            "--zone-id--x-s3 suffix and this one has 64. Everything from character 64 on "
            "is over."
        }
        assert judge(too_long, DIR)["suggestion"] == "a" * longest_base + suffix

    def test_the_shortest_directory_name_has_a_one_character_base(self):
        assert judge("a" + AZ_SUFFIX, DIR)["valid"] is True
        assert len("a" + AZ_SUFFIX) == 17

    def test_a_directory_name_under_3_characters_is_too_short(self):
        assert messages("ab", DIR)["length"] == (
            "Too short: a bucket name needs at least 3 characters and this one has 2."
        )

    def test_the_directory_length_label(self):
        assert label("length", DIR) == (
            "Between 3 and 63 characters long counting the --zone-id--x-s3 suffix"
        )

    def test_the_legacy_note_covers_64_to_255_characters(self):
        assert LEGACY_NOTE not in judge("a" * 63)["notes"]
        assert LEGACY_NOTE in judge("a" * 64)["notes"]
        assert LEGACY_NOTE in judge("a" * 255)["notes"]
        assert LEGACY_NOTE not in judge("a" * 256)["notes"]


class TestCharacters:
    def test_uppercase_and_underscores_are_named_and_lowercase_is_advised(self):
        assert messages("My_Bucket")["charset"] == (
            'The name contains characters a bucket name can\'t have: uppercase "M", '
            'underscore "_", uppercase "B". Use only lowercase letters a-z, digits 0-9, '
            "periods (.) and hyphens (-). Bucket names are all lowercase."
        )
        assert judge("My_Bucket")["suggestion"] == "my-bucket"

    def test_a_space_is_named_and_no_lowercase_advice_without_uppercase(self):
        assert messages("my bucket")["charset"] == (
            "The name contains characters a bucket name can't have: space. Use only "
            "lowercase letters a-z, digits 0-9, periods (.) and hyphens (-)."
        )

    def test_directory_names_are_told_periods_are_not_allowed(self):
        assert messages("my.data" + AZ_SUFFIX, DIR) == {
            "charset": 'The name contains characters a bucket name can\'t have: ".". Use '
            "only lowercase letters a-z, digits 0-9 and hyphens (-). Directory bucket names "
            "can't contain periods."
        }
        assert judge("my.data" + AZ_SUFFIX, DIR)["suggestion"] == "my-data" + AZ_SUFFIX

    def test_the_charset_labels(self):
        assert label("charset") == "Only lowercase letters, digits, periods (.) and hyphens (-)"
        assert label("charset", DIR) == "Only lowercase letters, digits and hyphens (-), no periods"

    def test_at_most_eight_distinct_characters_are_listed(self):
        assert MAX_CHARS_LISTED == 8
        eight = messages("ABCDEFGH")["charset"]
        assert 'uppercase "H"' in eight and "more" not in eight
        nine = messages("ABCDEFGHI")["charset"]
        assert 'uppercase "H"' in nine and 'uppercase "I"' not in nine
        assert " and 1 more. " in nine

    def test_highlights_stop_at_the_cap(self):
        assert MAX_HIGHLIGHTS == 200
        # One length highlight (the name is over 63 characters), then one per underscore.
        assert len(judge("a_" * 198 + "a")["highlights"]) == 199
        assert len(judge("a_" * 199 + "a")["highlights"]) == 200
        assert len(judge("a_" * 250 + "a")["highlights"]) == 200


class TestFirstAndLastCharacter:
    def test_a_hyphen_first_and_a_period_last_are_both_named(self):
        assert messages("-abc.") == {
            "start-end": "A bucket name must begin and end with a lowercase letter or a digit, "
            'but it begins with "-" and it ends with ".".'
        }
        assert judge("-abc.")["highlights"] == [
            {"start": 0, "end": 1, "rule": "start-end"},
            {"start": 4, "end": 5, "rule": "start-end"},
        ]
        assert judge("-abc.")["suggestion"] == "abc"

    def test_digits_are_fine_at_both_ends(self):
        assert judge("1bc")["valid"] is True and judge("ab1")["valid"] is True

    def test_the_label(self):
        assert label("start-end") == "Begins and ends with a lowercase letter or digit"


class TestPeriods:
    def test_one_pair_of_adjacent_periods(self):
        assert messages("a..b") == {
            "adjacent-periods": "Two periods sit next to each other (1 time). Periods separate "
            'parts of the name and each part needs at least one character, so ".." is not '
            "allowed."
        }
        assert judge("a..b")["suggestion"] == "a.b"

    def test_runs_of_periods_are_counted_and_highlighted_as_runs(self):
        out = judge("a...b..c")
        assert "(3 times)" in messages("a...b..c")["adjacent-periods"]
        assert out["highlights"] == [
            {"start": 1, "end": 4, "rule": "adjacent-periods"},
            {"start": 5, "end": 7, "rule": "adjacent-periods"},
        ]
        assert out["suggestion"] == "a.b.c"

    def test_single_periods_are_valid_but_bring_the_https_and_acceleration_notes(self):
        out = judge("my.example.site")
        assert out["valid"] is True
        assert out["notes"] == [HTTPS_NOTE, ACCELERATION_NOTE, UNIQUE_GP]

    def test_the_label(self):
        assert label("adjacent-periods") == "No two periods next to each other"


class TestIpAddressShape:
    def test_an_ip_shaped_name_is_explained_and_fixed_with_hyphens(self):
        assert messages("192.168.5.4") == {
            "ip-address": '"192.168.5.4" is shaped like an IPv4 address (four groups of '
            "digits separated by periods). S3 refuses such names so they can't be mistaken "
            "for server addresses."
        }
        out = judge("192.168.5.4")
        assert out["highlights"] == [{"start": 0, "end": 11, "rule": "ip-address"}]
        assert out["suggestion"] == "192-168-5-4"

    @pytest.mark.parametrize("name", ["1.2.3.4", "999.999.999.999", "001.002.003.004"])
    def test_four_groups_of_one_to_three_digits_are_ip_shaped(self, name):
        assert set(messages(name)) == {"ip-address"}

    @pytest.mark.parametrize(
        "name", ["1.2.3", "1.2.3.4.5", "1234.1.1.1", "1.2.3.4a", "a1.2.3.4", "1-2-3-4"]
    )
    def test_near_misses_are_valid(self, name):
        assert judge(name)["valid"] is True

    def test_the_label(self):
        assert label("ip-address") == "Not shaped like an IP address (such as 192.168.5.4)"


PREFIXES = [
    ("xn--", "it marks internationalised (Punycode) domain names"),
    ("sthree-", "Amazon S3 keeps it for its own use"),
    ("amzn-s3-demo-", "AWS keeps it for example names in its documentation"),
]
GENERAL_SUFFIXES = [
    ("-s3alias", "access point aliases use it"),
    ("--ol-s3", "Object Lambda Access Point aliases use it"),
    (".mrap", "Multi-Region Access Point names use it"),
    ("--x-s3", "directory buckets (S3 Express One Zone) use it"),
    ("--table-s3", "S3 Tables table buckets use it"),
]


class TestReservedPrefixes:
    @pytest.mark.parametrize(("prefix", "why"), PREFIXES)
    @pytest.mark.parametrize("kind", [GP, DIR])
    def test_each_prefix_is_explained_highlighted_and_stripped(self, prefix, why, kind):
        name = prefix + "photos" + (AZ_SUFFIX if kind == DIR else "")
        out = judge(name, kind)
        assert messages(name, kind) == {
            f"prefix-{prefix}": f'The name starts with "{prefix}", which is reserved: {why}.'
        }
        assert out["highlights"] == [{"start": 0, "end": len(prefix), "rule": f"prefix-{prefix}"}]
        assert out["suggestion"] == "photos" + (AZ_SUFFIX if kind == DIR else "")
        assert label(f"prefix-{prefix}", kind) == f"Doesn't start with {prefix}"

    @pytest.mark.parametrize("name", ["xn-photos", "sthree", "amzn-s3-demo", "photos-xn--a"])
    def test_near_misses_and_the_prefix_elsewhere_are_valid(self, name):
        assert judge(name)["valid"] is True

    def test_the_older_sthree_configurator_prefix_is_covered_by_sthree(self):
        assert set(messages("sthree-configurator-x")) == {"prefix-sthree-"}


class TestReservedSuffixes:
    @pytest.mark.parametrize(("suffix", "why"), GENERAL_SUFFIXES)
    def test_each_general_purpose_suffix_is_explained_highlighted_and_stripped(self, suffix, why):
        name = "photos" + suffix
        out = judge(name)
        assert messages(name) == {
            f"suffix-{suffix}": f'The name ends with "{suffix}", which is reserved: {why}.'
        }
        assert out["highlights"] == [
            {"start": len("photos"), "end": len(name), "rule": f"suffix-{suffix}"}
        ]
        assert out["suggestion"] == "photos"
        assert label(f"suffix-{suffix}") == f"Doesn't end with {suffix}"

    @pytest.mark.parametrize(
        "name", ["photos-s3aliasx", "photos-ol-s3", "photos-mrap", "photos-x-s3", "photos-table-s3"]
    )
    def test_near_misses_are_valid(self, name):
        assert judge(name)["valid"] is True

    def test_directory_names_check_only_the_three_directory_suffixes(self):
        rules = [c["rule"] for c in judge("a" + AZ_SUFFIX, DIR)["checks"]]
        suffix_rules = [rule for rule in rules if rule.startswith("suffix-")]
        assert suffix_rules == ["suffix--s3alias", "suffix---ol-s3", "suffix-.mrap"]

    def test_a_directory_name_ending_in_a_reserved_suffix_also_lacks_its_zone_suffix(self):
        assert set(messages("data-s3alias", DIR)) == {
            "directory-suffix",
            "zone-id",
            "suffix--s3alias",
        }
        assert messages("data-s3alias", DIR)["suffix--s3alias"] == (
            'The name ends with "-s3alias", which is reserved: access point aliases use it.'
        )


class TestAccountRegionalSuffix:
    def test_a_bare_an_suffix_is_refused_in_the_global_namespace(self):
        assert messages("logs-an") == {
            "account-regional-suffix": 'The name ends with "-an", a suffix reserved for '
            "buckets in an account regional namespace (prefix-<12-digit account ID>-"
            "<Region>-an). In the shared global namespace S3 rejects every name that ends "
            "with -an."
        }
        assert judge("logs-an")["suggestion"] == "logs"

    def test_a_full_account_regional_name_is_explained_and_noted(self):
        name = "logs-111122223333-us-west-2-an"
        out = judge(name)
        assert messages(name) == {
            "account-regional-suffix": 'The name ends with "-111122223333-us-west-2-an", the '
            "shape of an account regional namespace suffix (-<12-digit account ID>-<Region>-"
            "an). Such names are accepted only when the account with that ID creates the "
            "bucket in its own account regional namespace in that Region; in the shared "
            "global namespace S3 rejects them."
        }
        assert out["highlights"] == [
            {"start": 4, "end": len(name), "rule": "account-regional-suffix"}
        ]
        assert out["notes"] == [
            "Account regional namespace: names ending in -<account ID>-<Region>-an belong to "
            "that account's own namespace, so no other account can take them.",
            UNIQUE_GP,
        ]
        assert out["suggestion"] == "logs"

    def test_an_eleven_digit_account_id_is_just_a_name_ending_in_an(self):
        assert (
            "rejects every name"
            in messages("logs-11112222333-us-west-2-an")["account-regional-suffix"]
        )

    @pytest.mark.parametrize("name", ["logs-a", "logs-anx", "logsan", "abc-an.x"])
    def test_near_misses_are_valid(self, name):
        assert judge(name)["valid"] is True

    def test_the_label(self):
        assert label("account-regional-suffix") == (
            "Doesn't end with -an (reserved for account regional namespaces)"
        )


class TestDirectoryStructure:
    def test_a_name_without_the_zone_suffix_is_told_the_shape(self):
        out = judge("data", DIR)
        assert messages("data", DIR) == {
            "directory-suffix": "A directory bucket name must end with --<zone-id>--x-s3, where "
            "zone-id names the Availability Zone or Local Zone, for example "
            "my-data--usw2-az1--x-s3.",
            "zone-id": "No zone ID found: it belongs between two double hyphens just before "
            "x-s3, as in --usw2-az1--x-s3.",
        }
        assert out["suggestion"] == "data--usw2-az1--x-s3"
        assert out["notes"] == [UNIQUE_DIR, EXAMPLE_ZONE_NOTE]

    def test_a_zone_id_of_the_wrong_shape_is_quoted_and_highlighted(self):
        name = "data--usw2-zz1--x-s3"
        assert messages(name, DIR) == {
            "zone-id": '"usw2-zz1" doesn\'t look like a zone ID. Availability Zone IDs look '
            "like usw2-az1 or use1-az4; Local Zone IDs look like use1-atl2-az1."
        }
        assert judge(name, DIR)["highlights"] == [{"start": 6, "end": 14, "rule": "zone-id"}]

    def test_a_missing_base_name_is_told_to_add_one_before_the_zone(self):
        assert messages("--usw2-az1--x-s3", DIR)["base-name"] == (
            "There is no base name: put your own name in front, as in my-data--usw2-az1--x-s3."
        )

    def test_the_base_name_example_never_repeats_a_wrong_zone_id(self):
        # "data--x-s3" has no zone ID: "data" sits where it would be. The example name
        # must itself be valid, so it uses the example zone ID.
        message = messages("data--x-s3", DIR)["base-name"]
        assert message.endswith("as in my-data--usw2-az1--x-s3.")
        example = message.rsplit("as in ", 1)[1].rstrip(".")
        assert judge(example, DIR)["valid"] is True

    def test_a_local_zone_needs_opt_in(self):
        out = judge("data" + LZ_SUFFIX, DIR)
        assert out["valid"] is True
        assert out["notes"] == [
            "use1-atl2-az1 has the shape of a Local Zone ID: your account must opt in to that "
            "Local Zone before creating a directory bucket there.",
            SHAPE_ONLY,
            UNIQUE_DIR,
        ]
        assert out["directory_parts"]["zone_type"] == "local-zone"

    def test_an_availability_zone_name_is_checked_for_shape_only(self):
        assert judge("data" + AZ_SUFFIX, DIR)["notes"] == [SHAPE_ONLY, UNIQUE_DIR]

    def test_a_kept_zone_id_needs_no_example_note(self):
        out = judge("Data" + LZ_SUFFIX, DIR)
        assert out["suggestion"] == "data" + LZ_SUFFIX
        assert EXAMPLE_ZONE_NOTE not in out["notes"]

    def test_the_labels(self):
        assert label("directory-suffix", DIR) == "Ends with --<zone-id>--x-s3"
        assert label("zone-id", DIR) == (
            "Zone ID shaped like usw2-az1 (Availability Zone) or use1-atl2-az1 (Local Zone)"
        )
        assert label("base-name", DIR) == "Has a base name before the zone suffix"


class TestSuggestionsAtTheEdges:
    def test_a_too_long_name_is_cut_to_63_and_trimmed_to_end_on_a_letter(self):
        assert suggest_bucket_name("a" * 62 + "-b") == "a" * 62
        assert suggest_bucket_name("a" * 63 + "b") == "a" * 63

    def test_a_two_character_leftover_is_padded(self):
        assert suggest_bucket_name("xn--ab") == "ab-bucket"

    def test_a_directory_suggestion_keeps_the_zone_and_fits_63(self):
        suggestion = suggest_bucket_name("B" * 80 + LZ_SUFFIX, DIR)
        assert suggestion == "b" * 42 + LZ_SUFFIX
        assert len(suggestion) == 63


class TestObjectKeyMessages:
    def test_an_empty_key(self):
        problems = check_object_key(ObjectKeyInput(key="")).to_dict()["problems"]
        assert problems == [
            {"rule": "empty", "message": "An object key needs at least one character."}
        ]

    def test_one_byte_over_the_limit(self):
        problems = check_object_key(ObjectKeyInput(key="k" * 1025)).to_dict()["problems"]
        assert problems == [
            {
                "rule": "length",
                "message": "An object key is at most 1,024 bytes of UTF-8 and this one is "
                "1,025 bytes (1,025 characters); everything past byte 1,024 is over.",
            }
        ]

    def test_a_broken_surrogate(self):
        problems = check_object_key(ObjectKeyInput(key="a\ud800")).to_dict()["problems"]
        assert problems == [
            {
                "rule": "invalid-unicode",
                "message": "The key contains broken characters (unpaired surrogates) that have "
                "no UTF-8 form, so S3 can't store it.",
            }
        ]
