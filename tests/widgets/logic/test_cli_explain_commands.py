"""The AWS CLI command explainer's pure logic (studysite.widgets.logic.cli_explain): its
input, and correct commands explained."""

from __future__ import annotations

import pytest

from studysite.widgets.logic.cli_explain import (
    MAX_COMMAND_LENGTH,
    CliExplainInput,
    parse_input,
)
from studysite.widgets.logic.common import InputError

from .cli_explain_helpers import (
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    assert_contract,
    explain,
    messages,
)

# ------------------------------------------------------------------ parse_input


class TestParseInput:
    def test_a_command_is_read(self):
        assert parse_input({"command": "aws s3 ls"}) == CliExplainInput(command="aws s3 ls")

    @pytest.mark.parametrize(
        ("data", "needle"),
        [
            ({}, "required"),
            ({"command": None}, "required"),
            ({"command": 42}, "text"),
            ({"command": ""}, "Enter an AWS CLI command"),
            ({"command": "  \n "}, "Enter an AWS CLI command"),
            ({"command": "aws s3 ls " + "x" * MAX_COMMAND_LENGTH}, "8,000 characters"),
        ],
    )
    def test_bad_input_gets_a_clear_message(self, data, needle):
        with pytest.raises(InputError) as info:
            parse_input(data)
        assert [e.field for e in info.value.errors] == ["command"]
        assert needle in info.value.errors[0].message

    def test_the_longest_allowed_command_is_accepted(self):
        command = "aws s3 ls " + "x" * (MAX_COMMAND_LENGTH - len("aws s3 ls "))
        assert parse_input({"command": command}).command == command


# --------------------------------------------------------- correct commands


class TestExplainsCorrectCommands:
    def test_s3api_put_object(self):
        command = "aws s3api put-object --bucket amzn-s3-demo-bucket --key notes.txt --body n.txt"
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is True
        assert out["service"] == "s3api"
        assert out["operation"] == "put-object"
        assert out["api_operation"] == "PutObject"
        assert out["http"]["method"] == "PUT"
        assert out["http"]["path"] == "/{Bucket}/{Key+}"
        assert out["service_name"] == "Amazon Simple Storage Service"
        assert out["service_id"] == "s3"
        assert out["summary"].startswith("Adds an object to a bucket")
        assert "<" not in out["summary"]  # HTML stripped
        assert out["reference_url"] == (
            "https://docs.aws.amazon.com/cli/latest/reference/s3api/put-object.html"
        )
        bucket = out["parameters"][0]
        assert bucket["option"] == "--bucket"
        assert bucket["value"] == "amzn-s3-demo-bucket"
        assert bucket["required"] is True
        assert bucket["type"] == "string"
        assert "bucket" in bucket["description"].lower()
        body = out["parameters"][2]
        assert body["type"] == "blob"
        kinds = [(t["text"], t["kind"]) for t in out["tokens"]]
        assert kinds[:4] == [
            ("aws", "program"),
            ("s3api", "service"),
            ("put-object", "operation"),
            ("--bucket", "option"),
        ]
        assert kinds[4] == ("amzn-s3-demo-bucket", "value")
        assert all(t["meaning"] for t in out["tokens"])

    def test_high_level_s3_cp_has_positional_source_and_destination(self):
        command = "aws s3 cp test.txt s3://amzn-s3-demo-bucket/dir/test2.txt --dryrun"
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is True
        assert (out["service"], out["operation"]) == ("s3", "cp")
        assert out["api_operation"] is None and out["http"] is None
        assert out["summary"].startswith("Copies a local file or S3 object")
        roles = [(p["role"], p["value"]) for p in out["positionals"]]
        assert roles == [
            ("source", "test.txt"),
            ("destination", "s3://amzn-s3-demo-bucket/dir/test2.txt"),
        ]
        dest = out["positionals"][1]["description"]
        assert "amzn-s3-demo-bucket" in dest and "dir/test2.txt" in dest
        assert out["parameters"] == [
            {
                **out["parameters"][0],
                "option": "--dryrun",
                "value": None,
                "type": "boolean",
                "required": False,
            }
        ]
        assert out["reference_url"].endswith("/reference/s3/cp.html")

    @pytest.mark.parametrize(
        "operation", ["cp", "sync", "mv", "rm", "ls", "mb", "rb", "presign", "website"]
    )
    def test_every_high_level_s3_command_is_known(self, operation):
        out = explain(f"aws s3 {operation} help")
        assert out["valid"] is True, out["errors"]
        assert out["operation"] == operation
        assert out["api_operation"] is None

    def test_global_options_anywhere(self):
        command = (
            "aws --region eu-west-1 s3api list-buckets --output table --profile dev "
            "--query 'Buckets[].Name' --no-paginate --debug --endpoint-url http://localhost:4566"
        )
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is True, out["errors"]
        assert out["parameters"] == []
        written = [(g["option"], g["value"]) for g in out["global_options"]]
        assert written == [
            ("--region", "eu-west-1"),
            ("--output", "table"),
            ("--profile", "dev"),
            ("--query", "Buckets[].Name"),
            ("--no-paginate", None),
            ("--debug", None),
            ("--endpoint-url", "http://localhost:4566"),
        ]
        kinds = {t["text"]: t["kind"] for t in out["tokens"]}
        assert kinds["--region"] == kinds["--no-paginate"] == "global-option"
        assert kinds["'Buckets[].Name'"] == "value"

    def test_configure_is_a_custom_command(self):
        out = explain("aws configure set region us-east-1 --profile dev")
        assert out["valid"] is True
        assert (out["service"], out["operation"], out["api_operation"]) == (
            "configure",
            "set",
            None,
        )
        assert [p["value"] for p in out["positionals"]] == ["region", "us-east-1"]
        assert explain("aws configure")["valid"] is True  # the interactive wizard
        assert explain("aws configure list")["valid"] is True

    def test_s3control_has_its_host_prefix(self):
        out = explain("aws s3control list-jobs --account-id 123456789012")
        assert out["valid"] is True
        assert out["api_operation"] == "ListJobs"
        assert out["http"]["method"] == "GET"
        assert out["http"].get("host_prefix") == "{AccountId}."

    def test_ec2_list_and_shorthand_values(self):
        command = (
            "aws ec2 describe-instances --instance-ids i-1234567890abcdef0 i-0598c7d356eba48d7 "
            "--filters Name=instance-type,Values=t2.micro,t3.micro Name=availability-zone,"
            "Values=us-east-2c"
        )
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is True, out["errors"]
        ids, filters = out["parameters"]
        assert ids["values"] == ["i-1234567890abcdef0", "i-0598c7d356eba48d7"]
        assert filters["syntax"] == "shorthand"
        assert filters["parsed"][0] == {"Name": "instance-type", "Values": ["t2.micro", "t3.micro"]}
        assert filters["tree"]["children"][0]["children"][0]["name"] == "Name"

    def test_json_value_tree_carries_model_docs(self):
        command = (
            "aws s3api put-bucket-lifecycle-configuration --bucket b --lifecycle-configuration "
            '\'{"Rules": [{"ID": "old", "Status": "Enabled", "Filter": {"Prefix": "logs/"}, '
            '"Expiration": {"Days": 30}}]}\''
        )
        out = explain(command)
        assert out["valid"] is True, out["errors"]
        config = out["parameters"][1]
        assert config["syntax"] == "JSON"
        rule = config["tree"]["children"][0]["children"][0]
        names = {child["name"]: child for child in rule["children"]}
        assert names["Expiration"]["type"] == "structure"
        assert names["Expiration"]["children"][0] == {
            **names["Expiration"]["children"][0],
            "name": "Days",
            "type": "integer",
            "value": 30,
        }

    def test_file_references_are_explained_never_read(self):
        command = (
            "aws s3api put-bucket-policy --bucket b --policy file:///etc/definitely-not-here.json"
        )
        out = explain(command)
        assert out["valid"] is True
        policy = out["parameters"][1]
        assert policy["file_reference"] == {
            "prefix": "file://",
            "path": "/etc/definitely-not-here.json",
            "binary": False,
        }
        token = next(t for t in out["tokens"] if t["text"].startswith("file://"))
        assert "not opened" in token["meaning"]

    def test_blob_from_a_text_file_gets_a_fileb_hint(self):
        out = explain("aws kms encrypt --key-id alias/k --plaintext file://secret.txt")
        assert out["valid"] is True
        assert "fileb://" in messages(out, "warnings")

    def test_waiters_are_nested_subcommands(self):
        out = explain("aws s3api wait bucket-exists --bucket amzn-s3-demo-bucket")
        assert out["valid"] is True
        assert out["operation"] == "wait bucket-exists"
        assert out["api_operation"] == "HeadBucket"
        assert out["reference_url"].endswith("/reference/s3api/wait/bucket-exists.html")

    def test_cli_input_json_and_skeleton_lift_the_required_options(self):
        assert explain("aws s3api put-object --cli-input-json file://in.json")["valid"]
        assert explain("aws s3api put-object --generate-cli-skeleton")["valid"]
        assert explain("aws s3api put-object --generate-cli-skeleton output")["valid"]

    @pytest.mark.parametrize(
        "command",
        [
            "aws help",
            "aws s3api help",
            "aws s3api put-object help",
            "aws s3 cp help",
            "aws --version",
        ],
    )
    def test_help_and_version(self, command):
        out = explain(command)
        assert out["valid"] is True, out["errors"]
        assert out["summary"]

    def test_explicit_equals_form(self):
        out = explain("aws s3api list-objects-v2 --bucket=b --max-keys=10")
        assert out["valid"] is True
        assert [(p["option"], p["value"]) for p in out["parameters"]] == [
            ("--bucket", "b"),
            ("--max-keys", "10"),
        ]

    def test_line_continuations_are_joined(self):
        command = "aws s3api put-object \\\n    --bucket amzn-s3-demo-bucket \\\n    --key k"
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is True
        assert out["warnings"] == []

    def test_forgotten_backslash_is_joined_with_a_warning(self):
        out = explain("aws s3api put-object --bucket b\n--key k")
        assert out["valid"] is True
        assert "backslash" in messages(out, "warnings")

    def test_environment_assignment_before_aws(self):
        out = explain("AWS_PROFILE=dev AWS_DEFAULT_REGION=eu-west-1 aws s3 ls")
        assert out["valid"] is True
        first = out["tokens"][0]
        assert first["kind"] == "shell"
        assert "'profile' setting" in first["meaning"]

    def test_negative_numbers_are_values(self):
        out = explain("aws ec2 describe-instances --max-results -5")
        assert [p["value"] for p in out["parameters"]] == ["-5"]

    def test_abbreviations_are_accepted_with_a_warning(self):
        out = explain("aws s3api get-bucket-location --buck b --reg us-east-1")
        assert out["valid"] is True
        assert [p["name"] for p in out["parameters"]] == ["--bucket"]
        assert [g["name"] for g in out["global_options"]] == ["--region"]
        assert "abbreviation" in messages(out, "warnings")
