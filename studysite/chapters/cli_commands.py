"""The `aws ...` commands in a note's shell code blocks (examples for the CLI explainer)."""

from __future__ import annotations

import re

FENCE_RE = re.compile(
    r"^(?P<fence>```+|~~~+)[ \t]*\{?[ \t]*\.?(?P<lang>[\w-]*)[^\n]*\n"
    r"(?P<code>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console", "zsh", "shell-session"})


def _open_quote(text: str) -> bool:
    """Whether a shell would still be inside a quoted string at the end of ``text``."""
    quote = ""
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quote != "'":
            escaped = True
        elif quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
    return bool(quote)


def cli_commands(text: str) -> tuple[str, ...]:
    """The `aws ...` commands in a note's shell code blocks: lines continued with a
    trailing backslash or inside an open quote are joined, a leading `$ ` prompt dropped."""
    commands: list[str] = []
    for block in FENCE_RE.finditer(text):
        if block.group("lang").lower() not in SHELL_LANGUAGES:
            continue
        current = ""
        for line in block.group("code").splitlines():
            if current:
                current += "\n" + line
            else:
                current = line.strip()
                if current.startswith("$ "):
                    current = current[2:].lstrip()
            if not current.endswith("\\") and not _open_quote(current):
                commands.append(current)
                current = ""
        if current:
            commands.append(current)
    return tuple(dict.fromkeys(c for c in commands if c.startswith("aws ")))
