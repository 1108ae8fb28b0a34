"""Properties of the IAM policy evaluator's logic (hypothesis): an explicit deny wins,
nothing is allowed without an allow, SCPs and boundaries only take away."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from studysite.widgets.logic.iam_policy import evaluate_request, parse_input

from .iam_policy_helpers import (
    ACCOUNT,
    ALICE,
    OBJECT,
    OTHER,
    ROLE,
    SESSION,
    allow,
    deny,
    policy,
)

# --- Properties of the evaluation logic ----------------------------------------------------

ACTIONS = ["s3:GetObject", "s3:Get*", "s3:*", "*", "ec2:*", "s3:PutObject"]
RESOURCES = [
    "*",
    "arn:aws:s3:::amzn-s3-demo-bucket/*",
    "arn:aws:s3:::other/*",
    "arn:aws:s3:::amzn-s3-demo-bucket/reports/*",
]
CONDITIONS = [
    None,
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}},
    {"Bool": {"aws:SecureTransport": "false"}},
]
PRINCIPALS = [
    ALICE,
    SESSION,
    f"arn:aws:iam::{OTHER}:user/bob",
    "anonymous",
    f"arn:aws:iam::{ACCOUNT}:root",
]


@st.composite
def statements(draw, resource_policy=False):
    statement = {
        "Effect": draw(st.sampled_from(["Allow", "Deny"])),
        "NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action": draw(
            st.sampled_from(ACTIONS)
        ),
        "Resource": draw(st.sampled_from(RESOURCES)),
    }
    condition = draw(st.sampled_from(CONDITIONS))
    if condition:
        statement["Condition"] = condition
    if resource_policy:
        statement["Principal"] = draw(
            st.sampled_from(["*", {"AWS": ACCOUNT}, {"AWS": OTHER}, {"AWS": ALICE}, {"AWS": ROLE}])
        )
    return statement


def policies_strategy(resource_policy=False):
    return st.lists(statements(resource_policy), min_size=1, max_size=3).map(lambda s: policy(*s))


@st.composite
def scenarios(draw):
    data = {
        "request": {
            "principal": draw(st.sampled_from(PRINCIPALS)),
            "action": draw(st.sampled_from(["s3:GetObject", "s3:PutObject", "ec2:RunInstances"])),
            "resource": OBJECT,
            "context": {
                "aws:SourceIp": draw(st.sampled_from(["203.0.113.7", "198.51.100.1"])),
                "aws:RequestedRegion": draw(st.sampled_from(["eu-west-1", "us-east-1"])),
                "aws:SecureTransport": draw(st.booleans()),
                "aws:ResourceAccount": ACCOUNT,
            },
        },
        "identity_policies": draw(st.lists(policies_strategy(), max_size=2)),
        "scps": draw(st.lists(policies_strategy(), max_size=2)),
    }
    if draw(st.booleans()):
        data["resource_policy"] = draw(policies_strategy(resource_policy=True))
    if draw(st.booleans()):
        data["permissions_boundary"] = draw(policies_strategy())
    if draw(st.booleans()):
        data["session_policy"] = draw(policies_strategy())
    return data


def decide(data) -> dict:
    return evaluate_request(parse_input(data)).to_dict()


@given(
    scenarios(),
    st.sampled_from(
        ["identity_policies", "scps", "resource_policy", "permissions_boundary", "session_policy"]
    ),
)
def test_an_explicit_deny_always_wins(data, where):
    everything = deny(Sid="DenyEverything")
    if where == "resource_policy":
        everything["Principal"] = "*"
        base = data.get("resource_policy") or policy(deny("ec2:*", Principal="*"))
        data[where] = policy(*base["Statement"], everything)
    elif where in ("identity_policies", "scps"):
        data[where] = [*data[where], policy(everything)]
    else:
        data[where] = policy(*(data.get(where) or policy(allow()))["Statement"], everything)
    out = decide(data)
    principal = data["request"]["principal"]
    applies = {
        "resource_policy": True,
        "scps": principal != "anonymous",
        "identity_policies": principal in (ALICE, SESSION, f"arn:aws:iam::{OTHER}:user/bob"),
        "permissions_boundary": principal in (ALICE, SESSION, f"arn:aws:iam::{OTHER}:user/bob"),
        "session_policy": principal == SESSION,
    }[where]
    if applies:
        assert out["decision"] == "explicit-deny"
        assert out["decided_by"] == "explicit-deny"
        assert any(m["sid"] == "DenyEverything" for m in out["matched"])
    else:
        assert any("ignored" in note for note in out["notes"]) or where == "scps"


@given(scenarios())
def test_nothing_is_allowed_without_an_allow(data):
    for key in ("identity_policies", "scps"):
        data[key] = [
            policy(*([s for s in p["Statement"] if s["Effect"] == "Deny"] or [deny("ec2:*")]))
            for p in data[key]
        ]
    for key in ("resource_policy", "permissions_boundary", "session_policy"):
        if key in data:
            kept = [s for s in data[key]["Statement"] if s["Effect"] == "Deny"]
            data[key] = policy(*kept) if kept else None
    out = decide(data)
    if data["request"]["principal"] == f"arn:aws:iam::{ACCOUNT}:root" and not data["scps"]:
        return  # the root user needs no allow in its own account
    assert out["decision"] != "allow"


@given(scenarios(), policies_strategy(), st.sampled_from(["scps", "permissions_boundary"]))
def test_adding_an_scp_or_a_boundary_never_turns_a_deny_into_an_allow(data, extra, where):
    if where == "permissions_boundary":
        data.pop("permissions_boundary", None)  # an entity has at most one boundary
    before = decide(data)
    if where == "scps":
        data["scps"] = [*data["scps"], extra]
    else:
        data["permissions_boundary"] = extra
    after = decide(data)
    if before["decision"] != "allow":
        assert after["decision"] != "allow"
    if before["decision"] == "explicit-deny":
        assert after["decision"] == "explicit-deny"


@given(scenarios())
def test_the_deciding_step_carries_the_decision(data):
    out = decide(data)
    decisive = [
        s for s in out["steps"] if s["result"] in ("allow", "explicit-deny", "implicit-deny")
    ]
    assert len(decisive) == 1
    assert decisive[0]["step"] == out["decided_by"]
    assert decisive[0]["result"] == out["decision"]
    assert len(out["steps"]) == 6 and len({s["step"] for s in out["steps"]}) == 6
    if out["decision"] == "allow":
        assert out["summary"].startswith("Allowed")
    if out["decision"] == "explicit-deny":
        assert any(m["effect"] == "Deny" for m in out["matched"])
