"""The patterns studysite/export/rewrite.py reads a rendered page with: where the next
tag the rewriter may act on starts, what a tag is (as the standard library's
``html.parser`` reads it), and its attributes.

The export rewrites about 140,000 tags per run; most of them (code highlighting's
``<span>``s, table cells, ``<div>``s) carry nothing it changes, and ``html.parser``
spent most of the export's time reading their attributes. So the rewriter jumps from
one tag it may act on to the next (:data:`INTEREST_RE`: by name, or by an attribute it
changes; :data:`INTEREST_IN_FRAME_RE` inside an element it follows) and copies what
lies between as it came; only such tags are read whole (:data:`TOKEN_RE`) and have
their attributes parsed (:func:`parse_attrs`, with ``html.parser``'s own pattern, so
values come out the same).

Comments and the text of ``<script>`` and ``<style>`` are found too, so that a tag in
them is never taken for one. The pages are the site's own templates' output, where
``<`` in text and attributes is always escaped; nothing here replaces anything.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import attrfind_tolerant  # type: ignore[attr-defined]

# A tag, read whole: 1 start tag's name, 2 its attribute text, 3 an end tag's name; or
# a comment, declaration or processing instruction (no group).
TOKEN_RE = re.compile(
    r"<(?:"
    r"([a-zA-Z][^\t\n\r\f />\x00]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
    r"|/([a-zA-Z][^\t\n\r\f />\x00]*)[^>]*>"
    r"|!--.*?--\s*>"
    r"|[!?][^>]*>"
    r")",
    re.S,
)

# Tags studysite/export/rewrite.py acts on by name (and </head>, and the raw-text
# elements); any other tag matters only if its attribute text names one of ATTRIBUTES.
# Inside an element it is following (a widget's form or heading, a link it unwraps:
# rare and short), it also needs the end tags and the tags of FRAME_TAGS
# (INTEREST_IN_FRAME_RE); elsewhere no end tag but </head> matters (INTEREST_RE: half
# the tags it read before were end tags and buttons, read for nothing).
TAGS = "a|aside|dialog|form|main|meta|nav|script|section|style"
FRAME_TAGS = "button|h2|h3|input"
ATTRIBUTES = "href|src|action|poster|hx-|data-search"
_WITH_ATTRIBUTE = rf"[a-zA-Z][^\s/>]*\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?:{ATTRIBUTES})"
INTEREST_RE = re.compile(
    rf"<(?:(?:{TAGS})[\s/>]|/head[\s/>]|{_WITH_ATTRIBUTE}|[!?])",
    re.I,
)
INTEREST_IN_FRAME_RE = re.compile(
    rf"<(?:/?(?:{TAGS}|{FRAME_TAGS}|head)[\s/>]|{_WITH_ATTRIBUTE}|[!?])",
    re.I,
)
ATTRIBUTES_RE = re.compile(ATTRIBUTES, re.I)
RAW_TEXT_END = {
    "script": re.compile(r"</script[\s/>]", re.I),
    "style": re.compile(r"</style[\s/>]", re.I),
}


def closes(attrs: str) -> bool:
    """Whether a start tag with this attribute text is self-closing ("<br/>",
    '<img src="x" />'), and not an unquoted value ending in a slash (href=/x/)."""
    attrs = attrs.rstrip()
    if not attrs.endswith("/"):
        return False
    last = attrs[:-1].rstrip()
    if not last or last[-1] in "\"'" or attrs[-2:-1].isspace():
        return True
    return "=" not in last.rsplit(None, 1)[-1]


def parse_attrs(attrs: str) -> list[tuple[str, str | None]]:
    """A start tag's attributes as ``html.parser`` gives them: names lower-cased, values
    unquoted and unescaped, None for an attribute without a value."""
    found: list[tuple[str, str | None]] = []
    # As html.parser's tag pattern, skip the space after the name; the attribute
    # pattern looks behind for a space, a quote or a slash.
    text = " " + attrs.lstrip(" \t\n\r\f/")
    pos = 1
    end = len(text)
    while pos < end:
        match = attrfind_tolerant.match(text, pos)
        if not match:
            break
        name, rest, value = match.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        found.append((name.lower(), value))
        pos = match.end()
    return found
