"""The entry points: reading the input and explaining one command.

``explain_command`` runs the whole flow (words, shell structure, the aws command, its
checks, the result); the commands only AWS CLI version 2 has are named here, and the
caches are warmed and cleared here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..common import FieldError, InputError, get_str
from .command import explain_aws
from .docs import doc_summary_cached
from .lexer import lex
from .models import LOCK, Node, available_services, command_node, load_cli
from .result import CliExplanation, build_result
from .shapes import shorthand_parser_class
from .shell import explain_not_aws, explain_shell, program_index, report_lex_problem, split_segments
from .state import State, index_of

MAX_COMMAND_LENGTH = 8_000


@dataclass(frozen=True)
class CliExplainInput:
    command: str


def parse_input(data: Mapping[str, object]) -> CliExplainInput:
    """Read the one ``command`` field; raise InputError when it is missing, empty or too long."""
    errors: list[FieldError] = []
    command = get_str(data, "command", errors, max_length=MAX_COMMAND_LENGTH)
    if not errors and not command.strip():
        errors.append(
            FieldError("command", "Enter an AWS CLI command, for example: aws s3 ls s3://bucket")
        )
    if errors:
        raise InputError(errors)
    return CliExplainInput(command=command)


def explain_command(inp: CliExplainInput) -> CliExplanation:
    """Explain one AWS CLI command (never runs it); problems go into ``errors``."""
    command = inp.command
    words, lex_problems = lex(command)
    state = State(command=command, words=words)
    for problem in lex_problems:
        report_lex_problem(state, problem)
    segments = split_segments(state)
    aws_segment = None
    for segment in segments:
        program_at = program_index(state, segment)
        if program_at is not None:
            aws_segment = (segment, program_at)
            break
    node: Node | None = None
    if aws_segment is None:
        explain_not_aws(state, segments)
    else:
        segment, program_at = aws_segment
        node = explain_aws(state, segment, program_at)
    explain_shell(state, segments, aws_segment[0] if aws_segment else None)
    if aws_segment is not None:
        _allow_version_2_commands(state, aws_segment[0], aws_segment[1])
    return build_result(state, node)


# Commands that exist only in version 2 of the AWS CLI. PyPI carries only version 1, so
# its command tables cannot describe these; they are named here (the one table this
# module keeps by hand) so that a learner copying them from AWS's guides is not told
# they are wrong. Sources: the AWS CLI v2 command reference pages
# https://docs.aws.amazon.com/cli/latest/reference/sso/login.html,
# .../configure/sso.html, .../configure/sso-session.html,
# .../configure/export-credentials.html and .../logs/tail.html.
VERSION_2_ONLY = frozenset(
    {
        ("configure", "sso"),
        ("configure", "sso-session"),
        ("configure", "export-credentials"),
        ("sso", "login"),
        ("sso", "logout"),
        ("logs", "tail"),
    }
)


def _allow_version_2_commands(state: State, segment: list[int], program_at: int) -> None:
    words = [state.words[i] for i in segment[program_at + 1 :] if not state.words[i].op]
    names = [w.value for w in words if not w.value.startswith("-")][:2]
    if len(names) < 2 or (names[0], names[1]) not in VERSION_2_ONLY:
        return
    second = next(w for w in words if w.value == names[1])
    state.errors = [e for e in state.errors if e.span is None or e.span[0] < second.start]
    index = index_of(state, second)
    if index is not None:
        state.meanings[index] = (
            "operation",
            f"aws {names[0]} {names[1]} is a command of AWS CLI version 2.",
        )
    state.note(
        f"aws {names[0]} {names[1]} exists only in version 2 of the AWS CLI. This explainer "
        "reads version 1's command tables (the version published on PyPI), so it cannot "
        "check this command's options; see the AWS CLI reference link."
    )


def warm_up() -> None:
    """Build the top-level tables now (for example when a worker process starts)."""
    load_cli()


def clear_caches() -> None:
    """Forget every cached table (tests and cold-start measurements)."""
    with LOCK:
        for cached in (
            load_cli,
            command_node,
            available_services,
            shorthand_parser_class,
            doc_summary_cached,
        ):
            cached.cache_clear()
