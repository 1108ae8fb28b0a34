"""The AWS CLI command explainer's pure logic: every example awscli ships explained, and
any input handled without raising."""

from __future__ import annotations

from pathlib import Path

import awscli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studysite.widgets.logic.cli_explain import (
    MAX_COMMAND_LENGTH,
    CliExplainInput,
    explain_command,
)
from studysite.widgets.logic.cli_explain.lexer import lex

from .cli_explain_helpers import (
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    assert_contract,
    explain,
    messages,
)

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
