"""The export's search index: a script file (``static/export/search-index.js``) rather
than JSON, because browsers refuse fetch() from a page opened from disk; export.js loads
it only when search is used."""

from __future__ import annotations

import json
import math

from studysite.chapters.loader import Library
from studysite.chapters.search import SNIPPET_CHARS

SEARCH_INDEX = "static/export/search-index.js"


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


def search_index_script(library: Library) -> bytes:
    data = json.dumps(
        search_index_data(library), ensure_ascii=False, separators=(",", ":"), sort_keys=True
    )
    return f"window.STUDY_SEARCH_INDEX={data};\n".encode()
