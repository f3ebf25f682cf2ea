"""Page furniture is dropped, the headline kept, datelines become metadata."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefer.clean import clean_text, furniture_rule, parse_dateline

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize("line", [
    "Read more: Rail union cancels strike action after members accept pay deal",
    "Related: Storm warning issued",
    "READ MORE - Markets slide",
    "Richard Spurr 1am - 4am",
    "Jane Doe 10pm – 1am",
    "Share this article",
    "Share on Facebook",
    "Subscribe to our newsletter",
    "By John Smith",
    "By Anna Lee, Political Editor",
    "Related stories",
    "Image: Getty",
    "© 2023 Example News",
])
def test_furniture_lines_are_recognised(line):
    assert furniture_rule(line) is not None


@pytest.mark.parametrize("line", [
    "By Friday, Russia had withdrawn its troops.",
    "Latest figures show inflation rose.",
    "Related parties must disclose their interests.",
    "Share prices fell 3.8% on Monday.",
    "Watch officials said the talks would resume.",
    "Mr Qin said China would support the country.",
])
def test_sentences_are_not_mistaken_for_furniture(line):
    assert furniture_rule(line) is None


def test_dateline_becomes_published_and_updated():
    published, updated = parse_dateline("25 February 2023, 09:10 | Updated: 25 February 2023, 09:13", LONDON)
    assert published == datetime(2023, 2, 25, 9, 10, tzinfo=LONDON)
    assert updated == datetime(2023, 2, 25, 9, 13, tzinfo=LONDON)


def test_dateline_without_offset_is_read_in_the_given_zone():
    published, _ = parse_dateline("1 July 2023, 09:10", LONDON)
    assert published.utcoffset() == timedelta(hours=1)  # British Summer Time


def test_dateline_with_offset_keeps_it():
    published, _ = parse_dateline("2023-02-25 09:10+02:00", LONDON)
    assert published.utcoffset() == timedelta(hours=2)


def test_an_ordinary_sentence_is_not_a_dateline():
    assert parse_dateline("On 25 February 2023 the talks resumed in Minsk after a long pause.", LONDON) is None


def test_clean_text_lifts_headline_and_dateline_and_drops_furniture():
    raw = (
        "Richard Spurr 1am - 4am\n"
        "Ministers agree new budget\n"
        "25 February 2023, 09:10 | Updated: 25 February 2023, 09:13\n"
        "Ministers agreed a new budget on Friday.\n"
        "Read more: Something else entirely\n"
        "The vote was close.\n"
    )
    cleaned = clean_text(raw, tz=timezone.utc)
    assert cleaned.title == "Ministers agree new budget"
    assert cleaned.paragraphs == ["Ministers agreed a new budget on Friday.", "The vote was close."]
    assert cleaned.published == datetime(2023, 2, 25, 9, 10, tzinfo=timezone.utc)
    assert [rule for rule, _ in cleaned.removed] == [
        "presenter or time slot", "headline", "dateline", "link to another story"]


def test_hard_wrapped_lines_are_joined_but_one_line_paragraphs_are_not():
    raw = "Title\nThe minister said the plan would\nbe published on Monday.\nA second paragraph.\n"
    assert clean_text(raw).paragraphs == ["The minister said the plan would be published on Monday.",
                                          "A second paragraph."]


def test_a_given_title_is_kept_and_the_first_line_stays_text():
    cleaned = clean_text("First line of the body.\nSecond.", title="Given title")
    assert cleaned.title == "Given title"
    assert cleaned.paragraphs[0] == "First line of the body."
