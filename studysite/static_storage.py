"""Static files as production serves them: WhiteNoise's hashed and compressed files,
with the comments left out of stylesheets.

The sources in static/css keep their comments for whoever edits them; a browser never
needs them, and every chapter's first load has a budget (< 45 KB compressed: DESIGN.md,
issue 14; site.css is 1 KB smaller compressed without them). Only comments go: a comment
inside a quoted string stays, and the rules themselves are sent as written.
"""

from __future__ import annotations

import re

from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

# A quoted string (kept as it is) or a comment (dropped), whichever starts first.
_CSS_TOKEN_RE = re.compile(rb"""("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|/\*.*?\*/""", re.S)


def strip_css_comments(css: bytes) -> bytes:
    """``css`` without its comments, and without the lines that held only a comment."""
    stripped = _CSS_TOKEN_RE.sub(lambda m: m.group(1) or b"", css)
    lines = (line.rstrip() for line in stripped.split(b"\n"))
    return b"".join(line + b"\n" for line in lines if line.strip())


class CompressedManifestStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage (hashed names, gzip and Brotli copies), saving stylesheets
    without comments. File names keep the hash of the source, so they still change when
    it does; WhiteNoise compresses the saved files, so its copies have no comments either."""

    def _save(self, name, content):
        if name.endswith(".css"):
            content.seek(0)
            content = ContentFile(strip_css_comments(content.read()))
        return super()._save(name, content)
