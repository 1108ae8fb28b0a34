"""Each chapter's questions as a self-check: choose, then open the disclosure for the
answer and every option's explanation. It works without JavaScript; export.js only marks
the chosen options right or wrong when the answer is opened. Nothing is recorded."""

from __future__ import annotations

import hashlib
import html

from studysite.chapters.loader import Chapter
from studysite.quiz.bank import BankQuestion
from studysite.quiz.render import render as render_markdown
from studysite.quiz.render import render_inline


def _shuffled(question: BankQuestion) -> list[tuple[int, object]]:
    """Options in an order of their own, the same in every export (file order could
    give the answer away)."""
    return sorted(
        enumerate(question.options),
        key=lambda item: hashlib.sha256(f"{question.id}:{item[0]}".encode()).hexdigest(),
    )


LETTERS = "ABCDEFGH"


def self_check_html(
    chapter: Chapter, questions: tuple[BankQuestion, ...], portal_url: str | None
) -> str:
    """The chapter's questions: choose, then open the disclosure for the answer and
    every option's explanation. Works without JavaScript; export.js only marks the
    chosen options right or wrong when the answer is opened. Nothing is recorded."""
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
            f'<div class="self-check-stem" id="{qid}-stem">{render_markdown(question.stem)}</div>'
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
                f'<span class="option-letter">{letter}.</span> {render_inline(option.text)}'
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
                f"{render_inline(option.explanation)}</li>"
            )
        out.append("</ul>")
        if question.section in headings:
            out.append(
                f'<p>Read more: <a href="{chapter.url}#{html.escape(question.section)}">'
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
