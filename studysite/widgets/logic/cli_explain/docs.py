"""Documentation text reduced to first sentences, cached.

botocore's documentation is HTML and awscli's own command descriptions are
reStructuredText; option descriptions and command summaries come from here.
"""

from __future__ import annotations

import functools
import re
from html.parser import HTMLParser

# How much of a (possibly very long) documentation string to keep.
SUMMARY_CHARS = 320
_DESCRIPTION_CHARS = 240


class _TextExtractor(HTMLParser):
    """botocore documentation is HTML: keep the text, turn block tags into breaks.

    Text inside <note> and <important> goes to ``aside``: many operations open with
    such a notice, and the summary should start with what the operation does.
    """

    _BLOCK = frozenset({"p", "li", "ul", "ol", "br", "div", "dd", "dt", "note", "important"})
    _ASIDE = frozenset({"note", "important"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.main: list[str] = []
        self.aside: list[str] = []
        self._aside_depth = 0

    def _out(self) -> list[str]:
        return self.aside if self._aside_depth else self.main

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self._out().append("\n")
        if tag in self._ASIDE:
            self._aside_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self._ASIDE and self._aside_depth:
            self._aside_depth -= 1
        if tag in self._BLOCK:
            self._out().append("\n")

    def handle_data(self, data: str) -> None:
        self._out().append(data)


def _join_text(parts: list[str]) -> str:
    """Paragraphs separated by newlines, whitespace collapsed within each."""
    paragraphs = "".join(parts).split("\n")
    return "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())


# How much of a doc string html_to_text reads at a time when only the first paragraph
# is wanted.
_CHUNK = 512


def _first_paragraph_done(parts: list[str]) -> bool:
    """Whether the main text has a whole first paragraph (text, then a break)."""
    text = "".join(parts).lstrip()
    return bool(text) and "\n" in text


def html_to_text(doc: str, *, first_paragraph: bool = False) -> str:
    """Plain text of an HTML doc string: the main text, or the notices when that is all.

    With ``first_paragraph`` (what a summary takes) it stops reading once the main text's
    first paragraph is whole: the text then starts with that paragraph, as it would
    have (operation docs run to thousands of characters for a first sentence)."""
    if "<" not in doc and "&" not in doc:
        return " ".join(doc.split())
    extractor = _TextExtractor()
    try:
        if first_paragraph:
            for start in range(0, len(doc), _CHUNK):
                extractor.feed(doc[start : start + _CHUNK])
                if _first_paragraph_done(extractor.main):
                    return _join_text(extractor.main)
        else:
            extractor.feed(doc)
        extractor.close()
    except Exception:  # a malformed doc string: fall back to crude tag removal
        return " ".join(re.sub(r"<[^>]*>", " ", doc).split())
    return _join_text(extractor.main) or _join_text(extractor.aside)


_RST_LINK = re.compile(r"`([^`<]+?)\s*<[^>]+>`_+")
_RST_ROLE = re.compile(r":[a-z]+:`([^`]+)`")


def rst_to_text(doc: str) -> str:
    """The CLI's own command descriptions are reStructuredText: keep the prose."""
    paragraphs: list[list[str]] = [[]]
    skipping = False
    for line in doc.splitlines():
        stripped = line.strip()
        if stripped.startswith(".."):
            skipping = True  # a directive (warning, note ...) and its indented body
            paragraphs.append([])
            continue
        if not stripped:
            paragraphs.append([])
            continue
        if skipping and line[:1] in (" ", "\t"):
            continue
        skipping = False
        paragraphs[-1].append(stripped)
    text = "\n".join(" ".join(" ".join(p).split()) for p in paragraphs if p)
    text = _RST_LINK.sub(r"\1", text)
    text = _RST_ROLE.sub(r"\1", text)
    text = text.replace("``", "").replace("**", "")
    return text


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(\[])")


def first_sentences(text: str, limit: int = SUMMARY_CHARS, enough: int = 70) -> str:
    """The first sentence of the first paragraph (two when the first is very short)."""
    text = next((p.strip() for p in text.split("\n") if p.strip()), "")
    if not text:
        return ""
    sentences = _SENTENCE_END.split(text)
    out = sentences[0]
    if len(out) < enough and len(sentences) > 1:
        out = f"{out} {sentences[1]}"
    if len(out) > limit:
        out = out[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return out


def doc_summary(raw: object, limit: int = _DESCRIPTION_CHARS) -> str:
    if not isinstance(raw, str) or not raw.strip():
        return ""
    return doc_summary_cached(raw, limit)


@functools.lru_cache(maxsize=8192)
def doc_summary_cached(raw: str, limit: int) -> str:
    return first_sentences(html_to_text(raw, first_paragraph=True), limit=limit)
