"""Widgets in the export: each shows its worked example, computed at export time by the
widget's own code; some also run live in the browser (Pyodide) when the export is served
over http(s) – see assets/live.js."""

from __future__ import annotations

import html

# Widgets whose logic runs in the browser when the export is served over http(s). The
# CLI explainer needs awscli's models, so it shows the precomputed explanations only.
LIVE_WIDGETS = frozenset({"bucket-name", "object-key", "s3-uri", "storage-class", "sigv4"})

LIVE_HINT = (
    '<p class="hint export-live-hint">Served over http(s) (for example '
    "<code>python -m http.server</code> in the folder), this widget runs live in your "
    "browser with its own Python code; opened from disk it shows the example only.</p>"
)


def widget_note(portal_url: str | None) -> str:
    """Each widget says that what it shows was computed when the copy was made."""
    where = (
        f'<a href="{html.escape(portal_url)}">the study portal</a>'
        if portal_url
        else "the study site itself"
    )
    return (
        '<p class="export-widget-note hint">This copy shows the worked example, computed by '
        f"the widget's own code when the copy was made. To try your own values, use {where}.</p>"
    )
