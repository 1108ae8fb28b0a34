"""Ranked full-text search over the sections of every chapter (pure Python).

The index is built once with the chapter library (so in memory, per process) and a
query costs a few dictionary lookups per term. Terms match as prefixes as well, so a
query typed live ("buck") already finds "bucket" and "buckets"; whole-word matches rank
higher. Every query term must match somewhere in the section (its text, its heading
or its chapter's title).
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

WORD_RE = re.compile(r"[0-9a-z]+")
MAX_QUERY_TERMS = 12
MAX_PREFIX_EXPANSIONS = 64
SNIPPET_CHARS = 180


def tokenize(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


@dataclass(frozen=True)
class SearchDocument:
    slug: str
    chapter_title: str
    anchor: str
    heading: str
    text: str


@dataclass(frozen=True)
class SearchHit:
    slug: str
    chapter_title: str
    anchor: str
    heading: str
    snippet_html: str  # already escaped; matches wrapped in <mark>
    score: float


class SearchIndex:
    def __init__(self, documents: Iterable[SearchDocument]) -> None:
        self.documents = tuple(documents)
        # term -> {doc index: weighted frequency}
        self.postings: dict[str, dict[int, float]] = {}
        for index, doc in enumerate(self.documents):
            weights: Counter[str] = Counter()
            for term, count in Counter(tokenize(doc.text)).items():
                weights[term] += 1 + math.log(count)
            for term in set(tokenize(doc.heading)):
                weights[term] += 4
            for term in set(tokenize(doc.chapter_title)):
                weights[term] += 1.5
            for term, weight in weights.items():
                self.postings.setdefault(term, {})[index] = weight
        self.vocabulary = sorted(self.postings)
        self.size = max(len(self.documents), 1)

    def _expand(self, term: str) -> dict[str, float]:
        """Index terms a query term matches, with a factor: 1 exact, less for a prefix."""
        matches: dict[str, float] = {}
        if term in self.postings:
            matches[term] = 1.0
        start = bisect.bisect_left(self.vocabulary, term)
        for candidate in self.vocabulary[start : start + MAX_PREFIX_EXPANSIONS]:
            if not candidate.startswith(term):
                break
            if candidate != term:
                matches[candidate] = 0.5 + 0.4 * len(term) / len(candidate)
        return matches

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        terms = list(dict.fromkeys(tokenize(query)))[:MAX_QUERY_TERMS]
        if not terms:
            return []
        scores: dict[int, float] = {}
        for position, term in enumerate(terms):
            term_scores: dict[int, float] = {}
            for candidate, factor in self._expand(term).items():
                postings = self.postings[candidate]
                idf = math.log(1 + self.size / len(postings))
                for doc, weight in postings.items():
                    score = factor * idf * weight
                    if score > term_scores.get(doc, 0.0):
                        term_scores[doc] = score
            if position == 0:
                scores = term_scores
            else:  # every term must match
                scores = {d: s + term_scores[d] for d, s in scores.items() if d in term_scores}
            if not scores:
                return []
        phrase = " ".join(terms)
        if len(terms) > 1:
            for doc in scores:
                if phrase in " ".join(tokenize(self.documents[doc].text)):
                    scores[doc] *= 1.5
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [self._hit(doc, score, terms) for doc, score in ranked]

    def _hit(self, index: int, score: float, terms: list[str]) -> SearchHit:
        doc = self.documents[index]
        return SearchHit(
            slug=doc.slug,
            chapter_title=doc.chapter_title,
            anchor=doc.anchor,
            heading=doc.heading or doc.chapter_title,
            snippet_html=make_snippet(doc.text, terms),
            score=round(score, 4),
        )


def make_snippet(text: str, terms: list[str]) -> str:
    """A window of the text around the first match, escaped, with matches in <mark>."""
    pattern = re.compile(
        r"(?<![0-9a-z])(?:" + "|".join(re.escape(t) for t in terms) + r")[0-9a-z]*",
        re.IGNORECASE,
    )
    first = pattern.search(text)
    start = 0
    if first and first.start() > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, first.start() - SNIPPET_CHARS // 3) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = text[start:end]
    out: list[str] = ["…" if start > 0 else ""]
    cursor = 0
    for match in pattern.finditer(window):
        out.append(html.escape(window[cursor : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        cursor = match.end()
    out.append(html.escape(window[cursor:]))
    if end < len(text):
        out.append("…")
    return "".join(out)
