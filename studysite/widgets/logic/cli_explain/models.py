"""The CLI's knowledge, loaded from the installed awscli and botocore.

:func:`load_cli` builds awscli's driver (without the server's own AWS configuration)
and its global options once per process; :func:`command_node` describes one command of
the tree: its options as the CLI's argparse parser sees them, its API operation and
HTTP request, its summary. Both are cached and built under :data:`LOCK`.
"""

from __future__ import annotations

import argparse
import functools
import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .docs import SUMMARY_CHARS, doc_summary, first_sentences, html_to_text, rst_to_text

LOCK = threading.RLock()


@dataclass(frozen=True)
class Opt:
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
class Node:
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
    options: Mapping[str, Opt]
    positionals: tuple[Opt, ...]
    s3_paths: str | None  # USAGE of a high-level s3 command whose paths the CLI type-checks


@dataclass(frozen=True)
class Cli:
    driver: Any
    top: Mapping[str, Any]
    globals: Mapping[str, Opt]
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
def load_cli() -> Cli:
    """Build the CLI driver and its top-level tables once per process."""
    with LOCK:
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
        options: dict[str, Opt] = {}
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

        return Cli(
            source=f"awscli {awscli.__version__}, botocore {botocore.__version__}",
            driver=driver,
            top=top,
            globals=options,
            description=doc_summary(cli_data.get("description", "")),
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
) -> Opt:
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
    return Opt(
        name=name,
        key=key,
        type=type_name,
        description=doc_summary(raw_doc),
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
    table: Mapping[str, Any] = load_cli().top
    for name in path:
        obj = table[name]
        table = _subcommand_table(obj)
    return obj


def _subcommand_table(obj: Any) -> Mapping[str, Any]:
    cli = load_cli()
    if isinstance(obj, cli.basic_command):
        return obj.subcommand_table or {}
    if isinstance(obj, cli.service_command):
        return obj._get_command_table()
    return {}


def _description_of(obj: Any) -> str:
    """First sentences of a command's description (RST, possibly in a package file)."""
    cli = load_cli()
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
        return first_sentences(rst_to_text(desc))
    if op_model is not None:
        return doc_summary(op_model.documentation, limit=SUMMARY_CHARS)
    return ""


@functools.cache
def command_node(path: tuple[str, ...]) -> Node:
    """Everything known about one command (cached; ``path`` must be valid)."""
    with LOCK:
        cli = load_cli()
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
        options: dict[str, Opt] = {}
        positionals: list[Opt] = []
        arg_table = getattr(obj, "arg_table", None) if hasattr(obj, "arg_table") else None
        if arg_table:
            # One parser for the command's arguments (an argparse parser costs more to
            # make than the options it holds: 0.03 s for the notes' commands); each
            # argument's options are the actions it adds (the "resolve" conflict handler
            # only ever trims an earlier action, whose options are read already).
            parser = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")
            for key, arg in arg_table.items():
                for opt in _opts_from_arg(key, arg, path, op_model, cli, parser):
                    if opt.positional:
                        positionals.append(opt)
                    else:
                        options[opt.name] = opt
        summary = _description_of(obj) if len(path) > 1 or is_basic else ""
        if len(path) == 1 and not is_basic:
            model = obj.service_model
            summary = first_sentences(
                html_to_text(model.documentation or "", first_paragraph=True), limit=SUMMARY_CHARS
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
        return Node(
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
    top = load_cli().top[path[0]]
    model = None
    try:
        if hasattr(top, "service_model"):
            model = top.service_model
        elif path[0] in available_services():
            model = load_cli().driver.session.get_service_model(path[0])
    except Exception:
        model = None
    if model is None:
        return None, None
    return model.service_name, model.metadata.get("serviceFullName")


@functools.cache
def available_services() -> frozenset[str]:
    with LOCK:
        return frozenset(load_cli().driver.session.get_available_services())


def _opts_from_arg(
    key: str,
    arg: Any,
    path: tuple[str, ...],
    op_model: Any,
    cli: Cli,
    parser: argparse.ArgumentParser | None = None,
) -> list[Opt]:
    """The options one argument adds to ``parser`` (a new parser if None)."""
    if parser is None:
        parser = argparse.ArgumentParser(add_help=False, conflict_handler="resolve")
    before = {id(action) for action in parser._actions}
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
    for action in [action for action in parser._actions if id(action) not in before]:
        name = action.option_strings[0] if action.option_strings else action.dest
        opt = _opt_from_action(name, key, action, arg, documented=documented)
        changes: dict[str, Any] = {}
        if paramfile_off:
            changes["paramfile"] = False
        if isinstance(arg, cli.override_required):
            changes["overrides_required"] = True
        out.append(replace(opt, **changes) if changes else opt)
    return out
