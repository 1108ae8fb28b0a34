"""Doc strings reduced to summaries: reading only up to the first paragraph gives the
summary reading the whole doc gives, for every doc of real service models."""

from __future__ import annotations

import pytest

from studysite.widgets.logic.cli_explain import models
from studysite.widgets.logic.cli_explain.docs import first_sentences, html_to_text

SERVICES = ("s3", "ec2", "iam", "sts", "s3control", "dynamodb", "lambda", "kms")


def _docs(service: str) -> list[str]:
    model = models.load_cli().driver.session.get_service_model(service)
    docs = [model.documentation or ""]
    for name in model.operation_names:
        operation = model.operation_model(name)
        docs.append(operation.documentation or "")
        if operation.input_shape is not None:
            docs += [m.documentation or "" for m in operation.input_shape.members.values()]
    return [d for d in docs if d]


@pytest.mark.parametrize("service", SERVICES)
def test_a_summary_from_the_first_paragraph_is_the_whole_docs(service):
    docs = _docs(service)
    assert len(docs) > 20
    long_docs = 0
    for doc in docs:
        whole = first_sentences(html_to_text(doc), limit=320)
        assert first_sentences(html_to_text(doc, first_paragraph=True), limit=320) == whole
        long_docs += len(doc) > 2048
    assert long_docs  # docs longer than the chunks it reads are among them


@pytest.mark.parametrize(
    ("doc", "summary"),
    [
        # A notice first: the summary is what the operation does, after it.
        (
            "<note><p>Deprecated soon.</p></note><p>Lists the buckets. More.</p>",
            "Lists the buckets. More.",
        ),
        # Only a notice: its text.
        ("<important><p>Use with care.</p></important>", "Use with care."),
        # The first paragraph runs past the first chunk.
        ("<p>" + "word " * 300 + "end.</p><p>Second.</p>", None),
        # No paragraph break at all.
        ("Plain text, <code>x</code> and more. Next sentence here.", None),
        ("", ""),
    ],
)
def test_summaries_of_made_up_docs(doc, summary):
    whole = first_sentences(html_to_text(doc))
    assert first_sentences(html_to_text(doc, first_paragraph=True)) == whole
    if summary is not None:
        assert whole == summary
