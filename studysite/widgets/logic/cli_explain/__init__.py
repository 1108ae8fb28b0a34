"""The AWS CLI command explainer: "explainshell", but for ``aws ...`` commands.

A learner pastes a command; this package takes it apart word by word and says what
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

Modules, by responsibility, in the order a command goes through them:

- ``explain``: ``parse_input``, ``explain_command`` (the whole flow), the caches;
- ``lexer``: the command line split into words as a shell would (quotes, line
  continuations, operators);
- ``shell``: the shell's structure around the aws command;
- ``models``: the CLI's knowledge, loaded from awscli and botocore;
- ``command``: the service, subcommands, global and command options;
- ``positionals``: positional arguments (the ``aws s3`` paths) and required options;
- ``values``: each option's value against its type and allowed values;
- ``shapes``: JSON and shorthand values against the botocore shape;
- ``state``: the working state, problems and "did you mean" suggestions;
- ``docs``: documentation text reduced to first sentences;
- ``result``: the result the widget shows; ``schemas``: its JSON schemas.
"""

from __future__ import annotations

from .explain import (
    MAX_COMMAND_LENGTH,
    VERSION_2_ONLY,
    CliExplainInput,
    clear_caches,
    explain_command,
    parse_input,
    warm_up,
)
from .result import REFERENCE_BASE, CliExplanation
from .schemas import INPUT_SCHEMA, OUTPUT_SCHEMA, TOKEN_KINDS
from .shell import PROGRAM_NAMES

__all__ = [
    "INPUT_SCHEMA",
    "MAX_COMMAND_LENGTH",
    "OUTPUT_SCHEMA",
    "PROGRAM_NAMES",
    "REFERENCE_BASE",
    "TOKEN_KINDS",
    "VERSION_2_ONLY",
    "CliExplainInput",
    "CliExplanation",
    "clear_caches",
    "explain_command",
    "parse_input",
    "warm_up",
]
