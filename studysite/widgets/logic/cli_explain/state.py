"""The explanation's working state, its problems and "did you mean" matching.

:class:`State` holds each word's meaning, the problems found so far (errors and
warnings, each with a suggested fix and the span of the command it replaces) and the
options given.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .lexer import Word
from .models import Opt

# Errors (and warnings) kept at most; further errors are only counted.
_MAX_PROBLEMS = 40


def kebab_case(name: str) -> str:
    from botocore import xform_name

    return xform_name(name.replace("_", "-").lstrip("-"), "-").replace("--", "-")


def closest(word: str, candidates: list[str] | tuple[str, ...], cutoff: float = 0.6) -> str | None:
    if not word or not candidates:
        return None
    lowered = {c.lower(): c for c in candidates}
    if word.lower() in lowered:
        return lowered[word.lower()]
    match = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[match[0]] if match else None


@dataclass
class Problem:
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
class Given:
    """One option or positional as written, with its values."""

    opt: Opt | None
    word: Word
    written: str
    values: list[Word]
    scope: str  # "global" | "command"
    explicit: bool = False  # --opt=value


@dataclass
class State:
    command: str
    words: list[Word]
    meanings: dict[int, tuple[str, str]] = field(default_factory=dict)  # word index -> kind, text
    owner: dict[int, str] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    given: list[Given] = field(default_factory=list)
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

    def error(self, message: str, word: Word | None = None, suggestion: str | None = None) -> None:
        if len(self.errors) >= _MAX_PROBLEMS:
            self.suppressed += 1
            return
        self.errors.append(_problem(message, word, suggestion))

    def warn(self, message: str, word: Word | None = None, suggestion: str | None = None) -> None:
        if len(self.warnings) >= _MAX_PROBLEMS:
            return
        self.warnings.append(_problem(message, word, suggestion))

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _problem(message: str, word: Word | None, suggestion: str | None) -> Problem:
    if word is None:
        return Problem(message, None, suggestion)
    return Problem(message, word.raw, suggestion, (word.start, word.end))


def index_of(state: State, word: Word) -> int | None:
    if word.embedded:
        return None
    return state.index_by_start.get(word.start)


def mark_values(state: State, values: list[Word], meaning: str) -> None:
    for w in values:
        idx = index_of(state, w)
        if idx is not None and state.meanings.get(idx, ("value", ""))[0] == "value":
            state.mark(idx, "value", meaning)
