"""The AWS CLI command explainer's pure logic: mistakes named with a suggestion and their
token, and what belongs to the shell."""

from __future__ import annotations

import pytest

from studysite.widgets.logic.cli_explain import (
    models,
)

from .cli_explain_helpers import (
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    assert_contract,
    explain,
    messages,
)

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
