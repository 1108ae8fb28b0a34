"""Where each site URL goes in the export.

Without ``--base-url`` every link is relative and names its file (``../../notes/x/
index.html``), so the folder opens from disk (file://, which shows a folder's listing
rather than its index.html), from a domain root and from any sub-path. With it, links
are absolute paths under the base (``/base/notes/x/``: pretty URLs on a web server).
Pages only the server has go to the portal when one is given.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from studysite.chapters.loader import Library
from studysite.widgets.registry import WIDGETS

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
CHAPTER_RE = re.compile(r"/notes/([a-z0-9-]+)/(check/)?")
TOOL_RE = re.compile(r"/tools/([a-z0-9-]+)/")


@dataclass
class Links:
    library: Library
    base_url: str | None = None
    portal_url: str | None = None
    # Output folder ("tools/s3-uri/ab12cd34ef56/") of each tool example, by "name?query".
    examples: dict[str, str] = field(default_factory=dict)
    pending_examples: list[tuple[str, str]] = field(default_factory=list)
    statics: set[str] = field(default_factory=set)  # static files the pages link

    def link(self, page: str, target: str, fragment: str = "", query: str = "") -> str:
        """A link from the page at ``page`` (an output folder such as "notes/x/", or ""
        for home) to ``target`` (a folder ending in "/" or a file)."""
        suffix = (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")
        if self.base_url is not None:
            return self.base_url + target + suffix
        if target.endswith("/") or target == "":
            target += "index.html"
        if target == page + "index.html" and fragment and not query:
            return f"#{fragment}"
        return _relpath(target, page or ".") + suffix

    def root(self, page: str) -> str:
        """The export's top folder, from ``page`` ("" when it is the page's own)."""
        if self.base_url is not None:
            return self.base_url
        return self.link(page, "").removesuffix("index.html")

    def export_target(self, page: str, url: str) -> str | None:
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
        if path == "/tools/":
            return self.link(page, "tools/", fragment)
        match = CHAPTER_RE.fullmatch(path)
        if match and match.group(1) in self.library.by_slug:
            # No "?h=" highlights: site.js would load the server's search script for them.
            return self.link(page, path.lstrip("/"), fragment)
        match = TOOL_RE.fullmatch(path)
        if match and match.group(1) in WIDGETS:
            if not query:
                return self.link(page, path.lstrip("/"), fragment)
            return self.link(page, self.example_page(match.group(1), query), fragment)
        return None

    def resolve(self, page: str, url: str) -> str:
        """What a site URL on ``page`` becomes: the export's page, else the portal's for
        a server-only page, else the top of the page (a test checks none does)."""
        found = self.export_target(page, url)
        if found is None and url.startswith(SERVER_ONLY) and self.portal_url:
            found = self.portal_url.rstrip("/") + url
        return "#main" if found is None else found

    def example_page(self, name: str, query: str) -> str:
        """The output folder of a tool page opened with these values (an example); the
        page is written later, from ``pending_examples``."""
        key = f"{name}?{query}"
        if key not in self.examples:
            digest = hashlib.sha256(query.encode()).hexdigest()[:12]
            self.examples[key] = f"tools/{name}/{digest}/"
            self.pending_examples.append((name, query))
        return self.examples[key]


def _relpath(target: str, start: str) -> str:
    """``posixpath.relpath(target, start)`` for two paths inside the export, without its
    look at the working directory (4,000 calls an export): drop the folders both share,
    then one ".." per folder of ``start`` left. Anything unusual goes to relpath."""
    if ".." in target or ".." in start or "//" in target or target.startswith("/"):
        return posixpath.relpath(target, start)
    to = [part for part in target.split("/") if part and part != "."]
    base = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + to[common:]) or "."


def server_only(url: str) -> bool:
    return html.unescape(url).startswith(SERVER_ONLY)
