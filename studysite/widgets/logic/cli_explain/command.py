"""The aws command itself: services, subcommands and options.

The words after ``aws`` are walked the way the CLI's argparse parsers do: the service
and subcommands (an unknown one with a suggestion, or the related s3/s3api/s3control
command that has it), global and command options with their values, abbreviations and
misspellings.
"""

from __future__ import annotations

import argparse
import re

from .lexer import ASSIGNMENT_RE, Word
from .models import Node, Opt, command_node, load_cli
from .positionals import finish_command
from .shell import command_words
from .state import Given, Problem, State, closest, kebab_case
from .values import check_given

_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def _looks_like_option(value: str) -> bool:
    """argparse's rule: a word starting with '-' is an option, unless it's a number."""
    if not value.startswith("-") or value == "-":
        return False
    if _NEGATIVE_NUMBER.match(value):
        return False
    return " " not in value


def explain_aws(state: State, segment: list[int], program_at: int) -> Node | None:
    cli = load_cli()
    words = state.words
    cmd_words = command_words(state, segment)
    before = [i for i in cmd_words if i < program_at]
    for index in before:
        word = words[index]
        match = ASSIGNMENT_RE.match(word.value)
        if match and all(ASSIGNMENT_RE.match(words[i].value) for i in before if i < index):
            name = match.group()[:-1]
            meaning = f"Shell: sets the environment variable {name} for this command only."
            if name in cli.env_vars:
                meaning += f" The AWS CLI reads it as its {cli.env_vars[name]!r} setting."
            state.mark(index, "shell", meaning)
        else:
            state.mark(
                index,
                "shell",
                "Another program that in turn runs the aws command (a wrapper such as sudo "
                "or env); the AWS CLI does not see this word.",
            )
    state.mark(program_at, "program", cli.description or "The AWS Command Line Interface.")
    if words[program_at].value != "aws":
        state.note(f"{words[program_at].value} is taken to be the aws program.")
    args = [i for i in cmd_words if i > program_at]
    return _parse_args(state, args)


def _resolve_option(state: State, written: str, node: Node | None) -> tuple[Opt | None, str, bool]:
    """Find an option: exact global, exact command option, then unique abbreviations."""
    cli = load_cli()
    if written in cli.globals:
        return cli.globals[written], "global", False
    if node is not None and written in node.options:
        return node.options[written], "command", False
    global_prefix = [o for o in cli.globals if o.startswith(written)]
    if len(global_prefix) == 1:
        return cli.globals[global_prefix[0]], "global", True
    if node is not None and not global_prefix:
        prefix = [o for o in node.options if o.startswith(written)]
        if len(prefix) == 1:
            return node.options[prefix[0]], "command", True
    return None, "command", False


def _option_suggestion(written: str, node: Node | None) -> str | None:
    cli = load_cli()
    candidates = list(cli.globals)
    if node is not None:
        candidates = [o for o in node.options if node.options[o].documented] + candidates
    kebab = "--" + kebab_case(written) if written.strip("-") else written
    for guess in (kebab, written, written.lower()):
        if guess in candidates:
            return guess
    return closest(kebab, candidates, cutoff=0.7) or closest(written, candidates, cutoff=0.7)


def _parse_args(state: State, args: list[int]) -> Node | None:
    """Walk the words after ``aws`` the way the CLI's argparse parsers do."""
    cli = load_cli()
    words = state.words
    node: Node | None = None
    table: tuple[str, ...] = tuple(name for name in cli.top if name != "help")
    stage = "command"  # "command": expecting a service / subcommand; "args"; "stopped"
    only_positionals = False
    i = 0
    while i < len(args):
        index = args[i]
        word = words[index]
        value = word.value
        if not only_positionals and value == "--":
            state.mark(index, "option", "Marks the end of options: what follows is positional.")
            only_positionals = True
            i += 1
            continue
        if not only_positionals and _looks_like_option(value):
            i = _parse_option(state, args, i, node if stage == "args" else None, stage)
            continue
        if stage == "command":
            parent = tuple(state.path)
            if value == "help":
                state.help_requested = True
                state.mark(
                    index,
                    "operation",
                    "Shows the documentation for "
                    + ("aws " + " ".join(parent) if parent else "the AWS CLI")
                    + ".",
                )
                stage = "stopped"
                i += 1
                continue
            if value in table:
                state.path.append(value)
                node = command_node(tuple(state.path))
                table = node.children
                state.mark(
                    index,
                    "service" if len(state.path) == 1 else "operation",
                    command_meaning(node),
                )
                if not node.children:
                    stage = "args"
                i += 1
                continue
            if (
                parent
                and node is not None
                and not node.needs_subcommand
                and not closest(value, node.children, cutoff=0.75)
            ):
                stage = "args"
                continue  # the word is a positional of the group command itself
            _unknown_command(state, word, index, parent, table)
            stage = "stopped"
            i += 1
            continue
        if stage == "stopped":
            state.mark(index, "value", "Not checked: the command before it is not known.")
            i += 1
            continue
        state.positionals.append(index)
        i += 1
    if node is not None and stage == "command" and node.children and not state.help_requested:
        if node.needs_subcommand:
            where = "aws " + " ".join(state.path)
            examples = ", ".join(node.children[:6])
            state.error(
                f"{where} needs a subcommand after it, such as {examples} "
                f"({len(node.children)} in all).",
            )
        else:
            stage = "args"
    if node is None and not state.path and not state.help_requested and stage != "stopped":
        if not state.version_requested and not any(s.scope == "global" for s in state.given):
            state.error("aws needs a command after it, for example: aws s3 ls")
        elif not state.version_requested:
            state.error("aws needs a command after its options, for example: aws s3 ls")
    if stage == "args" and node is not None:
        finish_command(state, node)
    check_given(state, node if stage == "args" else None)
    return node


def command_meaning(node: Node) -> str:
    if len(node.path) == 1:
        if not node.custom and node.service_name:
            n = len(node.children)
            return (
                f"{node.service_name}: commands generated from the service's API model, "
                f"one per API operation ({n} subcommands)."
            )
        kids = ", ".join(node.children[:10])
        extra = f" for {node.service_name}" if node.service_name else ""
        return f"Commands written for the AWS CLI itself{extra}, not one API call each" + (
            f": {kids}." if kids else "."
        )
    text = node.summary or "A subcommand."
    if node.api_operation:
        text = f"Calls the {node.api_operation} API. {text}"
    return text


def _unknown_command(
    state: State, word: Word, index: int, parent: tuple[str, ...], table: tuple[str, ...]
) -> None:
    value = word.value
    state.mark(index, "service" if not parent else "operation", "Unknown command.")
    kebab = kebab_case(value) if value else value
    suggestion = None
    for guess in (value.lower(), kebab):
        if guess in table:
            suggestion = guess
            break
    if suggestion is None:
        suggestion = closest(kebab, table, cutoff=0.6 if parent else 0.5)
    if not parent:
        message = f"{value!r} is not an AWS CLI command (service)."
        if value.startswith(("s3://", "arn:")):
            message += " Name the service first, as in aws s3 ls " + value + "."
    else:
        where = "aws " + " ".join(parent)
        message = f"{value!r} is not a subcommand of {where}."
        sibling = _sibling_with(parent, value)
        if sibling is not None:
            message += f" aws {sibling} {value} exists, though."
            suggestion = None
            state.errors.append(
                Problem(message, word.raw, f"{sibling} {value}", _span_of_service(state, word))
            )
            return
    if suggestion:
        message += f" Did you mean {suggestion}?"
    state.error(message, word, suggestion)


def _span_of_service(state: State, word: Word) -> tuple[int, int] | None:
    """The span from the service word to ``word`` (to swap the service in a fix)."""
    for index, (kind, _meaning) in state.meanings.items():
        if kind == "service":
            return (state.words[index].start, word.end)
    return None


def _sibling_with(parent: tuple[str, ...], name: str) -> str | None:
    """s3 <-> s3api <-> s3control: does a related top-level command have ``name``?"""
    if len(parent) != 1:
        return None
    service = parent[0]
    cli = load_cli()
    related = [
        other
        for other in cli.top
        if other != service and (other.startswith(service) or service.startswith(other))
    ][:6]
    for other in related:
        if name in command_node((other,)).children:
            return other
    return None


def _parse_option(
    state: State, args: list[int], i: int, node: Node | None, stage: str = "args"
) -> int:
    """Consume one option and its values starting at ``args[i]``; return the next position."""
    words = state.words
    index = args[i]
    word = words[index]
    written, explicit = word.value, None
    if "=" in written:
        head, tail = written.split("=", 1)
        explicit = tail
        written = head
    opt, scope, abbreviated = _resolve_option(state, written, node)
    kind = "global-option" if scope == "global" else "option"
    if opt is None:
        suggestion = None if state.busy else _option_suggestion(written, node)
        where = "aws " + " ".join(state.path) if state.path else "aws"
        if stage == "stopped":
            message = f"{written} cannot be checked: the command before it is not known."
            state.mark(index, "option", message)
        elif node is None and state.path:
            where = "aws " + " ".join(state.path)
            state.mark(index, "option", "An option before the subcommand.")
            state.error(
                f"{written} comes before the subcommand: only global options may go there. "
                f"Write the subcommand right after {where}, then its options.",
                word,
            )
        else:
            message = f"Unknown option {written} for {where}."
            if suggestion:
                message += f" Did you mean {suggestion}?"
            if node is None and not state.path:
                message = f"Unknown option {written}: before the command only global options "
                message += "(such as --region or --profile) are allowed."
                if suggestion:
                    message += f" Did you mean {suggestion}?"
            state.mark(index, "option", "Unknown option.")
            fix_word = Word(written, written, word.start, word.start + len(written))
            state.error(message, fix_word if explicit is not None else word, suggestion)
        hint = _resolve_option(state, suggestion, node)[0] if suggestion else None
        consumed: list[int] = []
        j = i + 1
        takes = 0 if (hint is not None and hint.flag) else 1
        if explicit is None:
            while j < len(args) and len(consumed) < takes:
                if _looks_like_option(words[args[j]].value):
                    break
                consumed.append(args[j])
                j += 1
        for c in consumed:
            state.mark(c, "value", f"Value for the unknown option {written}.")
        return j
    if abbreviated:
        state.warn(
            f"{written} is an abbreviation of {opt.name}. The CLI's parser accepts unambiguous "
            "abbreviations, but write options in full: a new option can make it ambiguous.",
            Word(written, written, word.start, word.start + len(written)),
            opt.name,
        )
    values: list[Word] = []
    j = i + 1
    if explicit is not None:
        values.append(
            Word(word.raw, explicit, word.start, word.end, quoted=word.quoted, embedded=True)
        )
    if opt.flag:
        if j < len(args):
            state.after_flag[args[j]] = opt.name
        if explicit is not None:
            state.error(
                f"{opt.name} is a flag and takes no value; remove ={explicit}.", word, opt.name
            )
            values = []
    else:
        limit: int | None
        if opt.nargs is None or opt.nargs == "?":
            limit = 1
        elif isinstance(opt.nargs, int):
            limit = opt.nargs
        else:
            limit = None  # "*", "+", REMAINDER
        if explicit is None:
            while j < len(args) and (limit is None or len(values) < limit):
                nxt = words[args[j]]
                if opt.nargs != argparse.REMAINDER and _looks_like_option(nxt.value):
                    break
                values.append(nxt)
                state.owner[args[j]] = opt.name
                state.mark(args[j], "value", f"Value for {opt.name} ({opt.type}).")
                j += 1
        if opt.nargs in (None, 1) and not values:
            state.error(f"{opt.name} needs a value after it.", word)
        elif isinstance(opt.nargs, int) and len(values) != opt.nargs:
            state.error(f"{opt.name} takes exactly {opt.nargs} values; {len(values)} given.", word)
        elif opt.nargs == "+" and not values:
            state.error(f"{opt.name} needs at least one value after it.", word)
    state.mark(index, kind, opt.description or f"The {opt.name} option.")
    if opt.name == "--version":
        state.version_requested = True
    state.given.append(
        Given(
            opt,
            word,
            written,
            values,
            "global" if scope == "global" else "command",
            explicit is not None,
        )
    )
    return j
