"""Tokenizing: the command line split into words the way a POSIX shell would.

Quotes (single, double, ``$'...'``), backslash escapes and line continuations (a
trailing backslash joins the next line), ``$(...)``, backticks and ``${...}``,
comments, operators (``;``, ``|``, ``&&``, redirections) and unquoted globs or brace
expansions are recognised; nothing is expanded or run. Unbalanced quoting comes back
as a :class:`LexProblem` with its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPERATOR_RE = re.compile(r"\d*(?:&>>|>>|>&|&>|<<-|<<<|<<|<&|<>|>\||>|<)|&&|\|\||\|&|;;|[;&|()]")
REDIRECT_RE = re.compile(r"^\d*(?:&>>|>>|>&|&>|<<-|<<<|<<|<&|<>|>\||>|<)$")
SEPARATORS = frozenset({";", "&", "&&", "||", "|", "|&", "\n", ";;", "(", ")"})
_WHITESPACE = " \t\r\f\v"
_OP_CHARS = ";&|<>()"
_VAR_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|[0-9?$!#@*-]")
ASSIGNMENT_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_BRACE_EXPANSION_RE = re.compile(r"\{[^{}]*,[^{}]*\}")


@dataclass
class Word:
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
class LexProblem:
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


def lex(text: str) -> tuple[list[Word], list[LexProblem]]:
    """Split like a POSIX shell (quotes, escapes, operators), without running anything."""
    words: list[Word] = []
    problems: list[LexProblem] = []
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
            words.append(Word("\n", "\n", i, i + 1, op=True))
            i += 1
            continue
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            words.append(Word(text[i:j], text[i:j], i, j, comment=True))
            i = j
            continue
        m = _OPERATOR_RE.match(text, i)
        if m:
            words.append(Word(m.group(), m.group(), i, m.end(), op=True))
            i = m.end()
            continue
        word, i = _lex_word(text, i, problems)
        words.append(word)
    return words, problems


def _lex_word(text: str, i: int, problems: list[LexProblem]) -> tuple[Word, int]:
    n = len(text)
    start = i
    buf: list[str] = []
    unquoted: list[str] = []
    word = Word("", "", start, start)
    while i < n:
        c = text[i]
        if c in _WHITESPACE or c == "\n" or c in _OP_CHARS:
            break
        if c == "\\":
            if i + 1 >= n:
                problems.append(LexProblem("trailing-backslash", i, "\\"))
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
                problems.append(LexProblem("unclosed", i, "'"))
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
                    problems.append(LexProblem("unclosed", i, "$("))
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
                    problems.append(LexProblem("unclosed", i, "${"))
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
                    problems.append(LexProblem("unclosed", i, "$'"))
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
                problems.append(LexProblem("unclosed", i, "`"))
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
    text: str, i: int, buf: list[str], word: Word, problems: list[LexProblem]
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
        problems.append(LexProblem("unclosed", i, '"'))
        if k < n:
            buf.append(text[k:])
        return n
    return k + 1
