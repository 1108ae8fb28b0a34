"""The IAM policy widget's own starting form and examples, and its logic's purity (no
Django)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import studysite.widgets.logic.iam_policy as iam_policy
from studysite.widgets.logic.iam_policy import EXAMPLES, INITIAL, evaluate_request, parse_input

# --- The widget's own examples and its purity -------------------------------------------


def test_the_starting_form_is_allowed_by_the_identity_policy():
    out = evaluate_request(parse_input(INITIAL)).to_dict()
    assert out["decision"] == "allow"
    assert 'Identity-based policy 1, statement "ReadReports" allows s3:GetObject' in out["summary"]
    assert [m["sid"] for m in out["unmet"]] == ["DenyOutsideEU", "DenyInsecureTransport"]


@pytest.mark.parametrize(
    ("label", "decision", "decided_by", "words"),
    [
        (
            "Explicit deny in an SCP (a Region outside the EU)",
            "explicit-deny",
            "explicit-deny",
            'SCP 1, statement "DenyOutsideEU"',
        ),
        (
            "A permissions boundary that blocks",
            "implicit-deny",
            "permissions-boundary",
            "does not allow s3:GetObject",
        ),
        (
            "Cross-account without a bucket policy that allows",
            "implicit-deny",
            "resource-policy",
            "both sides must allow",
        ),
        (
            "Cross-account with a bucket policy that allows",
            "allow",
            "resource-policy",
            "both accounts allow it",
        ),
        (
            "A condition on aws:SourceIp",
            "implicit-deny",
            "identity-policy",
            "aws:SourceIp = 198.51.100.25",
        ),
    ],
)
def test_each_example_teaches_what_its_label_says(label, decision, decided_by, words):
    values = {**INITIAL, **dict(EXAMPLES)[label]}
    out = evaluate_request(parse_input(values)).to_dict()
    assert (out["decision"], out["decided_by"]) == (decision, decided_by)
    assert words in out["summary"]


PACKAGE = Path(iam_policy.__file__).parent


@pytest.mark.parametrize("path", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_the_package_does_not_import_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert not imported & {"django", "studysite"}
    assert len(path.read_text(encoding="utf-8").splitlines()) < 600
