"""What every quiz page shares: a question version as template data, and answer checking.

The chapter quiz, custom practice and the mock exam all show questions through
``templates/quiz/_question_fields.html`` and ``_feedback.html`` with the dict built by
:func:`question_view`, and read answers with :func:`parse_choice`; only what happens
around them (which question comes next, where the answer is stored) differs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.http import QueryDict

from studysite.chapters.loader import chapter_url, get_library

from . import render as markdown
from .models import Question, QuestionVersion

QUESTION_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
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
    question_id: str, version: QuestionVersion, chosen: Iterable[int] = ()
) -> dict[str, object]:
    """Everything the question and feedback partials show, for one version."""
    content = version.content
    html = rendered(version)
    picked = set(chosen)
    section_url, section_title, chapter_title = section_link(content)
    return {
        "id": question_id,
        "version": version.number,
        "type": content["type"],
        "choose": content["choose"],
        "domain": content["domain"],
        "stem": html["stem"],
        "options": [
            {
                "index": index,
                "text": option_html["text"],
                "explanation": option_html["explanation"],
                "correct": option["correct"],
                "chosen": index in picked,
            }
            for index, (option, option_html) in enumerate(
                zip(content["options"], html["options"], strict=True)
            )
        ],
        "references": content["references"],
        "section_url": section_url,
        "section_title": section_title,
        "chapter_title": chapter_title,
    }


def read_indexes(post: QueryDict, count: int) -> tuple[tuple[int, ...], str]:
    """The posted option indexes (ascending) and an error for anything not one of ``count``."""
    raw = post.getlist("option")
    if len(raw) > MAX_CHOSEN or not all(INDEX_RE.match(v) for v in raw):
        return (), UNREADABLE
    chosen = tuple(sorted({int(v) for v in raw}))
    valid = tuple(i for i in chosen if i < count)
    if len(valid) != len(chosen) or len(chosen) != len(raw):
        return valid, UNREADABLE
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
    post: QueryDict, content: Mapping, confidence_values: Iterable[str] = ()
) -> tuple[tuple[int, ...], str, str]:
    """(chosen indexes, confidence, error message or "") from a posted answer form."""
    chosen, error = read_indexes(post, len(content["options"]))
    if error:
        return chosen, "", error
    confidence = post.get("confidence", "")
    if confidence not in {"", *confidence_values}:
        return chosen, "", "Say whether you are sure or unsure, or leave it blank."
    return chosen, confidence, count_error(content, chosen)
