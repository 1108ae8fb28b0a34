"""Does a statement apply to the request? Action, Resource, Principal, then Condition.

A statement applies when every element matches; its Effect then counts as an allow or an
explicit deny. A statement whose action, resource and principal match but whose condition
does not (or whose policy variable has no value) is kept as "unmet", with the reason, so
the learner sees the near miss.

Sources (AWS documentation):
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html (NotPrincipal
  with Deny and a permissions boundary)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .conditions import evaluate_condition
from .matching import Unresolved, match_action, match_arn, match_principal, not_principal_chain
from .policies import Policy, Statement
from .request import EvaluationInput

UNRESOLVED = (
    "the variable ${{{}}} has no value in this request and no default, so AWS ignores "
    "the whole statement."
)


@dataclass(frozen=True)
class Hit:
    """A statement that applies to the request, or nearly does (``reason`` says why not)."""

    policy: Policy
    statement: Statement
    grant: str | None = None  # resource-based policies: how the Principal names the caller
    reason: str = ""

    def name(self) -> str:
        sid = f' "{self.statement.sid}"' if self.statement.sid else f" {self.statement.index}"
        return f"{self.policy.label}, statement{sid}"

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "policy": self.policy.id,
            "label": self.policy.label,
            "sid": self.statement.sid,
            "statement": self.statement.index,
            "effect": self.statement.effect,
        }
        if self.reason:
            out["reason"] = self.reason
        return out


@dataclass
class Outcome:
    """What one policy says about the request."""

    allows: list[Hit] = field(default_factory=list)
    denies: list[Hit] = field(default_factory=list)
    unmet: list[Hit] = field(default_factory=list)


class StatementMatcher:
    """Matches statements against one request and gathers notes on the way."""

    def __init__(self, inp: EvaluationInput) -> None:
        self.inp = inp
        self.caller = inp.caller
        self.notes: list[str] = []
        self.has_boundary = inp.permissions_boundary is not None and self.caller.kind in (
            "user",
            "role-session",
            "federated-user",
        )

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def evaluate(self, policy: Policy) -> Outcome:
        outcome = Outcome()
        for statement in policy.statements:
            verdict, grant, reason = self.statement(policy, statement)
            if verdict == "match":
                target = outcome.allows if statement.effect == "Allow" else outcome.denies
                target.append(Hit(policy, statement, grant))
            elif verdict == "unmet":
                outcome.unmet.append(Hit(policy, statement, grant, reason))
        return outcome

    def statement(self, policy: Policy, statement: Statement) -> tuple[str, str | None, str]:
        """("match" | "unmet" | "no", grant, reason) for one statement."""
        inp, variables = self.inp, policy.variables
        hit = any(match_action(pattern, inp.action) for pattern in statement.actions)
        if hit == statement.not_action:
            return "no", None, ""
        if statement.resources is not None:
            try:
                hit = any(
                    match_arn(
                        p, inp.resource, inp.context, variables=variables, resource_part_only=True
                    )
                    for p in statement.resources
                )
            except Unresolved as exc:
                return "unmet", None, UNRESOLVED.format(exc.name)
            if hit == statement.not_resource:
                return "no", None, ""
        grant = None
        if statement.principal is not None:
            grant = self.principal(policy, statement)
            if grant is None:
                return "no", None, ""
        for condition in statement.conditions:
            try:
                holds, why = evaluate_condition(condition, inp.context, variables=variables)
            except Unresolved as exc:
                return "unmet", grant, UNRESOLVED.format(exc.name)
            if not holds:
                return "unmet", grant, why
        return "match", grant, ""

    def principal(self, policy: Policy, statement: Statement) -> str | None:
        """How the statement's Principal (or NotPrincipal) names the caller, or None."""
        spec = statement.principal
        if spec is None:
            return None
        if not statement.not_principal:
            return match_principal(spec, self.caller)
        if statement.effect == "Deny" and self.has_boundary:
            self.note(
                "NotPrincipal with Deny always denies a user or role that has a permissions "
                "boundary, whatever NotPrincipal lists; AWS recommends ArnNotEquals on "
                "aws:PrincipalArn instead."
            )
            return "direct"
        chain = not_principal_chain(spec, self.caller)
        if all(listed for _, listed in chain):
            return None
        if any(listed for _, listed in chain):
            missing = ", ".join(name for name, listed in chain if not listed)
            self.note(
                f"{policy.label}: NotPrincipal lists the caller but not {missing}. AWS may "
                "check the account (and the role) first, so the exception does not hold: "
                "list every one of them."
            )
        return "direct"
