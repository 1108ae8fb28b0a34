"""Strings that every match of a regular expression contains, read from the expression
itself: ``needles(re.compile(r"\\!\\["))`` is ``("![",)``. The notes' inline processor
(markdown_ext.QuickInlineProcessor) skips a pattern without searching when none of its
needles is in the text, which most of the notes' text is for most patterns.

The answer only ever errs on the safe side: None (nothing known) for an expression it
cannot read, with IGNORECASE, or whose every part may match without a fixed character;
a needle is claimed only from a part every match must go through. It reads the
expression with the ``re`` module's own parser (``re._parser``); if that is not there,
every answer is None and nothing is skipped.
"""

from __future__ import annotations

import re

try:  # Python 3.11+: the parser behind re.compile
    from re import _constants as _c
    from re import _parser
except ImportError:  # pragma: no cover - another Python: nothing is skipped
    _parser = None

__all__ = ["needles"]


def needles(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which is in any text the regex finds a match in (None: unknown)."""
    if _parser is None or not isinstance(regex.pattern, str) or regex.flags & re.IGNORECASE:
        return None
    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
    except Exception:  # unreadable: nothing is claimed
        return None
    return _required(list(parsed))


def _required(items: list) -> tuple[str, ...] | None:
    """Needles of a sequence: those of its first part that every match goes through."""
    index = 0
    while index < len(items):
        op, arg = items[index]
        if op is _c.LITERAL:  # a run of literal characters: all of it is required
            run = []
            while index < len(items) and items[index][0] is _c.LITERAL:
                run.append(chr(items[index][1]))
                index += 1
            return ("".join(run),)
        found = _part(op, arg)
        if found is not None:
            return found
        index += 1
    return None


def _part(op, arg) -> tuple[str, ...] | None:
    if op is _c.IN:  # a class of plain characters, not negated: one of them
        if arg and all(kind is _c.LITERAL for kind, _ in arg):
            return tuple(chr(code) for _, code in arg)
        return None
    if op is _c.BRANCH:  # every alternative must have needles
        found: list[str] = []
        for branch in arg[1]:
            branch_needles = _required(list(branch))
            if branch_needles is None:
                return None
            found += branch_needles
        return tuple(dict.fromkeys(found))
    if op is _c.SUBPATTERN:  # (group, add flags, remove flags, pattern)
        if arg[1] & re.IGNORECASE:
            return None
        return _required(list(arg[3]))
    if op is _c.ATOMIC_GROUP:
        return _required(list(arg))
    if op is _c.ASSERT:  # a positive look-ahead or look-behind: in the text too
        return _required(list(arg[1]))
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
        low, _, item = arg
        return _required(list(item)) if low >= 1 else None
    return None  # anything else (ASSERT_NOT, ANY, AT, NOT_LITERAL, ...) requires nothing
