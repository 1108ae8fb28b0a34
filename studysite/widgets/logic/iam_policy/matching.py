"""Matching one request against a statement's Action, Resource and Principal elements.

Wildcards: ``*`` is any run of characters (none included), ``?`` exactly one character.
Action names compare without regard to case; ARNs compare case-sensitively, one
colon-separated segment at a time (the sixth segment, the resource part, keeps its own
colons and slashes, so ``arn:aws:s3:::bucket/*`` covers every key).

Policy variables (``${aws:username}``, ``${aws:PrincipalTag/team}``,
``${aws:username, 'default'}``) are replaced by request-context values in the resource
part of a Resource ARN and in string, ARN and Bool condition values, only when the
policy's Version is 2012-10-17. ``${*}``, ``${?}`` and ``${$}`` stand for a literal
``*``, ``?`` and ``$``. A variable with no value and no default makes AWS ignore the
whole statement (raised here as :class:`Unresolved`).

Sources (AWS documentation):
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

# A context maps a lower-cased key to (key as written, values). Keys are
# case-insensitive; values are not.
Context = Mapping[str, tuple[str, tuple[str, ...]]]

# A compiled wildcard pattern: chunks split at "*"; a chunk is a tuple of items, each a
# literal string or None for "?". One chunk means "no star".
Chunk = tuple[str | None, ...]
Pattern = tuple[Chunk, ...]


class Unresolved(Exception):
    """A policy variable has no value in the request and no default."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


# --- Wildcards ------------------------------------------------------------------------


def compile_pattern(segments: Iterable[tuple[str, bool]], *, ignore_case: bool = False) -> Pattern:
    """Segments are (text, literal): in a literal segment "*" and "?" are plain characters."""
    return _compile(tuple(segments), ignore_case)


@lru_cache(maxsize=4096)
def _compile(segments: tuple[tuple[str, bool], ...], ignore_case: bool) -> Pattern:
    chunks: list[list[str | None]] = [[]]

    def add_text(text: str) -> None:
        if not text:
            return
        chunk = chunks[-1]
        if chunk and isinstance(chunk[-1], str):
            chunk[-1] += text
        else:
            chunk.append(text)

    for text, literal in segments:
        if ignore_case:
            text = text.lower()
        if literal:
            add_text(text)
            continue
        run = ""
        for char in text:
            if char in "*?":
                add_text(run)
                run = ""
                if char == "*":
                    chunks.append([])
                else:
                    chunks[-1].append(None)
            else:
                run += char
        add_text(run)
    return tuple(tuple(chunk) for chunk in chunks)


def _length(chunk: Chunk) -> int:
    return sum(1 if item is None else len(item) for item in chunk)


def _matches_at(chunk: Chunk, text: str, position: int) -> bool:
    for item in chunk:
        if item is None:
            if position >= len(text):
                return False
            position += 1
        else:
            if not text.startswith(item, position):
                return False
            position += len(item)
    return True


@lru_cache(maxsize=512)
def _chunk_regex(chunk: Chunk) -> re.Pattern[str]:
    # Fixed-length pattern without quantifiers: no backtracking blow-up.
    return re.compile("".join("." if i is None else re.escape(i) for i in chunk), re.DOTALL)


def _find(chunk: Chunk, text: str, start: int, end: int) -> int:
    if all(item is not None for item in chunk):
        return text.find("".join(chunk), start, end)  # type: ignore[arg-type]
    found = _chunk_regex(chunk).search(text, start, end)
    return found.start() if found else -1


def match_pattern(pattern: Pattern, text: str, *, ignore_case: bool = False) -> bool:
    """Whole-string glob match in linear-ish time (no regular-expression backtracking)."""
    if ignore_case:
        text = text.lower()
    if len(pattern) == 1:
        return _length(pattern[0]) == len(text) and _matches_at(pattern[0], text, 0)
    first, last = pattern[0], pattern[-1]
    head, tail = _length(first), _length(last)
    if head + tail > len(text):
        return False
    if not _matches_at(first, text, 0) or not _matches_at(last, text, len(text) - tail):
        return False
    position, end = head, len(text) - tail
    for chunk in pattern[1:-1]:
        if not chunk:
            continue
        found = _find(chunk, text, position, end)
        if found < 0:
            return False
        position = found + _length(chunk)
    return True


def wildcard_match(pattern: str, text: str, *, ignore_case: bool = False) -> bool:
    """Glob match of plain text (no policy variables)."""
    return match_pattern(
        compile_pattern([(pattern, False)], ignore_case=ignore_case), text, ignore_case=ignore_case
    )


# --- Policy variables -----------------------------------------------------------------

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_VARIABLE_BODY = re.compile(r"\s*([^,']+?)\s*(?:,\s*'([^']*)'\s*)?")


def substitute(text: str, context: Context, *, enabled: bool) -> list[tuple[str, bool]]:
    """Split ``text`` into (text, literal) segments with every variable replaced.

    Values taken from the request are literal (a "*" in them is no wildcard). Raises
    Unresolved when a variable has no single value and no default.
    """
    if not enabled or "${" not in text:
        return [(text, False)]
    segments: list[tuple[str, bool]] = []
    position = 0
    for found in _VARIABLE.finditer(text):
        segments.append((text[position : found.start()], False))
        position = found.end()
        body = found.group(1)
        if body in ("*", "?", "$"):
            segments.append((body, True))
            continue
        parsed = _VARIABLE_BODY.fullmatch(body)
        if not parsed:
            segments.append((found.group(0), False))
            continue
        name, default = parsed.group(1), parsed.group(2)
        entry = context.get(name.lower())
        # Multivalued keys cannot be policy variables.
        if entry is not None and len(entry[1]) == 1:
            segments.append((entry[1][0], True))
        elif default is not None:
            segments.append((default, True))
        else:
            raise Unresolved(name)
    segments.append((text[position:], False))
    return [segment for segment in segments if segment[0]]


def joined(segments: Iterable[tuple[str, bool]]) -> str:
    return "".join(text for text, _literal in segments)


# --- ARNs and actions -----------------------------------------------------------------


def split_arn(text: str) -> list[str] | None:
    """The six parts of an ARN (the last keeps its colons); colons inside ${...} don't count."""
    parts: list[str] = []
    start = 0
    index = 0
    while index < len(text) and len(parts) < 5:
        if text.startswith("${", index):
            close = text.find("}", index)
            index = len(text) if close < 0 else close + 1
            continue
        if text[index] == ":":
            parts.append(text[start:index])
            start = index + 1
        index += 1
    if len(parts) < 5:
        return None
    parts.append(text[start:])
    return parts if parts[0] == "arn" or "*" in parts[0] or "?" in parts[0] else None


def match_arn(
    pattern: str, arn: str, context: Context, *, variables: bool, resource_part_only: bool
) -> bool:
    """ARN wildcard match, segment by segment. Variables are expanded in the resource part
    only (Resource element) or in every part (ArnLike condition values)."""
    if pattern == "*":
        return True
    pattern_parts = split_arn(pattern)
    arn_parts = arn.split(":", 5)
    if pattern_parts is None or len(arn_parts) < 6:
        return False
    for index, (part, value) in enumerate(zip(pattern_parts, arn_parts, strict=True)):
        expand = variables and (index == 5 or not resource_part_only)
        segments = substitute(part, context, enabled=expand)
        if not match_pattern(compile_pattern(segments), value):
            return False
    return True


def match_action(pattern: str, action: str) -> bool:
    """Service prefixes and action names match without regard to case."""
    return wildcard_match(pattern, action, ignore_case=True)


# --- Principals -----------------------------------------------------------------------

ACCOUNT_RE = re.compile(r"^\d{12}$")
IAM_ARN_RE = re.compile(r"^arn:(aws|aws-cn|aws-us-gov|aws-iso[a-z-]*):(iam|sts)::(\d{12}):(.+)$")
SERVICE_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$")


@dataclass(frozen=True)
class Caller:
    """Who makes the request, as far as evaluation cares."""

    arn: str  # as written (a service name for services, "anonymous" for anonymous)
    kind: str  # user | role-session | federated-user | root | service | anonymous
    account: str | None = None
    partition: str = "aws"
    name: str = ""  # user name, federated user name
    role_name: str = ""
    session_name: str = ""
    role_arn: str = ""  # for role sessions: the role's ARN (as given, or rebuilt)

    @property
    def is_iam(self) -> bool:
        return self.kind in ("user", "role-session", "federated-user", "root")

    def to_dict(self) -> dict[str, str | None]:
        return {"arn": self.arn, "type": self.kind, "account": self.account}


def parse_caller(text: str) -> Caller | str:
    """A Caller, or a message saying what a principal looks like."""
    text = text.strip()
    if text.lower() in ("anonymous", "*"):
        return Caller(arn="anonymous", kind="anonymous")
    if ACCOUNT_RE.match(text):
        return Caller(arn=f"arn:aws:iam::{text}:root", kind="root", account=text)
    if SERVICE_RE.match(text):
        return Caller(arn=text, kind="service")
    found = IAM_ARN_RE.match(text)
    if found:
        partition, service, account, rest = found.groups()
        parts = rest.split("/")
        if service == "iam" and rest == "root":
            return Caller(arn=text, kind="root", account=account, partition=partition)
        if service == "iam" and parts[0] == "user" and len(parts) >= 2 and all(parts[1:]):
            return Caller(text, "user", account, partition, name=parts[-1])
        if service == "iam" and parts[0] == "role" and len(parts) >= 2 and all(parts[1:]):
            # Requests come from sessions of a role; a role ARN stands for "a session".
            return Caller(
                text, "role-session", account, partition, role_name=parts[-1], role_arn=text
            )
        if service == "sts" and parts[0] == "assumed-role" and len(parts) == 3 and all(parts[1:]):
            role_arn = f"arn:{partition}:iam::{account}:role/{parts[1]}"
            return Caller(
                text,
                "role-session",
                account,
                partition,
                role_name=parts[1],
                session_name=parts[2],
                role_arn=role_arn,
            )
        if service == "sts" and parts[0] == "federated-user" and len(parts) == 2 and parts[1]:
            return Caller(text, "federated-user", account, partition, name=parts[1])
    return (
        "Enter the ARN of an IAM user (arn:aws:iam::111122223333:user/alice), a role or "
        "role session (arn:aws:sts::111122223333:assumed-role/Admin/alice), a federated "
        "user, an account root (arn:aws:iam::111122223333:root), a service principal "
        "(cloudtrail.amazonaws.com) or anonymous."
    )


@dataclass(frozen=True)
class PrincipalSpec:
    """A Principal or NotPrincipal element, normalised."""

    everyone: bool = False
    accounts: frozenset[str] = frozenset()
    arns: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()  # Federated and CanonicalUser entries


def _role_matches(role_arn: str, caller: Caller) -> bool:
    """A role ARN (with any path) names the role behind a role session."""
    found = IAM_ARN_RE.match(role_arn)
    if not found or caller.kind != "role-session":
        return False
    partition, service, account, rest = found.groups()
    parts = rest.split("/")
    return (
        service == "iam"
        and parts[0] == "role"
        and partition == caller.partition
        and account == caller.account
        and parts[-1] == caller.role_name
    )


GRANT_STRENGTH = {"direct": 3, "role": 2, "account": 1}


def match_principal(spec: PrincipalSpec, caller: Caller) -> str | None:
    """How a Principal element names the caller.

    "direct": the caller itself (user, session, federated user, service, or everyone);
    "role": the role behind the caller's session; "account": the caller's account, which
    only delegates to the account's own policies; None: not named.
    """
    found: list[str] = []
    if spec.everyone:
        found.append("direct")
    if caller.kind == "service" and caller.arn in spec.services:
        found.append("direct")
    if caller.is_iam:
        if caller.arn in spec.arns and caller.kind != "root":
            found.append("direct")
        if any(_role_matches(arn, caller) for arn in spec.arns):
            found.append("role")
        if caller.account in spec.accounts:
            found.append("direct" if caller.kind == "root" else "account")
    return max(found, key=GRANT_STRENGTH.__getitem__, default=None)


def not_principal_chain(spec: PrincipalSpec, caller: Caller) -> list[tuple[str, bool]]:
    """Each identity AWS may check for a NotPrincipal exception, and whether it is listed.

    AWS can check the account first, then the role, then the session, so an exception
    holds only when every one of them is listed (NotPrincipal documentation).
    """
    if spec.everyone:
        return [("*", True)]
    if caller.kind == "service":
        return [(caller.arn, caller.arn in spec.services)]
    if caller.kind == "anonymous":
        return [("anonymous", False)]
    chain: list[tuple[str, bool]] = []
    if caller.kind == "role-session":
        if caller.session_name:
            chain.append((caller.arn, caller.arn in spec.arns))
        chain.append((caller.role_arn, any(_role_matches(a, caller) for a in spec.arns)))
    elif caller.kind in ("user", "federated-user"):
        chain.append((caller.arn, caller.arn in spec.arns))
    chain.append((f"account {caller.account}", caller.account in spec.accounts))
    return chain
