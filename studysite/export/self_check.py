"""Each chapter's questions as a self-check: choose, then open the disclosure for the
answer and every option's explanation. It works without JavaScript; export.js only marks
the chosen options right or wrong when the answer is opened. Nothing is recorded."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable

from studysite.chapters.loader import Chapter
from studysite.quiz.bank import BankQuestion
from studysite.quiz.render import render as render_markdown
from studysite.quiz.render import render_inline

# Most question text is plain words (88 %) or words and `code`: Python-Markdown would
# give exactly the text (in <p> for a block), code spans as <code>, escaped. Such text
# skips the converter (4,000 conversions were a tenth of the export); anything else, or
# anything unsure, goes through it. tests/export/test_self_check.py compares both on the
# whole bank.
_PLAIN = r"[^\W_]|[ ,.;:'\"()/%?=+$@\u2013\u2014\u2018\u2019\u201c\u201d-]"
PLAIN_TEXT_RE = re.compile(rf"(?:[^\W\d_]|(?=`))(?:{_PLAIN}|`[^`\\\n]+`)*\Z")
CODE_SPAN_RE = re.compile(r"`([^`]+)`")


def _code(match: re.Match[str]) -> str:
    return f"<code>{html.escape(match[1].strip(), quote=False)}</code>"


def plain_html(text: str) -> str | None:
    """Phrasing HTML for plain text (words, punctuation and `code` spans); None when the
    text needs the markdown converter."""
    if text != text.strip() or not PLAIN_TEXT_RE.match(text):
        return None
    if "`" not in text:
        return text
    if text.count("`") % 2 or "``" in text:
        return None
    return CODE_SPAN_RE.sub(_code, text)


def markdown_block(text: str) -> str:
    plain = plain_html(text)
    return render_markdown(text) if plain is None else f"<p>{plain}</p>"


def markdown_inline(text: str) -> str:
    plain = plain_html(text)
    return render_inline(text) if plain is None else plain


def _shuffled(question: BankQuestion) -> list[tuple[int, object]]:
    """Options in an order of their own, the same in every export (file order could
    give the answer away)."""
    return sorted(
        enumerate(question.options),
        key=lambda item: hashlib.sha256(f"{question.id}:{item[0]}".encode()).hexdigest(),
    )


LETTERS = "ABCDEFGH"


def self_check_html(
    chapter: Chapter,
    questions: tuple[BankQuestion, ...],
    portal_url: str | None,
    link: Callable[[str], str],
) -> str:
    """The chapter's questions: choose, then open the disclosure for the answer and
    every option's explanation. Works without JavaScript; export.js only marks the
    chosen options right or wrong when the answer is opened. Nothing is recorded.

    Written ready for the export: ``link(url)`` gives the export's link for a site URL
    (the "Read more" links), so the page's rewriter never reads these questions."""
    if not questions:
        return ""
    headings = {s.anchor: s.heading for s in chapter.sections}
    out = [
        '<section class="self-check" aria-label="Questions">',
        f'<p class="hint">{len(questions)} question{"s" if len(questions) != 1 else ""} '
        "on this chapter. "
        "Choose, then open “Show the answer” to see whether you were right and why each "
        "option is right or wrong. Nothing is recorded.</p>",
        '<ol class="self-check-list">',
    ]
    for number, question in enumerate(questions, 1):
        qid = f"check-{number}"
        kind = "checkbox" if question.type == "multiple" else "radio"
        options = _shuffled(question)
        out.append(f'<li class="self-check-question" id="{qid}">')
        out.append(
            f'<div class="self-check-stem" id="{qid}-stem">{markdown_block(question.stem)}</div>'
        )
        if question.type == "multiple":
            out.append(f'<p class="hint">Choose {question.choose}.</p>')
        out.append(
            f'<div role="group" aria-labelledby="{qid}-stem"><ul class="self-check-options">'
        )
        for position, (_, option) in enumerate(options):
            letter = LETTERS[position]
            correct = ' data-correct="1"' if option.correct else ""
            out.append(
                f'<li{correct}><label><input type="{kind}" name="{qid}" value="{letter}"> '
                f'<span class="option-letter">{letter}.</span> {markdown_inline(option.text)}'
                "</label></li>"
            )
        out.append("</ul></div>")
        answer = ", ".join(LETTERS[p] for p, (_, o) in enumerate(options) if o.correct)
        out.append('<details class="self-check-answer"><summary>Show the answer</summary>')
        out.append('<output class="self-check-verdict"></output>')
        out.append(f'<p>Answer: <strong>{answer}</strong></p><ul class="self-check-explanations">')
        for position, (_, option) in enumerate(options):
            verdict = "Right" if option.correct else "Wrong"
            cls = "right" if option.correct else "wrong"
            out.append(
                f'<li class="{cls}"><strong>{LETTERS[position]}. {verdict}.</strong> '
                f"{markdown_inline(option.explanation)}</li>"
            )
        out.append("</ul>")
        if question.section in headings:
            href = link(f"{chapter.url}#{question.section}")
            out.append(
                f'<p>Read more: <a href="{html.escape(href)}">'
                f"{html.escape(headings[question.section])}</a></p>"
            )
        out.append("</details></li>")
    out.append("</ol>")
    if portal_url:
        out.append(
            "<p>Practise with a record of your answers and spaced review on the "
            f'<a href="{html.escape(portal_url)}">study portal</a>.</p>'
        )
    out.append("</section>")
    return "\n".join(out)
