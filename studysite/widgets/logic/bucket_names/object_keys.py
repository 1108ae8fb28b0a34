"""The object-key checker: a key's UTF-8 length against the 1,024-byte limit, each
character in AWS's safe / special-handling / avoid groups, and the key URL-encoded.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from ..common import FieldError, InputError, get_str
from .chars import codepoint_label, describe_char
from .constants import (
    KEY_AVOID,
    KEY_SAFE_SPECIALS,
    KEY_SPECIAL_HANDLING,
    MAX_HIGHLIGHTS,
    MAX_INPUT_CHARS,
    MAX_KEY_BYTES,
    MAX_KEY_CHARACTERS,
)
from .model import Violation


@dataclass(frozen=True)
class ObjectKeyInput:
    key: str


@dataclass(frozen=True)
class KeyCharacter:
    char: str
    codepoint: str
    name: str
    category: str
    reason: str
    count: int
    first_index: int
    utf8_bytes: int
    url_encoded: str

    def to_dict(self) -> dict[str, object]:
        return {
            "char": self.char,
            "codepoint": self.codepoint,
            "name": self.name,
            "category": self.category,
            "reason": self.reason,
            "count": self.count,
            "first_index": self.first_index,
            "utf8_bytes": self.utf8_bytes,
            "url_encoded": self.url_encoded,
        }


@dataclass(frozen=True)
class KeyHighlight:
    start: int
    end: int
    category: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "category": self.category}


@dataclass(frozen=True)
class ObjectKeyResult:
    key: str
    valid: bool
    byte_length: int
    char_length: int
    problems: tuple[Violation, ...]
    characters: tuple[KeyCharacter, ...]
    characters_truncated: bool
    counts: tuple[tuple[str, int], ...]
    highlights: tuple[KeyHighlight, ...]
    is_folder_marker: bool
    prefix: str
    leaf: str
    url_encoded: str
    notes: tuple[str, ...]

    @property
    def within_limit(self) -> bool:
        return self.byte_length <= MAX_KEY_BYTES

    def to_dict(self) -> dict[str, object]:
        return {
            "key": self.key,
            "valid": self.valid,
            "byte_length": self.byte_length,
            "char_length": self.char_length,
            "max_bytes": MAX_KEY_BYTES,
            "within_limit": self.within_limit,
            "problems": [p.to_dict() for p in self.problems],
            "characters": [ch.to_dict() for ch in self.characters],
            "characters_truncated": self.characters_truncated,
            "counts": dict(self.counts),
            "highlights": [h.to_dict() for h in self.highlights],
            "is_folder_marker": self.is_folder_marker,
            "prefix": self.prefix,
            "leaf": self.leaf,
            "url_encoded": self.url_encoded,
            "notes": list(self.notes),
        }


def parse_key_input(data: Mapping[str, object]) -> ObjectKeyInput:
    """Read ``key``; an empty key is judged (invalid), not an input error."""
    errors: list[FieldError] = []
    key = get_str(data, "key", errors, max_length=MAX_INPUT_CHARS)
    if errors:
        raise InputError(errors)
    return ObjectKeyInput(key=key)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


def classify_key_char(char: str) -> tuple[str, str]:
    """Return (category, reason) for one key character per AWS's guidelines."""
    code = ord(char)
    if char.isascii() and char.isalnum():
        return "safe", "Letters and digits are safe in keys."
    if char in KEY_SAFE_SPECIALS:
        return "safe", "AWS lists this punctuation as generally safe."
    if 0xD800 <= code <= 0xDFFF:
        return "avoid", "Half of a surrogate pair: not valid Unicode, so it has no UTF-8 form."
    if code < 32 or code == 127:
        return (
            "special",
            "A non-printing control character: it must be URL-encoded, browsers may not "
            "handle it, and in XML requests it needs an entity such as &#13; or &#10;.",
        )
    if char == " ":
        return (
            "special",
            "A space must be URL-encoded (%20), and runs of spaces can be lost by some tools.",
        )
    if char in KEY_SPECIAL_HANDLING:
        return "special", "AWS says this character may need URL encoding or extra handling."
    if char in KEY_AVOID:
        return "avoid", "AWS recommends avoiding this character: tools treat it inconsistently."
    if 128 <= code <= 255:
        return (
            "avoid",
            "AWS's guidelines list code points 128-255 among the characters to avoid.",
        )
    if unicodedata.category(char) in {"Cf", "Cc", "Zl", "Zp", "Zs"}:
        return (
            "special",
            "An invisible or formatting character: allowed, but easy to miss and it must "
            "be URL-encoded.",
        )
    size = len(_utf8(char))
    return (
        "special",
        f"Any UTF-8 character is allowed, but this one takes {size} bytes and must be "
        "URL-encoded in a URL.",
    )


def check_object_key(inp: ObjectKeyInput) -> ObjectKeyResult:
    """Measure and classify an object key; never raises for any text."""
    key = inp.key
    encoded = _utf8(key)
    byte_length = len(encoded)
    problems: list[Violation] = []
    if not key:
        problems.append(Violation("empty", "An object key needs at least one character."))
    if byte_length > MAX_KEY_BYTES:
        problems.append(
            Violation(
                "length",
                f"An object key is at most {MAX_KEY_BYTES:,} bytes of UTF-8 and this one is "
                f"{byte_length:,} bytes ({len(key):,} characters); everything past byte "
                f"{MAX_KEY_BYTES:,} is over.",
            )
        )
    surrogates = [c for c in key if 0xD800 <= ord(c) <= 0xDFFF]
    if surrogates:
        problems.append(
            Violation(
                "invalid-unicode",
                "The key contains broken characters (unpaired surrogates) that have no "
                "UTF-8 form, so S3 can't store it.",
            )
        )

    first_seen: dict[str, int] = {}
    char_counts: dict[str, int] = {}
    categories: dict[str, tuple[str, str]] = {}
    counts = {"safe": 0, "special": 0, "avoid": 0}
    highlights: list[KeyHighlight] = []
    for index, char in enumerate(key):
        if char not in categories:
            categories[char] = classify_key_char(char)
            first_seen[char] = index
            char_counts[char] = 0
        category = categories[char][0]
        char_counts[char] += 1
        counts[category] += 1
        if category == "safe":
            continue
        last = highlights[-1] if highlights else None
        if last and last.end == index and last.category == category:
            highlights[-1] = KeyHighlight(last.start, index + 1, category)
        elif len(highlights) < MAX_HIGHLIGHTS:
            highlights.append(KeyHighlight(index, index + 1, category))

    characters = tuple(
        KeyCharacter(
            char=char,
            codepoint=codepoint_label(char),
            name=unicodedata.name(char, "") or describe_char(char),
            category=category,
            reason=reason,
            count=char_counts[char],
            first_index=first_seen[char],
            utf8_bytes=len(_utf8(char)),
            url_encoded=quote(_utf8(char), safe="/"),
        )
        for char, (category, reason) in list(categories.items())[:MAX_KEY_CHARACTERS]
    )

    notes: list[str] = []
    is_folder = key.endswith("/")
    if is_folder:
        notes.append(
            "The key ends with a slash: a zero-byte object with such a key is how the S3 "
            "console shows a folder. S3 itself has no folders, only keys sharing a prefix."
        )
    if "/" in key:
        notes.append(
            "Slashes only group keys into prefixes (shown as folders); the whole key, "
            "prefixes and slashes included, counts towards the 1,024-byte limit."
        )
    if byte_length > len(key):
        notes.append(
            f"The key has {len(key):,} characters but {byte_length:,} bytes: characters "
            "outside ASCII take 2 to 4 bytes in UTF-8, and the limit counts bytes."
        )
    if key.endswith("."):
        notes.append(
            'The key ends with "." – the S3 console can\'t download such an object; use '
            "the AWS CLI, an SDK or the REST API."
        )
    if key == "soap":
        notes.append(
            'The key "soap" doesn\'t work with virtual-hosted-style requests; use a '
            "path-style URL for it."
        )
    if "\r" in key or "\n" in key:
        notes.append(
            "The key contains a line break: in XML requests (such as DeleteObjects) write "
            "a carriage return as &#13; and a line feed as &#10;, or XML parsing changes it."
        )
    cut = key.rfind("/")
    return ObjectKeyResult(
        key=key,
        valid=not problems,
        byte_length=byte_length,
        char_length=len(key),
        problems=tuple(problems),
        characters=characters,
        characters_truncated=len(categories) > MAX_KEY_CHARACTERS,
        counts=tuple(counts.items()),
        highlights=tuple(highlights),
        is_folder_marker=is_folder,
        prefix=key[: cut + 1],
        leaf=key[cut + 1 :],
        url_encoded=quote(encoded, safe="/"),
        notes=tuple(notes),
    )
