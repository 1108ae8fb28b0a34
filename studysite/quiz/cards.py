"""What every quiz page shares: a question version as template data, and answer checking.

The chapter quiz, custom practice and the mock exam all show questions through
``templates/quiz/_question_fields.html`` and ``_feedback.html`` with the dict built by
:func:`question_view`, and read answers with :func:`parse_choice`; only what happens
around them (which question comes next, where the answer is stored) differs.
"""

from __future__ import annotations

import html as html_lib
import random
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.crypto import salted_hmac
from django.utils.html import strip_tags
from django.utils.text import Truncator

from studysite.chapters.loader import Chapter, chapter_url, get_library

from . import render as markdown
from .models import Question, QuestionVersion

QUESTION_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REF_RE = re.compile(r"^[0-9a-f]{20}$")
SHUFFLE_RE = re.compile(r"^[0-9a-f]{16}$")
_REFS: dict[str, str] = {}  # ref -> question id, rebuilt when an unknown ref arrives
INDEX_RE = re.compile(r"^[0-9]{1,2}$")
MAX_CHOSEN = 10
UNREADABLE = "That answer could not be read. Choose from the options shown."
_RENDERED: dict[str, dict] = {}
_RENDERED_MAX = 1024


def rendered(version: QuestionVersion) -> dict:
    """A version's markdown as HTML, once per content hash (content never changes)."""
    html = _RENDERED.get(version.content_hash)
    if html is None:
        content = version.content
        html = {
            "stem": markdown.render(content["stem"]),
            "options": [
                {
                    "text": markdown.render_inline(o["text"]),
                    "explanation": markdown.render(o["explanation"]),
                }
                for o in content["options"]
            ],
        }
        if len(_RENDERED) >= _RENDERED_MAX:
            _RENDERED.clear()
        _RENDERED[version.content_hash] = html
    return html


def question_by_id(raw: str) -> Question | None:
    """An existing question for a posted id, or None for anything malformed or unknown."""
    if not isinstance(raw, str) or len(raw) > 80 or not QUESTION_ID_RE.match(raw):
        return None
    return Question.objects.filter(pk=raw).select_related("current").first()


# Pages carry an opaque reference, never the question's id: ids are readable slugs that
# can name the answer ("s3-athena-instead-of-s3-select").


def question_ref(question_id: str) -> str:
    """A stable, opaque stand-in for a question id (an HMAC under the secret key)."""
    return salted_hmac("quiz.question-ref", question_id, algorithm="sha256").hexdigest()[:20]


def question_by_ref(raw: object) -> Question | None:
    """The question a posted reference stands for, or None for anything else.

    A plain question id is still accepted (scripts and older forms post one); pages only
    ever carry the reference.
    """
    if not isinstance(raw, str):
        return None
    if not REF_RE.match(raw):
        return question_by_id(raw)
    question_id = _REFS.get(raw)
    if question_id is None:  # a new question since the table was built: rebuild it once
        _REFS.clear()
        _REFS.update(
            (question_ref(qid), qid) for qid in Question.objects.values_list("pk", flat=True)
        )
        question_id = _REFS.get(raw)
    if question_id is None:
        return None
    return Question.objects.filter(pk=question_id).select_related("current").first()


# Options are shown in an order of their own per learner and attempt, so that file order
# (where keys cluster in A and B) gives nothing away. The order follows from a short key
# (a "shuffle" the page carries, derived from the attempt) and the question id, so the
# same attempt always shows the same order and its review can show it again.


def shuffle_key(*parts: object) -> str:
    """A 16-hex-digit shuffle key for an attempt, e.g. ``shuffle_key("exam", exam.pk)``."""
    text = ":".join(str(p) for p in parts)
    return salted_hmac("quiz.shuffle", text, algorithm="sha256").hexdigest()[:16]


def option_order(shuffle: str, question_id: str, count: int) -> tuple[int, ...]:
    """Display position -> file index for one question under one shuffle key.

    An empty key keeps file order (forms posted without one, and answers stored before
    options were shuffled).
    """
    indexes = list(range(count))
    if shuffle:
        digest = salted_hmac("quiz.order", f"{shuffle}:{question_id}", algorithm="sha256")
        _permute(indexes, int(digest.hexdigest(), 16))
    return tuple(indexes)


def _permute(indexes: list[int], seed: int) -> None:
    # Not for secrecy: the seed is already an HMAC; this only spreads it over the orders.
    random.Random(seed).shuffle(indexes)  # noqa: S311


def posted_shuffle(post: QueryDict, expected: str | None = None) -> str | None:
    """The shuffle key a form posted back ("" when none: file order), or None when it is
    malformed or, where the server knows the attempt's key, not that key."""
    raw = post.get("shuffle", "")
    if raw == "":
        return ""
    if not isinstance(raw, str) or not SHUFFLE_RE.match(raw):
        return None
    return raw if expected is None or raw == expected else None


def correct_indexes(content: Mapping) -> set[int]:
    return {i for i, o in enumerate(content["options"]) if o["correct"]}


def is_correct(content: Mapping, chosen: Iterable[int]) -> bool:
    return set(chosen) == correct_indexes(content)


def section_link(content: Mapping) -> tuple[str, str, str]:
    """(url, section heading, chapter title) of the section that teaches a question."""
    slug, section = content["chapter"], content["section"]
    chapter = get_library().by_slug.get(slug)
    if chapter is None:  # the chapter was removed after this version was drawn
        return f"{chapter_url(slug)}#{section}", section, slug
    headings = {s.anchor: s.heading for s in chapter.sections}
    return (
        f"{chapter_url(slug)}#{section}",
        headings.get(section) or chapter.title,
        chapter.title,
    )


def question_view(
    question_id: str,
    version: QuestionVersion,
    chosen: Iterable[int] = (),
    shuffle: str = "",
    order: Sequence[int] | None = None,
) -> dict[str, object]:
    """Everything the question and feedback partials show, for one version.

    Options come in display order: the order stored with an answer, else the one the
    shuffle key gives; each option's ``index`` is its display position (what the form
    posts), ``chosen`` the file indexes picked.
    """
    content = version.content
    html = rendered(version)
    picked = set(chosen)
    count = len(content["options"])
    if order is None or sorted(order) != list(range(count)):
        order = option_order(shuffle, question_id, count)
    section_url, section_title, chapter_title = section_link(content)
    options = [
        {
            "text": option_html["text"],
            "explanation": option_html["explanation"],
            "correct": option["correct"],
            "chosen": index in picked,
        }
        for index, (option, option_html) in enumerate(
            zip(content["options"], html["options"], strict=True)
        )
    ]
    return {
        "ref": question_ref(question_id),
        "shuffle": shuffle,
        "order": list(order),
        "version": version.number,
        "type": content["type"],
        "choose": content["choose"],
        "domain": content["domain"],
        "stem": html["stem"],
        "options": [{"index": position, **options[i]} for position, i in enumerate(order)],
        "references": content["references"],
        "section_url": section_url,
        "section_title": section_title,
        "chapter_title": chapter_title,
    }


def read_indexes(
    post: QueryDict, count: int, order: Sequence[int] | None = None
) -> tuple[tuple[int, ...], str]:
    """The chosen file indexes (ascending) and an error for anything not one of ``count``.

    The form posts display positions; ``order`` (display position -> file index, as
    :func:`option_order` gives) turns them back into the question file's indexes.
    """
    raw = post.getlist("option")
    if len(raw) > MAX_CHOSEN or not all(INDEX_RE.match(v) for v in raw):
        return (), UNREADABLE
    shown = sorted({int(v) for v in raw})
    valid = [i for i in shown if i < count]
    mapping = order if order is not None and len(order) == count else range(count)
    chosen = tuple(sorted(mapping[i] for i in valid))
    if len(valid) != len(shown) or len(shown) != len(raw):
        return chosen, UNREADABLE
    return chosen, ""


def count_error(content: Mapping, chosen: tuple[int, ...]) -> str:
    """The message for a choice of the wrong size, or ""."""
    choose = content["choose"]
    if not chosen:
        wanted = "an answer" if choose == 1 else f"{choose} answers"
        return f"Choose {wanted} first."
    if len(chosen) != choose:
        wanted = "only one answer" if choose == 1 else f"exactly {choose} answers"
        return f"Choose {wanted}; you chose {len(chosen)}."
    return ""


def parse_choice(
    post: QueryDict,
    content: Mapping,
    confidence_values: Iterable[str] = (),
    order: Sequence[int] | None = None,
) -> tuple[tuple[int, ...], str, str]:
    """(chosen file indexes, confidence, error message or "") from a posted answer form."""
    chosen, error = read_indexes(post, len(content["options"]), order)
    if error:
        return chosen, "", error
    confidence = post.get("confidence", "")
    if confidence not in {"", *confidence_values}:
        return chosen, "", "Say whether you are sure or unsure, or leave it blank."
    return chosen, confidence, count_error(content, chosen)


# --- Progress lines and end cards ---------------------------------------------------------
# Every mode (chapter quiz, custom practice, mock exam, review) says where the learner is
# ("Question 3 of 8 · 2 correct") and ends with the same card: the score, each question
# with what was chosen, the sections behind the misses, and what to do next.


def plain_text(html: str) -> str:
    """Rendered question HTML as one line of plain text (entities decoded; templates
    escape it again)."""
    return " ".join(html_lib.unescape(strip_tags(html)).split())


def snippet(html: str, length: int = 110) -> str:
    """The start of a rendered stem as plain text, cut at a word with an ellipsis."""
    return Truncator(plain_text(html)).chars(length)


def progress_line(number: int, total: int, correct: int) -> str:
    """'Question 3 of 8 · 2 correct'."""
    return f"Question {number} of {total} · {correct} correct"


@dataclass(frozen=True)
class EndRow:
    """One question on an end card."""

    number: int
    snippet: str
    correct: bool | None  # None: not answered
    chosen: tuple[str, ...]  # the texts of the options chosen, as shown
    right: tuple[str, ...]  # the texts of the right options, as shown
    incomplete: bool  # fewer or more options chosen than the question asks for
    section_url: str
    section_title: str
    chapter_title: str
    chapter: str  # the slug
    anchor: str = ""  # where this page shows the question in full, if it does


def end_row(
    number: int,
    question_id: str,
    version: QuestionVersion,
    chosen: Iterable[int] | None,
    *,
    correct: bool | None,
    shuffle: str = "",
    order: Sequence[int] | None = None,
    anchor: str = "",
) -> EndRow:
    q = question_view(question_id, version, chosen or (), shuffle, order)
    picked = tuple(plain_text(o["text"]) for o in q["options"] if o["chosen"])
    return EndRow(
        number=number,
        snippet=snippet(q["stem"]),
        correct=None if chosen is None else correct,
        chosen=picked,
        right=tuple(plain_text(o["text"]) for o in q["options"] if o["correct"]),
        incomplete=bool(picked) and len(picked) != q["choose"],
        section_url=q["section_url"],
        section_title=q["section_title"],
        chapter_title=q["chapter_title"],
        chapter=version.content["chapter"],
        anchor=anchor,
    )


@dataclass(frozen=True)
class EndCard:
    """What the end card of a chapter quiz, practice set or mock exam shows.

    ``again`` names what the "practise the missed ones again" form posts (``source`` and
    ``id``, see ``practice.practice_again``); it is None when nothing was missed.
    """

    title: str
    rows: list[EndRow]
    next_chapter: Chapter | None = None
    next_label: str = "Next chapter"
    again: dict[str, object] | None = None
    restart_url: str = ""
    restart_label: str = ""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def correct(self) -> int:
        return sum(1 for r in self.rows if r.correct)

    @property
    def percent(self) -> int:
        return (200 * self.correct + self.total) // (2 * self.total) if self.total else 0

    @property
    def misses(self) -> list[EndRow]:
        return [r for r in self.rows if not r.correct]

    @property
    def miss_sections(self) -> list[dict[str, object]]:
        """The sections behind the misses, most missed first (then in question order)."""
        counts = Counter(r.section_url for r in self.misses)
        seen: dict[str, dict[str, object]] = {}
        for row in self.misses:
            if row.section_url not in seen:
                seen[row.section_url] = {
                    "url": row.section_url,
                    "title": row.section_title,
                    "chapter_title": row.chapter_title,
                    "count": counts[row.section_url],
                }
        return sorted(seen.values(), key=lambda s: -s["count"])


def chapter_after(slug: str) -> Chapter | None:
    """The chapter that follows ``slug`` in reading order (None after the last)."""
    return get_library().neighbours(slug)[1] if slug in get_library().by_slug else None


def chapter_to_study(rows: Sequence[EndRow]) -> Chapter | None:
    """Where to go next after a mixed set: the chapter behind most misses (the earliest in
    reading order on a tie), or, with no misses, the chapter after the last one asked."""
    library = get_library()
    place = {c.slug: n for n, c in enumerate(library.chapters)}
    misses = Counter(r.chapter for r in rows if not r.correct and r.chapter in place)
    if misses:
        slug = min(misses, key=lambda s: (-misses[s], place[s]))
        return library.by_slug[slug]
    asked = [r.chapter for r in rows if r.chapter in place]
    if not asked:
        return None
    return chapter_after(max(asked, key=place.__getitem__))
