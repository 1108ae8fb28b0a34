"""The AWS CLI command explainer: "explainshell", but for ``aws ...`` commands.

A learner pastes a command; this module takes it apart word by word and says what
each word does, which API call it makes (``aws s3api put-object`` is S3's
``PutObject``, an HTTP ``PUT /{Bucket}/{Key+}``), and what is wrong with it when
something is: a misspelt service, operation or option ("did you mean ...?"), a
missing required option, a value of the wrong type or outside the allowed values,
an option given twice, unbalanced quotes.

Where the knowledge comes from
------------------------------
Nothing here is a hand-written table of services or options. Everything is read
from the installed packages, the same code the real ``aws`` program runs:

* awscli's command tables (``awscli.clidriver.CLIDriver`` with its built-in
  customizations: the high-level ``aws s3`` commands, ``aws configure``, waiters,
  pagination options, ``--cli-input-json`` ...) and its global argument table;
* each argument's own ``add_to_parser`` (so the number of values, flags and
  argparse ``choices`` are exactly what the CLI's argparse parser sees);
* botocore's service models (operation documentation, member types, required
  members, enums, the HTTP method and request URI);
* awscli's shorthand parser for ``Key=Value,...`` values and botocore's parameter
  validator for JSON and shorthand values.

The driver is built like ``awscli.clidriver.create_clidriver()`` but without the
server's own AWS configuration: no plugins listed in ``~/.aws/config`` are loaded
and no profile is consulted, so the explanation is the same on every machine.

Note that awscli 1.46 ships its own copy of botocore (``awscli/botocore``) and, once
``awscli`` is imported, aliases ``import botocore`` to that copy unless botocore was
already imported. So the models come from whichever botocore the process loaded
first; ``source`` in the result names the versions actually used.

Safety
------
The command is parsed, never executed: no shell, no subprocess, no network, and
``file://`` references are explained but never opened (the shorthand parser's
``@=`` file loading is switched off). Shell syntax (``;``, ``|``, ``&&``, ``>``,
``$(...)``, backticks, variables) is recognised and explained as the shell's.

Tables are built lazily, once per process, and cached; a warm explanation takes a
few milliseconds.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import functools
import json
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from typing import Any

from .common import FieldError, InputError, get_str

MAX_COMMAND_LENGTH = 8_000
REFERENCE_BASE = "https://docs.aws.amazon.com/cli/latest/reference/"
PROGRAM_NAMES = frozenset({"aws", "aws.exe", "aws.cmd"})
TOKEN_KINDS = ("program", "global-option", "service", "operation", "option", "value", "shell")

# How much of a (possibly very long) documentation string to keep.
_SUMMARY_CHARS = 320
_DESCRIPTION_CHARS = 240
_TREE_MAX_NODES = 200
_TREE_MAX_DEPTH = 12
_MAX_PROBLEMS = 40

_LOCK = threading.RLock()


# --------------------------------------------------------------------------- input


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


# -------------------------------------------------------------------------- result


@dataclass(frozen=True)
class CliExplanation:
    valid: bool
    service: str | None
    operation: str | None
    api_operation: str | None
    http: dict[str, str] | None
    summary: str
    parameters: tuple[dict[str, Any], ...]
    global_options: tuple[dict[str, Any], ...]
    errors: tuple[dict[str, Any], ...]
    # Extras (not required by the contract, useful for the display).
    warnings: tuple[dict[str, Any], ...] = ()
    notes: tuple[str, ...] = ()
    tokens: tuple[dict[str, Any], ...] = ()
    positionals: tuple[dict[str, Any], ...] = ()
    required_missing: tuple[str, ...] = ()
    service_name: str | None = None
    service_id: str | None = None
    reference_url: str | None = None
    command: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(
            {
                "valid": self.valid,
                "service": self.service,
                "operation": self.operation,
                "api_operation": self.api_operation,
                "http": self.http,
                "summary": self.summary,
                "parameters": list(self.parameters),
                "global_options": list(self.global_options),
                "errors": list(self.errors),
                "warnings": list(self.warnings),
                "notes": list(self.notes),
                "tokens": list(self.tokens),
                "positionals": list(self.positionals),
                "required_missing": list(self.required_missing),
                "service_name": self.service_name,
                "service_id": self.service_id,
                "reference_url": self.reference_url,
                "command": self.command,
                "source": self.source,
            }
        )


# ------------------------------------------------------------------ text cleaning


class _TextExtractor(HTMLParser):
    """botocore documentation is HTML: keep the text, turn block tags into breaks.

    Text inside <note> and <important> goes to ``aside``: many operations open with
    such a notice, and the summary should start with what the operation does.
    """

    _BLOCK = frozenset({"p", "li", "ul", "ol", "br", "div", "dd", "dt", "note", "important"})
    _ASIDE = frozenset({"note", "important"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.main: list[str] = []
        self.aside: list[str] = []
        self._aside_depth = 0

    def _out(self) -> list[str]:
        return self.aside if self._aside_depth else self.main

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self._out().append("\n")
        if tag in self._ASIDE:
            self._aside_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._ASIDE and self._aside_depth:
            self._aside_depth -= 1
        if tag in self._BLOCK:
            self._out().append("\n")

    def handle_data(self, data: str) -> None:
        self._out().append(data)


def _join_text(parts: list[str]) -> str:
    """Paragraphs separated by newlines, whitespace collapsed within each."""
    paragraphs = "".join(parts).split("\n")
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


def _html_to_text(doc: str) -> str:
    """Plain text of an HTML doc string: the main text, or the notices when that is all."""
    if "<" not in doc and "&" not in doc:
        return " ".join(doc.split())
    extractor = _TextExtractor()
    try:
        extractor.feed(doc)
        extractor.close()
    except Exception:  # a malformed doc string: fall back to crude tag removal
        return " ".join(re.sub(r"<[^>]*>", " ", doc).split())
    return _join_text(extractor.main) or _join_text(extractor.aside)


_RST_LINK = re.compile(r"`([^`<]+?)\s*<[^>]+>`_+")
_RST_ROLE = re.compile(r":[a-z]+:`([^`]+)`")


def _rst_to_text(doc: str) -> str:
    """The CLI's own command descriptions are reStructuredText: keep the prose."""
    paragraphs: list[list[str]] = [[]]
    skipping = False
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith(".."):
            skipping = True  # a directive (warning, note ...) and its indented body
            paragraphs.append([])
            continue
        if not stripped:
            paragraphs.append([])
            continue
        if skipping and line[:1] in (" ", "\t"):
            continue
        skipping = False
        paragraphs[-1].append(stripped)
    text = "\n".join(" ".join(" ".join(p).split()) for p in paragraphs if p)
    text = _RST_LINK.sub(r"\1", text)
    text = _RST_ROLE.sub(r"\1", text)
    text = text.replace("``", "").replace("**", "")
    return text


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(\[])")


def _first_sentences(text: str, limit: int = _SUMMARY_CHARS, enough: int = 70) -> str:
    """The first sentence of the first paragraph (two when the first is very short)."""
    text = next((p.strip() for p in text.split("\n") if p.strip()), "")
    if not text:
        return ""
    sentences = _SENTENCE_END.split(text)
    out = sentences[0]
    if len(out) < enough and len(sentences) > 1:
        out = f"{out} {sentences[1]}"
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def _doc(raw: object, limit: int = _DESCRIPTION_CHARS) -> str:
    if not isinstance(raw, str) or not raw.strip():
        return ""
    return _doc_cached(raw, limit)


@functools.lru_cache(maxsize=8192)
def _doc_cached(raw: str, limit: int) -> str:
    return _first_sentences(_html_to_text(raw), limit=limit)


# ------------------------------------------------------------------------- lexing


_OPERATOR_RE = re.compile(r"\d*(?:&>>|>>|>&|&>|<<-|<<<|<<|<&|<>|>\||>|<)|&&|\|\||\|&|;;|[;&|()]")
_REDIRECT_RE = re.compile(r"^\d*(?:&>>|>>|>&|&>|<<-|<<<|<<|<&|<>|>\||>|<)$")
_SEPARATORS = frozenset({";", "&", "&&", "||", "|", "|&", "\n", ";;", "(", ")"})
_WHITESPACE = " \t\r\f\v"
_OP_CHARS = ";&|<>()"
_VAR_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9?$!#@*-]")
_ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_BRACE_EXPANSION_RE = re.compile(r"\{[^{}]*,[^{}]*\}")


@dataclass
class _Word:
    """One shell word (or operator) with its exact place in the input."""

    raw: str
    value: str
    start: int
    end: int
    op: bool = False
    comment: bool = False
    quoted: bool = False
    substitution: bool = False
    variable: bool = False
    glob: bool = False
    brace_expansion: bool = False
    embedded: bool = False  # the value part of --option=value (no token of its own)


@dataclass
class _LexProblem:
    kind: str  # "unclosed" | "trailing-backslash"
    position: int
    text: str


def _match_paren(text: str, open_index: int) -> int:
    """Index of the ``)`` closing the ``(`` at ``open_index``; -1 when never closed."""
    depth = 0
    i = open_index
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "'":
            j = text.find("'", i + 1)
            if j < 0:
                return -1
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= n:
                return -1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _find_backtick(text: str, start: int) -> int:
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "`":
            return i
        i += 1
    return -1


def _lex(text: str) -> tuple[list[_Word], list[_LexProblem]]:
    """Split like a POSIX shell (quotes, escapes, operators), without running anything."""
    words: list[_Word] = []
    problems: list[_LexProblem] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _WHITESPACE:
            i += 1
            continue
        if c == "\\" and text.startswith("\n", i + 1):
            i += 2
            continue
        if c == "\\" and text.startswith("\r\n", i + 1):
            i += 3
            continue
        if c == "\n":
            words.append(_Word("\n", "\n", i, i + 1, op=True))
            i += 1
            continue
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            words.append(_Word(text[i:j], text[i:j], i, j, comment=True))
            i = j
            continue
        m = _OPERATOR_RE.match(text, i)
        if m:
            words.append(_Word(m.group(), m.group(), i, m.end(), op=True))
            i = m.end()
            continue
        word, i = _lex_word(text, i, problems)
        words.append(word)
    return words, problems


def _lex_word(text: str, i: int, problems: list[_LexProblem]) -> tuple[_Word, int]:
    n = len(text)
    start = i
    buf: list[str] = []
    unquoted: list[str] = []
    word = _Word("", "", start, start)
    while i < n:
        c = text[i]
        if c in _WHITESPACE or c == "\n" or c in _OP_CHARS:
            break
        if c == "\\":
            if i + 1 >= n:
                problems.append(_LexProblem("trailing-backslash", i, "\\"))
                i += 1
                break
            nxt = text[i + 1]
            if nxt == "\n":
                i += 2
                continue
            if nxt == "\r" and text.startswith("\n", i + 2):
                i += 3
                continue
            buf.append(nxt)
            word.quoted = True
            i += 2
            continue
        if c == "'":
            j = text.find("'", i + 1)
            word.quoted = True
            if j < 0:
                problems.append(_LexProblem("unclosed", i, "'"))
                buf.append(text[i + 1 :])
                i = n
                break
            buf.append(text[i + 1 : j])
            i = j + 1
            continue
        if c == '"':
            i = _lex_double_quoted(text, i, buf, word, problems)
            continue
        if c == "$" and i + 1 < n:
            nxt = text[i + 1]
            if nxt == "(":
                j = _match_paren(text, i + 1)
                word.substitution = True
                if j < 0:
                    problems.append(_LexProblem("unclosed", i, "$("))
                    buf.append(text[i:])
                    i = n
                    break
                buf.append(text[i : j + 1])
                i = j + 1
                continue
            if nxt == "{":
                j = text.find("}", i + 2)
                word.variable = True
                if j < 0:
                    problems.append(_LexProblem("unclosed", i, "${"))
                    buf.append(text[i:])
                    i = n
                    break
                buf.append(text[i : j + 1])
                i = j + 1
                continue
            if nxt == "'":  # $'...' (ANSI-C quoting): kept literally
                j = i + 2
                while j < n and text[j] != "'":
                    j += 2 if text[j] == "\\" else 1
                word.quoted = True
                if j >= n:
                    problems.append(_LexProblem("unclosed", i, "$'"))
                    buf.append(text[i + 2 :])
                    i = n
                    break
                buf.append(text[i + 2 : j])
                i = j + 1
                continue
            vm = _VAR_RE.match(text, i + 1)
            if vm:
                word.variable = True
                buf.append(text[i : vm.end()])
                i = vm.end()
                continue
        if c == "`":
            j = _find_backtick(text, i + 1)
            word.substitution = True
            if j < 0:
                problems.append(_LexProblem("unclosed", i, "`"))
                buf.append(text[i:])
                i = n
                break
            buf.append(text[i : j + 1])
            i = j + 1
            continue
        if c in "*?[":
            word.glob = True
        buf.append(c)
        unquoted.append(c)
        i += 1
    word.raw = text[start:i]
    word.value = "".join(buf)
    word.end = i
    word.brace_expansion = bool(_BRACE_EXPANSION_RE.search("".join(unquoted)))
    return word, i


def _lex_double_quoted(
    text: str, i: int, buf: list[str], word: _Word, problems: list[_LexProblem]
) -> int:
    n = len(text)
    word.quoted = True
    k = i + 1
    while k < n and text[k] != '"':
        ch = text[k]
        if ch == "\\" and k + 1 < n:
            nxt = text[k + 1]
            if nxt == "\n":
                k += 2
                continue
            if nxt in '$`"\\':
                buf.append(nxt)
                k += 2
                continue
            buf.append(ch)
            k += 1
            continue
        if ch == "$" and text.startswith("(", k + 1):
            j = _match_paren(text, k + 1)
            word.substitution = True
            if j < 0:
                break
            buf.append(text[k : j + 1])
            k = j + 1
            continue
        if ch == "$" and k + 1 < n and (text[k + 1] == "{" or _VAR_RE.match(text, k + 1)):
            word.variable = True
        if ch == "`":
            j = _find_backtick(text, k + 1)
            word.substitution = True
            if j < 0:
                break
            buf.append(text[k : j + 1])
            k = j + 1
            continue
        buf.append(ch)
        k += 1
    if k >= n or text[k] != '"':
        problems.append(_LexProblem("unclosed", i, '"'))
        if k < n:
            buf.append(text[k:])
        return n
    return k + 1


# ----------------------------------------------------------- the CLI's knowledge


@dataclass(frozen=True)
class _Opt:
    """One option (or positional argument) of a command, as the CLI's parser sees it."""

    name: str  # "--bucket", or the dest name ("paths") for a positional
    key: str  # the argument-table key ("bucket")
    type: str  # the CLI type name: string, integer, boolean, list, structure, map, blob ...
    description: str
    required: bool
    nargs: Any  # argparse nargs: None, "?", "*", "+", an int, argparse.REMAINDER
    flag: bool  # takes no value (store_true / store_false / version ...)
    repeatable: bool  # an "append"-style action: may be given several times
    choices: tuple[str, ...]  # argparse choices: the CLI's parser rejects anything else
    enum: tuple[str, ...]  # the service model's allowed values
    group: str | None  # --foo / --no-foo pairs share a group
    positional: bool
    documented: bool
    model: Any  # botocore Shape, or None
    paramfile: bool  # whether file:// (and http(s)://) prefixes are honoured
    streaming: bool  # a streaming blob: the value is a local file path
    overrides_required: bool  # --cli-input-json, --generate-cli-skeleton
    member_type: str | None
    member_enum: tuple[str, ...]


@dataclass(frozen=True)
class _Node:
    """A command in the tree: the top level, a service, an operation, a subcommand."""

    path: tuple[str, ...]
    children: tuple[str, ...]  # subcommand names (empty for a leaf)
    needs_subcommand: bool
    summary: str
    custom: bool  # written for the CLI (BasicCommand) rather than generated from a model
    api_operation: str | None
    http: dict[str, str] | None
    service_id: str | None  # the botocore service name (s3 for s3api)
    service_name: str | None  # the model's full name
    deprecated: bool
    options: Mapping[str, _Opt]
    positionals: tuple[_Opt, ...]
    s3_paths: str | None  # USAGE of a high-level s3 command whose paths the CLI type-checks


@dataclass(frozen=True)
class _Cli:
    driver: Any
    top: Mapping[str, Any]
    globals: Mapping[str, _Opt]
    description: str
    regions: frozenset[str]
    env_vars: Mapping[str, str]  # AWS_PROFILE -> "profile"
    local_prefixes: tuple[str, ...]
    remote_prefixes: tuple[str, ...]
    paramfile_disabled: frozenset[str]
    source: str
    basic_command: type
    service_command: type
    from_file: type
    override_required: type


@functools.cache
def _cli() -> _Cli:
    """Build the CLI driver and its top-level tables once per process."""
    with _LOCK:
        # awscli.clidriver first: importing awscli.paramfile on its own is circular.
        import awscli
        import awscli.clidriver as clidriver
        import botocore.session
        from awscli.customizations.arguments import OverrideRequiredArgsArgument
        from awscli.customizations.commands import BasicCommand
        from awscli.paramfile import LOCAL_PREFIX_MAP, PARAMFILE_DISABLED, REMOTE_PREFIX_MAP
        from awscli.plugin import load_plugins
        from botocore.configprovider import BOTOCORE_DEFAUT_SESSION_VARIABLES

        session = botocore.session.Session(clidriver.EnvironmentVariables)
        # The server's own ~/.aws/config is not consulted: no user plugins, no profile.
        session.set_config_variable("config_file", os.devnull)
        session.set_config_variable("credentials_file", os.devnull)
        session.set_config_variable("profile", "default")
        load_plugins({}, event_hooks=session.get_component("event_emitter"))
        driver = clidriver.CLIDriver(session=session)
        top = dict(driver._get_command_table())
        arg_table = driver._get_argument_table()
        cli_data = driver._get_cli_data()
        main_parser = clidriver.MainArgParser({}, "aws-cli", "", arg_table, prog="aws")
        options: dict[str, _Opt] = {}
        for action in main_parser._actions:
            for option_string in action.option_strings:
                key = option_string[2:]
                arg = arg_table.get(key)
                options[option_string] = _opt_from_action(
                    option_string, key, action, arg, documented=True
                )
        regions: set[str] = set()
        for partition in session.get_available_partitions():
            regions.update(session.get_available_regions("ec2", partition))
        env_vars = {}
        session_variables = {**BOTOCORE_DEFAUT_SESSION_VARIABLES, **awscli.EnvironmentVariables}
        for config_name, spec in session_variables.items():
            env_names = spec[1] if isinstance(spec[1], list | tuple) else [spec[1]]
            for env_name in env_names:
                if env_name:
                    env_vars[env_name] = config_name
        import botocore

        return _Cli(
            source=f"awscli {awscli.__version__}, botocore {botocore.__version__}",
            driver=driver,
            top=top,
            globals=options,
            description=_doc(cli_data.get("description", "")),
            regions=frozenset(regions),
            env_vars=env_vars,
            local_prefixes=tuple(LOCAL_PREFIX_MAP),
            remote_prefixes=tuple(REMOTE_PREFIX_MAP),
            paramfile_disabled=frozenset(PARAMFILE_DISABLED),
            basic_command=BasicCommand,
            service_command=clidriver.ServiceCommand,
            from_file=BasicCommand.FROM_FILE,
            override_required=OverrideRequiredArgsArgument,
        )


def _opt_from_action(
    name: str, key: str, action: argparse.Action, arg: Any, *, documented: bool
) -> _Opt:
    model = getattr(arg, "argument_model", None) if arg is not None else None
    type_name = ""
    if arg is not None:
        try:
            type_name = arg.cli_type_name or ""
        except Exception:
            type_name = ""
    if not type_name and model is not None:
        type_name = model.type_name
    if action.nargs == 0:
        type_name = "boolean"
    type_name = {"int": "integer", "": "string"}.get(type_name, type_name)
    raw_doc = ""
    if arg is not None:
        try:
            raw_doc = arg.documentation
        except Exception:
            raw_doc = ""
    if not raw_doc:
        raw_doc = action.help or ""
    enum: tuple[str, ...] = ()
    member_type = None
    member_enum: tuple[str, ...] = ()
    streaming = False
    if model is not None:
        enum = tuple(getattr(model, "enum", None) or ())
        streaming = bool(model.type_name == "blob" and model.serialization.get("streaming"))
        member = getattr(model, "member", None) if model.type_name == "list" else None
        if member is not None:
            member_type = member.type_name
            member_enum = tuple(getattr(member, "enum", None) or ())
    positional = not action.option_strings
    required = bool(getattr(arg, "required", False)) if arg is not None else False
    if positional:
        required = action.nargs not in ("?", "*")
    action_name = type(action).__name__
    repeatable = isinstance(action, argparse._AppendAction | argparse._AppendConstAction) or (
        "Append" in action_name or isinstance(action, argparse._CountAction)
    )
    group = getattr(arg, "group_name", None) if arg is not None and action.nargs == 0 else None
    return _Opt(
        name=name,
        key=key,
        type=type_name,
        description=_doc(raw_doc),
        required=required,
        nargs=action.nargs,
        flag=action.nargs == 0,
        repeatable=repeatable,
        choices=tuple(str(c) for c in action.choices) if action.choices else (),
        enum=enum,
        group=group,
        positional=positional,
        documented=documented,
        model=model,
        paramfile=not getattr(arg, "no_paramfile", False),
        streaming=streaming,
        overrides_required=False,
        member_type=member_type,
        member_enum=member_enum,
    )


def _command_object(path: tuple[str, ...]) -> Any:
    """Walk the command tables; ``path`` is known to be valid."""
    obj: Any = None
    table: Mapping[str, Any] = _cli().top
    for name in path:
        obj = table[name]
        table = _subcommand_table(obj)
    return obj


def _subcommand_table(obj: Any) -> Mapping[str, Any]:
    cli = _cli()
    if isinstance(obj, cli.basic_command):
        return obj.subcommand_table or {}
    if isinstance(obj, cli.service_command):
        return obj._get_command_table()
    return {}


def _description_of(obj: Any) -> str:
    """First sentences of a command's description (RST, possibly in a package file)."""
    cli = _cli()
    op_model = getattr(obj, "_operation_model", None)
    desc = getattr(obj, "DESCRIPTION", None)
    if isinstance(desc, cli.from_file):
        filename = desc.filename or os.path.join(obj.name, "_description.rst")
        root = os.path.abspath(os.path.dirname(desc.root_module.__file__))
        try:
            with open(os.path.join(root, "examples", filename), encoding="utf-8") as fh:
                desc = fh.read()
        except OSError:
            desc = ""
    if isinstance(desc, str) and desc.strip():  # custom commands and waiters: RST
        return _first_sentences(_rst_to_text(desc))
    if op_model is not None:
        return _doc(op_model.documentation, limit=_SUMMARY_CHARS)
    return ""


@functools.cache
def _node(path: tuple[str, ...]) -> _Node:
    """Everything known about one command (cached; ``path`` must be valid)."""
    with _LOCK:
        cli = _cli()
        obj = _command_object(path)
        children = tuple(name for name in _subcommand_table(obj) if name != "help")
        is_basic = isinstance(obj, cli.basic_command)
        needs_subcommand = False
        if children:
            needs_subcommand = True
            if is_basic:
                run_main = type(obj)._run_main
                if run_main is not cli.basic_command._run_main:
                    consts = " ".join(
                        str(c) for c in run_main.__code__.co_consts if isinstance(c, str)
                    )
                    needs_subcommand = "too few arguments" in consts
        op_model = getattr(obj, "_operation_model", None)
        service_id, service_name = _service_of(path)
        http = None
        api_operation = None
        deprecated = False
        if op_model is not None:
            api_operation = op_model.name
            http = {
                "method": op_model.http.get("method", ""),
                "path": op_model.http.get("requestUri", ""),
            }
            host_prefix = (op_model.endpoint or {}).get("hostPrefix")
            if host_prefix:
                http["host_prefix"] = host_prefix
            deprecated = bool(op_model.deprecated)
        options: dict[str, _Opt] = {}
        positionals: list[_Opt] = []
        arg_table = getattr(obj, "arg_table", None) if hasattr(obj, "arg_table") else None
        if arg_table:
            for key, arg in arg_table.items():
                for opt in _opts_from_arg(key, arg, path, op_model, cli):
                    if opt.positional:
                        positionals.append(opt)
                    else:
                        options[opt.name] = opt
        summary = _description_of(obj) if len(path) > 1 or is_basic else ""
        if len(path) == 1 and not is_basic:
            model = obj.service_model
            summary = _first_sentences(
                _html_to_text(model.documentation or ""), limit=_SUMMARY_CHARS
            )
        s3_paths = None
        if path[:1] == ("s3",) and len(path) == 2:
            from awscli.customizations.s3.subcommands import (
                MbCommand,
                RbCommand,
                S3TransferCommand,
            )

            if isinstance(obj, S3TransferCommand | MbCommand | RbCommand):
                s3_paths = getattr(obj, "USAGE", "") or ""
        return _Node(
            path=path,
            children=children,
            needs_subcommand=needs_subcommand,
            summary=summary,
            custom=op_model is None and not isinstance(obj, cli.service_command),
            api_operation=api_operation,
            http=http,
            service_id=service_id,
            service_name=service_name,
            deprecated=deprecated,
            options=options,
            positionals=tuple(positionals),
            s3_paths=s3_paths,
        )


def _service_of(path: tuple[str, ...]) -> tuple[str | None, str | None]:
    top = _cli().top[path[0]]
    model = None
    try:
        if hasattr(top, "service_model"):
            model = top.service_model
        elif path[0] in _available_services():
            model = _cli().driver.session.get_service_model(path[0])
    except Exception:
        model = None
    if model is None:
        return None, None
    return model.service_name, model.metadata.get("serviceFullName")


@functools.cache
def _available_services() -> frozenset[str]:
    with _LOCK:
        return frozenset(_cli().driver.session.get_available_services())


def _opts_from_arg(
    key: str, arg: Any, path: tuple[str, ...], op_model: Any, cli: _Cli
) -> list[_Opt]:
    parser = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")
    try:
        arg.add_to_parser(parser)
    except Exception:
        return []
    documented = not getattr(arg, "_UNDOCUMENTED", False)
    paramfile_off = False
    if op_model is not None:
        service = op_model.service_model.endpoint_prefix
        paramfile_off = f"{service}.{path[-1]}.{key}" in cli.paramfile_disabled
    elif f"custom.{path[-1]}.{key}" in cli.paramfile_disabled:
        paramfile_off = True
    out = []
    for action in parser._actions:
        name = action.option_strings[0] if action.option_strings else action.dest
        opt = _opt_from_action(name, key, action, arg, documented=documented)
        changes: dict[str, Any] = {}
        if paramfile_off:
            changes["paramfile"] = False
        if isinstance(arg, cli.override_required):
            changes["overrides_required"] = True
        out.append(replace(opt, **changes) if changes else opt)
    return out


# ----------------------------------------------------------- the explanation


_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def _looks_like_option(value: str) -> bool:
    """argparse's rule: a word starting with '-' is an option, unless it's a number."""
    if not value.startswith("-") or value == "-":
        return False
    if _NEGATIVE_NUMBER.match(value):
        return False
    return " " not in value


def _kebab(name: str) -> str:
    from botocore import xform_name

    return xform_name(name.replace("_", "-").lstrip("-"), "-").replace("--", "-")


def _closest(word: str, candidates: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str | None:
    if not word or not candidates:
        return None
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


@dataclass
class _Problem:
    message: str
    token: str | None = None
    suggestion: str | None = None
    span: tuple[int, int] | None = None

    def to_dict(self, command: str) -> dict[str, Any]:
        corrected = None
        if self.suggestion is not None and self.span is not None:
            start, end = self.span
            corrected = command[:start] + self.suggestion + command[end:]
        return {
            "message": self.message,
            "token": self.token,
            "suggestion": self.suggestion,
            "corrected_command": corrected,
        }


@dataclass
class _Given:
    """One option or positional as written, with its values."""

    opt: _Opt | None
    word: _Word
    written: str
    values: list[_Word]
    scope: str  # "global" | "command"
    explicit: bool = False  # --opt=value


@dataclass
class _State:
    command: str
    words: list[_Word]
    meanings: dict[int, tuple[str, str]] = field(default_factory=dict)  # word index -> kind, text
    owner: dict[int, str] = field(default_factory=dict)
    errors: list[_Problem] = field(default_factory=list)
    warnings: list[_Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    given: list[_Given] = field(default_factory=list)
    positionals: list[int] = field(default_factory=list)
    help_requested: bool = False
    version_requested: bool = False
    parameters: list[dict[str, Any]] = field(default_factory=list)
    global_options: list[dict[str, Any]] = field(default_factory=list)
    positional_out: list[dict[str, Any]] = field(default_factory=list)
    required_missing: list[str] = field(default_factory=list)
    index_by_start: dict[int, int] = field(default_factory=dict)
    after_flag: dict[int, str] = field(default_factory=dict)  # word index -> the flag before it
    suppressed: int = 0

    def __post_init__(self) -> None:
        self.index_by_start = {w.start: i for i, w in enumerate(self.words) if not w.op}

    @property
    def busy(self) -> bool:
        """Enough problems found: stop looking for suggestions (keeps huge inputs fast)."""
        return len(self.errors) + len(self.warnings) >= _MAX_PROBLEMS

    def mark(self, index: int, kind: str, meaning: str) -> None:
        self.meanings[index] = (kind, meaning)

    def error(self, message: str, word: _Word | None = None, suggestion: str | None = None) -> None:
        if len(self.errors) >= _MAX_PROBLEMS:
            self.suppressed += 1
            return
        self.errors.append(_problem(message, word, suggestion))

    def warn(self, message: str, word: _Word | None = None, suggestion: str | None = None) -> None:
        if len(self.warnings) >= _MAX_PROBLEMS:
            return
        self.warnings.append(_problem(message, word, suggestion))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _problem(message: str, word: _Word | None, suggestion: str | None) -> _Problem:
    if word is None:
        return _Problem(message, None, suggestion)
    return _Problem(message, word.raw, suggestion, (word.start, word.end))


def explain_command(inp: CliExplainInput) -> CliExplanation:
    """Explain one AWS CLI command (never runs it); problems go into ``errors``."""
    command = inp.command
    words, lex_problems = _lex(command)
    state = _State(command=command, words=words)
    for problem in lex_problems:
        _report_lex_problem(state, problem)
    segments = _segments(state)
    aws_segment = None
    for segment in segments:
        program_at = _program_index(state, segment)
        if program_at is not None:
            aws_segment = (segment, program_at)
            break
    node: _Node | None = None
    if aws_segment is None:
        _explain_not_aws(state, segments)
    else:
        segment, program_at = aws_segment
        node = _explain_aws(state, segment, program_at)
    _explain_shell(state, segments, aws_segment[0] if aws_segment else None)
    if aws_segment is not None:
        _allow_version_2_commands(state, aws_segment[0], aws_segment[1])
    return _result(state, node)


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


def _allow_version_2_commands(state: _State, segment: list[int], program_at: int) -> None:
    words = [state.words[i] for i in segment[program_at + 1 :] if not state.words[i].op]
    names = [w.value for w in words if not w.value.startswith("-")][:2]
    if len(names) < 2 or (names[0], names[1]) not in VERSION_2_ONLY:
        return
    second = next(w for w in words if w.value == names[1])
    state.errors = [e for e in state.errors if e.span is None or e.span[0] < second.start]
    index = _index_of(state, second)
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


# --- shell structure


def _report_lex_problem(state: _State, problem: _LexProblem) -> None:
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
        _Problem(
            f"Unbalanced quotes: the {what} at character {problem.position + 1} is never "
            f"closed, so a shell would wait for more input. Add the closing {closer}.",
            snippet,
            None,
        )
    )


def _segments(state: _State) -> list[list[int]]:
    """Word indexes of each simple command (split at ; | && || & and line breaks).

    A line break followed by a line starting with ``--`` is taken as a forgotten
    trailing backslash (with a warning) rather than the end of the command.
    """
    words = state.words
    segments: list[list[int]] = [[]]
    for index, word in enumerate(words):
        if word.op and word.value in _SEPARATORS:
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


def _command_words(state: _State, segment: list[int]) -> list[int]:
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
        if word.op and _REDIRECT_RE.match(word.value):
            skip_next = True
            continue
        out.append(index)
    return out


def _program_index(state: _State, segment: list[int]) -> int | None:
    for index in _command_words(state, segment):
        value = state.words[index].value
        base = value.replace("\\", "/").rsplit("/", 1)[-1].lower()
        if base in PROGRAM_NAMES:
            return index
    return None


def _explain_not_aws(state: _State, segments: list[list[int]]) -> None:
    cli = _cli()
    words = [_command_words(state, s) for s in segments]
    first = next((w for w in words if w), None)
    if first is None:
        state.error("There is no command here: an AWS CLI command starts with aws.")
        return
    # Skip leading VAR=value assignments.
    rest = [i for i in first if not _ASSIGNMENT_RE.match(state.words[i].value)] or first
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


def _explain_shell(state: _State, segments: list[list[int]], aws_segment: list[int] | None) -> None:
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
            if _REDIRECT_RE.match(word.value):
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
    if sum(1 for s in segments if _program_index(state, s) is not None) > 1:
        state.note("Only the first aws command is explained; explain the others one at a time.")


# --- the aws command itself


def _explain_aws(state: _State, segment: list[int], program_at: int) -> _Node | None:
    cli = _cli()
    words = state.words
    cmd_words = _command_words(state, segment)
    before = [i for i in cmd_words if i < program_at]
    for index in before:
        word = words[index]
        match = _ASSIGNMENT_RE.match(word.value)
        if match and all(_ASSIGNMENT_RE.match(words[i].value) for i in before if i < index):
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


def _resolve_option(
    state: _State, written: str, node: _Node | None
) -> tuple[_Opt | None, str, bool]:
    """Find an option: exact global, exact command option, then unique abbreviations."""
    cli = _cli()
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


def _option_suggestion(written: str, node: _Node | None) -> str | None:
    cli = _cli()
    candidates = list(cli.globals)
    if node is not None:
        candidates = [o for o in node.options if node.options[o].documented] + candidates
    kebab = "--" + _kebab(written) if written.strip("-") else written
    for guess in (kebab, written, written.lower()):
        if guess in candidates:
            return guess
    return _closest(kebab, candidates, cutoff=0.7) or _closest(written, candidates, cutoff=0.7)


def _parse_args(state: _State, args: list[int]) -> _Node | None:
    """Walk the words after ``aws`` the way the CLI's argparse parsers do."""
    cli = _cli()
    words = state.words
    node: _Node | None = None
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
                node = _node(tuple(state.path))
                table = node.children
                state.mark(
                    index,
                    "service" if len(state.path) == 1 else "operation",
                    _command_meaning(node),
                )
                if not node.children:
                    stage = "args"
                i += 1
                continue
            if (
                parent
                and node is not None
                and not node.needs_subcommand
                and not _closest(value, node.children, cutoff=0.75)
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
        _finish_command(state, node)
    _check_given(state, node if stage == "args" else None)
    return node


def _command_meaning(node: _Node) -> str:
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
    state: _State, word: _Word, index: int, parent: tuple[str, ...], table: tuple[str, ...]
) -> None:
    value = word.value
    state.mark(index, "service" if not parent else "operation", "Unknown command.")
    kebab = _kebab(value) if value else value
    suggestion = None
    for guess in (value.lower(), kebab):
        if guess in table:
            suggestion = guess
            break
    if suggestion is None:
        suggestion = _closest(kebab, table, cutoff=0.6 if parent else 0.5)
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
                _Problem(message, word.raw, f"{sibling} {value}", _span_of_service(state, word))
            )
            return
    if suggestion:
        message += f" Did you mean {suggestion}?"
    state.error(message, word, suggestion)


def _span_of_service(state: _State, word: _Word) -> tuple[int, int] | None:
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
    cli = _cli()
    related = [
        other
        for other in cli.top
        if other != service and (other.startswith(service) or service.startswith(other))
    ][:6]
    for other in related:
        if name in _node((other,)).children:
            return other
    return None


def _parse_option(
    state: _State, args: list[int], i: int, node: _Node | None, stage: str = "args"
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
            fix_word = _Word(written, written, word.start, word.start + len(written))
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
            _Word(written, written, word.start, word.start + len(written)),
            opt.name,
        )
    values: list[_Word] = []
    j = i + 1
    if explicit is not None:
        values.append(
            _Word(word.raw, explicit, word.start, word.end, quoted=word.quoted, embedded=True)
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
        _Given(
            opt,
            word,
            written,
            values,
            "global" if scope == "global" else "command",
            explicit is not None,
        )
    )
    return j


# --- checks once the command is known


def _finish_command(state: _State, node: _Node) -> None:
    words = state.words
    if node.deprecated:
        state.warn(f"aws {' '.join(node.path)} is deprecated in the service model.")
    positionals = list(state.positionals)
    slots = list(node.positionals)
    assigned: list[tuple[_Opt, list[int]]] = []
    remaining = list(positionals)
    is_operation = node.api_operation is not None
    # A lone trailing "help" asks for the documentation (ServiceOperation adds a final
    # optional "help" positional; a custom command accepts exactly ["help"]).
    if remaining and words[remaining[-1]].value == "help":
        needed = sum(_min_count(s) for s in slots)
        alone = len(remaining) == 1 and not any(g.scope == "command" for g in state.given)
        if alone or (is_operation and len(remaining) - 1 >= needed):
            state.help_requested = True
            state.mark(remaining[-1], "operation", "Shows the documentation for this command.")
            remaining = remaining[:-1]
    for slot_number, slot in enumerate(slots):
        later_min = sum(_min_count(s) for s in slots[slot_number + 1 :])
        available = max(0, len(remaining) - later_min)
        count = _take_count(slot.nargs, available)
        taken, remaining = remaining[:count], remaining[count:]
        assigned.append((slot, taken))
    for index in remaining:
        state.mark(index, "value", "Unexpected extra argument.")
        flag = state.after_flag.get(index)
        if flag is not None:
            state.error(
                f"{flag} is a flag: it takes no value, so {words[index].raw} is left over. "
                f"Remove it (a flag is on when present; some have a --no-... opposite).",
                words[index],
            )
            continue
        state.error(
            f"Unexpected argument {words[index].raw}: aws {' '.join(node.path)} does not take "
            "it here (the CLI would say 'Unknown options'). Did you forget an option name or "
            "quotes?",
            words[index],
        )
    overridden = any(g.opt is not None and g.opt.overrides_required for g in state.given)
    for slot, taken in assigned:
        if not taken:
            if slot.required and not state.help_requested:
                usage = node.s3_paths or ""
                missing = _min_count(slot)
                about = usage or _first_sentences(slot.description, limit=120)
                state.error(
                    f"aws {' '.join(node.path)} needs {missing} positional argument"
                    f"{'s' if missing != 1 else ''} ({slot.key})"
                    + (f": {about.rstrip('.')}." if about else "."),
                )
                state.required_missing.append(slot.key)
            continue
        if slot.required and len(taken) < _min_count(slot) and not state.help_requested:
            what = " (a source and a destination)" if slot.nargs == 2 else ""
            state.error(
                f"aws {' '.join(node.path)} needs {_min_count(slot)} values for {slot.key}"
                f"{what}: {node.s3_paths or 'see the reference'}; {len(taken)} given.",
                words[taken[0]],
            )
        _explain_positional(state, node, slot, taken)
    if node.s3_paths is not None and assigned:
        paths = [words[i].value for _slot, taken in assigned for i in taken]
        if paths and len(paths) == sum(_min_count(s) for s in slots):
            _check_s3_paths(state, node, paths)
    if not state.help_requested and not overridden:
        given_names = {g.opt.name for g in state.given if g.opt is not None}
        suggested = {p.suggestion for p in state.errors if p.suggestion}
        given_groups = {g.opt.group for g in state.given if g.opt is not None and g.opt.group}
        for opt in node.options.values():
            if opt.required and opt.name not in given_names and opt.group not in given_groups:
                if opt.name.startswith("--no-"):
                    continue
                state.required_missing.append(opt.name)
                if opt.name in suggested:
                    continue  # already pointed at by a "did you mean" for a misspelling
                about = _first_sentences(opt.description, limit=120) if opt.description else ""
                state.error(
                    f"{opt.name} is required for aws {' '.join(node.path)}"
                    + (f" ({about})" if about else "."),
                    None,
                    opt.name,
                )


def _min_count(slot: _Opt) -> int:
    if slot.nargs is None:
        return 1
    if isinstance(slot.nargs, int):
        return slot.nargs
    return 1 if slot.nargs == "+" else 0


def _take_count(nargs: Any, available: int) -> int:
    if nargs is None:
        return min(1, available)
    if isinstance(nargs, int):
        return min(nargs, available)
    if nargs == "?":
        return min(1, available)
    return available


def _explain_positional(state: _State, node: _Node, slot: _Opt, taken: list[int]) -> None:
    words = state.words
    roles = ["source", "destination"] if slot.nargs == 2 else []
    for n, index in enumerate(taken):
        value = words[index].value
        role = roles[n] if roles else slot.key
        meaning = _path_meaning(value) if node.path[:1] == ("s3",) else ""
        text = (
            f"{role.capitalize()}: {meaning}"
            if meaning
            else (f"{role.capitalize()}" + (f" – {slot.description}" if slot.description else "."))
        )
        state.mark(index, "value", text)
        _shell_value_checks(state, words[index])
        state.positional_out.append(
            {
                "name": slot.key,
                "role": role,
                "value": value,
                "description": meaning or slot.description,
            }
        )


def _path_meaning(value: str) -> str:
    if value == "-":
        return "- means standard input (as source) or standard output (as destination)."
    if value.startswith("s3://"):
        from awscli.customizations.s3.utils import split_s3_bucket_key

        rest = value[5:]
        if not rest:
            return "s3:// alone: all your buckets."
        try:
            bucket, key = split_s3_bucket_key(value)
        except Exception:
            return f"S3 URI {value}."
        if not key:
            return f"S3 URI: the whole bucket {bucket!r}."
        if key.endswith("/"):
            return f"S3 URI: bucket {bucket!r}, prefix (folder) {key!r}."
        return f"S3 URI: bucket {bucket!r}, object key (or prefix) {key!r}."
    if value in (".", "./"):
        return "A local path: the current directory."
    return f"A local file or directory path ({value}); the CLI reads or writes it when it runs."


def _check_s3_paths(state: _State, node: _Node, paths: list[str]) -> None:
    from awscli.customizations.s3.subcommands import CommandParameters

    usage = node.s3_paths or ""
    try:
        CommandParameters(node.path[-1], {}, usage).check_path_type(paths)
    except TypeError:
        kinds = ["an S3 URI" if p.startswith("s3://") else "a local path" for p in paths]
        state.error(
            f"aws s3 {node.path[-1]} cannot take {' and '.join(kinds)}: it takes {usage}. "
            "S3 locations are written s3://bucket/key.",
        )
    except Exception:
        return


def _check_given(state: _State, node: _Node | None) -> None:
    """Duplicates, contradictions and values, then the parameter lists."""
    seen: dict[str, _Given] = {}
    groups: dict[str, _Given] = {}
    for given in state.given:
        opt = given.opt
        if opt is None:
            continue
        if opt.name in seen and not opt.repeatable:
            first = seen[opt.name]
            shown = [w.value for w in given.values]
            state.error(
                f"{opt.name} is given twice; the CLI silently keeps only the last one"
                + (f" ({' '.join(shown)})." if shown else "."),
                given.word,
            )
            del first
        seen.setdefault(opt.name, given)
        if opt.group and opt.flag:
            other = groups.get(opt.group)
            if other is not None and other.opt is not None and other.opt.name != opt.name:
                state.error(
                    f"{other.opt.name} and {opt.name} contradict each other; give only one.",
                    given.word,
                )
            groups.setdefault(opt.group, given)
        _check_values(state, given, node)
        entry = {
            "option": given.written,
            "name": opt.name,
            "value": " ".join(w.value for w in given.values) if given.values else None,
            "values": [w.value for w in given.values],
            "description": opt.description,
            "required": opt.required,
            "type": opt.type,
        }
        if opt.choices or opt.enum:
            entry["allowed_values"] = list(opt.choices or opt.enum)
        extra = getattr(given, "extra", None)
        if extra:
            entry.update(extra)
        if given.scope == "global":
            state.global_options.append(entry)
        else:
            state.parameters.append(entry)


def _check_values(state: _State, given: _Given, node: _Node | None) -> None:
    opt = given.opt
    assert opt is not None  # noqa: S101 - checked by the caller
    extra: dict[str, Any] = {}
    given.extra = extra  # type: ignore[attr-defined]
    values = given.values
    for w in values:
        _shell_value_checks(state, w)
    if not values:
        return
    if any(w.substitution or w.variable for w in values):
        for w in values:
            idx = _index_of(state, w)
            if idx is not None:
                state.mark(
                    idx,
                    "value",
                    f"Value for {opt.name}, produced by the shell when the "
                    "command runs (a variable or command substitution): not checked here.",
                )
        state.note(
            "$(...), backticks and $VARIABLES are expanded by the shell before the AWS CLI "
            "sees them; their values are not known here, so they are not checked."
        )
        return
    text = values[0].value
    cli = _cli()
    # file:// and friends: explained, never opened.
    if opt.paramfile and len(values) == 1:
        prefix = next((p for p in cli.local_prefixes if text.startswith(p)), None)
        if prefix is not None:
            path = text[len(prefix) :]
            binary = prefix == "fileb://"
            meaning = (
                f"The CLI reads the value of {opt.name} from the local file {path!r}"
                + (" as raw bytes" if binary else " as text")
                + " (not opened here)."
            )
            extra["file_reference"] = {"prefix": prefix, "path": path, "binary": binary}
            _mark_values(state, values, meaning)
            if opt.type == "blob" and not binary and not opt.streaming:
                state.warn(
                    f"{opt.name} is binary (blob): use fileb:// so the file is sent as bytes.",
                    values[0],
                    "fileb://" + path,
                )
            return
        remote = next((p for p in cli.remote_prefixes if text.startswith(p)), None)
        if remote is not None and opt.type not in ("structure", "map", "list"):
            state.warn(
                f"AWS CLI v1 replaces a value starting with {remote} by the content it downloads "
                f"from that URL (unless cli_follow_urlparam is false); v2 does not.",
                values[0],
            )
    if opt.name == "--query":
        _check_query(state, values[0])
        return
    if opt.name == "--region":
        _check_region(state, values[0])
    if opt.name == "--endpoint-url" and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", text):
        state.error(
            "--endpoint-url needs a full URL with its scheme, such as https://example.com.",
            values[0],
            "https://" + text,
        )
        return
    if opt.streaming:
        _mark_values(
            state,
            values,
            f"{opt.name}: a path to a local file; the CLI streams its content (not opened here).",
        )
        return
    if opt.choices:
        bad = [w for w in values if w.value not in opt.choices]
        for w in bad:
            suggestion = _closest(w.value, opt.choices)
            state.error(
                f"{w.value!r} is not a valid choice for {opt.name}; valid choices: "
                + ", ".join(opt.choices)
                + "."
                + (f" Did you mean {suggestion}?" if suggestion else ""),
                w,
                suggestion,
            )
        if not bad:
            _mark_values(state, values, f"Value for {opt.name} (one of its allowed values).")
        return
    type_name = opt.type
    model = opt.model
    if (
        type_name in ("structure", "map")
        or (type_name == "list" and opt.member_type in ("structure", "list", "map"))
        or _is_document(model)
    ):
        _check_complex(state, given, extra)
        return
    if type_name == "list":
        if len(values) == 1 and values[0].value.lstrip().startswith("["):
            _check_complex(state, given, extra)
            return
        member_type = opt.member_type or "string"
        for w in values:
            _check_scalar(state, opt, w, member_type, opt.member_enum)
        return
    if len(values) == 1:
        _check_scalar(state, opt, values[0], type_name, opt.enum)


def _index_of(state: _State, word: _Word) -> int | None:
    if word.embedded:
        return None
    return state.index_by_start.get(word.start)


def _mark_values(state: _State, values: list[_Word], meaning: str) -> None:
    for w in values:
        idx = _index_of(state, w)
        if idx is not None and state.meanings.get(idx, ("value", ""))[0] == "value":
            state.mark(idx, "value", meaning)


def _shell_value_checks(state: _State, word: _Word) -> None:
    if word.glob:
        state.warn(
            f"{word.raw} contains unquoted *, ? or [ ]: the shell may expand it to matching "
            "file names first (zsh stops with 'no matches found'). Put it in quotes.",
            word,
            None if word.quoted or word.embedded else "'" + word.value + "'",
        )
    if word.brace_expansion:
        state.warn(
            f"{word.raw} contains unquoted {{...,...}}: bash expands it into several words. "
            "Put it in single quotes.",
            word,
            None if word.quoted or word.embedded else "'" + word.value + "'",
        )


def _is_document(model: Any) -> bool:
    if model is None:
        return False
    from awscli.utils import is_document_type_container
    from botocore.utils import is_json_value_header

    try:
        return bool(is_document_type_container(model) or is_json_value_header(model))
    except Exception:
        return False


_INT_TYPES = ("integer", "long")
_FLOAT_TYPES = ("float", "double")


def _check_scalar(
    state: _State, opt: _Opt, word: _Word, type_name: str, enum: tuple[str, ...]
) -> None:
    value = word.value
    meaning = f"Value for {opt.name} ({type_name})."
    if type_name in _INT_TYPES:
        try:
            int(value)
        except ValueError:
            state.error(
                f"{opt.name} takes a whole number ({type_name}); {value!r} is not one.", word
            )
            return
    elif type_name in _FLOAT_TYPES:
        try:
            float(value)
        except ValueError:
            state.error(f"{opt.name} takes a number; {value!r} is not one.", word)
            return
    elif type_name == "boolean":
        if value.lower() not in ("true", "false"):
            state.error(f"{opt.name} takes true or false; {value!r} is neither.", word)
            return
    elif type_name == "timestamp":
        from botocore.utils import parse_to_aware_datetime

        try:
            parsed = parse_to_aware_datetime(value)
        except Exception:
            state.error(
                f"{opt.name} takes a timestamp, such as 2024-12-31T23:59:59Z (ISO 8601) or "
                f"seconds since 1970; {value!r} is not one.",
                word,
            )
            return
        meaning = f"Value for {opt.name}: the timestamp {parsed.isoformat()}."
    if enum and value not in enum:
        suggestion = _closest(value, enum)
        state.error(
            f"{value!r} is not an allowed value for {opt.name}; the service model lists: "
            + ", ".join(enum[:20])
            + ("…" if len(enum) > 20 else "")
            + "."
            + (f" Did you mean {suggestion}?" if suggestion else ""),
            word,
            suggestion,
        )
        return
    idx = _index_of(state, word)
    if idx is not None:
        state.mark(idx, "value", meaning)


def _check_query(state: _State, word: _Word) -> None:
    import jmespath

    try:
        jmespath.compile(word.value)
    except Exception as exc:
        detail = " ".join(str(exc).split())
        state.error(f"--query is not a valid JMESPath expression: {detail}", word)
        return
    idx = _index_of(state, word)
    if idx is not None:
        state.mark(
            idx,
            "value",
            "A JMESPath expression the CLI applies to the response "
            "(client-side filtering and shaping of the output).",
        )


def _check_region(state: _State, word: _Word) -> None:
    from botocore.utils import validate_region_name

    try:
        validate_region_name(word.value)
    except Exception:
        state.error(f"{word.value!r} is not a Region code; Regions look like us-east-1.", word)
        return
    regions = _cli().regions
    if word.value not in regions:
        suggestion = _closest(word.value, sorted(regions), cutoff=0.75)
        state.warn(
            f"{word.value!r} is not a Region this version of botocore knows."
            + (f" Did you mean {suggestion}?" if suggestion else ""),
            word,
            suggestion,
        )


@functools.cache
def _shorthand_parser_class() -> type:
    with _LOCK:
        _cli()
        from awscli.shorthand import ShorthandParser

        class _NoFileShorthandParser(ShorthandParser):
            """awscli's shorthand parser with its ``@=`` file loading switched off."""

            def __init__(self) -> None:
                super().__init__()
                self.file_references: list[str] = []

            def _resolve_paramfiles(self, val: str) -> str:
                self.file_references.append(val)
                return val

        return _NoFileShorthandParser


def _check_complex(state: _State, given: _Given, extra: dict[str, Any]) -> None:
    """JSON or shorthand: parse with json / awscli's parser, validate with botocore."""
    opt = given.opt
    assert opt is not None  # noqa: S101 - checked by the caller
    values = given.values
    model = opt.model
    is_list = opt.type == "list"
    first = values[0].value
    looks_json = first.lstrip().startswith(("{", "["))
    json_only = _is_document(model)
    parsed: Any
    syntax = "JSON"
    if looks_json or json_only:
        docs = []
        for w in values if not (is_list and first.lstrip().startswith("[")) else values[:1]:
            try:
                docs.append(json.loads(w.value))
            except RecursionError:
                state.error(f"The JSON for {opt.name} is nested too deeply to read.", w)
                return
            except ValueError as exc:
                hint = ""
                if not w.raw.startswith(("'", '"')) and not w.embedded:
                    hint = (
                        " Put JSON in single quotes ('...') so the shell keeps its double "
                        "quotes and spaces."
                    )
                state.error(f"{opt.name} holds invalid JSON: {exc}.{hint}", w)
                return
        if is_list and not first.lstrip().startswith("["):
            parsed = docs
        elif is_list and len(values) > 1:
            state.error(
                f"{opt.name}: give either one JSON list or several values, not both.", values[1]
            )
            return
        else:
            parsed = docs[0]
    else:
        syntax = "shorthand"
        parser = _shorthand_parser_class()()
        parsed_items = []
        try:
            from awscli.argprocess import ParamShorthandParser
            from awscli.shorthand import BackCompatVisitor

            handled = None
            if is_list and model is not None and model.member.type_name == "structure":
                special = ParamShorthandParser()
                node = _node_for_opt(state)
                service_id = node.service_id if node else None
                operation = node.path[-1] if node else ""
                if special._uses_old_list_case(service_id, operation, opt.key):
                    key = next(iter(model.member.members))
                    handled = [{key: w.value} for w in values]
            if handled is None:
                for w in values:
                    parsed_items.append(parser.parse(w.value))
                parsed = parsed_items if is_list else parsed_items[0]
                if model is not None:
                    BackCompatVisitor().visit(parsed, model)
            else:
                parsed = handled
        except RecursionError:
            state.error(f"The shorthand value for {opt.name} is nested too deeply.", values[0])
            return
        except Exception as exc:
            message = str(exc).strip()
            state.error(
                f"{opt.name}: the shorthand syntax (Key=Value,Key2=Value2) could not be read: "
                f"{message}",
                values[0],
            )
            return
        if parser.file_references:
            extra["file_references"] = list(parser.file_references)
            state.note(
                "A shorthand key written Key@=file://path makes the CLI read that file; it is "
                "not opened here."
            )
    extra["syntax"] = syntax
    extra["parsed"] = _jsonable(parsed)
    bad_enums: list[tuple[str, str, tuple[str, ...]]] = []
    extra["tree"] = _value_tree(parsed, model, opt.name, bad_enums)
    if model is not None:
        _validate_against_model(state, opt, parsed, model, values[0])
    for where, value, enum in bad_enums:
        suggestion = _closest(value, enum)
        state.error(
            f"{opt.name}{where}: {value!r} is not an allowed value; the service model lists: "
            + ", ".join(enum[:20])
            + "."
            + (f" Did you mean {suggestion}?" if suggestion else ""),
            values[0],
        )
    meaning = f"Value for {opt.name} in {syntax} syntax ({_shape_summary(model)})."
    _mark_values(state, values, meaning)


def _node_for_opt(state: _State) -> _Node | None:
    if not state.path:
        return None
    try:
        return _node(tuple(state.path))
    except Exception:
        return None


def _shape_summary(model: Any) -> str:
    if model is None:
        return "free-form"
    if model.type_name == "structure":
        names = list(model.members)
        shown = ", ".join(names[:6]) + ("…" if len(names) > 6 else "")
        return f"a structure with {shown}" if names else "a structure"
    if model.type_name == "list":
        return f"a list of {_shape_summary(model.member)}"
    if model.type_name == "map":
        return f"a map of {model.key.type_name} to {model.value.type_name}"
    return model.type_name


def _validate_against_model(state: _State, opt: _Opt, parsed: Any, model: Any, word: _Word) -> None:
    from botocore.validate import ParamValidator

    try:
        report = ParamValidator().validate(parsed, model)
    except RecursionError:
        return
    except Exception:
        return
    if not report.has_errors():
        return
    for error_type, name, details in report._errors:
        where = f"{opt.name}{name}" if name else opt.name
        if error_type == "unknown field":
            unknown = details.get("unknown_param", "")
            valid = details.get("valid_names", [])
            suggestion = _closest(unknown, valid)
            state.error(
                f"{where}: unknown key {unknown!r}; valid keys: {', '.join(valid)}."
                + (f" Did you mean {suggestion}?" if suggestion else ""),
                word,
            )
        elif error_type == "missing required field":
            state.error(
                f"{where}: the required key {details.get('required_name')!r} is missing.", word
            )
        elif error_type == "invalid type":
            state.error(
                f"{where}: {details.get('param')!r} has the wrong type; expected "
                f"{', '.join(str(t) for t in details.get('valid_types', []))}.",
                word,
            )
        else:
            state.error(f"{where}: {error_type} ({_short(details)}).", word)


def _short(details: Any) -> str:
    text = (
        ", ".join(f"{k}={v!r}" for k, v in details.items())
        if isinstance(details, dict)
        else str(details)
    )
    return text[:200]


def _too_deep(value: Any, limit: int = _TREE_MAX_DEPTH * 2) -> bool:
    """Whether nested lists/dicts go deeper than ``limit`` (checked without recursion)."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return False


def _jsonable(value: Any) -> Any:
    if _too_deep(value):
        return None
    try:
        return json.loads(json.dumps(value, default=str))
    except (TypeError, ValueError, RecursionError):
        return None


def _value_tree(
    value: Any, shape: Any, name: str, bad_enums: list[tuple[str, str, tuple[str, ...]]]
) -> dict[str, Any]:
    """A tree of the parsed value, each node with its model type and documentation.

    Values outside a member's enum are collected in ``bad_enums`` as (path, value, enum):
    botocore's validator does not check enums, the service would reject them.
    """
    budget = [_TREE_MAX_NODES]

    def build(val: Any, shp: Any, label: str, depth: int, where: str = "") -> dict[str, Any]:
        budget[0] -= 1
        node: dict[str, Any] = {
            "name": label,
            "type": shp.type_name if shp is not None else _json_type(val),
            "description": _doc(getattr(shp, "documentation", ""), limit=160)
            if shp is not None
            else "",
        }
        if shp is None and depth > 0:
            node["known"] = False
        if depth >= _TREE_MAX_DEPTH or budget[0] <= 0:
            node["truncated"] = True
            return node
        if isinstance(val, dict):
            children = []
            for key, child in val.items():
                child_shape = None
                if shp is not None and shp.type_name == "structure":
                    child_shape = shp.members.get(key)
                elif shp is not None and shp.type_name == "map":
                    child_shape = shp.value
                children.append(build(child, child_shape, str(key), depth + 1, f"{where}.{key}"))
                if budget[0] <= 0:
                    node["truncated"] = True
                    break
            node["children"] = children
        elif isinstance(val, list):
            member = shp.member if shp is not None and shp.type_name == "list" else None
            children = []
            for n, child in enumerate(val):
                children.append(build(child, member, f"[{n}]", depth + 1, f"{where}[{n}]"))
                if budget[0] <= 0:
                    node["truncated"] = True
                    break
            node["children"] = children
        else:
            node["value"] = (
                val if isinstance(val, str | int | float | bool) or val is None else (str(val))
            )
            enum = tuple(getattr(shp, "enum", None) or ()) if shp is not None else ()
            if enum:
                node["allowed_values"] = list(enum)
                if isinstance(val, str) and val not in enum:
                    bad_enums.append((where, val, enum))
        return node

    return build(value, shape, name, 0)


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if value is None:
        return "null"
    return "string"


# --- assembling the result


def _result(state: _State, node: _Node | None) -> CliExplanation:
    command = state.command
    tokens = []
    for index, word in enumerate(state.words):
        kind, meaning = state.meanings.get(index, ("shell", ""))
        if word.op and word.value == "\n":
            continue
        token: dict[str, Any] = {
            "text": word.raw,
            "value": word.value,
            "kind": kind,
            "meaning": meaning,
            "start": word.start,
            "end": word.end,
        }
        if index in state.owner:
            token["option"] = state.owner[index]
        tokens.append(token)
    path = state.path
    service = path[0] if path else None
    operation = " ".join(path[1:]) if len(path) > 1 else None
    summary = ""
    if state.version_requested and not path:
        summary = "Prints the version of the AWS CLI (and of Python and botocore) and exits."
    elif state.help_requested:
        summary = (
            "Shows the documentation for "
            + ("aws " + " ".join(path) if path else "the AWS CLI")
            + " instead of running it."
        )
    elif node is not None:
        summary = node.summary
        if node.api_operation and node.summary:
            summary = node.summary
        if len(path) == 1 and node.custom and (node.needs_subcommand or not summary):
            summary = _command_meaning(node)
    reference_url = None
    if path:
        if node is not None and node.children:
            reference_url = REFERENCE_BASE + "/".join(path) + "/index.html"
        else:
            reference_url = REFERENCE_BASE + "/".join(path) + ".html"
    elif state.meanings and any(k == "program" for k, _m in state.meanings.values()):
        reference_url = REFERENCE_BASE + "index.html"
    if state.suppressed:
        state.errors.append(
            _Problem(f"… and {state.suppressed} more problems of the same kinds.", None, None)
        )
    if any(w.quoted and "\n" in w.value for w in state.words):
        state.note("A quoted value spans several lines; the line breaks are part of the value.")
    return CliExplanation(
        valid=not state.errors,
        service=service,
        operation=operation,
        api_operation=node.api_operation if node is not None and len(path) > 1 else None,
        http=dict(node.http) if node is not None and node.http and len(path) > 1 else None,
        summary=summary,
        parameters=tuple(state.parameters),
        global_options=tuple(state.global_options),
        errors=tuple(p.to_dict(command) for p in state.errors),
        warnings=tuple(p.to_dict(command) for p in state.warnings),
        notes=tuple(state.notes),
        tokens=tuple(tokens),
        positionals=tuple(state.positional_out),
        required_missing=tuple(dict.fromkeys(state.required_missing)),
        service_name=node.service_name if node is not None else None,
        service_id=node.service_id if node is not None else None,
        reference_url=reference_url,
        command=command,
        source=_cli().source,
    )


def warm_up() -> None:
    """Build the top-level tables now (for example when a worker process starts)."""
    _cli()


def clear_caches() -> None:
    """Forget every cached table (tests and cold-start measurements)."""
    with _LOCK:
        for cached in (_cli, _node, _available_services, _shorthand_parser_class, _doc_cached):
            cached.cache_clear()


# ------------------------------------------------------------------ schemas

_PROBLEM_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["message", "token", "suggestion"],
    "properties": {
        "message": {"type": "string"},
        "token": {"type": ["string", "null"], "description": "The input text concerned."},
        "suggestion": {
            "type": ["string", "null"],
            "description": "What to write instead of the token (or the missing option).",
        },
        "corrected_command": {
            "type": ["string", "null"],
            "description": "The whole command with the suggestion applied, when it applies "
            "to one place in the input.",
        },
    },
}
_OPTION_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["option", "value", "description", "required", "type"],
    "properties": {
        "option": {"type": "string", "description": "As written, e.g. --bucket."},
        "name": {"type": "string", "description": "The full option name (after abbreviation)."},
        "value": {"type": ["string", "null"], "description": "null for a flag."},
        "values": {"type": "array", "items": {"type": "string"}},
        "description": {"type": "string"},
        "required": {"type": "boolean"},
        "type": {
            "type": "string",
            "description": "CLI type: string, integer, long, double, boolean, timestamp, blob, "
            "list, structure, map ...",
        },
        "allowed_values": {"type": "array", "items": {"type": "string"}},
        "syntax": {"type": "string", "enum": ["JSON", "shorthand"]},
        "parsed": {"description": "The JSON or shorthand value as data."},
        "tree": {"type": "object", "description": "The value with each key's type and docs."},
        "file_reference": {
            "type": "object",
            "properties": {
                "prefix": {"type": "string"},
                "path": {"type": "string"},
                "binary": {"type": "boolean"},
            },
        },
    },
}
INPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": ["command"],
    "properties": {
        "command": {
            "type": "string",
            "minLength": 1,
            "maxLength": MAX_COMMAND_LENGTH,
            "description": "An AWS CLI command: one line, or several joined by trailing "
            "backslashes. It is parsed, never run.",
            "example": "aws s3api put-object --bucket amzn-s3-demo-bucket --key notes.txt "
            "--body notes.txt",
        }
    },
}
OUTPUT_SCHEMA: dict[str, object] = {
    "type": "object",
    "required": [
        "valid",
        "service",
        "operation",
        "api_operation",
        "http",
        "summary",
        "parameters",
        "global_options",
        "errors",
    ],
    "properties": {
        "valid": {"type": "boolean", "description": "True when no error was found."},
        "service": {"type": ["string", "null"], "description": "CLI command, e.g. s3api."},
        "operation": {"type": ["string", "null"], "description": "CLI subcommand, e.g. cp."},
        "api_operation": {
            "type": ["string", "null"],
            "description": "API operation, e.g. PutObject; null for custom commands.",
        },
        "http": {
            "type": ["object", "null"],
            "properties": {
                "method": {"type": "string"},
                "path": {"type": "string"},
                "host_prefix": {"type": "string"},
            },
        },
        "summary": {"type": "string"},
        "parameters": {"type": "array", "items": _OPTION_SCHEMA},
        "global_options": {"type": "array", "items": _OPTION_SCHEMA},
        "errors": {"type": "array", "items": _PROBLEM_SCHEMA},
        "warnings": {"type": "array", "items": _PROBLEM_SCHEMA},
        "notes": {"type": "array", "items": {"type": "string"}},
        "tokens": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "description": "Exactly as in the input."},
                    "value": {"type": "string", "description": "After shell quote removal."},
                    "kind": {"type": "string", "enum": list(TOKEN_KINDS)},
                    "meaning": {"type": "string"},
                    "start": {"type": "integer"},
                    "end": {"type": "integer"},
                    "option": {"type": "string"},
                },
            },
        },
        "positionals": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "role": {"type": "string"},
                    "value": {"type": "string"},
                    "description": {"type": "string"},
                },
            },
        },
        "required_missing": {"type": "array", "items": {"type": "string"}},
        "service_name": {"type": ["string", "null"]},
        "service_id": {"type": ["string", "null"], "description": "botocore service name."},
        "reference_url": {"type": ["string", "null"]},
        "command": {"type": "string"},
        "source": {
            "type": "string",
            "description": "The packages the explanation comes from, e.g. awscli 1.46.3, "
            "botocore 1.44.8.",
        },
    },
}
