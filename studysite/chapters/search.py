"""Ranked full-text search over the sections of every chapter (pure Python).

Query syntax::

    glacier retrieval        every word must match (its start is enough: "buck" finds "bucket")
    "object lock" retention  a quoted phrase must appear as written (straight or curly quotes)
    glaicer                  a word that matches nothing is corrected ("did you mean glacier")

The index is built once with the chapter library (so in memory, per process) and a
query costs a few dictionary lookups per term. Whole-word matches rank above prefix
matches, which rank above corrected words; a heading match counts most. Every query word
and phrase must match somewhere in the section (its text, its heading or its chapter's
title). Typo tolerance uses a deletion index (the SymSpell idea, Wolf Garbe 2012): two
words within one edit share a word with one letter deleted, so candidates are found by
dictionary lookups, not by comparing the word with the whole vocabulary; each candidate
is then checked with the optimal-string-alignment distance (transpositions count as one
edit, so "glaicer" is one edit from "glacier").

Snippets and headings are highlighted from each section's words, found once when the
index is built (:class:`Words`: where each word starts and ends, lowercased), so a query
slices the text and wraps the words it matches in ``<mark>`` without a regular
expression: compiling the query's case-insensitive pattern alone cost about 0.2 ms, a
fifth of a new search (issue 14). The result is the same as :func:`match_pattern` with
:func:`make_snippet` and :func:`mark_matches`, which stay as the reference (and serve the
rare text with a character a case-insensitive ``[a-z]`` also matches, such as the Kelvin
sign); tests/chapters/test_search_words.py compares both on every section of the notes.
"""

from __future__ import annotations

import bisect
import html
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

WORD_RE = re.compile(r"[0-9a-z]+")
# Straight and typographic double quotes (phone keyboards type the latter).
PHRASE_RE = re.compile(r"[\"“”„]([^\"“”„]*)(?:[\"“”„]|$)")
MAX_QUERY_TERMS = 12
MAX_PREFIX_EXPANSIONS = 64
SNIPPET_CHARS = 180
PAGE_SIZE = 20
# Typo tolerance: words this long or longer may be corrected, by this many edits at most.
FUZZY_MIN_LENGTH = 4
FUZZY_TWO_EDITS_FROM = 8
FUZZY_CANDIDATES = 3
FUZZY_FACTOR = 0.45  # a corrected word counts less than a typed one
PHRASE_BONUS = 1.5
# Characters beyond ASCII that a case-insensitive [0-9a-z] (or one of its letters) matches
# in Python's re: a text holding one is highlighted by the pattern, not from its words
# (tests/chapters/test_search_words.py checks the list against every code point).
CASE_TWINS = frozenset("\u0130\u0131\u017f\u212a")
ASCII_WORD_RE = re.compile(r"[0-9A-Za-z]+")


def tokenize(text: str) -> list[str]:
    return WORD_RE.findall(text.casefold())


# 1 + log(count) for the counts most terms have in a section.
_BODY_WEIGHTS = [0.0] + [1 + math.log(count) for count in range(1, 64)]


def _body_weight(count: int) -> float:
    return _BODY_WEIGHTS[count] if count < 64 else 1 + math.log(count)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Optimal string alignment distance (an adjacent transposition is one edit),
    or ``limit + 1`` as soon as it is known to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[str, ...]  # loose words, each matched as a word or a word's start
    phrases: tuple[tuple[str, ...], ...]  # quoted phrases, matched word for word

    @property
    def empty(self) -> bool:
        return not self.terms and not self.phrases


def parse_query(query: str) -> ParsedQuery:
    phrases: list[tuple[str, ...]] = []
    for match in PHRASE_RE.finditer(query):
        words = tuple(tokenize(match.group(1)))
        if words and words not in phrases:
            phrases.append(words[:MAX_QUERY_TERMS])
    loose = PHRASE_RE.sub(" ", query)
    terms = list(dict.fromkeys(tokenize(loose)))
    # One-word phrases are whole words; a word both loose and quoted is quoted.
    quoted = {p[0] for p in phrases if len(p) == 1}
    terms = [t for t in terms if t not in quoted]
    budget = MAX_QUERY_TERMS
    kept_phrases = []
    for phrase in phrases:
        if budget <= 0:
            break
        kept_phrases.append(phrase[:budget])
        budget -= len(phrase)
    return ParsedQuery(terms=tuple(terms[: max(budget, 0)]), phrases=tuple(kept_phrases))


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
    heading_html: str = ""  # the heading, escaped, with matches in <mark>


@dataclass(frozen=True)
class SearchResults:
    hits: list[SearchHit]
    total: int  # every matching section, of which ``hits`` is one page
    offset: int
    # Words that matched nothing, each with the word searched instead.
    corrections: tuple[tuple[str, str], ...] = ()
    # The query as searched (corrections applied) and what to highlight on the page a
    # hit opens: words and quoted phrases, for the chapter page's ``?h=``.
    corrected_query: str = ""
    highlight: str = ""
    parsed: ParsedQuery = field(default_factory=lambda: ParsedQuery((), ()))

    @property
    def more(self) -> int:
        """How many hits come after this page."""
        return max(0, self.total - self.offset - len(self.hits))

    @property
    def next_offset(self) -> int:
        return self.offset + len(self.hits)


class SearchIndex:
    def __init__(self, documents: Iterable[SearchDocument]) -> None:
        self.documents = tuple(documents)
        # term -> {doc index: weighted frequency}
        self.postings: dict[str, dict[int, float]] = {}
        # Each section's words in order, heading and text apart, for phrase matching.
        self.word_strings: list[str] = []
        postings = self.postings
        for index, doc in enumerate(self.documents):
            body_words = tokenize(doc.text)
            heading_words = tokenize(doc.heading)
            title_words = tokenize(doc.chapter_title)
            # A term's weight: 1 + log(count) in the text, + 4 in the heading, + 1.5 in
            # the chapter's title (a table of logs: the same floats, in less time).
            weights = {term: _body_weight(count) for term, count in Counter(body_words).items()}
            for term in set(heading_words):
                weights[term] = weights.get(term, 0) + 4
            for term in set(title_words):
                weights[term] = weights.get(term, 0) + 1.5
            for term, weight in weights.items():
                posting = postings.get(term)
                if posting is None:
                    postings[term] = {index: weight}
                else:
                    posting[index] = weight
            self.word_strings.append(
                " "
                + " ".join(heading_words)
                + " | "
                + " ".join(body_words)
                + " | "
                + " ".join(title_words)
                + " "
            )
        self.vocabulary = sorted(self.postings)
        self.size = max(len(self.documents), 1)
        self._deletion_index: dict[str, list[str]] | None = None

    # Each section's text and heading as words, for snippets (None: use the pattern):
    # built with the typo index (prepare_corrections), not by the static export, which
    # needs only the postings (two thirds of the index's build time).
    @cached_property
    def text_words(self) -> list[Words | None]:
        return [text_words(doc.text) for doc in self.documents]

    @cached_property
    def heading_words(self) -> list[Words | None]:
        return [text_words(doc.heading or doc.chapter_title) for doc in self.documents]

    # --- Matching words ------------------------------------------------------------

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

    def _deletions(self) -> dict[str, list[str]]:
        """Every indexed word, and every word with one letter deleted -> the indexed
        words it comes from (built by :meth:`prepare_corrections`, or on first need)."""
        if self._deletion_index is None:
            index: defaultdict[str, list[str]] = defaultdict(list)
            for word in self.vocabulary:
                if len(word) < FUZZY_MIN_LENGTH - 1 or word.isdigit():
                    continue
                index[word].append(word)
                for deleted in _deletes(word):
                    index[deleted].append(word)
            self._deletion_index = dict(index)
        return self._deletion_index

    def prepare_corrections(self) -> None:
        """Build the typo index and the snippets' word lists now (the library does, once
        per process) rather than on the first (misspelt) query."""
        self._deletions()
        self.text_words  # noqa: B018 - built and kept
        self.heading_words  # noqa: B018

    def corrections(self, term: str) -> list[str]:
        """Indexed words within one edit of ``term`` (two for long words), closest and
        most common first; [] for short words, numbers and words that are indexed."""
        if len(term) < FUZZY_MIN_LENGTH or term.isdigit() or term in self.postings:
            return []
        limit = 2 if len(term) >= FUZZY_TWO_EDITS_FROM else 1
        index = self._deletions()
        keys = {term} | _deletes(term)
        if limit == 2:
            keys |= {d for first in _deletes(term) for d in _deletes(first)}
        candidates: set[str] = set()
        for key in keys:
            candidates.update(index.get(key, ()))
        scored = []
        for candidate in candidates:
            distance = edit_distance(term, candidate, limit)
            if distance <= limit:
                scored.append((distance, -len(self.postings[candidate]), candidate))
        scored.sort()
        if not scored:
            return []
        best = scored[0][0]
        return [c for d, _, c in scored if d == best][:FUZZY_CANDIDATES]

    def _term_scores(self, matches: dict[str, float]) -> dict[int, float]:
        scores: dict[int, float] = {}
        for candidate, factor in matches.items():
            postings = self.postings[candidate]
            idf = math.log(1 + self.size / len(postings))
            for doc, weight in postings.items():
                score = factor * idf * weight
                if score > scores.get(doc, 0.0):
                    scores[doc] = score
        return scores

    # --- Queries -------------------------------------------------------------------

    def search(self, query: str, *, limit: int = PAGE_SIZE) -> list[SearchHit]:
        """The best ``limit`` hits (see :meth:`query` for paging and corrections)."""
        return self.query(query, limit=limit).hits

    def query(self, query: str, *, offset: int = 0, limit: int = PAGE_SIZE) -> SearchResults:
        parsed = parse_query(query)
        if parsed.empty:
            return SearchResults(hits=[], total=0, offset=offset, parsed=parsed)
        corrections: list[tuple[str, str]] = []
        # Each requirement (a word or a phrase) scores the sections it matches.
        requirements: list[dict[int, float]] = []
        highlight_words: list[str] = []
        highlight_phrases: list[tuple[str, ...]] = []
        searched_terms: list[str] = []

        for term in parsed.terms:
            matches = self._expand(term)
            used = term
            if not matches:
                fixes = self.corrections(term)
                if fixes:
                    matches = dict.fromkeys(fixes, FUZZY_FACTOR)
                    used = fixes[0]
                    corrections.append((term, used))
            requirements.append(self._term_scores(matches))
            # Highlight what was found: the typed start of a word, or the corrections.
            highlight_words.extend([term] if used == term else list(matches))
            searched_terms.append(used)

        for phrase in parsed.phrases:
            words = []
            for word in phrase:
                if word not in self.postings:
                    fixes = self.corrections(word)
                    if fixes:
                        corrections.append((word, fixes[0]))
                        word = fixes[0]
                words.append(word)
            phrase = tuple(words)
            scores = self._phrase_scores(phrase)
            requirements.append(scores)
            highlight_phrases.append(phrase)
            searched_terms.append('"' + " ".join(phrase) + '"')

        scores = requirements[0]
        for more in requirements[1:]:  # every word and phrase must match
            scores = {d: s + more[d] for d, s in scores.items() if d in more}
            if not scores:
                break
        if len(parsed.terms) > 1 and scores:
            # Loose words that happen to stand together, as typed, rank higher.
            together = " " + " ".join(parsed.terms) + " "
            for doc in scores:
                if together in self.word_strings[doc]:
                    scores[doc] *= PHRASE_BONUS
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        page = ranked[offset : offset + limit]
        # One highlighter for the page's snippets and headings (built once per query).
        marker = Highlighter(highlight_words, highlight_phrases)
        hits = [self._hit(d, s, marker) for d, s in page]
        highlight = " ".join(
            [*dict.fromkeys(highlight_words), *('"' + " ".join(p) + '"' for p in highlight_phrases)]
        )
        return SearchResults(
            hits=hits,
            total=len(ranked),
            offset=offset,
            corrections=tuple(dict.fromkeys(corrections)),
            corrected_query=" ".join(searched_terms) if corrections else "",
            highlight=highlight,
            parsed=parsed,
        )

    def _phrase_scores(self, phrase: tuple[str, ...]) -> dict[int, float]:
        """Sections where the words stand together in this order, scored like the words."""
        postings = [self.postings.get(word) for word in phrase]
        if not all(postings):
            return {}
        candidates = set(postings[0])  # type: ignore[arg-type]
        for more in postings[1:]:
            candidates &= set(more)  # type: ignore[arg-type]
        needle = " " + " ".join(phrase) + " "
        scores: dict[int, float] = {}
        for doc in candidates:
            if needle in self.word_strings[doc]:
                score = 0.0
                for posting in postings:
                    idf = math.log(1 + self.size / len(posting))  # type: ignore[arg-type]
                    score += idf * posting[doc]  # type: ignore[index]
                scores[doc] = score * PHRASE_BONUS
        return scores

    def _hit(self, index: int, score: float, marker: Highlighter) -> SearchHit:
        doc = self.documents[index]
        heading = doc.heading or doc.chapter_title
        return SearchHit(
            slug=doc.slug,
            chapter_title=doc.chapter_title,
            anchor=doc.anchor,
            heading=heading,
            snippet_html=marker.snippet(doc.text, self.text_words[index]),
            score=round(score, 4),
            heading_html=marker.mark(heading, self.heading_words[index]),
        )


def match_pattern(words: list[str], phrases: Iterable[tuple[str, ...]] = ()) -> re.Pattern[str]:
    """Matches of the query in text: phrases (words apart by anything but letters and
    digits), then words and the rest of a word they start."""
    alternatives = [r"[^0-9a-z]+".join(re.escape(w) for w in phrase) for phrase in phrases]
    alternatives += [re.escape(w) for w in words]
    if not alternatives:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![0-9a-z])(?:" + "|".join(alternatives) + r")[0-9a-z]*", re.IGNORECASE)


def mark_matches(text: str, pattern: re.Pattern[str]) -> str:
    out: list[str] = []
    cursor = 0
    for match in pattern.finditer(text):
        out.append(html.escape(text[cursor : match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        cursor = match.end()
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def make_snippet(
    text: str,
    terms: list[str],
    *,
    phrases: Iterable[tuple[str, ...]] = (),
    pattern: re.Pattern[str] | None = None,
) -> str:
    """A window of the text around the first match, escaped, with matches in <mark>."""
    if pattern is None:
        pattern = match_pattern(terms, phrases)
    first = pattern.search(text)
    start, end = snippet_window(text, first.span() if first else None)
    window = text[start:end]
    return (
        ("…" if start > 0 else "")
        + mark_matches(window, pattern)
        + ("…" if end < len(text) else "")
    )


def snippet_window(text: str, first: tuple[int, int] | None) -> tuple[int, int]:
    """Where a snippet starts and ends: around the first match (its start and end), at
    spaces where it can."""
    start = 0
    if first and first[0] > SNIPPET_CHARS // 3:
        start = text.rfind(" ", 0, first[0] - SNIPPET_CHARS // 3) + 1
    end = min(len(text), start + SNIPPET_CHARS)
    if first and first[1] > end:  # a long phrase: show all of it
        end = min(len(text), first[1] + 20)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words as :func:`match_pattern` sees them: runs of ASCII letters and
    digits, lowercased, with where each starts and ends."""

    tokens: list[str]
    starts: list[int]
    ends: list[int]
    first: dict[str, int]  # each distinct word -> its first position in ``tokens``
    vocabulary: list[str]  # the distinct words, sorted (for prefixes)


def text_words(text: str) -> Words | None:
    """The words of ``text``, or None when a character in it is one a case-insensitive
    pattern would also take for a letter (then the pattern highlights it)."""
    if not text.isascii() and not CASE_TWINS.isdisjoint(text):
        return None
    tokens, starts, ends = [], [], []
    for match in ASCII_WORD_RE.finditer(text):
        tokens.append(match.group().lower())
        starts.append(match.start())
        ends.append(match.end())
    first: dict[str, int] = {}
    for position, token in enumerate(tokens):
        first.setdefault(token, position)
    return Words(tokens, starts, ends, first, sorted(first))


class Highlighter:
    """A query's matches in a text, from the text's :class:`Words`: what
    :func:`match_pattern` would match, found by comparing words. At a word, quoted
    phrases are tried first, in order (every word but the last whole, the last's start
    enough), then loose words (a word's start); a match runs to the end of its last
    word. The pattern is compiled only for a text without words (see CASE_TWINS)."""

    def __init__(self, words: list[str], phrases: Iterable[tuple[str, ...]] = ()) -> None:
        self.words = tuple(words)
        self.phrases = tuple(phrases)
        # (every word but the last, the last) per phrase; a one-word phrase is a word.
        self._phrases = [(list(p[:-1]), p[-1]) for p in self.phrases if len(p) > 1]
        self._starts = self.words + tuple(p[0] for p in self.phrases if len(p) == 1)
        self._pattern: re.Pattern[str] | None = None

    @property
    def pattern(self) -> re.Pattern[str]:
        if self._pattern is None:
            self._pattern = match_pattern(list(self.words), self.phrases)
        return self._pattern

    def _match_at(self, tokens: list[str], i: int) -> int:
        """The last word of the match starting at word ``i``, or -1."""
        for phrase in self.phrases:  # in order, as the pattern's alternatives
            last = i + len(phrase) - 1
            if (
                last < len(tokens)
                and tokens[last].startswith(phrase[-1])
                and all(tokens[i + k] == phrase[k] for k in range(len(phrase) - 1))
            ):
                return last
        return i if tokens[i].startswith(self._starts) else -1

    def _matches(self, tokens: list[str]) -> list[tuple[int, int]]:
        """Every match in ``tokens``, as (first word, last word), left to right."""
        if not self.phrases:
            starts = self._starts
            return [(i, i) for i, token in enumerate(tokens) if token.startswith(starts)]
        found = []
        i = 0
        while i < len(tokens):
            last = self._match_at(tokens, i)
            if last >= 0:
                found.append((i, last))
                i = last + 1
            else:
                i += 1
        return found

    def _first(self, words: Words) -> int:
        """The position of the first word where a match starts, or -1."""
        tokens, vocabulary, first = words.tokens, words.vocabulary, words.first
        best = len(tokens)
        for start in self._starts:  # words starting so: their first positions
            k = bisect.bisect_left(vocabulary, start)
            while k < len(vocabulary) and vocabulary[k].startswith(start):
                best = min(best, first[vocabulary[k]])
                k += 1
        for head, last in self._phrases:  # each place the first word stands, in turn
            i = first.get(head[0], best)
            while i < best:
                after = i + len(head)
                if (
                    after < len(tokens)
                    and tokens[after].startswith(last)
                    and (tokens[i:after] == head)
                ):
                    best = i
                    break
                try:
                    i = tokens.index(head[0], i + 1, best)
                except ValueError:
                    break
        return best if best < len(tokens) else -1

    def _marked(self, text: str, words: Words, start: int, end: int) -> str:
        """``text[start:end]``, escaped, with the matches in it in <mark>: the words in
        the window, cut at its edges as the pattern would see them."""
        lo = bisect.bisect_right(words.ends, start)
        hi = bisect.bisect_left(words.starts, end)
        tokens = words.tokens[lo:hi]
        if tokens and words.starts[lo] < start:
            tokens[0] = text[start : words.ends[lo]].lower()
        if tokens and words.ends[hi - 1] > end:
            tokens[-1] = text[max(words.starts[hi - 1], start) : end].lower()
        out: list[str] = []
        cursor = start
        for a, b in self._matches(tokens):
            begin = max(words.starts[lo + a], start)
            stop = min(words.ends[lo + b], end)
            out.append(html.escape(text[cursor:begin]))
            # One word is letters and digits, which need no escaping.
            marked = text[begin:stop] if a == b else html.escape(text[begin:stop])
            out.append(f"<mark>{marked}</mark>")
            cursor = stop
        out.append(html.escape(text[cursor:end]))
        return "".join(out)

    def mark(self, text: str, words: Words | None) -> str:
        """As :func:`mark_matches`."""
        if words is None:
            return mark_matches(text, self.pattern)
        return self._marked(text, words, 0, len(text))

    def snippet(self, text: str, words: Words | None) -> str:
        """As :func:`make_snippet`."""
        if words is None:
            return make_snippet(text, [], pattern=self.pattern)
        first = self._first(words)
        span = None
        if first >= 0:
            span = (words.starts[first], words.ends[self._match_at(words.tokens, first)])
        start, end = snippet_window(text, span)
        return (
            ("…" if start > 0 else "")
            + self._marked(text, words, start, end)
            + ("…" if end < len(text) else "")
        )
