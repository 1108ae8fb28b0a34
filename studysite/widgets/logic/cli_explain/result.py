"""Assembling the result the widget and the JSON API show.

The tokens with their meanings, the summary, the reference link and the problems, as
a :class:`CliExplanation`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from .command import command_meaning
from .models import Node, load_cli
from .state import Problem, State

REFERENCE_BASE = "https://docs.aws.amazon.com/cli/latest/reference/"


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


def build_result(state: State, node: Node | None) -> CliExplanation:
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
            summary = command_meaning(node)
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
            Problem(f"… and {state.suppressed} more problems of the same kinds.", None, None)
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
        source=load_cli().source,
    )
