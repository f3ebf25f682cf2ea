"""Theme matching on stems and phrases, and how story blocks fill each section."""

from __future__ import annotations

from datetime import date, datetime, timezone

from conftest import assembled

from briefer.config import ThemeConfig
from briefer.models import Article, ScoredSentence, Sentence
from briefer.themes import ThemeMatcher
from briefer.themes.importance import freshness, outlet_names

ARMS = ThemeConfig(name="Arms", keywords=["tank", "Weapons"], phrases=["air defence"])
PEACE = ThemeConfig(name="Peace", keywords=["ceasefire", "12-point"], phrases=["peace plan"])
DAY = date(2023, 2, 25)


def article(name: str, source: str = "s", **fields) -> Article:
    return Article(title=name, text="", source=source, location=name, **fields)


def scored(text: str, score: float, index: int = 0, of: Article | str = "a", context=()) -> ScoredSentence:
    return ScoredSentence(Sentence(text, index), score, of if isinstance(of, Article) else article(of),
                          context=tuple(context))


def sections(ranked, themes=(ARMS, PEACE), groups=None, **settings):
    return assembled(ranked, themes, groups, **settings)


def test_keywords_match_case_insensitively_on_stems():
    matcher = ThemeMatcher([ARMS, PEACE])
    match = matcher.best("Poland sent TANKS and more weapon systems.")
    assert match.theme == 0 and set(match.terms) == {"tank", "Weapons"}


def test_phrases_match_consecutive_stems_only():
    matcher = ThemeMatcher([ARMS, PEACE])
    assert matcher.best("Both rejected the peace plans.").terms == ("peace plan",)
    assert matcher.best("A plan for peace was rejected.") is None
    assert matcher.best("New air-defence systems arrived.").terms == ("air defence",)


def test_terms_with_digits_match_whole():
    matcher = ThemeMatcher([ARMS, PEACE])
    assert matcher.best("China offered a 12-point proposal.").terms == ("12-point",)
    assert matcher.best("The point is moot.") is None


def test_a_phrase_outweighs_a_keyword_and_ties_go_to_config_order():
    matcher = ThemeMatcher([ARMS, PEACE])
    assert matcher.best("The peace plan says nothing about tanks.").theme == 1
    assert matcher.best("A ceasefire would stop tanks.").theme == 0


def test_exclude_terms_keep_a_sentence_out_of_a_theme():
    arms = ThemeConfig(name="Arms", keywords=["shells", "tank"], exclude=["fish tank", "sea shells"])
    matcher = ThemeMatcher([arms, PEACE])
    assert matcher.best("Children collected sea shells on the beach.") is None
    assert matcher.best("The aquarium's new fish tank holds a ceasefire of sorts.").theme == 1
    assert matcher.best("Artillery shells reached the front.").terms == ("shells",)


def test_sections_in_config_order_other_last_blocks_by_importance():
    ranked = [scored("A ceasefire was agreed.", 0.5, 0, "p"), scored("Tanks arrived.", 0.9, 1, "t"),
              scored("Weapons were sent.", 0.95, 2, "w"), scored("It rained.", 0.4, 3, "r")]
    body = sections(ranked)
    assert [s.name for s in body.sections] == ["Arms", "Peace", "Other news"]
    assert {b.story.title for b in body.sections[0].blocks} == {"t", "w"}
    assert body.sections[0].blocks[0].matched in (("Weapons",), ("tank",))
    other = body.sections[2]
    assert other.is_other and [b.story.title for b in other.blocks] == ["r"]
    assert other.blocks[0].items == ()  # compact: the headline and its sources only


def test_other_news_can_show_each_storys_best_sentence_be_renamed_or_turned_off():
    ranked = [scored("It rained.", 0.4, 0, "r"), scored("Then it snowed.", 0.9, 1, "r")]
    body = sections(ranked, briefing={"other_news": {"sentence": True, "title": "Elsewhere"}})
    assert body.sections[-1].name == "Elsewhere"
    assert [i.scored.text for i in body.sections[-1].blocks[0].items] == ["Then it snowed."]
    off = sections(ranked, briefing={"other_news": {"enabled": False}})
    assert [s.name for s in off.sections] == ["Arms", "Peace"]


def test_a_story_of_several_articles_is_one_block_with_its_best_sentences():
    one, two = article("Tanks reach Kyiv", "Herald"), article("Kyiv gets tanks", "Ledger")
    ranked = [scored("The first tanks reached Kyiv on Friday.", 1.0, 0, one),
              scored("Crews trained for six weeks on the tanks.", 0.6, 1, one),
              scored("Ten more tanks follow in March, the ministry said.", 0.9, 0, two),
              scored("A ceasefire is not in sight.", 0.8, 1, two)]
    body = sections(ranked, groups=[["Tanks reach Kyiv", "Kyiv gets tanks"]])
    [block] = body.sections[0].blocks
    assert block.story.title == "Tanks reach Kyiv" and outlet_names(block.story.articles) == ("Herald", "Ledger")
    assert [i.scored.sentence.index for i in block.items] == [0, 0, 1]  # from both articles, best first
    assert [b.story.title for b in body.sections[1].blocks] == ["Tanks reach Kyiv"]  # the same story, other theme
    assert body.sections[1].blocks[0].anchor == block.anchor + "-2"
    assert body.stories[0].themes == ("Arms", "Peace")


def test_a_block_holds_at_most_sentences_per_story_and_a_section_stories_per_theme():
    places = ["Gdansk", "Rzeszow", "Lublin", "Krakow", "Poznan", "Torun", "Opole", "Olsztyn"]
    ranked = [scored(f"A tank reached {place} on its way to the front.", 1 - i / 10, i, of=f"art{i % 4}")
              for i, place in enumerate(places)]
    body = sections(ranked, briefing={"stories_per_theme": 3}, stories={"sentences_per_story": 1})
    blocks = body.sections[0].blocks
    assert len(blocks) == 3 and all(len(b.items) == 1 for b in blocks)


def test_two_wordings_of_one_fact_fill_one_place_in_a_block():
    # The second outlet ran the first one's wire copy with a few words changed.
    a, b = article("Norway sends tanks", "Herald"), article("Tanks from Norway", "Ledger")
    ranked = [scored("Norway will deliver eight Leopard 2 tanks to Ukraine within weeks.", 0.9, 0, a),
              scored("Norway will deliver its eight Leopard 2 tanks to Ukraine within weeks, its ministry said.",
                     0.9, 0, b),
              scored("Spain repaired six older tanks for the Ukrainian army.", 0.5, 3, b),
              scored("Tanks in Szczecin.", 0.3, 2, a)]  # one uncommon word shared: not a repeat
    body = sections(ranked, groups=[["Norway sends tanks", "Tanks from Norway"]])
    texts = [i.scored.text for i in body.sections[0].blocks[0].items]
    assert sum("Norway" in t for t in texts) == 1
    assert texts[1:] == ["Spain repaired six older tanks for the Ukrainian army.", "Tanks in Szczecin."]


def test_a_sentence_shown_as_context_is_not_shown_again_as_an_item():
    lead = Sentence("Poland sent ten tanks on Friday.", 0)
    ranked = [scored("Poland sent ten tanks on Friday.", 0.5, 0, "a"),
              scored("They reached the border within a day, weapons and all.", 1.0, 1, "a", context=[lead])]
    items = [i.scored for s in sections(ranked).sections for b in s.blocks for i in b.items]
    assert [(s.sentence.index, len(s.context)) for s in items] == [(1, 1)]


def test_a_sentence_that_starts_inside_a_quote_is_not_shown_alone():
    speaker = article("Talks", "Herald")
    ranked = [scored("“We want a ceasefire now.", 0.5, 0, speaker),
              scored("Then the 12-point plan can be talked about,” the minister said.", 1.0, 1, speaker)]
    texts = [i.scored.text for s in sections(ranked).sections for b in s.blocks for i in b.items]
    assert texts == ["“We want a ceasefire now."]


def test_freshness_is_measured_against_the_briefings_day():
    late = [article("a", published=datetime(2023, 2, 25, 23, 0, tzinfo=timezone.utc))]
    early = [article("b", published=datetime(2023, 2, 24, 0, 0, tzinfo=timezone.utc))]
    assert freshness(late, DAY) > 0.95 and 0.2 < freshness(early, DAY) < 0.3
    assert freshness(late, DAY) == freshness(late, DAY)  # no clock involved: the same every run


def test_at_a_glance_lists_the_most_important_stories_first():
    old = article("Old tanks", "Herald", published=datetime(2023, 2, 20, tzinfo=timezone.utc))
    shared = article("Tanks for Kyiv", "Herald", sources=("Ledger", "Gazette"),
                     published=datetime(2023, 2, 25, 9, tzinfo=timezone.utc))
    fresh = article("New tanks", "Herald", published=datetime(2023, 2, 25, 9, tzinfo=timezone.utc))
    ranked = [scored("Old tanks were scrapped.", 1.0, 0, old), scored("Tanks are on their way to Kyiv.", 1.0, 0, shared),
              scored("New tanks left the factory.", 1.0, 0, fresh)]
    body = sections(ranked, briefing={"glance": 2})
    assert [s.title for s in body.glance] == ["Tanks for Kyiv", "New tanks"]
    assert sections(ranked, briefing={"glance": 0}).glance == []
