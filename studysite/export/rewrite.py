"""A rendered site page made fit for the export, with an HTML parser (never regexes).

The site's own templates render each page; :class:`PageRewriter` then walks the page's
tags once with the standard library's ``html.parser`` and writes them back out:

- every site URL in ``href``, ``src``, ``action`` and ``poster`` becomes the export's
  link (``urls(url)``: relative, or under ``--base-url``, or the portal);
- what needs the server goes: the account menu, htmx and the CSRF script, the server's
  search overlay (the export brings its own), forms that post, ``hx-*`` attributes,
  links to server-only pages without a portal (an empty list item or paragraph left
  behind goes too);
- a widget's form becomes an inert ``<div>`` (its worked example stays; a live widget is
  marked ``data-widget`` for live.js), and its heading is followed by a note on where
  the example came from;
- ``</head>`` gets the export's stylesheet and script, ``<main>`` the read-only notice,
  and a chapter's "Check yourself" link points at its self-check page.

Tags the rewriter leaves alone are written back byte for byte (``get_starttag_text``);
text, entities and comments are copied as they came, so code samples that merely look
like markup (``href="/x"`` in a code block) are text and never touched.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

URL_ATTRIBUTES = frozenset({"href", "src", "action", "poster"})
# Scripts the export does without: htmx, the CSRF header, the exam timer.
DROPPED_SCRIPTS = ("/static/vendor/htmx-", "/static/js/csrf.js", "/static/js/exam-timer.js")
# The site's script loads its search overlay from the server on first use; the export
# brings its own (export.js), which searches the generated index instead.
DROPPED_ATTRIBUTES = frozenset({"data-search-js", "data-search-css"})
# Containers that go when a dropped link leaves them empty (no portal).
EMPTY_CONTAINERS = frozenset({"p", "aside", "li"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr"}
)
FORM_ATTRIBUTES_DROPPED = frozenset({"method", "action", "enctype", "novalidate"})


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
    kind: str  # "keep", "empty-check", "unwrap", "widget-form", "widget-heading"
    mark: int = 0  # output position (empty-check)
    extra: str = ""


def _attr_class(attrs: dict[str, str | None]) -> list[str]:
    return (attrs.get("class") or "").split()


class PageRewriter(HTMLParser):
    """Rewrite one page. ``urls(url)`` maps a site URL ("/notes/x/#a") to the export's
    link (the portal's for a server-only page when there is a portal, "#main" when
    nothing fits); ``server_only(url)`` tells whether a URL needs the server."""

    def __init__(
        self, urls: Callable[[str], str], server_only: Callable[[str], bool], parts: PageParts
    ) -> None:
        super().__init__(convert_charrefs=False)
        self.urls = urls
        self.server_only = server_only
        self.parts = parts
        self.out: list[str] = []
        self.stack: list[_Open] = []
        self.skip: list[str] = []  # the tag of each element being dropped, nested
        self.quiz_link_done = False
        self.widget_section = False
        self.eat_space = False  # the whitespace after something dropped goes with it

    # --- Driving -------------------------------------------------------------------

    def rewrite(self, page: str) -> str:
        self.feed(page)
        self.close()
        return "".join(self.out)

    # --- Tags ----------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, self.get_starttag_text() or "", closed=True)

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
            self.eat_space = True
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
            self.out.append(self.parts.quiz_link)
            return self._drop(tag)
        if tag == "main" and values.get("id") == "main":
            self.out.append(self.parts.search_dialog)
            self.out.append(raw)
            self.out.append("\n" + self.parts.notice)
            self.stack.append(_Open(tag, "keep"))
            return None
        if tag == "form" and (values.get("method") or "").lower() == "post":
            if "widget-form" not in classes and "data-widget" not in values:
                return self._drop(tag)  # mark as read, log out ...: nothing in a copy
            return self._widget_form(values)
        if tag == "nav" and "pager" in classes and self.parts.quiz_link and not self.quiz_link_done:
            # A chapter whose template shows no link (the server's bank has none for it
            # yet): the self-check link goes before the pager.
            self.quiz_link_done = True
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
        if tag in EMPTY_CONTAINERS and self.parts.drop_server_links and kind == "keep":
            kind = "empty-check"
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
        if kind == "empty-check":
            self.stack.append(_Open(tag, kind, mark=len(self.out)))
        elif not closed and tag not in VOID:
            self.stack.append(_Open(tag, kind))
        self.eat_space = False
        self.out.append(raw)
        return None

    def _drop(self, tag: str) -> None:
        if tag not in VOID:
            self.skip.append(tag)
        else:
            self.eat_space = True

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
        if tag == "head":
            self.out.append(self.parts.head)
        # Close up to the matching open element (browsers forgive a missing end tag).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                break
        else:
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
        if opened.kind == "empty-check" and not "".join(self.out[opened.mark + 1 :]).strip():
            del self.out[opened.mark :]
            self.eat_space = True
            return
        self.out.append(f"</{tag}>")
        if opened.kind == "widget-heading" and self.parts.widget_note:
            self.out.append(self.parts.widget_note)

    # --- Everything else is copied as it came ------------------------------------------

    def handle_data(self, data: str) -> None:
        if not self.skip:
            if self.eat_space:
                data = data.lstrip()
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        if not self.skip:
            self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        if not self.skip:
            self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        if not self.skip:
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def _serialize(tag: str, values: dict[str, str | None], closed: bool) -> str:
    parts = [tag]
    for name, value in values.items():
        parts.append(name if value is None else f'{name}="{html.escape(value)}"')
    return "<" + " ".join(parts) + (" />" if closed else ">")
