"""AWS's policy evaluation logic, step by step, for one request.

Within one account:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html

1. Explicit deny: a matching Deny statement in any policy that applies ends it (deny).
2. Organizations SCPs: each level from the organization root down to the account must
   have an Allow, or the request is implicitly denied.
3. Resource-based policy: an Allow that names the calling user or session itself (or
   everyone) is a final allow; one that names the role behind a session still has to pass
   the permissions boundary and the session policy; one that names the account only
   delegates to the account's identity-based policies.
4. Identity-based policies must allow (unless step 3 already counted).
5. A permissions boundary, if set, must allow.
6. Session principals: a session policy, if passed, must allow; a federated user session
   (GetFederationToken) has no permissions without one. Anything else: allow.

Across accounts the caller's account must allow (steps 1-2, 4-6) and the resource's
account must allow in its resource-based policy, both, or it is denied:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html

Role trust policies and KMS key policies must allow even within one account:
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
"""

from __future__ import annotations

from dataclasses import dataclass

from .matching import GRANT_STRENGTH, Caller
from .request import EvaluationInput
from .statements import Hit, Outcome, StatementMatcher

STEP_TITLES = {
    "explicit-deny": "Explicit deny in any policy",
    "scp": "Organizations SCPs",
    "resource-policy": "Resource-based policy",
    "identity-policy": "Identity-based policies",
    "permissions-boundary": "Permissions boundary",
    "session-policy": "Session policy",
}
SAME_ACCOUNT_ORDER = tuple(STEP_TITLES)
# Across accounts the caller's account is evaluated first, then the resource's.
CROSS_ACCOUNT_ORDER = (
    "explicit-deny",
    "scp",
    "identity-policy",
    "permissions-boundary",
    "session-policy",
    "resource-policy",
)
RESULTS = ("allow", "explicit-deny", "implicit-deny", "continue", "not-applicable", "not-evaluated")
DECISIVE = ("allow", "explicit-deny", "implicit-deny")
TRUST_ACTIONS = {
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
}


@dataclass(frozen=True)
class Step:
    step: str
    result: str
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {
            "step": self.step,
            "title": STEP_TITLES[self.step],
            "result": self.result,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class EvaluationResult:
    decision: str  # allow | explicit-deny | implicit-deny
    decided_by: str
    summary: str
    cross_account: bool
    caller: Caller
    action: str
    resource: str
    resource_account: str | None
    matched: tuple[Hit, ...]
    unmet: tuple[Hit, ...]
    steps: tuple[Step, ...]
    context: tuple[tuple[str, tuple[str, ...], bool], ...]
    notes: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "decision": self.decision,
            "decided_by": self.decided_by,
            "summary": self.summary,
            "cross_account": self.cross_account,
            "principal": self.caller.to_dict(),
            "action": self.action,
            "resource": self.resource,
            "resource_account": self.resource_account,
            "matched": [hit.to_dict() for hit in self.matched],
            "unmet": [hit.to_dict() for hit in self.unmet],
            "steps": [step.to_dict() for step in self.steps],
            "context": [
                {"key": key, "values": list(values), "derived": derived}
                for key, values, derived in self.context
            ],
            "notes": list(self.notes),
        }


def _names(hits: list[Hit], limit: int = 3) -> str:
    names = [hit.name() for hit in hits[:limit]]
    more = f" and {len(hits) - limit} more" if len(hits) > limit else ""
    return "; ".join(names) + more


def _near(outcomes: list[Outcome]) -> str:
    """A sentence about the first Allow that matched all but its condition, if any."""
    for outcome in outcomes:
        for hit in outcome.unmet:
            if hit.statement.effect == "Allow":
                return f" {hit.name()} would allow it, but {hit.reason}"
    return ""


def _resource_policy_needed(inp: EvaluationInput) -> str:
    """What must allow even within one account, if anything."""
    parts = inp.resource.split(":", 5)
    if inp.action.lower() in TRUST_ACTIONS and len(parts) == 6 and parts[5].startswith("role/"):
        return "the role's trust policy"
    if len(parts) == 6 and parts[2] == "kms" and parts[5].startswith("key/"):
        return "the KMS key policy"
    return ""


class _Flow:
    """One evaluation: which policies apply, what each says, and the steps in order."""

    def __init__(self, inp: EvaluationInput) -> None:
        self.inp = inp
        self.matcher = StatementMatcher(inp)
        self.caller = caller = inp.caller
        self.kind = kind = caller.kind
        self.on_resource = f"{inp.action} on {inp.resource}"
        self.steps: dict[str, Step] = {}
        self.decision = ""
        self.granted_by: list[Hit] = []
        self.limits: list[str] = []  # the limits the request passed, for the summary
        self.role_grant = False
        self.cross_account = bool(
            caller.is_iam and inp.resource_account and caller.account != inp.resource_account
        )

        identity_applies = kind in ("user", "role-session", "federated-user")
        session_applies = kind in ("role-session", "federated-user")
        service_linked = kind == "role-session" and "/aws-service-role/" in caller.role_arn
        scp_applies = caller.is_iam and not service_linked
        self.scp_applies = scp_applies
        self._applicability_notes(identity_applies, session_applies, scp_applies, service_linked)

        evaluate = self.matcher.evaluate
        self.scps = [(p, evaluate(p)) for p in inp.scps] if scp_applies else []
        self.resource = evaluate(inp.resource_policy) if inp.resource_policy else None
        self.identity = [evaluate(p) for p in inp.identity_policies] if identity_applies else []
        boundary = inp.permissions_boundary if self.matcher.has_boundary else None
        self.boundary = evaluate(boundary) if boundary else None
        session = inp.session_policy if session_applies else None
        self.session = evaluate(session) if session else None
        self.outcomes = [o for _p, o in self.scps]
        self.outcomes += [
            o for o in (self.resource, *self.identity, self.boundary, self.session) if o
        ]
        allows = self.resource.allows if self.resource else []
        self.grant = max(
            (hit.grant or "" for hit in allows), key=lambda g: GRANT_STRENGTH.get(g, 0), default=""
        )

    def _applicability_notes(
        self, identity: bool, session: bool, scp: bool, service_linked: bool
    ) -> None:
        inp, note = self.inp, self.matcher.note
        if inp.identity_policies and not identity:
            who = "the root user." if self.kind == "root" else "an anonymous caller or a service."
            note(f"The identity-based policies were ignored: none can be attached to {who}")
        if inp.permissions_boundary and not self.matcher.has_boundary:
            note("The permissions boundary was ignored: boundaries apply to IAM users and roles.")
        if inp.session_policy and not session:
            note("The session policy was ignored: only role and federated user sessions have one.")
        if inp.scps and not scp:
            note(
                "The SCPs were ignored: they do not affect service-linked roles."
                if service_linked
                else "The SCPs were ignored: they limit principals in member accounts, "
                "not anonymous callers or AWS services."
            )
        if inp.resource_account_assumed:
            note(
                "The resource's ARN names no account (S3 ARNs never do), so it is taken to be "
                f"the caller's account {inp.resource_account}; add aws:ResourceAccount=<account "
                "ID> to the context to evaluate a resource in another account."
            )
        policies = (*inp.identity_policies, *inp.scps)
        policies += (inp.resource_policy, inp.permissions_boundary, inp.session_policy)
        if any(p is not None and p.version is None for p in policies):
            note('A policy without "Version": "2012-10-17" reads ${...} variables as plain text.')

    def keep(self, step: str, result: str, detail: str) -> None:
        self.steps[step] = Step(step, result, detail)

    def finish(self, step: str, result: str, detail: str) -> None:
        self.keep(step, result, detail)
        self.decision = result

    # 1. An explicit deny in any policy that applies wins.
    def explicit_deny(self) -> None:
        denies = [hit for outcome in self.outcomes for hit in outcome.denies]
        if denies:
            self.finish(
                "explicit-deny",
                "explicit-deny",
                f"{_names(denies)} denies {self.on_resource}. An explicit deny overrides "
                "every allow.",
            )
        else:
            self.keep("explicit-deny", "continue", "No Deny statement matches the request.")

    # 2. SCPs: every level of the organization must allow.
    def scp(self) -> None:
        if not self.scps:
            why = (
                "No SCPs given (the account is not in an organization, or is its management "
                "account)."
                if self.scp_applies
                else "SCPs do not apply to this caller."
            )
            self.keep("scp", "not-applicable", why)
            return
        missing = [(p, o) for p, o in self.scps if not o.allows]
        if missing:
            self.finish(
                "scp",
                "implicit-deny",
                f"{', '.join(p.label for p, _o in missing)} has no statement allowing "
                f"{self.inp.action}, and every SCP from the organization root down to the "
                f"account must allow it.{_near([o for _p, o in missing])}",
            )
            return
        self.limits.append("the SCPs")
        allows = [o.allows[0] for _p, o in self.scps]
        self.keep("scp", "continue", f"Every SCP allows it ({_names(allows)}).")

    # 3. Resource-based policy, within one account.
    def resource_same_account(self) -> None:
        allows = self.resource.allows if self.resource else []
        needed = _resource_policy_needed(self.inp)
        if not self.caller.is_iam:
            who = "An anonymous caller" if self.kind == "anonymous" else "An AWS service"
            if self.grant:
                self.granted_by = allows
                self.finish(
                    "resource-policy", "allow", f"{_names(allows)} allows {self.on_resource}."
                )
            else:
                near = _near([self.resource]) if self.resource else ""
                self.finish(
                    "resource-policy",
                    "implicit-deny",
                    f"{who} gets access only from a resource-based policy, and none allows "
                    f"it.{near}",
                )
            return
        if self.resource is None:
            if needed:
                self.finish(
                    "resource-policy",
                    "implicit-deny",
                    f"{needed[0].upper() + needed[1:]} must allow the request, even within "
                    "one account; none was given.",
                )
            else:
                self.keep("resource-policy", "not-applicable", "No resource-based policy given.")
            return
        if self.grant == "direct":
            self.granted_by = allows
            self.finish(
                "resource-policy",
                "allow",
                f"{_names(allows)} names this caller itself (or everyone), and within one "
                "account that is enough: an implicit deny in identity-based policies, a "
                "permissions boundary or a session policy does not limit it.",
            )
        elif self.grant == "role":
            self.role_grant = True
            self.granted_by = allows
            self.keep(
                "resource-policy",
                "continue",
                f"{_names(allows)} allows the role behind this session. That counts as an "
                "allow, but the permissions boundary and session policy still limit it.",
            )
        elif self.grant == "account":
            self.keep(
                "resource-policy",
                "continue",
                f"{_names(allows)} names the account, which only delegates: an identity-based "
                "policy must still allow the request.",
            )
        elif needed:
            self.finish(
                "resource-policy",
                "implicit-deny",
                f"{needed[0].upper() + needed[1:]} has no statement allowing this caller, and "
                f"it must, even within one account.{_near([self.resource])}",
            )
        else:
            self.keep(
                "resource-policy",
                "continue",
                f"No statement in it allows this caller; the identity side decides."
                f"{_near([self.resource])}",
            )

    # 4-6. Identity-based policies, permissions boundary, session policy.
    def identity_side(self) -> None:
        action, kind = self.inp.action, self.kind
        allows = [hit for outcome in self.identity for hit in outcome.allows]
        if kind == "root":
            self.keep(
                "identity-policy",
                "continue",
                "The root user has full access to its own account; no policy is attached to it.",
            )
        elif allows:
            self.granted_by = self.granted_by or allows
            self.keep("identity-policy", "continue", f"{_names(allows)} allows it.")
        elif self.role_grant:
            self.keep(
                "identity-policy",
                "continue",
                "No identity-based policy allows it, but the resource-based policy's allow for "
                "the role counts instead.",
            )
        else:
            across = (
                " Across accounts the caller's account must allow it as well as the resource's."
                if self.cross_account
                else ""
            )
            self.finish(
                "identity-policy",
                "implicit-deny",
                f"No identity-based policy allows {action}, and whatever is not allowed is "
                f"denied by default.{across}{_near(self.identity)}",
            )
            return
        if self.boundary is None:
            self.keep("permissions-boundary", "not-applicable", "No permissions boundary is set.")
        elif self.boundary.allows:
            self.limits.append("the permissions boundary")
            self.keep(
                "permissions-boundary", "continue", f"{_names(self.boundary.allows)} allows it."
            )
        else:
            self.finish(
                "permissions-boundary",
                "implicit-deny",
                f"The permissions boundary does not allow {action}. A boundary only sets the "
                "maximum: the identity-based policies' allow is not enough on its own."
                f"{_near([self.boundary])}",
            )
            return
        if kind == "federated-user" and self.session is None:
            self.finish(
                "session-policy",
                "implicit-deny",
                "A federated user session (GetFederationToken) without a session policy has no "
                "permissions.",
            )
            return
        if self.session is not None and not self.session.allows:
            self.finish(
                "session-policy",
                "implicit-deny",
                f"The session policy does not allow {action}: a session gets only what both the "
                f"identity-based policies and the session policy allow.{_near([self.session])}",
            )
            return
        if self.session is not None:
            self.limits.append("the session policy")
            detail = f"{_names(self.session.allows)} allows it."
        elif kind == "role-session":
            detail = "No session policy was passed: the session keeps the role's permissions."
        else:
            detail = "Not a session principal, so no session policy limits it."
        if self.cross_account:
            self.keep("session-policy", "continue", f"{detail} The caller's account allows it.")
        else:
            self.finish("session-policy", "allow", detail)

    # Across accounts: the resource's account must allow too.
    def resource_cross_account(self) -> None:
        inp = self.inp
        allows = self.resource.allows if self.resource else []
        if self.resource is None:
            self.finish(
                "resource-policy",
                "implicit-deny",
                f"The resource is in account {inp.resource_account} and the caller in "
                f"{self.caller.account}. Across accounts a resource-based policy in "
                f"{inp.resource_account} must allow the caller too, and there is none (the "
                "caller could instead assume a role in that account).",
            )
        elif self.grant:
            how = (
                "names the caller's account, delegating to its policies"
                if self.grant == "account"
                else "allows the caller"
            )
            self.finish(
                "resource-policy",
                "allow",
                f"{_names(allows)} {how}. Both accounts allow the request.",
            )
        else:
            self.finish(
                "resource-policy",
                "implicit-deny",
                f"The resource-based policy in account {inp.resource_account} has no statement "
                "allowing this caller; across accounts both sides must allow."
                f"{_near([self.resource])}",
            )

    def run(self) -> EvaluationResult:
        inp = self.inp
        self.explicit_deny()
        if not self.decision:
            self.scp()
        if not self.decision:
            if self.cross_account:
                self.identity_side()
                if not self.decision:
                    self.resource_cross_account()
            else:
                self.resource_same_account()
                if not self.decision and self.caller.is_iam:
                    self.identity_side()
        order = CROSS_ACCOUNT_ORDER if self.cross_account else SAME_ACCOUNT_ORDER
        for step in order:
            if step in self.steps:
                continue
            if not self.caller.is_iam and step in order[3:]:
                self.keep(step, "not-applicable", "Only IAM users and roles have these policies.")
            else:
                self.keep(step, "not-evaluated", "Not reached: an earlier step decided.")
        decided_by = next(s for s in order if self.steps[s].result in DECISIVE)
        context = tuple(
            (written, values, lowered in inp.derived)
            for lowered, (written, values) in inp.context.items()
        )
        outcomes = self.outcomes
        return EvaluationResult(
            decision=self.decision,
            decided_by=decided_by,
            summary=self.summary(self.steps[decided_by]),
            cross_account=self.cross_account,
            caller=self.caller,
            action=inp.action,
            resource=inp.resource,
            resource_account=inp.resource_account,
            matched=tuple(
                hit
                for outcome in outcomes
                for hit in sorted(
                    (*outcome.denies, *outcome.allows), key=lambda h: h.statement.index
                )
            ),
            unmet=tuple(hit for outcome in outcomes for hit in outcome.unmet),
            steps=tuple(self.steps[s] for s in order),
            context=context,
            notes=tuple(self.matcher.notes),
        )

    def summary(self, step: Step) -> str:
        title = STEP_TITLES[step.step].lower()
        if self.decision == "explicit-deny":
            return f"Denied by an explicit deny. {step.detail}"
        if self.decision == "implicit-deny":
            return f"Denied implicitly at the {title} step. {step.detail}"
        if self.cross_account:
            identity = _names(self.granted_by) if self.granted_by else "the root user's access"
            return (
                f"Allowed: both accounts allow it. In the caller's account {identity}; in the "
                f"resource's account {step.detail}"
            )
        source = _names(self.granted_by) if self.granted_by else "the root user's full access"
        passed = f", and {' and '.join(self.limits)} let it through" if self.limits else ""
        return f"Allowed: {source} allows {self.on_resource}, nothing denies it{passed}."


def evaluate_request(inp: EvaluationInput) -> EvaluationResult:
    """The decision AWS would reach, with every step of its evaluation logic."""
    return _Flow(inp).run()
