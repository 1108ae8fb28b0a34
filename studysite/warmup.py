"""Load what every request needs once per server process, before the first request.

A process builds the notes library, the question bank and its compiled templates on
first use: about 0.4 s on this machine, which the first visitor of each new worker would
wait for, and in a live session the first "next" after a restart (both server processes
at once, every phone waiting). The server entry points (asgi.py, wsgi.py) call
:func:`warm` at import, before they serve; management commands and tests do not.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

TEMPLATES = (
    "_base.html",
    "home.html",
    "chapters/chapter.html",
    "live/play.html",
    "live/present.html",
    "live/_participant.html",
    "live/_presenter.html",
)


def warm() -> None:
    """Build the library and the bank and compile the common templates. A failure here is
    logged, not raised: the pages then report a broken note as they always do."""
    from django.template import TemplateDoesNotExist
    from django.template.loader import get_template

    from studysite.chapters.loader import get_library
    from studysite.quiz import render
    from studysite.quiz.bank import get_bank

    try:
        get_library()
        get_bank()
        render.render("`warm` **up**")  # the question renderer's markdown set-up
    except Exception:
        log.exception("warm-up: the notes or the question bank did not load")
    for name in TEMPLATES:
        try:
            get_template(name)
        except TemplateDoesNotExist:
            log.warning("warm-up: no template %s", name)
