"""The self-check's shortcut for plain question text gives what the markdown converter
gives, for every text in the bank and for text that only looks plain."""

from __future__ import annotations

import pytest

from studysite.export.self_check import markdown_block, markdown_inline, plain_html
from studysite.quiz.bank import get_bank
from studysite.quiz.render import render, render_inline


def bank_texts() -> list[tuple[str, bool]]:
    texts = []
    for question in get_bank().questions:
        texts.append((question.stem, True))
        for option in question.options:
            texts += [(option.text, False), (option.explanation, False)]
    return texts


def test_every_text_in_the_bank_comes_out_as_markdown_makes_it():
    texts = bank_texts()
    assert len(texts) > 1000
    shortcuts = 0
    for text, block in texts:
        shortcuts += plain_html(text) is not None
        if block:
            assert markdown_block(text) == render(text), text
        else:
            assert markdown_inline(text) == render_inline(text), text
    assert shortcuts > len(texts) // 2  # the shortcut is taken for most of them


@pytest.mark.parametrize(
    "text",
    [
        "Use `aws s3 cp` with `--sse aws:kms`.",
        "`GetObject` then `PutObject`",
        "Keys like `a<b&c>` are escaped.",
        "S3 Standard-IA (30 days), “quoted” and ‘single’ – dashes — too.",
        "1. Not a list in a label",
        "- a dash",
        "# a heading",
        "a *stressed* word",
        "snake_case_name",
        "two  spaces",
        "a line\nand another",
        " leading space",
        "`unbalanced",
        "``double``",
        "back\\slash",
        "<b>raw</b>",
        "AT&T",
    ],
)
def test_text_that_looks_plain_comes_out_as_markdown_makes_it(text):
    assert markdown_inline(text) == render_inline(text)
    assert markdown_block(text) == render(text)
