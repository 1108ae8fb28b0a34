"""Shared by the CLI explainer's logic tests: explain(), the JSON contract every answer
keeps, and the override that keeps them free of Django."""

from __future__ import annotations

import json

import pytest

from studysite.widgets.logic.cli_explain import (
    TOKEN_KINDS,
    explain_command,
    parse_input,
)


@pytest.fixture(autouse=True)
def _fresh_chapters():
    """Pure logic: override the Django-backed autouse fixture of tests/conftest.py.

    This lets the file run with ``-p no:django`` as well as in the full suite.
    """
    yield


def explain(command: str) -> dict:
    return explain_command(parse_input({"command": command})).to_dict()


def messages(out: dict, key: str = "errors") -> str:
    return "\n".join(p["message"] for p in out[key])


CONTRACT_KEYS = {
    "valid",
    "service",
    "operation",
    "api_operation",
    "http",
    "summary",
    "parameters",
    "global_options",
    "errors",
}
PARAMETER_KEYS = {"option", "value", "description", "required", "type"}
PROBLEM_KEYS = {"message", "token", "suggestion"}


def assert_contract(out: dict, command: str) -> None:
    """The JSON contract every answer keeps, whatever the input."""
    assert set(out) >= CONTRACT_KEYS
    assert isinstance(out["valid"], bool)
    assert out["valid"] == (not out["errors"])
    for key in ("service", "operation", "api_operation"):
        assert out[key] is None or isinstance(out[key], str)
    assert out["http"] is None or {"method", "path"} <= set(out["http"])
    assert isinstance(out["summary"], str)
    for entry in out["parameters"] + out["global_options"]:
        assert set(entry) >= PARAMETER_KEYS
        assert entry["value"] is None or isinstance(entry["value"], str)
        assert isinstance(entry["required"], bool)
    for problem in out["errors"] + out["warnings"]:
        assert set(problem) >= PROBLEM_KEYS
        assert isinstance(problem["message"], str) and problem["message"]
    for token in out["tokens"]:
        assert token["kind"] in TOKEN_KINDS
        assert command[token["start"] : token["end"]] == token["text"]
    json.dumps(out)  # JSON-serialisable all the way down
