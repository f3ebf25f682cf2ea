"""Theme matching on stems and phrases, and how sections are filled."""

from __future__ import annotations

from briefer.config import BriefingConfig, OtherNewsConfig, ThemeConfig
from briefer.models import Article, ScoredSentence, Sentence
from briefer.themes import ThemeMatcher, build_sections

ARMS = ThemeConfig(name="Arms", keywords=["tank", "Weapons"], phrases=["air defence"])
PEACE = ThemeConfig(name="Peace", keywords=["ceasefire", "12-point"], phrases=["peace plan"])


def scored(text: str, score: float, index: int = 0, article: str = "a") -> ScoredSentence:
    return ScoredSentence(Sentence(text, index), score, Article(title=article, text="", source="s", location=article))


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


def test_sections_in_config_order_other_last_items_by_score():
    ranked = [scored("A ceasefire was agreed.", 0.5, 0), scored("Tanks arrived.", 0.9, 1),
              scored("Weapons were sent.", 0.95, 2), scored("It rained.", 0.4, 3)]
    sections = build_sections(ranked, [ARMS, PEACE], BriefingConfig())
    assert [s.name for s in sections] == ["Arms", "Peace", "Other news"]
    assert [i.scored.sentence.text for i in sections[0].items] == ["Weapons were sent.", "Tanks arrived."]
    assert sections[2].is_other and sections[2].items[0].matched == ()


def test_caps_per_theme_and_per_article():
    places = ["Gdansk", "Rzeszow", "Lublin", "Krakow", "Poznan", "Torun", "Opole", "Olsztyn"]
    ranked = [scored(f"A tank reached {place}.", 1 - i / 10, i, article="a" if i < 4 else "b")
              for i, place in enumerate(places)]
    settings = BriefingConfig(sentences_per_theme=3, sentences_per_article=2)
    items = build_sections(ranked, [ARMS], settings)[0].items
    assert [(i.scored.article.title, i.scored.sentence.index) for i in items] == [("a", 0), ("a", 1), ("b", 4)]


def test_two_wordings_of_one_fact_fill_one_place_in_a_section():
    # The second outlet ran the first one's wire copy with a few words changed.
    ranked = [scored("Norway will deliver eight Leopard 2 tanks to Ukraine within weeks.", 0.9, 0, article="a"),
              scored("Norway will deliver its eight Leopard 2 tanks to Ukraine within weeks, its ministry said.",
                     0.9, 0, article="b"),
              scored("Spain repaired six older tanks for the Ukrainian army.", 0.5, 3, article="b"),
              scored("Poland trained Ukrainian tank crews near Szczecin.", 0.4, 1, article="c"),
              scored("Tanks in Szczecin.", 0.3, 2, article="c")]  # one uncommon word shared: not a repeat
    items = build_sections(ranked, [ARMS], BriefingConfig())[0].items
    texts = [i.scored.text for i in items]
    assert sum("Norway" in t for t in texts) == 1
    assert [t for t in texts if "Norway" not in t] == ["Spain repaired six older tanks for the Ukrainian army.",
                                                        "Poland trained Ukrainian tank crews near Szczecin.",
                                                        "Tanks in Szczecin."]


def test_other_news_can_be_renamed_or_turned_off():
    ranked = [scored("It rained.", 0.4)]
    renamed = BriefingConfig(other_news=OtherNewsConfig(title="Elsewhere"))
    assert build_sections(ranked, [ARMS], renamed)[-1].name == "Elsewhere"
    off = BriefingConfig(other_news=OtherNewsConfig(enabled=False))
    assert [s.name for s in build_sections(ranked, [ARMS], off)] == ["Arms"]


def test_an_empty_theme_still_gets_its_section():
    sections = build_sections([scored("It rained.", 0.4)], [ARMS], BriefingConfig())
    assert sections[0].name == "Arms" and sections[0].items == ()
