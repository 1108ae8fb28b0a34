"""What every quiz page shares: a question version as template data, and answer checking.

The chapter quiz, custom practice and the mock exam all show questions through
``templates/quiz/_question_fields.html`` and ``_feedback.html`` with the dict built by
:func:`question_view`, and read answers with :func:`parse_choice`; only what happens
around them (which question comes next, where the answer is stored) differs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping, Sequence

from django.http import QueryDict
from django.utils.crypto import salted_hmac

from studysite.chapters.loader import chapter_url, get_library

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
