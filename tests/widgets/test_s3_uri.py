"""The S3 address builder's pure logic."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic.common import InputError
from studysite.widgets.logic.s3_uri import build_s3_addresses, parse_input


def build(**data):
    return build_s3_addresses(parse_input(data)).to_dict()


class TestBuildS3Addresses:
    def test_every_address_of_an_object(self):
        out = build(bucket="amzn-s3-demo-bucket", key="photos/2024/cat.jpg", region="eu-west-1")
        assert out["s3_uri"] == "s3://amzn-s3-demo-bucket/photos/2024/cat.jpg"
        assert out["arn"] == "arn:aws:s3:::amzn-s3-demo-bucket/photos/2024/cat.jpg"
        assert (
            out["virtual_hosted_url"]
            == "https://amzn-s3-demo-bucket.s3.eu-west-1.amazonaws.com/photos/2024/cat.jpg"
        )
        assert (
            out["path_style_url"]
            == "https://s3.eu-west-1.amazonaws.com/amzn-s3-demo-bucket/photos/2024/cat.jpg"
        )

    def test_keys_are_percent_encoded_in_urls_but_not_in_the_uri(self):
        out = build(bucket="amzn-s3-demo-bucket", key="my photos/naïve+1.jpg")
        assert out["s3_uri"].endswith("my photos/naïve+1.jpg")
        assert out["virtual_hosted_url"].endswith("/my%20photos/na%C3%AFve%2B1.jpg")

    def test_the_region_defaults_to_us_east_1(self):
        assert build(bucket="amzn-s3-demo-bucket")["region"] == "us-east-1"

    @pytest.mark.parametrize(
        ("region", "partition", "host"),
        [
            ("cn-north-1", "aws-cn", "s3.cn-north-1.amazonaws.com.cn"),
            ("us-gov-west-1", "aws-us-gov", "s3.us-gov-west-1.amazonaws.com"),
            ("ap-southeast-4", "aws", "s3.ap-southeast-4.amazonaws.com"),
        ],
    )
    def test_partitions(self, region, partition, host):
        out = build(bucket="amzn-s3-demo-bucket", key="k", region=region)
        assert out["partition"] == partition
        assert out["arn"].startswith(f"arn:{partition}:s3:::")
        assert out["path_style_url"].startswith(f"https://{host}/")

    def test_a_bucket_without_a_key_is_addressed_itself(self):
        out = build(bucket="amzn-s3-demo-bucket")
        assert out["arn"] == "arn:aws:s3:::amzn-s3-demo-bucket"
        assert any("bucket itself" in n for n in out["notes"])

    def test_periods_in_the_name_explain_the_certificate_problem(self):
        out = build(bucket="www.example.com", key="index.html")
        assert any(
            "wildcard certificate" in n and "Transfer Acceleration" in n for n in out["notes"]
        )


class TestParseInput:
    @pytest.mark.parametrize(
        ("data", "field", "words"),
        [
            ({}, "bucket", "required"),
            ({"bucket": ""}, "bucket", "Enter a bucket name"),
            ({"bucket": "ab"}, "bucket", "3 to 63"),
            ({"bucket": "a" * 64}, "bucket", "3 to 63"),
            ({"bucket": "My_Bucket"}, "bucket", "'M' '_'"),
            ({"bucket": 42}, "bucket", "Must be text"),
            ({"bucket": "amzn-s3-demo-bucket", "key": "é" * 600}, "key", "1,200 bytes"),
            ({"bucket": "amzn-s3-demo-bucket", "key": "a\x00b"}, "key", "control"),
            ({"bucket": "amzn-s3-demo-bucket", "region": "Mars"}, "region", "Region code"),
            ({"bucket": "x" * 20_000}, "bucket", "at most"),
        ],
    )
    def test_bad_input_gets_a_clear_message(self, data, field, words):
        with pytest.raises(InputError) as excinfo:
            parse_input(data)
        messages = {e.field: e.message for e in excinfo.value.errors}
        assert words in messages[field]

    @given(
        st.dictionaries(
            st.sampled_from(["bucket", "key", "region", "x"]), st.text() | st.integers() | st.none()
        )
    )
    def test_any_input_is_either_rejected_clearly_or_built(self, data):
        try:
            parsed = parse_input(data)
        except InputError as exc:
            assert exc.errors and all(e.message for e in exc.errors)
        else:
            out = build_s3_addresses(parsed).to_dict()
            assert out["s3_uri"].startswith(f"s3://{parsed.bucket}/")
