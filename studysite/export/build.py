"""The read-only static export: the reading side of the site as plain files.

``export_site(outdir, base_url=..., portal_url=...)`` renders the site's own templates
(home, every chapter, /tools/ and every tool page, the search page) with an anonymous
request, then rewrites each page for a folder of files:

- links to pages and static files become relative (``../../notes/x/index.html``), so the
  folder opens from disk (file://), from a domain root and from any sub-path; with
  ``base_url`` they become ``/base/notes/x/`` instead (pretty URLs on a web server);
- nothing posts: widget forms become inert (their worked example, computed here by the
  real widget code, stays), account links and forms go, pages that need the server
  (practice, mock exam, review, history) link to the portal when one is given;
- search runs in the browser from a generated script file (``static/export/
  search-index.js``), which works from file:// where fetch() is refused, and is loaded
  only when search is used;
- each chapter's questions become a self-check that works without JavaScript.

Two exports of the same notes are byte-identical: nothing depends on the clock, the
order of a dict or the machine.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import resolve, reverse
from django.utils.safestring import mark_safe

from studysite.chapters.domains import DOMAINS
from studysite.chapters.loader import Chapter, Library, get_library
from studysite.chapters.search import SNIPPET_CHARS
from studysite.chapters.views import _fill_widgets
from studysite.quiz.bank import BankQuestion, get_bank
from studysite.quiz.render import render as render_markdown
from studysite.quiz.render import render_inline
from studysite.shared_pages import no_token
from studysite.views import home_context
from studysite.widgets.embed import widget_context
from studysite.widgets.registry import WIDGETS

# Tool pages whose widget would read the clock (the signer without a time) show this
# moment instead, so that two exports are byte-identical. It is AWS's own example time.
FIXED_TIMESTAMP = "20150830T123600Z"
EXPORT_STATIC = "static/export/"
# Widgets whose logic runs in the browser (Pyodide) when the export is served over http.
LIVE_WIDGETS = frozenset({"bucket-name", "object-key", "s3-uri"})
LIVE_MODULES = ("__init__.py", "common.py", "bucket_names.py", "s3_uri.py")
PYODIDE_PACKAGE = Path(__file__).resolve().parent / "pyodide"
PYODIDE_FILES = (
    "pyodide.js",
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
    "package.json",
)
# Site pages that need the server: linked to the portal when one is given, else dropped.
SERVER_ONLY = (
    "/quiz/",
    "/review/",
    "/history/",
    "/accounts/",
    "/api/",
    "/admin/",
    "/progress/",
    "/teams/",
)

ATTR_URL_RE = re.compile(r'(\s(?:href|src|action|poster)=)(["\'])(/(?!/)[^"\']*)\2')
HX_ATTR_RE = re.compile(r"""\s(?:hx|data-hx)-[a-z-]+=(?:"[^"]*"|'[^']*')""")
POST_FORM_RE = re.compile(r'<form\b[^>]*\bmethod="post"[^>]*>.*?</form>', re.S | re.I)
FORM_OPEN_RE = re.compile(r"<form\b([^>]*)>", re.I)
ACCOUNT_NAV_RE = re.compile(r'<nav class="account-nav".*?</nav>\s*', re.S)
NAV_ITEM_RE = re.compile(r'<li><a href="(/[^"]*)"[^>]*>([^<]*)</a></li>\s*')
QUIZ_LINK_RE = re.compile(r'<aside class="quiz-link".*?</aside>', re.S)
SCRIPT_RE = re.compile(
    r'<script src="/static/(?:vendor/htmx-[^"]*|js/csrf\.js|js/exam-timer\.js)"[^>]*></script>\s*'
)
HTMX_META_RE = re.compile(r'<meta name="htmx-config"[^>]*>\s*')
SEARCH_DIALOG_RE = re.compile(r'<dialog class="search-dialog".*?</dialog>\s*', re.S)
# The site's script loads its search overlay from the server on first use; the export
# brings its own (export.js), which searches the generated index instead.
SEARCH_LOADER_RE = re.compile(r'\sdata-search-(?:js|css)="[^"]*"')
SEARCH_DIALOG = """<dialog class="search-dialog" id="search-dialog" \
aria-labelledby="search-dialog-title">
  <form class="search-dialog-form" role="search" action="/search/" method="get">
    <h2 class="visually-hidden" id="search-dialog-title">Search the notes</h2>
    <label for="search-dialog-q" class="visually-hidden">Words to find</label>
    <input id="search-dialog-q" type="search" name="q" placeholder="Search the notes" \
autocomplete="off" spellcheck="false" maxlength="200" aria-describedby="search-dialog-help">
    <button type="button" class="search-dialog-close" data-close-dialog>Close</button>
  </form>
  <div class="search-dialog-results" id="search-dialog-results" aria-live="polite"></div>
  <p class="search-dialog-help hint" id="search-dialog-help">Enter: all results · Esc: close \
· “quotes” for a phrase</p>
</dialog>
"""
CSS_URL_RE = re.compile(r"""url\((['"]?)([^'")]+)\1\)""")
HIDDEN_INPUT_RE = re.compile(r'<input type="hidden"[^>]*>')
BUTTON_RE = re.compile(r"<button\b([^>]*)>", re.I)
SERVER_LINK_RE = re.compile(r'<a\b[^>]*\shref="(/[^"]*)"[^>]*>(.*?)</a>', re.S)
EMPTY_RE = re.compile(r"<(p|aside|li)\b[^>]*>\s*</\1>\s*")


@dataclass
class ExportReport:
    pages: list[str] = field(default_factory=list)
    static_files: list[str] = field(default_factory=list)
    bytes_written: int = 0


@dataclass
class Exporter:
    outdir: Path
    base_url: str | None = None
    portal_url: str | None = None
    library: Library = field(default_factory=get_library)
    report: ExportReport = field(default_factory=ExportReport)
    # Output path ("tools/s3-uri/ab12cd34ef/") of each tool example, by its site URL.
    examples: dict[str, str] = field(default_factory=dict)
    pending_examples: list[tuple[str, str]] = field(default_factory=list)
    statics: set[str] = field(default_factory=set)
    # Where the vendored Pyodide goes in the export (None: not installed, no live widgets).
    pyodide_dir: str | None = None
    more_examples: dict[str, list[tuple[str, dict[str, str]]]] = field(default_factory=dict)

    # --- Paths ---------------------------------------------------------------------

    def link(self, page: str, target: str, fragment: str = "", query: str = "") -> str:
        """A link from the page at ``page`` (an output directory such as "notes/x/" or
        "" for home) to ``target`` (a directory ending in "/" or a file)."""
        suffix = (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
        if self.base_url is not None:
            return self.base_url + target + suffix
        if target.endswith("/") or target == "":
            target += "index.html"
        if target == page + "index.html" and fragment and not query:
            return f"#{fragment}"
        return posixpath.relpath(target, page or ".") + suffix

    def rewrite_url(self, page: str, url: str) -> str | None:
        """The export's link for a site URL; None when the export has no such page."""
        parts = urlsplit(url)
        path, query, fragment = parts.path, parts.query, parts.fragment
        if path.startswith("/static/"):
            name = path[len("/static/") :]
            self.statics.add(name)
            return self.link(page, "static/" + name, fragment)
        if path == "/":
            return self.link(page, "", fragment)
        if path == "/search/":
            return self.link(page, "search/", fragment, query)
        match = re.fullmatch(r"/notes/([a-z0-9-]+)/check/", path)
        if match and match.group(1) in self.library.by_slug:
            return self.link(page, path.lstrip("/"), fragment)
        match = re.fullmatch(r"/notes/([a-z0-9-]+)/", path)
        if match and match.group(1) in self.library.by_slug:
            # No "?h=" highlights: site.js would load the server's search script for them.
            return self.link(page, f"notes/{match.group(1)}/", fragment)
        if path == "/tools/":
            return self.link(page, "tools/", fragment)
        match = re.fullmatch(r"/tools/([a-z0-9-]+)/", path)
        if match and match.group(1) in WIDGETS:
            if not query:
                return self.link(page, f"tools/{match.group(1)}/", fragment)
            return self.link(page, self.example_page(match.group(1), query), fragment)
        return None

    def example_page(self, name: str, query: str) -> str:
        """The output directory of a tool page opened with these values (an example)."""
        key = f"{name}?{query}"
        if key not in self.examples:
            digest = hashlib.sha256(query.encode()).hexdigest()[:12]
            self.examples[key] = f"tools/{name}/{digest}/"
            self.pending_examples.append((name, query))
        return self.examples[key]

    # --- Rewriting a rendered page ---------------------------------------------------

    def portal(self, path: str) -> str | None:
        return self.portal_url.rstrip("/") + path if self.portal_url else None

    def finish(self, page: str, body: str) -> str:
        """A rendered site page made fit for the export (see the module docstring)."""
        body = ACCOUNT_NAV_RE.sub("", body)
        body = SCRIPT_RE.sub("", body)
        body = HTMX_META_RE.sub("", body)
        body = SEARCH_LOADER_RE.sub("", SEARCH_DIALOG_RE.sub("", body))
        body = body.replace('<main id="main"', SEARCH_DIALOG + '<main id="main"', 1)

        def nav_item(match: re.Match[str]) -> str:
            url = match.group(1)
            if url.startswith(SERVER_ONLY) and not self.portal_url:
                return ""
            return match.group(0)

        body = NAV_ITEM_RE.sub(nav_item, body)
        if not self.portal_url:
            # Links to pages only the server has: an API document keeps its words, an
            # action ("Take a mock exam", "Mark as read") goes with its empty container.
            def server_link(match: re.Match[str]) -> str:
                url = html.unescape(match.group(1))
                if not url.startswith(SERVER_ONLY):
                    return match.group(0)
                return match.group(2) if url.startswith("/api/") else ""

            body = EMPTY_RE.sub("", SERVER_LINK_RE.sub(server_link, body))
        body = POST_FORM_RE.sub(self._inert_form, body)
        body = HX_ATTR_RE.sub("", body)

        def attr(match: re.Match[str]) -> str:
            url = html.unescape(match.group(3))
            new = self.rewrite_url(page, url)
            if new is None:
                new = self.portal(url) if url.startswith(SERVER_ONLY) else None
            if new is None:
                return match.group(1) + match.group(2) + "#main" + match.group(2)
            return match.group(1) + match.group(2) + html.escape(new) + match.group(2)

        body = ATTR_URL_RE.sub(attr, body)
        script = self.link(page, EXPORT_STATIC + "export.js")
        style = self.link(page, EXPORT_STATIC + "export.css")
        root = self.link(page, "") if self.base_url is None else self.base_url
        head = (
            f'<link rel="stylesheet" href="{html.escape(style)}">\n'
            f'<script src="{html.escape(script)}" defer'
            f' data-root="{html.escape(root.removesuffix("index.html"))}"'
            f' data-pretty="{"1" if self.base_url is not None else ""}"'
            + (
                f' data-pyodide="{html.escape(self.pyodide_link(page))}"'
                if self.pyodide_dir
                else ""
            )
            + "></script>\n</head>"
        )
        body = body.replace("</head>", head, 1)
        portal = ""
        if self.portal_url:
            portal = (
                f" Practice, mock exams, review and history are on the"
                f' <a href="{html.escape(self.portal_url)}">study portal</a>.'
            )
        notice = (
            '<p class="export-notice" role="note"><strong>Read-only copy.</strong> '
            "These notes were exported as plain files: search and the self-check work "
            "here, nothing you do is recorded." + portal + "</p>"
        )
        body = body.replace(
            '<main id="main" tabindex="-1">', '<main id="main" tabindex="-1">\n' + notice, 1
        )
        return body

    def pyodide_link(self, page: str) -> str:
        """The folder of the vendored Pyodide, from ``page`` (ending in "/")."""
        return self.link(page, f"{self.pyodide_dir}pyodide.js").removesuffix("pyodide.js")

    def _inert_form(self, match: re.Match[str]) -> str:
        form = match.group(0)
        if 'class="widget' not in form and "widget-form" not in form and "data-widget" not in form:
            return ""  # mark as read, log out ...: nothing to do in a static copy
        action = re.search(r'\saction="/tools/([a-z0-9-]+)/"', form)
        name = action.group(1) if action else ""
        live = name in LIVE_WIDGETS and self.pyodide_dir is not None
        form = FORM_OPEN_RE.sub(
            lambda m: (
                "<div"
                + (f' data-widget="{name}"' if live else "")
                + re.sub(
                    r'\s(?:method|action|enctype|novalidate|hx-[a-z-]+)(?:="[^"]*")?',
                    "",
                    m.group(1),
                )
                + ">"
            ),
            form,
            count=1,
        )
        hint = (
            '<p class="hint export-live-hint">Served over http(s) (for example '
            "<code>python -m http.server</code> in the folder), this widget runs live in your "
            "browser with its own Python code; opened from disk it shows the example only.</p>"
            if live
            else ""
        )
        form = form[: -len("</form>")] + hint + "</div>"
        form = HIDDEN_INPUT_RE.sub("", form)

        def button(match: re.Match[str]) -> str:
            if 'type="button"' in match.group(1):
                return match.group(0)
            return (
                '<button type="button" disabled'
                + re.sub(r'\s+type="[^"]*"', "", match.group(1))
                + ">"
            )

        return BUTTON_RE.sub(button, form)

    # --- Pages -----------------------------------------------------------------------

    def request(self, path: str):
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        request.resolver_match = resolve(path)
        request.htmx = False
        return request

    def render(self, path: str, template: str, context: dict[str, object]) -> str:
        context = {**context, "shared_page": True, "csrf_token": no_token(), "static_export": True}
        return render_to_string(template, context, self.request(path))

    def write(self, page: str, body: str) -> None:
        target = self.outdir / page / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = self.finish(page, body).encode()
        target.write_bytes(data)
        self.report.pages.append(page + "index.html")
        self.report.bytes_written += len(data)

    def build_home(self) -> None:
        self.write("", self.render("/", "home.html", home_context(self.library)))

    def build_chapter(self, chapter: Chapter) -> None:
        previous, following = self.library.neighbours(chapter.slug)
        context = {
            "chapter": chapter,
            "body": mark_safe(_fill_widgets(chapter)),  # noqa: S308 - our own rendering
            "domains": [DOMAINS[d] for d in chapter.domains],
            "previous": previous,
            "next": following,
            "show_problems": False,
        }
        body = self.render(chapter.url, "chapters/chapter.html", context)
        questions = get_bank().for_chapter(chapter.slug)
        link = ""
        if questions:
            # The questions get a page of their own, so a chapter's first load stays light.
            count = len(questions)
            link = (
                f'<aside class="quiz-link" aria-label="Practice questions"><a class="button" '
                f'href="{chapter.url}check/">Check yourself</a> <span class="hint">{count} '
                f"question{'s' if count != 1 else ''} on this chapter, with explanations."
                "</span></aside>"
            )
            check = self_check_html(chapter, questions, self.portal_url)
            context = {"chapter": chapter, "body": mark_safe(check)}  # noqa: S308
            self.write(
                f"notes/{chapter.slug}/check/",
                self.render(chapter.url, "export/self_check.html", context),
            )
        body, found = QUIZ_LINK_RE.subn(lambda _: link, body, count=1)
        if not found and link:
            body = body.replace('<nav class="pager"', link + '\n<nav class="pager"', 1)
        body = add_widget_notes(body, self.portal_url)
        self.write(f"notes/{chapter.slug}/", body)

    def build_tools(self) -> None:
        self.write(
            "tools/",
            self.render("/tools/", "widgets/index.html", {"widgets": list(WIDGETS.values())}),
        )
        for spec in WIDGETS.values():
            self.build_tool(spec.name, "", f"tools/{spec.name}/")

    def build_tool(self, name: str, query: str, page: str) -> None:
        spec = WIDGETS[name]
        data = dict(parse_qsl(query, keep_blank_values=True))
        fields = tuple(f for f in spec.fields if f not in spec.secret_fields)
        values = {**spec.initial, **{f: data[f] for f in fields if f in data}}
        if spec.clock_field and not values.get(spec.clock_field):
            values[spec.clock_field] = FIXED_TIMESTAMP
        context = widget_context(spec, values, prefix="tool", compute=True, heading_level=2)
        learn_more = ""
        if spec.chapter:
            slug, _, anchor = spec.chapter.partition("#")
            learn_more = reverse("chapters:chapter", args=[slug]) + (f"#{anchor}" if anchor else "")
        action = reverse("widgets:tool", args=[spec.name])
        if name not in self.more_examples:  # found in the notes: once per widget
            self.more_examples[name] = [
                (label, dict(v)) for hook in spec.extra_examples for label, v in hook()
            ]
        more = self.more_examples[name]
        context.update(
            {
                "spec": spec,
                "learn_more": learn_more,
                "examples": [(label, f"{action}?{urlencode(v)}") for label, v in spec.examples],
                "more_examples": [(label, v, f"{action}?{urlencode(v)}") for label, v in more],
            }
        )
        body = self.render(action, "widgets/tool.html", context)
        self.write(page, add_widget_notes(body, self.portal_url))

    def build_search(self) -> None:
        context = {
            "query": "",
            "results": None,
            "hits": [],
            "page": 1,
            "message": "",
            "highlight": "",
        }
        self.write("search/", self.render("/search/", "chapters/search.html", context))

    def build_search_index(self) -> None:
        data = search_index_data(self.library)
        text = (
            "window.STUDY_SEARCH_INDEX="
            + json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
            + ";\n"
        )
        self.write_static(EXPORT_STATIC + "search-index.js", text.encode())

    def write_static(self, name: str, data: bytes) -> None:
        target = self.outdir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.report.static_files.append(name)
        self.report.bytes_written += len(data)

    def copy_statics(self) -> None:
        own = Path(__file__).resolve().parent / "assets"
        for path in sorted(own.rglob("*")):
            if path.is_file():
                self.write_static(
                    EXPORT_STATIC + path.relative_to(own).as_posix(), path.read_bytes()
                )
        done: set[str] = set()
        todo = sorted(self.statics)
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            found = finders.find(name)
            if not found:
                raise FileNotFoundError(f"static file {name} is linked but not found")
            data = Path(found).read_bytes()
            if name.endswith(".css"):
                for match in CSS_URL_RE.finditer(data.decode()):
                    ref = match.group(2)
                    if ref.startswith(("data:", "#", "http:", "https:", "/")):
                        continue
                    todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(name), ref)))
            self.write_static("static/" + name, data)

    def run(self) -> ExportReport:
        if self.outdir.exists():
            if any(self.outdir.iterdir()) and not (self.outdir / EXPORT_STATIC).is_dir():
                # Emptied first: only a folder that holds an earlier export, or nothing.
                raise FileExistsError(f"{self.outdir} is not empty and holds no export")
            shutil.rmtree(self.outdir)
        self.outdir.mkdir(parents=True)
        self.pyodide_dir = pyodide_target()
        self.build_home()
        for chapter in self.library.chapters:
            self.build_chapter(chapter)
        self.build_tools()
        while self.pending_examples:
            name, query = self.pending_examples.pop(0)
            self.build_tool(name, query, self.examples[f"{name}?{query}"])
        self.build_search()
        self.build_search_index()
        self.copy_statics()
        self.copy_live()
        return self.report

    def copy_live(self) -> None:
        """The live widgets' Python modules and the vendored Pyodide (a plain copy)."""
        if self.pyodide_dir is None:
            return
        logic = Path(__file__).resolve().parent.parent / "widgets" / "logic"
        for name in LIVE_MODULES:
            self.write_static(EXPORT_STATIC + "py/" + name, (logic / name).read_bytes())
        source = PYODIDE_PACKAGE / "node_modules" / "pyodide"
        for name in PYODIDE_FILES:
            if (source / name).is_file():
                self.write_static(self.pyodide_dir + name, (source / name).read_bytes())


def pyodide_target() -> str | None:
    """The export's folder for Pyodide ("static/vendor/pyodide-314.0.8/"), named by the
    version the lock file pins, or None when `npm ci` has not installed it."""
    installed = PYODIDE_PACKAGE / "node_modules" / "pyodide" / "package.json"
    if not installed.is_file():
        return None
    lock = json.loads((PYODIDE_PACKAGE / "package-lock.json").read_text())
    version = lock["packages"]["node_modules/pyodide"]["version"]
    if json.loads(installed.read_text())["version"] != version:
        raise RuntimeError(f"Pyodide {version} is pinned: run npm ci --prefix {PYODIDE_PACKAGE}")
    return f"static/vendor/pyodide-{version}/"


def export_site(
    outdir: Path, *, base_url: str | None = None, portal_url: str | None = None
) -> ExportReport:
    """Write the read-only site into ``outdir`` (emptied first)."""
    if base_url is not None:
        base_url = "/" + base_url.strip("/") + "/" if base_url.strip("/") else "/"
    # Plain static names (the export copies the files it links; a production setting of
    # hashed, manifest-backed names would need collectstatic first).
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, STATIC_URL="/static/"):
        return Exporter(Path(outdir), base_url=base_url, portal_url=portal_url or None).run()


# --- Widgets -----------------------------------------------------------------------


WIDGET_END_RE = re.compile(r'(<section class="widget\b[^>]*>\s*<h([23])\b.*?</h\2>)', re.S)


def add_widget_notes(body: str, portal_url: str | None) -> str:
    """Each widget says that what it shows was computed when the copy was made."""
    where = (
        f'<a href="{html.escape(portal_url)}">the study portal</a>'
        if portal_url
        else "the study site itself"
    )
    note = (
        '<p class="export-widget-note hint">This copy shows the worked example, computed by '
        f"the widget's own code when the copy was made. To try your own values, use {where}.</p>"
    )
    return WIDGET_END_RE.sub(lambda m: m.group(1) + note, body)


# --- Search ------------------------------------------------------------------------


def search_index_data(library: Library) -> dict[str, object]:
    """What the browser needs to rank sections as the site's search does: each section
    (chapter slug, anchor, heading, chapter title, text) and each term's weighted
    postings with the term's idf folded in (SearchIndex's weights, computed once here)."""
    index = library.search_index
    docs = [[d.slug, d.anchor, d.heading, d.chapter_title, d.text] for d in index.documents]
    terms = {}
    for term in index.vocabulary:
        postings = index.postings[term]
        idf = math.log(1 + index.size / len(postings))
        terms[term] = [
            x for doc, weight in sorted(postings.items()) for x in (doc, round(idf * weight, 3))
        ]
    words = [s.strip() for s in index.word_strings]
    return {"docs": docs, "terms": terms, "words": words, "snippet": SNIPPET_CHARS, "version": 1}


# --- Self-check --------------------------------------------------------------------


def _shuffled(question: BankQuestion) -> list[tuple[int, object]]:
    """Options in an order of their own, the same in every export (file order could
    give the answer away)."""
    return sorted(
        enumerate(question.options),
        key=lambda item: hashlib.sha256(f"{question.id}:{item[0]}".encode()).hexdigest(),
    )


LETTERS = "ABCDEFGH"


def self_check_html(
    chapter: Chapter, questions: tuple[BankQuestion, ...], portal_url: str | None
) -> str:
    """The chapter's questions: choose, then open the disclosure for the answer and
    every option's explanation. Works without JavaScript; export.js only marks the
    chosen options right or wrong when the answer is opened. Nothing is recorded."""
    if not questions:
        return ""
    headings = {s.anchor: s.heading for s in chapter.sections}
    out = [
        '<section class="self-check" aria-label="Questions">',
        f'<p class="hint">{len(questions)} question{"s" if len(questions) != 1 else ""} '
        "on this chapter. "
        "Choose, then open “Show the answer” to see whether you were right and why each "
        "option is right or wrong. Nothing is recorded.</p>",
        '<ol class="self-check-list">',
    ]
    for number, question in enumerate(questions, 1):
        qid = f"check-{number}"
        kind = "checkbox" if question.type == "multiple" else "radio"
        options = _shuffled(question)
        out.append(f'<li class="self-check-question" id="{qid}">')
        out.append(
            f'<div class="self-check-stem" id="{qid}-stem">{render_markdown(question.stem)}</div>'
        )
        if question.type == "multiple":
            out.append(f'<p class="hint">Choose {question.choose}.</p>')
        out.append(
            f'<div role="group" aria-labelledby="{qid}-stem"><ul class="self-check-options">'
        )
        for position, (_, option) in enumerate(options):
            letter = LETTERS[position]
            correct = ' data-correct="1"' if option.correct else ""
            out.append(
                f'<li{correct}><label><input type="{kind}" name="{qid}" value="{letter}"> '
                f'<span class="option-letter">{letter}.</span> {render_inline(option.text)}'
                "</label></li>"
            )
        out.append("</ul></div>")
        answer = ", ".join(LETTERS[p] for p, (_, o) in enumerate(options) if o.correct)
        out.append('<details class="self-check-answer"><summary>Show the answer</summary>')
        out.append('<output class="self-check-verdict"></output>')
        out.append(f'<p>Answer: <strong>{answer}</strong></p><ul class="self-check-explanations">')
        for position, (_, option) in enumerate(options):
            verdict = "Right" if option.correct else "Wrong"
            cls = "right" if option.correct else "wrong"
            out.append(
                f'<li class="{cls}"><strong>{LETTERS[position]}. {verdict}.</strong> '
                f"{render_inline(option.explanation)}</li>"
            )
        out.append("</ul>")
        if question.section in headings:
            out.append(
                f'<p>Read more: <a href="{chapter.url}#{html.escape(question.section)}">'
                f"{html.escape(headings[question.section])}</a></p>"
            )
        out.append("</details></li>")
    out.append("</ol>")
    if portal_url:
        out.append(
            "<p>Practise with a record of your answers and spaced review on the "
            f'<a href="{html.escape(portal_url)}">study portal</a>.</p>'
        )
    out.append("</section>")
    return "\n".join(out)
