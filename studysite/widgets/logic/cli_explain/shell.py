"""Shell structure around the aws command.

Simple commands are split at ``;``, ``|``, ``&&`` and line breaks (a missing trailing
backslash is noticed), the aws program is found, redirections, comments, operators and
other programs are explained, and input that is not an aws command at all is answered
with the likely fix.
"""

from __future__ import annotations

import difflib
import re

from .lexer import ASSIGNMENT_RE, REDIRECT_RE, SEPARATORS, LexProblem
from .models import load_cli
from .state import Problem, State

PROGRAM_NAMES = frozenset({"aws", "aws.exe", "aws.cmd"})


def report_lex_problem(state: State, problem: LexProblem) -> None:
    if problem.kind == "trailing-backslash":
        state.warn(
            "The command ends with a backslash: a shell would wait for another line. "
            "Remove it, or continue the command on the next line.",
        )
        return
    names = {
        "'": "single quote (')",
        '"': 'double quote (")',
        "`": "backtick (`)",
        "$(": "command substitution $(",
        "${": "variable ${",
        "$'": "quote $'",
    }
    what = names.get(problem.text, problem.text)
    closer = {"$(": ")", "${": "}", "$'": "'"}.get(problem.text, problem.text)
    snippet = state.command[problem.position : problem.position + 30]
    state.errors.append(
        Problem(
            f"Unbalanced quotes: the {what} at character {problem.position + 1} is never "
            f"closed, so a shell would wait for more input. Add the closing {closer}.",
            snippet,
            None,
        )
    )


def split_segments(state: State) -> list[list[int]]:
    """Word indexes of each simple command (split at ; | && || & and line breaks).

    A line break followed by a line starting with ``--`` is taken as a forgotten
    trailing backslash (with a warning) rather than the end of the command.
    """
    words = state.words
    segments: list[list[int]] = [[]]
    for index, word in enumerate(words):
        if word.op and word.value in SEPARATORS:
            nxt = words[index + 1] if index + 1 < len(words) else None
            if (
                word.value == "\n"
                and segments[-1]
                and nxt is not None
                and not nxt.op
                and nxt.value.startswith("--")
            ):
                state.warn(
                    "A line ends without a trailing backslash, so a shell would end the "
                    "command there and run the next line on its own. End each line except "
                    "the last with a space and a backslash (\\).",
                    nxt,
                )
                continue
            segments.append([])
            continue
        segments[-1].append(index)
    return [s for s in segments if s]


def command_words(state: State, segment: list[int]) -> list[int]:
    """The segment without comments and redirections (operator + target)."""
    out = []
    skip_next = False
    for index in segment:
        word = state.words[index]
        if skip_next:
            skip_next = False
            continue
        if word.comment:
            continue
        if word.op and REDIRECT_RE.match(word.value):
            skip_next = True
            continue
        out.append(index)
    return out


def program_index(state: State, segment: list[int]) -> int | None:
    for index in command_words(state, segment):
        value = state.words[index].value
        base = value.replace("\\", "/").rsplit("/", 1)[-1].lower()
        if base in PROGRAM_NAMES:
            return index
    return None


def explain_not_aws(state: State, segments: list[list[int]]) -> None:
    cli = load_cli()
    words = [command_words(state, s) for s in segments]
    first = next((w for w in words if w), None)
    if first is None:
        state.error("There is no command here: an AWS CLI command starts with aws.")
        return
    # Skip leading VAR=value assignments.
    rest = [i for i in first if not ASSIGNMENT_RE.match(state.words[i].value)] or first
    head = state.words[rest[0]]
    value = head.value
    suggestion = None
    message = f"{value!r} is not the AWS CLI: every command starts with the program name aws."
    lowered = value.lower()
    m = re.match(r"^aws[-_.:/]?(.+)$", lowered)
    if m and m.group(1) in cli.top:
        suggestion = f"aws {m.group(1)}"
        message = (
            f"{value!r} is not a program: the AWS CLI is aws followed by a space and the "
            f"command, as in {suggestion}."
        )
    elif lowered in cli.top:
        suggestion = f"aws {value}"
        message = f"Start with the program name: {suggestion} (the word {value!r} is a command "
        message += "of the AWS CLI, not a program of its own)."
    elif difflib.get_close_matches(lowered, ["aws"], n=1, cutoff=0.6) or lowered in {
        "awscli",
        "aws-cli",
        "aws2",
        "awsv2",
    }:
        suggestion = "aws"
        message = f"{value!r} is not the AWS CLI's program name; it is aws."
    state.error(message, head, suggestion)


_SHELL_OPS = {
    "|": "Pipe: the shell sends the output of the command on the left to the command on the right.",
    "|&": "Pipe (with error output): the shell sends both outputs to the next command.",
    ";": "Command separator: the shell runs the next command after this one finishes.",
    "&&": "The shell runs the next command only if the previous one succeeded.",
    "||": "The shell runs the next command only if the previous one failed.",
    "&": "The shell runs the command in the background.",
    "\n": "Line break: without a trailing backslash the shell ends the command here.",
    ";;": "Shell case-statement terminator.",
    "(": "Shell grouping: the commands in parentheses run in a subshell.",
    ")": "End of a shell group.",
}


def _redirect_meaning(op: str) -> str:
    fd = re.match(r"^\d*", op).group()  # type: ignore[union-attr]
    core = op[len(fd) :]
    stream = {"": "", "1": "standard output ", "2": "error output "}.get(
        fd, f"file descriptor {fd} "
    )
    if core in (">", ">|"):
        return f"Redirection: the shell writes the {stream or 'output '}into the file named next."
    if core == ">>":
        return f"Redirection: the shell appends the {stream or 'output '}to the file named next."
    if core in (">&", "&>", "&>>"):
        return f"Redirection: the shell sends the {stream or 'output '}to the target named next."
    if core in ("<<", "<<-"):
        return "Here-document: the shell feeds the following lines as input."
    if core == "<<<":
        return "Here-string: the shell feeds the next word as input."
    return "Redirection: the shell reads the command's input from the file named next."


def explain_shell(state: State, segments: list[list[int]], aws_segment: list[int] | None) -> None:
    words = state.words
    aws_set = set(aws_segment or [])
    redirect_target = False
    used_shell = False
    for index, word in enumerate(words):
        if redirect_target and not word.op:
            state.mark(index, "shell", "The file (or stream) the shell redirects to or from.")
            redirect_target = False
            continue
        redirect_target = False
        if word.comment:
            state.mark(index, "shell", "Comment: the shell ignores everything after #.")
            continue
        if word.op:
            used_shell = used_shell or word.value != "\n"
            if REDIRECT_RE.match(word.value):
                state.mark(index, "shell", _redirect_meaning(word.value))
                redirect_target = True
            else:
                state.mark(index, "shell", _SHELL_OPS.get(word.value, "Shell operator."))
            continue
        if index in state.meanings:
            continue
        if index in aws_set:
            continue
        state.mark(index, "shell", "Part of another command: the shell runs it, not the AWS CLI.")
    if used_shell:
        state.note(
            "The shell (bash, zsh ...) handles ;, |, &&, ||, > and friends before the AWS CLI "
            "runs: they join or redirect commands and are not options of aws. This explainer "
            "never runs anything."
        )
    if sum(1 for s in segments if program_index(state, s) is not None) > 1:
        state.note("Only the first aws command is explained; explain the others one at a time.")
