"""Learner-readable names for characters (uppercase "M", space, control character
U+0007, "é" (latin small letter e with acute)) used in the messages of both checkers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from .constants import MAX_CHARS_LISTED


def codepoint_label(char: str) -> str:
    return f"U+{ord(char):04X}"


def describe_char(char: str) -> str:
    """A learner-readable name for one character, e.g. 'underscore "_"'."""
    code = ord(char)
    if char == " ":
        return "space"
    if char == "\t":
        return "tab"
    if char in "\r\n":
        return "line break"
    if code < 32 or code == 127 or 0x80 <= code <= 0x9F:
        return f"control character {codepoint_label(char)}"
    if "A" <= char <= "Z":
        return f'uppercase "{char}"'
    if char == "_":
        return 'underscore "_"'
    if 0xD800 <= code <= 0xDFFF:
        return f"broken character {codepoint_label(char)} (half of a surrogate pair)"
    name = unicodedata.name(char, "")
    category = unicodedata.category(char)
    if category in {"Zs", "Zl", "Zp"}:
        return f"{name.lower() or 'space'} {codepoint_label(char)}"
    if category in {"Cf", "Cn", "Co", "Cc"}:
        label = name.lower() if name else "invisible or unassigned character"
        return f"{label} {codepoint_label(char)}"
    if code < 128:
        return f'"{char}"'
    return f'"{char}" ({name.lower() if name else codepoint_label(char)})'


def list_chars(chars: list[str]) -> str:
    shown = [describe_char(c) for c in chars[:MAX_CHARS_LISTED]]
    text = ", ".join(shown)
    if len(chars) > MAX_CHARS_LISTED:
        text += f" and {len(chars) - MAX_CHARS_LISTED} more"
    return text


def distinct_chars(chars: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(chars))
