"""Story blocks: each theme section lists the day's stories under it, most important first.

Every fresh sentence goes to one theme (its best match, `matching.py`) and belongs to one story
(its article's). A story block is a story under one theme: its headline and sources once, then
the story's sentences that belong to the theme (the best-ranked from all its articles, none
saying again what another says), then its quotes that belong to the theme. One article that
touches three themes feeds three blocks, its headline once in each.

Nothing is shown twice in a briefing. Sections are filled in config order and blocks by
importance; every sentence shown (as item or as context) is remembered, by position and by its
words, and a later candidate that would show it again is passed over (a context already shown is
dropped from the item that leans on it). A sentence that starts inside a quote opened before it
is shown only with the sentence that opens the quote. Quotes come last, so a quote whose sentence
is already an item is not read twice.

Cost: one pass over the sentences to match and vectorise them; within a block, a candidate is
compared only with the few sentences chosen so far (at most `sentences_per_story`), never with
every other sentence of the theme or the story; candidates are tried best first and the block
stops when full.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import numpy as np
from scipy import sparse

from ..config import Config
from ..models import Findings, NameMark, Quote, ScoredSentence, Story, StoryBlock, ThemeItem, ThemeSection
from ..stories import News
from ..stories.names import most_named
from ..summarize.features import counts_of_rows, tfidf
from ..text import language_rules
from .findings import findings_of
from .importance import sentence_centrality, story_importances
from .notes import SentenceKey, best_quotes, norm, quote_openings, quote_theme, said_in, usual_themes

SHARED_STEMS = 3
"""Two sentences repeat each other (beyond `stories.redundancy` cosine) only with at least this many
words (stems) in common: two short sentences that share one uncommon word have a high cosine
without saying the same thing."""


@dataclass(frozen=True)
class Assembly:
    """The day's briefing body: theme sections of story blocks, every story, and At a glance."""

    sections: list[ThemeSection]
    stories: list[Story]
    """Every story with something shown, most important first, each with its items and themes."""
    glance: list[Story]


@dataclass
class _Day:
    """What the assembly knows about the day's fresh sentences, computed once."""

    fresh: Sequence[ScoredSentence]
    theme: list[int]
    matched: list[tuple[str, ...]]
    vectors: sparse.csr_matrix
    words: sparse.csr_matrix
    """Binary sentence x stem rows, for counting shared words."""
    centrality: np.ndarray
    openings: dict[SentenceKey, SentenceKey]


@dataclass
class _Shown:
    """Everything the briefing shows so far: by position, and by words (two outlets' copies)."""

    keys: set[SentenceKey]
    texts: set[str]


def assemble(news: News, ranked: Sequence[ScoredSentence], config: Config, day: date,
             shown_before: Sequence[str] = (), findings: Findings | None = None) -> Assembly:
    """Theme sections of story blocks from today's fresh sentences and stories (briefer/stories).

    `findings`: each sentence's theme match, names and each article's quotes as the map's workers
    found them (briefer/compute.py), so that they are not looked for again here (found here, the
    same way, without them)."""
    themes, settings, story_settings = config.themes, config.briefing, config.stories
    if findings is None:
        findings = findings_of(ranked, themes)
    other = len(themes)
    theme_of: dict[SentenceKey, int] = {}
    matched_of: dict[SentenceKey, tuple[str, ...]] = {}
    theme_names: dict[int, list[Sequence[NameMark]]] = defaultdict(list)
    # One match per sentence, found on the sentence with the context it leans on (what a reader
    # sees under the theme, themes/findings.py); items, quotes and names all use it.
    for scored in ranked:
        key = (scored.article.key, scored.sentence.index)
        theme_of[key], matched_of[key] = findings.matches.get(key, (other, ()))
        theme_names[theme_of[key]].append(findings.names.get(key, ()))

    fresh = news.fresh
    keys = [(s.article.key, s.sentence.index) for s in fresh]
    words = news.words  # the fresh sentences as a reader sees them, with their context
    counts = counts_of_rows(words.tokens(words.sentences(fresh, shown=True), [s.article.language for s in fresh]).stems)
    vectors = tfidf(counts, smooth=True).unit_rows()
    words_held = counts.csr(np.ones(len(counts.data)))  # which stems each sentence holds
    quotes = findings.quotes
    facts = _Day(fresh=fresh, theme=[theme_of.get(k, other) for k in keys],
                 matched=[matched_of.get(k, ()) for k in keys], vectors=vectors, words=words_held,
                 centrality=sentence_centrality(vectors), openings=quote_openings(quotes))

    stories = news.stories
    story_of = {a.key: n for n, story in enumerate(stories) for a in story.articles}
    candidates: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    central: dict[int, list[float]] = defaultdict(list)
    for i, scored in enumerate(fresh):
        story = story_of.get(scored.article.key)
        if story is not None:
            candidates[facts.theme[i]][story].append(i)
            central[story].append(float(facts.centrality[i]))
    importance = story_importances([s.articles for s in stories], central, day)
    by_importance = sorted(range(len(stories)), key=lambda n: (-importance[n], n))

    shown = _Shown(keys=set(), texts=set())
    shown_norms = [norm(t) for t in shown_before]
    limit = story_settings.sentences_per_story
    chosen: dict[int, list[tuple[int, list[ThemeItem]]]] = {}
    for t in range(len(themes)):
        blocks: list[tuple[int, list[ThemeItem]]] = []
        for n in (n for n in by_importance if n in candidates[t]):
            if len(blocks) >= settings.stories_per_theme:
                break
            items = _choose(candidates[t][n], limit, facts, shown, story_settings.redundancy, shown_norms)
            if items:
                blocks.append((n, items))
        chosen[t] = blocks
    # Other news is compact (headline and sources, or its best sentence) beside themes; in a
    # briefing without themes it is the whole news, told in full blocks.
    compact = bool(themes)
    if settings.other_news.enabled:
        in_themes = {n for blocks in chosen.values() for n, _ in blocks}
        blocks = []
        for n in (n for n in by_importance if n in candidates[other] and n not in in_themes):
            if len(blocks) >= settings.stories_per_theme:
                break
            items = _choose(candidates[other][n], 1 if compact else limit, facts, shown, story_settings.redundancy,
                            shown_norms)
            if items:  # the best sentence is chosen (and remembered) even when only the headline is shown
                blocks.append((n, items if settings.other_news.sentence or not compact else []))
        chosen[other] = blocks

    usual = usual_themes(theme_of, other)
    said: set[str] = set()
    quotes_of: dict[tuple[int, int], list[Quote]] = {}
    for t in [*range(len(themes)), *([] if compact or other not in chosen else [other])]:
        left = story_settings.quotes_per_theme
        for n, _ in chosen[t]:
            here = [q for a in stories[n].articles for q in quotes.get(a.key, [])
                    if quote_theme(q, theme_of, usual, other) == t]
            picked = best_quotes(here, min(left, story_settings.quotes_per_story), shown.keys, said,
                                 news.carried, shown_norms) if left else []
            quotes_of[(t, n)] = picked
            left -= len(picked)

    return _put_together(chosen, quotes_of, stories, importance, facts, config,
                         {t: most_named(theme_names.get(t, []), story_settings.names_per_theme)
                          for t in range(other + 1)})


def _choose(indexes: Sequence[int], limit: int, facts: _Day, shown: _Shown, redundancy: float,
            shown_before: Sequence[str]) -> list[ThemeItem]:
    """The block's best sentences, best first, passing over any that would show something again
    (today, or inside a quote an earlier briefing showed: `shown_before`, normalised)."""
    # Scores are ranks within each article, so the best sentences of several articles tie; among
    # them, the one matching more theme terms, then the one closer to the day's news goes first.
    order = sorted(indexes, key=lambda i: (-facts.fresh[i].score, -len(facts.matched[i]), -facts.centrality[i],
                                           facts.fresh[i].sentence.index))
    picked: list[int] = []
    items: list[ThemeItem] = []
    for i in order:
        if len(items) >= limit:
            break
        scored = facts.fresh[i]
        article = scored.article.key
        key = (article, scored.sentence.index)
        words = norm(scored.sentence.text)
        if key in shown.keys or words in shown.texts or said_in(words, shown_before):
            continue
        if any((article, c.index) in shown.keys or norm(c.text) in shown.texts for c in scored.context):
            scored = replace(scored, context=())  # its context is shown already: the sentence stands alone
        opening = facts.openings.get(key)
        if (opening is not None and opening not in {(article, c.index) for c in scored.context}) \
                or _closes_open_quote(scored.text, scored.article.language):
            continue  # starts inside a quote whose opening is not shown with it
        if picked and _repeats(i, picked, facts, redundancy):
            continue
        picked.append(i)
        items.append(ThemeItem(scored=scored, matched=facts.matched[i]))
        shown.keys.add(key)
        shown.keys.update((article, c.index) for c in scored.context)
        shown.texts.update(norm(s.text) for s in (*scored.context, scored.sentence))
    return items


def _repeats(i: int, picked: list[int], facts: _Day, redundancy: float) -> bool:
    """Whether sentence i says again what one already picked for the block says."""
    cosine = (facts.vectors[i] @ facts.vectors[picked].T).toarray().ravel()
    common = (facts.words[i] @ facts.words[picked].T).toarray().ravel()
    return bool(((cosine >= redundancy) & (common >= SHARED_STEMS)).any())


def _closes_open_quote(text: str, language: str) -> bool:
    """A text that closes a quote it never opened ("... several days.”", "… la paix. » Ainsi") leans on
    an earlier sentence. The language's main quote marks are checked (“…” for English and Chinese,
    „…“ German, «…» French and Russian): its other marks double as each other's openings and closings."""
    pairs = language_rules(language).quote_pairs
    opens, closes = pairs[0] if pairs and pairs[0][0] != pairs[0][1] else ("“", "”")
    closing, opening = text.find(closes), text.find(opens)
    return closing != -1 and (opening == -1 or closing < opening)


def _put_together(chosen: dict[int, list[tuple[int, list[ThemeItem]]]], quotes_of: dict[tuple[int, int], list[Quote]],
                  stories: Sequence[Story], importance: Sequence[float], facts: _Day, config: Config,
                  names: dict[int, list[str]]) -> Assembly:
    themes, settings = config.themes, config.briefing
    other = len(themes)
    anchors: dict[int, int] = defaultdict(int)
    shown_under: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
    drafts: list[tuple[int, list[tuple[int, list[ThemeItem], list[Quote], str]]]] = []
    for t in [*range(len(themes)), *([other] if other in chosen else [])]:
        blocks = []
        for n, items in chosen[t]:
            anchors[n] += 1
            anchor = f"story-{stories[n].id}" + (f"-{anchors[n]}" if anchors[n] > 1 else "")
            blocks.append((n, items, quotes_of.get((t, n), []), anchor))
            name = themes[t].name if t < other else settings.other_news.title
            shown_under[n].append((-len(items), t, name))
        drafts.append((t, blocks))

    final = {n: replace(stories[n], importance=round(importance[n], 4),
                        themes=tuple(name for _, _, name in sorted(shown_under[n])),
                        items=tuple(item for t, blocks in drafts for m, items, _, _ in blocks if m == n
                                    for item in items))
             for n in shown_under}
    sections = []
    for t, blocks in drafts:
        section_blocks = tuple(StoryBlock(story=final[n], items=tuple(items), quotes=tuple(quotes), anchor=anchor,
                                          matched=_block_terms(items))
                               for n, items, quotes, anchor in blocks)
        if t < other:
            sections.append(ThemeSection(name=themes[t].name, description=themes[t].description,
                                         blocks=section_blocks, names=tuple(names.get(t, []))))
        elif section_blocks:
            sections.append(ThemeSection(name=settings.other_news.title, blocks=section_blocks, is_other=True,
                                         names=tuple(names.get(other, []))))
    ordered = [final[n] for n in sorted(final, key=lambda n: (-importance[n], n))]
    return Assembly(sections=sections, stories=ordered, glance=ordered[:settings.glance])


def _block_terms(items: Sequence[ThemeItem]) -> tuple[str, ...]:
    """The theme terms that matched the block's sentences, the most frequent first."""
    counts: dict[str, int] = defaultdict(int)
    for item in items:
        for term in item.matched:
            counts[term] += 1
    return tuple(sorted(counts, key=lambda term: -counts[term]))
