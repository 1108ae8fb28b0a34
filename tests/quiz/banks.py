"""A synthetic question bank written straight into the test database (no YAML needed)."""

from __future__ import annotations

from studysite.quiz.bank import content_hash
from studysite.quiz.models import Question, QuestionVersion


def content(qid: str, domain: int, *, multiple: bool = False) -> dict:
    options = [
        {
            "text": f"Option {n} of {qid}",
            "correct": n in ((0, 1) if multiple else (0,)),
            "explanation": f"Why option {n} of {qid}.",
        }
        for n in range(5 if multiple else 4)
    ]
    return {
        "id": qid,
        "domain": domain,
        "task": f"{domain}.1",
        "chapter": "s3-basics",
        "section": "endpoints" if domain % 2 else "dots",
        "type": "multiple" if multiple else "single",
        "choose": 2 if multiple else 1,
        "stem": f"Stem of **{qid}**?",
        "options": options,
        "references": ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html"],
    }


def make_bank(per_domain: dict[int, int], *, multiple_every: int = 0) -> list[Question]:
    """``per_domain`` questions in each domain, option 0 (and 1 for multiple) correct."""
    made = []
    position = 0
    for domain, count in per_domain.items():
        for n in range(count):
            qid = f"d{domain}-q{n:03d}"
            multiple = bool(multiple_every) and n % multiple_every == multiple_every - 1
            body = content(qid, domain, multiple=multiple)
            question = Question.objects.create(
                id=qid,
                chapter="s3-basics",
                section=body["section"],
                domain=domain,
                position=position,
            )
            question.current = QuestionVersion.objects.create(
                question=question, number=1, content=body, content_hash=content_hash(body)
            )
            question.save(update_fields=["current"])
            made.append(question)
            position += 1
    return made
