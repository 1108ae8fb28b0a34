"""Answer checking and end cards at their limits (studysite/quiz/cards.py).

Written against a mutation test: each test pins what the learner is told (the verdict,
the message for a bad answer, the progress line, the end card's score and rows) where a
one-character slip in cards.py would change it.
"""

from __future__ import annotations

import pytest
from django.http import QueryDict

from studysite.quiz.cards import (
    UNREADABLE,
    EndCard,
    EndRow,
    chapter_after,
    chapter_to_study,
    count_error,
    end_row,
    is_correct,
    option_order,
    parse_choice,
    plain_text,
    posted_shuffle,
    progress_line,
    read_indexes,
    shuffle_key,
    snippet,
)
from studysite.quiz.models import Question

SINGLE = {"choose": 1, "options": [{"correct": n == 2} for n in range(4)]}
DOUBLE = {"choose": 2, "options": [{"correct": n in (0, 3)} for n in range(5)]}


def form(*options: str, **fields: str) -> QueryDict:
    post = QueryDict(mutable=True)
    post.setlist("option", list(options))
    for key, value in fields.items():
        post[key] = value
    return post


class TestIsCorrect:
    """No partial credit on multiple response: every right option and no other counts."""

    @pytest.mark.parametrize(
        ("chosen", "right"),
        [
            ((0, 3), True),
            ((3, 0), True),
            ((0, 3, 3), True),  # the same option twice is still that option
            ((0,), False),  # one of two right: no partial credit
            ((0, 1, 3), False),  # both right plus a wrong one
            ((), False),
            ((1, 2), False),
        ],
    )
    def test_multiple_response_needs_exactly_the_right_set(self, chosen, right):
        assert is_correct(DOUBLE, chosen) is right

    @pytest.mark.parametrize(("chosen", "right"), [((2,), True), ((1,), False), ((), False)])
    def test_single_answer(self, chosen, right):
        assert is_correct(SINGLE, chosen) is right


class TestCountError:
    @pytest.mark.parametrize(
        ("content", "chosen", "message"),
        [
            (SINGLE, (), "Choose an answer first."),
            (DOUBLE, (), "Choose 2 answers first."),
            (SINGLE, (0, 1), "Choose only one answer; you chose 2."),
            (DOUBLE, (0,), "Choose exactly 2 answers; you chose 1."),
            (DOUBLE, (0, 1, 2), "Choose exactly 2 answers; you chose 3."),
            (SINGLE, (1,), ""),
            (DOUBLE, (1, 2), ""),
        ],
    )
    def test_the_message_for_each_count(self, content, chosen, message):
        assert count_error(content, chosen) == message


class TestReadIndexes:
    def test_the_message_for_an_unreadable_answer(self):
        assert UNREADABLE == "That answer could not be read. Choose from the options shown."

    def test_positions_are_read_and_sorted(self):
        assert read_indexes(form("3", "0"), 4) == ((0, 3), "")

    def test_the_last_option_is_readable_and_one_past_it_is_not(self):
        assert read_indexes(form("3"), 4) == ((3,), "")
        assert read_indexes(form("4"), 4) == ((), UNREADABLE)

    def test_an_out_of_range_pick_beside_a_good_one_keeps_the_good_one(self):
        assert read_indexes(form("1", "9"), 4) == ((1,), UNREADABLE)

    def test_the_same_position_twice_is_unreadable(self):
        assert read_indexes(form("1", "1"), 4) == ((1,), UNREADABLE)

    @pytest.mark.parametrize("raw", ["-1", "+1", " 1", "1.0", "", "a", "100", "٣"])
    def test_anything_but_one_or_two_ascii_digits_is_unreadable(self, raw):
        assert read_indexes(form(raw), 4) == ((), UNREADABLE)

    def test_two_digit_positions_are_read(self):
        assert read_indexes(form("10"), 12) == ((10,), "")
        assert read_indexes(form("07"), 12) == ((7,), "")

    def test_ten_ticks_are_read_and_eleven_are_refused(self):
        ten = [str(n) for n in range(10)]
        assert read_indexes(form(*ten), 12) == (tuple(range(10)), "")
        assert read_indexes(form(*ten, "10"), 12) == ((), UNREADABLE)

    def test_display_positions_map_back_to_file_indexes(self):
        assert read_indexes(form("0", "1"), 4, (2, 0, 3, 1)) == ((0, 2), "")

    def test_an_order_of_the_wrong_length_is_ignored(self):
        assert read_indexes(form("0", "1"), 4, (2, 0, 1)) == ((0, 1), "")
        assert read_indexes(form("0", "1"), 4, (3, 2, 1, 0, 4)) == ((0, 1), "")


class TestParseChoice:
    def test_a_right_sized_answer_with_confidence(self):
        post = form("0", "3", confidence="sure")
        assert parse_choice(post, DOUBLE, ("sure", "unsure")) == ((0, 3), "sure", "")

    def test_confidence_may_be_left_blank(self):
        assert parse_choice(form("2"), SINGLE, ("sure",)) == ((2,), "", "")

    def test_an_unknown_confidence_is_refused_but_the_ticks_are_kept(self):
        post = form("2", confidence="maybe")
        assert parse_choice(post, SINGLE, ("sure", "unsure")) == (
            (2,),
            "",
            "Say whether you are sure or unsure, or leave it blank.",
        )

    def test_the_wrong_count_keeps_ticks_and_confidence(self):
        post = form("0", confidence="unsure")
        assert parse_choice(post, DOUBLE, ("sure", "unsure")) == (
            (0,),
            "unsure",
            "Choose exactly 2 answers; you chose 1.",
        )

    def test_an_unreadable_answer_drops_the_confidence(self):
        post = form("9", confidence="sure")
        assert parse_choice(post, SINGLE, ("sure",)) == ((), "", UNREADABLE)

    def test_positions_follow_the_order_shown(self):
        assert parse_choice(form("1"), SINGLE, (), order=(0, 2, 1, 3)) == ((2,), "", "")


class TestShuffle:
    KEY = "0123456789abcdef"

    def test_a_posted_key_is_taken_only_when_well_formed(self):
        assert posted_shuffle(form()) == ""
        assert posted_shuffle(form(shuffle="")) == ""
        assert posted_shuffle(form(shuffle=self.KEY)) == self.KEY
        for bad in (self.KEY[:-1], self.KEY + "0", self.KEY.upper(), "g" * 16):
            assert posted_shuffle(form(shuffle=bad)) is None

    def test_a_key_other_than_the_attempts_is_refused(self):
        assert posted_shuffle(form(shuffle=self.KEY), self.KEY) == self.KEY
        assert posted_shuffle(form(shuffle=self.KEY), "f" * 16) is None
        assert posted_shuffle(form(), "f" * 16) == ""  # no key: file order

    def test_a_shuffle_key_is_16_hex_digits_per_attempt(self):
        key = shuffle_key("exam", 1)
        assert len(key) == 16 and int(key, 16) >= 0
        assert key == shuffle_key("exam", 1) != shuffle_key("exam", 2)
        assert shuffle_key("exam", 1) != shuffle_key("practice", 1)

    @pytest.mark.shuffled
    def test_the_order_depends_on_the_question_and_is_a_permutation(self):
        orders = {option_order(self.KEY, f"q{n}", 5) for n in range(40)}
        assert len(orders) > 10
        assert all(sorted(o) == [0, 1, 2, 3, 4] for o in orders)

    @pytest.mark.shuffled
    def test_the_order_is_fixed_across_releases(self, settings):
        # A finished exam's review recomputes its order from shuffle_key("exam", pk): a
        # change of salt or seed would show old reviews in another order than was answered.
        settings.SECRET_KEY = "fixed-key-for-a-golden-order-0123456789abcdefghijklmnopqrstuv"
        assert shuffle_key("exam", 1) == "079bd81135cafc72"
        assert option_order(shuffle_key("exam", 1), "s3-two", 5) == (2, 3, 0, 4, 1)

    @pytest.mark.shuffled
    def test_no_options_or_one_option(self):
        assert option_order(self.KEY, "q", 0) == ()
        assert option_order(self.KEY, "q", 1) == (0,)


class TestText:
    def test_progress_line(self):
        assert progress_line(3, 8, 2) == "Question 3 of 8 · 2 correct"

    def test_plain_text_strips_tags_and_decodes_entities_on_one_line(self):
        html = "<p>Which <strong>S3</strong> &amp; EC2\n  setting?</p>\n<p>Two</p>"
        assert plain_text(html) == "Which S3 & EC2 setting? Two"

    def test_a_stem_of_110_characters_is_shown_whole(self):
        text = "a" * 110
        assert snippet(f"<p>{text}</p>") == text

    def test_a_longer_stem_is_cut_at_a_word_with_an_ellipsis(self):
        text = ("word " * 30).strip()  # 149 characters
        cut = snippet(f"<p>{text}</p>")
        assert cut.endswith("…") and len(cut) <= 110
        assert cut[:-1].rstrip().split(" ") == ["word"] * len(cut[:-1].rstrip().split(" "))


def row(number: int, correct: bool | None, section: str = "a", chapter: str = "c1") -> EndRow:
    return EndRow(
        number=number,
        snippet=f"Question {number}",
        correct=correct,
        chosen=(),
        right=("R",),
        incomplete=False,
        section_url=f"/c/{chapter}/#{section}",
        section_title=f"Section {section}",
        chapter_title=f"Chapter {chapter}",
        chapter=chapter,
    )


class TestEndCard:
    def test_score_counts_only_right_answers(self):
        card = EndCard("Done", [row(1, True), row(2, False), row(3, None), row(4, True)])
        assert (card.correct, card.total, card.percent) == (2, 4, 50)
        assert [r.number for r in card.misses] == [2, 3]  # unanswered is a miss

    @pytest.mark.parametrize(
        ("right", "total", "percent"),
        [(1, 8, 13), (2, 3, 67), (1, 3, 33), (23, 40, 58), (0, 5, 0), (5, 5, 100)],
    )
    def test_percent_rounds_half_up(self, right, total, percent):
        rows = [row(n, n < right) for n in range(total)]
        assert EndCard("Done", rows).percent == percent

    def test_an_empty_card_is_0_of_0(self):
        card = EndCard("Done", [])
        assert (card.correct, card.total, card.percent, card.miss_sections) == (0, 0, 0, [])

    def test_defaults(self):
        card = EndCard("Done", [])
        assert card.next_label == "Next chapter"
        assert (card.again, card.restart_url, card.restart_label, card.extra) == (
            None,
            "",
            "",
            {},
        )

    def test_miss_sections_most_missed_first_then_in_question_order(self):
        rows = [
            row(1, False, "x"),
            row(2, False, "y"),
            row(3, True, "z"),
            row(4, None, "y"),
            row(5, False, "w"),
        ]
        sections = EndCard("Done", rows).miss_sections
        assert [(s["title"], s["count"]) for s in sections] == [
            ("Section y", 2),
            ("Section x", 1),
            ("Section w", 1),
        ]
        assert sections[0] == {
            "url": "/c/c1/#y",
            "title": "Section y",
            "chapter_title": "Chapter c1",
            "count": 2,
        }


@pytest.fixture
def three_chapters(quiz_notes, write_note):
    """Reading order: empty (10), s3-basics (20), later (30)."""
    write_note("later.md", "## Late {#late}\n\nText.\n", title="Later", order=30)


class TestWhatNext:
    def test_the_chapter_after(self, three_chapters):
        assert chapter_after("empty").slug == "s3-basics"
        assert chapter_after("s3-basics").slug == "later"
        assert chapter_after("later") is None
        assert chapter_after("gone") is None

    def test_the_most_missed_chapter_wins(self, three_chapters):
        rows = [row(1, False, chapter="later"), row(2, False, chapter="later")]
        rows += [row(3, False, chapter="s3-basics"), row(4, True, chapter="empty")]
        assert chapter_to_study(rows).slug == "later"

    def test_a_tie_goes_to_the_earlier_chapter(self, three_chapters):
        rows = [row(1, None, chapter="later"), row(2, False, chapter="s3-basics")]
        assert chapter_to_study(rows).slug == "s3-basics"

    def test_no_misses_goes_past_the_last_chapter_asked(self, three_chapters):
        rows = [row(1, True, chapter="s3-basics"), row(2, True, chapter="empty")]
        assert chapter_to_study(rows).slug == "later"

    def test_removed_chapters_are_ignored(self, three_chapters):
        assert chapter_to_study([row(1, False, chapter="gone")]) is None
        assert chapter_to_study([row(1, True, chapter="later")]) is None
        rows = [row(1, False, chapter="gone"), row(2, True, chapter="empty")]
        assert chapter_to_study(rows).slug == "s3-basics"


@pytest.mark.django_db
class TestEndRow:
    def version(self):
        return Question.objects.select_related("current").get(pk="s3-two").current

    def test_a_wrong_answer_lists_the_choice_and_the_right_options(self, synced):
        r = end_row(2, "s3-two", self.version(), [0, 2], correct=False)
        assert r.number == 2 and r.correct is False and r.incomplete is False
        assert r.chosen == (
            "HTTPS virtual-hosted requests fail the certificate check",
            "They are not allowed at all",
        )
        assert r.right == (
            "HTTPS virtual-hosted requests fail the certificate check",
            "Transfer Acceleration refuses them",
        )
        assert r.snippet == "Which two are true about dots in bucket names? (Choose two.)"
        assert (r.section_title, r.chapter_title, r.chapter) == (
            "Dots in names",
            "S3 basics",
            "s3-basics",
        )
        assert r.section_url.endswith("#dots")

    def test_one_of_two_is_incomplete(self, synced):
        r = end_row(1, "s3-two", self.version(), [1], correct=False)
        assert r.incomplete is True and r.chosen == ("Transfer Acceleration refuses them",)

    def test_not_answered_is_neither_right_nor_wrong(self, synced):
        r = end_row(1, "s3-two", self.version(), None, correct=True, anchor="review-1")
        assert r.correct is None and r.chosen == () and r.incomplete is False
        assert r.anchor == "review-1"
