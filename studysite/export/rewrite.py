"""A rendered page made fit for the export, token by token (never a regex replace).

The site's own templates render each page; :class:`PageRewriter` then walks the page's
tokens once (studysite/export/lexer.py: tags, comments and text as ``html.parser`` sees
them) and writes them back out:

- every site URL in ``href``, ``src``, ``action`` and ``poster`` becomes the export's
  link (``urls(url)``: relative, or under ``--base-url``, or the portal);
- what needs the server goes: the account menu, htmx and the CSRF script, the server's
  search overlay (the export brings its own), forms that post, ``hx-*`` attributes,
  links to server-only pages without a portal (a list item, paragraph or aside that
  held nothing else goes too: see :meth:`PageRewriter._emptied`);
- a widget's form becomes an inert ``<div>`` (its worked example stays; a live widget is
  marked ``data-widget`` for live.js), and its heading is followed by a note on where
  the example came from;
- ``</head>`` gets the export's stylesheet and script, ``<main>`` the read-only notice,
  and a chapter's "Check yourself" link points at its self-check page.

Tags the rewriter leaves alone are written back byte for byte; a tag whose name and
attribute text show that nothing above can apply (most of them: code highlighting's
spans, table cells) is copied without its attributes being parsed. Text, entities and
comments are copied as they came, so code samples that merely look like markup
(``href="/x"`` in a code block) are text and never touched.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from .lexer import (
    ATTRIBUTES_RE,
    INTEREST_IN_FRAME_RE,
    INTEREST_RE,
    RAW_TEXT_END,
    TOKEN_RE,
    closes,
    parse_attrs,
)

URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster"})
# Scripts the export does without: htmx, the CSRF header, the exam timer.
DROPPED_SCRIPTS = ("/static/vendor/htmx-", "/static/js/csrf.js", "/static/js/exam-timer.js")
# The site's script loads its search overlay from the server on first use; the export
# brings its own (export.js), which searches the generated index instead.
DROPPED_ATTRIBUTES = frozenset({"data-search-js", "data-search-css"})
# Containers that go when what is dropped from them leaves them empty (no portal).
EMPTY_CONTAINERS = frozenset({"p", "aside", "li"})
# A container's start tag at the end of what has been written (nothing after it but
# space): what :meth:`PageRewriter._emptied` looks for when something is dropped.
OPEN_CONTAINER_RE = re.compile(
    rf"<({'|'.join(sorted(EMPTY_CONTAINERS))})(?:[\s/][^<>]*)?>\s*$", re.I
)
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
FORM_ATTRIBUTES_DROPPED = frozenset({"method", "action", "enctype", "novalidate"})
# The tags :meth:`PageRewriter._start` acts on by name (studysite/export/lexer.py finds
# them, and any tag whose attribute text names one it changes).
TAGS_ACTED_ON = frozenset(
    {"a", "aside", "button", "dialog", "form", "h2", "h3", "input", "main", "meta", "nav"}
    | {"script", "section", "style"}
)


@dataclass
class PageParts:
    """What the export adds to a page (HTML strings, already escaped)."""

    head: str  # before </head>
    notice: str  # after <main id="main">
    search_dialog: str  # before <main id="main">
    widget_note: str = ""  # after a widget's heading; "" for none
    live_hint: str = ""  # at the end of a live widget's form
    quiz_link: str | None = None  # replaces <aside class="quiz-link">; None keeps it
    live_widgets: frozenset[str] = frozenset()
    drop_server_links: bool = True  # no portal: links to server-only pages go


@dataclass
class _Open:
    tag: str
    kind: str  # "unwrap", "widget-form", "widget-heading" (only these are followed)
    extra: str = ""


def _attr_class(attrs: dict[str, str | None]) -> list[str]:
    return (attrs.get("class") or "").split()


class PageRewriter:
    """Rewrite one page. ``urls(url)`` maps a site URL ("/notes/x/#a") to the export's
    link (the portal's for a server-only page when there is a portal, "#main" when
    nothing fits); ``server_only(url)`` tells whether a URL needs the server."""

    def __init__(
        self, urls: Callable[[str], str], server_only: Callable[[str], bool], parts: PageParts
    ) -> None:
        self.urls = urls
        self.server_only = server_only
        self.parts = parts
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.skip: list[str] = []  # the tag of each element being dropped, nested
        self.quiz_link_done = False
        self.widget_section = False
        self.eat_space = False  # the whitespace after something dropped goes with it
        # A container (tag, its position in ``out``) that holds only what was dropped so
        # far: it goes at its end tag unless something is kept in it first.
        self.emptied: tuple[str, int] | None = None

    # --- Driving -------------------------------------------------------------------

    def rewrite(self, page: str) -> str:
        """The page, rewritten. Between two tags it may act on (lexer.INTEREST_RE), the
        page is copied as it came; while it drops an element or looks for a widget's
        heading, it reads every tag."""
        pos = 0
        size = len(page)
        while pos < size:
            if self.skip or self.widget_section or self.emptied:
                match = TOKEN_RE.search(page, pos)
            else:
                found = (INTEREST_IN_FRAME_RE if self.stack else INTEREST_RE).search(page, pos)
                if found and page.rfind("<", pos, found.start()) > page.rfind(
                    ">", pos, found.start()
                ):
                    # Inside another tag (an attribute value that holds "<"): read the
                    # tags from here one by one instead.
                    match = TOKEN_RE.search(page, pos)
                else:
                    match = found and TOKEN_RE.match(page, found.start())
                if found and not match:  # a "<" that starts no tag: text
                    self.handle_data(page[pos : found.start() + 1])
                    pos = found.start() + 1
                    continue
            if match is None:
                self.handle_data(page[pos:])
                break
            if match.start() > pos:
                self.handle_data(page[pos : match.start()])
            pos = self._token(page, match)
        return "".join(self.out)

    def _token(self, page: str, match: re.Match[str]) -> int:
        """Act on one tag (or comment); the position after it (and after the text of a
        ``<script>`` or ``<style>``)."""
        pos = match.end()
        name, attrs, end_name = match.group(1, 2, 3)
        if end_name is not None:
            self.handle_endtag(end_name.lower())
            return pos
        if name is None:  # a comment, a declaration
            if not self.skip:
                self.emptied = None
                self.out.append(match[0])
            return pos
        tag = name.lower()
        closed = closes(attrs)
        if self.skip:
            self._start(tag, [], match[0], closed=closed)
        elif tag in TAGS_ACTED_ON or self.widget_section or ATTRIBUTES_RE.search(attrs):
            self._start(tag, parse_attrs(attrs), match[0], closed=closed)
        else:  # a tag read only because an element is being dropped (or emptied)
            self.eat_space = False
            self.emptied = None
            self.out.append(match[0])
        end_re = RAW_TEXT_END.get(tag)
        if end_re is not None and not closed:
            found = end_re.search(page, pos)
            end = found.start() if found else len(page)
            if end > pos:
                self.handle_data(page[pos:end])
            pos = end
        return pos

    # --- Tags ----------------------------------------------------------------------

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], raw: str, *, closed: bool):
        if self.skip:
            if tag == self.skip[-1] and not closed and tag not in VOID:
                self.skip.append(tag)
            return
        values = dict(attrs)
        classes = _attr_class(values) if "class" in values else []
        kind = "keep"
        if tag == "nav" and "account-nav" in classes:
            return self._drop(tag)
        if tag == "dialog" and "search-dialog" in classes:
            return self._drop(tag)
        if tag == "meta" and values.get("name") == "htmx-config":
            self._drop(tag)
            return None
        if tag == "script" and (values.get("src") or "").startswith(DROPPED_SCRIPTS):
            return self._drop(tag)
        if (
            tag == "aside"
            and "quiz-link" in classes
            and self.parts.quiz_link is not None
            and not self.quiz_link_done
        ):
            self.quiz_link_done = True
            self.emptied = None
            self.out.append(self.parts.quiz_link)
            return self._drop(tag)
        if tag == "main" and values.get("id") == "main":
            self.emptied = None
            self.out.append(self.parts.search_dialog)
            self.out.append(raw)
            self.out.append("\n" + self.parts.notice)
            return None
        if tag == "form" and (values.get("method") or "").lower() == "post":
            if "widget-form" not in classes and "data-widget" not in values:
                return self._drop(tag)  # mark as read, log out ...: nothing in a copy
            return self._widget_form(values)
        if tag == "nav" and "pager" in classes and self.parts.quiz_link and not self.quiz_link_done:
            # A chapter whose template shows no link (the server's bank has none for it
            # yet): the self-check link goes before the pager.
            self.quiz_link_done = True
            self.emptied = None
            self.out.append(self.parts.quiz_link + "\n")
        if self.widget_section:  # the heading that opens a widget's section
            self.widget_section = False
            if tag in ("h2", "h3"):
                kind = "widget-heading"
        if tag == "section" and "widget" in classes:
            self.widget_section = True
        if tag == "input" and values.get("type") == "hidden" and self._in_widget_form():
            return None
        if tag == "button" and self._in_widget_form() and values.get("type") != "button":
            values = {"type": "button", "disabled": None, **values}
            values["type"] = "button"
            raw = ""
        if tag == "a" and self.parts.drop_server_links:
            href = html.unescape(values.get("href") or "")
            if href.startswith("/") and self.server_only(href):
                if href.startswith("/api/"):  # an API document keeps its words
                    self.stack.append(_Open(tag, "unwrap"))
                    return None
                return self._drop(tag)
        changed = False
        for name in list(values):
            if name.startswith(("hx-", "data-hx-")) or name in DROPPED_ATTRIBUTES:
                del values[name]
                changed = True
            elif name in URL_ATTRIBUTES:
                url = html.unescape(values[name] or "")
                if url.startswith("/") and not url.startswith("//"):
                    values[name] = self.urls(url)
                    changed = True
        if changed or not raw:
            raw = _serialize(tag, values, closed)
        if kind != "keep" and not closed and tag not in VOID:
            self.stack.append(_Open(tag, kind))
        self.eat_space = False
        self.emptied = None
        self.out.append(raw)
        return None

    def _drop(self, tag: str) -> None:
        self._emptied()
        if tag not in VOID:
            self.skip.append(tag)
        else:
            self.eat_space = True

    def _emptied(self) -> None:
        """Something is dropped (or a container went): if what was written ends with a
        list item's, paragraph's or aside's start tag, the container holds nothing yet,
        and it goes at its end tag unless something is kept in it before (read tag by
        tag till then). Only these, not every ``<p>`` and ``<li>``, are followed: most
        hold text, and reading them made up a third of the tags read."""
        if not self.parts.drop_server_links or self.emptied:
            return
        index = len(self.out) - 1
        while index >= 0 and not self.out[index].strip():
            index -= 1
        if index < 0:
            return
        chunk = self.out[index]
        start = chunk.rfind("<")
        found = OPEN_CONTAINER_RE.match(chunk, start) if start >= 0 else None
        if found is None:
            return
        if start:  # the start tag on its own, so that it can go with what follows
            self.out[index : index + 1] = [chunk[:start], chunk[start:]]
            index += 1
        self.emptied = (found[1].lower(), index)

    def _in_widget_form(self) -> bool:
        return any(o.kind == "widget-form" for o in self.stack)

    def _widget_form(self, values: dict[str, str | None]) -> None:
        action = values.get("action") or ""
        name = action.removeprefix("/tools/").strip("/") if action.startswith("/tools/") else ""
        live = name in self.parts.live_widgets
        kept = {
            k: v
            for k, v in values.items()
            if k not in FORM_ATTRIBUTES_DROPPED and not k.startswith(("hx-", "data-hx-"))
        }
        if live:
            kept = {"data-widget": name, **kept}
        self.out.append(_serialize("div", kept, False))
        self.stack.append(_Open("form", "widget-form", extra=self.parts.live_hint if live else ""))

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
                self.eat_space = not self.skip  # with the line it stood on
            return
        if self.emptied:
            if tag == self.emptied[0]:  # it held only what was dropped: it goes too
                del self.out[self.emptied[1] :]
                self.emptied = None
                self.eat_space = True
                self._emptied()  # and may leave the container around it empty
                return
            self.emptied = None
        if tag == "head":
            self.out.append(self.parts.head)
        # Close up to the matching open element (browsers forgive a missing end tag).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                break
        else:
            self.eat_space = False
            self.out.append(f"</{tag}>")
            return
        opened = self.stack[index]
        del self.stack[index:]
        self.eat_space = False
        if opened.kind == "unwrap":
            return
        if opened.kind == "widget-form":
            self.out.append(opened.extra + "</div>")
            return
        self.out.append(f"</{tag}>")
        if opened.kind == "widget-heading" and self.parts.widget_note:
            self.out.append(self.parts.widget_note)

    # --- Text is copied as it came ----------------------------------------------------

    def handle_data(self, data: str) -> None:
        """Text, or a stretch of the page with no tag the rewriter acts on: copied."""
        if not self.skip:
            if self.eat_space:
                data = data.lstrip()
                self.eat_space = not data
            if self.emptied and data.strip():
                self.emptied = None
            self.out.append(data)


def _serialize(tag: str, values: dict[str, str | None], closed: bool) -> str:
    parts = [tag]
    for name, value in values.items():
        parts.append(name if value is None else f'{name}="{html.escape(value)}"')
    return "<" + " ".join(parts) + (" />" if closed else ">")
