"""Who said what: direct quotes with their speakers, found by the patterns news English uses.

    Mr Zelenskyy said: “I am planning to meet with Xi Jinping.”     name, speech verb, quote
    “China has shown its thoughts ...,” he added.                   quote, pronoun -> last speaker
    “...,” said the ministry. / “...,” the ministry said.           quote, then the speaker
    Joe Biden dismissed the plan, adding there is “nothing ...”     speaker, verb, a few words, quote

Quotes are read per paragraph, not per sentence: the sentence splitter rightly ends a sentence
inside a quote (“I really want ... Russia. / This will be ... security.”), and the quote is the
whole span between the marks. A pronoun ("he", "she") is the last speaker named in the article.
Titles are cut off ("Mr Biden" -> "Biden"), and a surname becomes the full name the article gives
("Joe Biden"). Lines that are page furniture ("Read more: ...") are never read for quotes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..clean import furniture_rule
from ..models import Article, Quote, Sentence
from ..text import language_rules
from .names import UPPER, Mention, full_names, mentions

SPEECH_VERBS = (
    "said says say added adds told tells tell asked asks stated declared insisted insists warned warns "
    "explained explains wrote writes tweeted posted announced noted notes argued argues claimed claims "
    "continued replied responded recalled admitted admits acknowledged stressed urged vowed pledged "
    "conceded confirmed revealed revealed suggested remarked commented joked boasted"
).split()
PARTICIPLES = ("saying adding telling warning insisting noting arguing claiming stressing explaining "
               "declaring writing tweeting asking urging vowing").split()
_ENGLISH_PRONOUNS = ("he", "she", "they")


@dataclass(frozen=True)
class _Patterns:
    """One language's quote patterns, built from its speech verbs, pronouns and quote marks."""

    spans: re.Pattern[str]
    after_who_verb: re.Pattern[str]
    after_verb_who: re.Pattern[str]
    after_according: re.Pattern[str]
    before_verb: re.Pattern[str]
    before_verb_who: re.Pattern[str]
    before_near: re.Pattern[str]
    indirect: re.Pattern[str]
    pronoun_before: re.Pattern[str]
    pronouns: frozenset[str]
    language: str


@lru_cache(maxsize=16)
def _patterns(language: str) -> _Patterns:
    rules = language_rules(language)
    english = rules.iso == "en"
    verbs = sorted(set(SPEECH_VERBS + PARTICIPLES) if english else
                   {v.replace(" ", r"\s+") for v in rules.speech_verbs}, key=len, reverse=True)
    verb = "|".join(verbs) or r"(?!)"
    edge = "" if rules.cjk else r"(?<!\w)"  # Chinese words touch: no word boundary before a verb
    pronouns = _ENGLISH_PRONOUNS if english else rules.pronouns
    pronoun = f"(?:{'|'.join(pronouns)})" if pronouns else r"(?!)"
    according = r"according\s+to" if english else "|".join(a.replace(" ", r"\s+") for a in rules.according_to) or r"(?!)"
    up = UPPER
    who = (rf"(?:[{up}][\w’'\-.]*(?:\s+(?:of\s+|de\s+|van\s+|von\s+|al\s+)?[{up}][\w’'\-.]*){{0,4}}"
           r"|the\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)")
    if not english:  # 'a déclaré la porte-parole Claire Vasseur', 'заявив міністр Дмитро Кулеба'
        who = rf"(?:(?:[^\W\d_{up}][\w’'\-]*\s+){{0,3}}?)[{up}][\w’'\-.]*(?:\s+[{up}][\w’'\-.]*){{0,3}}"
    if rules.cjk:
        who = r"[\u4e00-\u9fff]{1,6}?"
    # Quote spans: curly or straight double quotes; an unclosed curly quote runs to the paragraph's end.
    # Single quotes (British style) open before a capital and close where no letter follows, so that
    # "we'll" or "don’t" inside them does not end the quote. Other languages add their own marks.
    spans = (r"“(?P<a>[^“”]+)”|\"(?P<b>[^\"]+)\"|“(?P<c>[^“”]+)$|«(?P<d>[^«»]+)»"
             r"|(?<![\w’'])['‘](?P<e>[A-Z0-9][^\"“”]*?[\w.,!?])['’](?![\w’'])")
    if not english:
        spans = "|".join(f"{re.escape(o)}(?P<q{n}>[^{re.escape(o + c)}]+){re.escape(c)}"
                         for n, (o, c) in enumerate(rules.quote_pairs)) or r"(?!)"  # generic rules: no marks known
    lead = r"^\s*[,.!?]?\s*(?:[—–-]\s*)?"  # '», — сказал он'
    return _Patterns(
        spans=re.compile(spans),
        # Right after the quote: ', he added', ', said Mr Biden', ', the ministry said', ', Biden told CNN'.
        after_who_verb=re.compile(rf"{lead}(?P<who>{pronoun}|{who})\s*(?:also\s+|later\s+)?(?:{verb})(?!\w)"),
        after_verb_who=re.compile(rf"{lead}(?:{verb})\s+(?P<who>{pronoun}|{who})"),
        after_according=re.compile(rf"{lead}(?:{according})\s+(?P<who>{who})"),
        # Right before the quote: 'X said: ', 'He added that ', 'said Mr Biden: '.
        before_verb=re.compile(rf"{edge}(?P<verb>{verb})(?:\s+(?:that|reporters|journalists|the\s+\w+|[A-Z][\w]+(?:\s+[A-Z]\w+)?))?\s*[:,：，]?\s*$"),
        before_verb_who=re.compile(rf"(?<!\w)(?:{verb})\s+(?P<who>{who})\s*[:,]\s*$"),
        # Further before: 'adding there is ' (a speech verb at most six words before the quote).
        before_near=re.compile(rf"(?<!\w)(?P<verb>{verb})(?!\w)(?P<gap>(?:\s+[\w’'\-]+){{0,6}})\s*[:,]?\s*$"),
        # Reported speech outside quotes names a speaker that a later "he said" may refer to:
        # 'Mr Jan de Vries, a harbour official, said port operations ...'.
        indirect=re.compile(rf"(?P<who>{who})(?:,[^,“”\"]{{1,80}},)?\s+(?:{verb})(?!\w)"),
        pronoun_before=re.compile(rf"(?<!\w)(?P<who>{pronoun})\s*(?:also\s+|later\s+|then\s+)?$", re.IGNORECASE),
        pronouns=frozenset(pronouns),
        language=rules.iso,
    )


MIN_WORDS = 3
"""Shorter quoted bits ("all-weather") are scare quotes or titles, not speech."""
MIN_CHARACTERS = 6
"""The same for Chinese, written without spaces."""
NOT_SPEAKERS = frozenset({"read more", "read", "more", "watch", "related", "click", "share", "follow",
                          "subscribe", "image", "picture", "photo", "video", "copyright", "advertisement"})


@dataclass
class _Paragraph:
    text: str
    sentences: list[tuple[int, int, Sentence]]
    """(start, end, sentence) of each sentence inside `text`."""

    def sentence_at(self, offset: int) -> int:
        for position, (_, end, _) in enumerate(self.sentences):
            if offset < end:
                return position
        return len(self.sentences) - 1


def _paragraphs(sentences: Sequence[Sentence]) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current = -1
    for sentence in sorted(sentences, key=lambda s: s.index):
        if furniture_rule(sentence.text):
            continue  # "Read more: ..." is a link to another story, never someone's words
        if sentence.paragraph != current or not paragraphs:
            paragraphs.append(_Paragraph(text="", sentences=[]))
            current = sentence.paragraph
        para = paragraphs[-1]
        start = len(para.text) + (1 if para.text else 0)
        para.text = f"{para.text} {sentence.text}" if para.text else sentence.text
        para.sentences.append((start, len(para.text), sentence))
    return paragraphs


def find_quotes(article: Article, sentences: Sequence[Sentence], scores: dict[int, float] | None = None,
                found: Sequence[Sequence[Mention]] | None = None) -> list[Quote]:
    """Every attributed direct quote of the article, in order (unattributed quoted text is left out).

    `found` holds each sentence's names (`names.mentions`) when the caller has them already."""
    scores = scores or {}
    paragraphs = _paragraphs(sentences)
    patterns = _patterns(article.language)
    if found is None:
        found = [mentions(s.text, article.language) for s in sentences]
    all_mentions = [m for sentence_mentions in found for m in sentence_mentions]
    fuller = full_names([m.name for m in all_mentions], [m.name for m in all_mentions if m.titled])
    last_speaker: str | None = None
    quotes: list[Quote] = []
    for para in paragraphs:
        spans = list(patterns.spans.finditer(para.text))
        reported = [m for m in patterns.indirect.finditer(para.text)
                    if not any(sp.start() <= m.start() < sp.end() for sp in spans)]
        for span in spans:
            while reported and reported[0].start() < span.start():
                last_speaker = _reported_speaker(reported.pop(0), fuller, patterns) or last_speaker
            inner = next(g for g in span.groups() if g is not None)
            text = inner.strip().rstrip(",").strip()
            if len(text.split()) < MIN_WORDS and not (patterns.language == "zh" and len(text) >= MIN_CHARACTERS):
                continue
            first = para.sentence_at(span.start())
            last = para.sentence_at(max(span.end() - 1, span.start()))
            sentence_start = para.sentences[first][0]
            sentence_end = para.sentences[last][1]
            before = para.text[sentence_start: span.start()]
            after = para.text[span.end(): sentence_end]
            who = _speaker(before, after, patterns)
            if who is None:
                continue
            if who.lower() in patterns.pronouns:
                if last_speaker is None:
                    continue
                speaker = last_speaker
            else:
                speaker = fuller.get(who, who)
                if speaker.lower() in NOT_SPEAKERS:
                    continue
                last_speaker = speaker
            spanned = [s.index for _, _, s in para.sentences[first: last + 1]]
            quotes.append(Quote(speaker=_display(speaker), text=text, article=article,
                                sentence_index=spanned[0], sentence_count=len(spanned),
                                score=max((scores.get(i, 0.0) for i in spanned), default=0.0)))
        for match in reported:
            last_speaker = _reported_speaker(match, fuller, patterns) or last_speaker
    return quotes


def _reported_speaker(match: re.Match[str], fuller: dict[str, str], patterns: _Patterns) -> str | None:
    """The person named as speaking in reported speech, or None when it is not a person's name."""
    who = _name_in(match.group("who"), patterns)
    if not who or who in patterns.pronouns or who.startswith("the ") or who.lower() in NOT_SPEAKERS:
        return None
    return fuller.get(who, who)


def _speaker(before: str, after: str, patterns: _Patterns) -> str | None:
    """The speaker's name (or a pronoun) from the words around a quote, or None."""
    for pattern in (patterns.after_who_verb, patterns.after_verb_who, patterns.after_according):
        match = pattern.match(after)
        if match:
            who = _name_in(match.group("who"), patterns)
            if who:
                return who
    match = patterns.before_verb_who.search(before)
    if match:
        who = _name_in(match.group("who"), patterns)
        if who:
            return who
    match = patterns.before_verb.search(before) or patterns.before_near.search(before)
    if match:
        head = before[: match.start("verb")]
        pronoun = patterns.pronoun_before.search(head)
        if pronoun:
            return pronoun.group("who").lower()
        if patterns.language == "zh":
            return _name_in(head[-6:].lstrip("，。：；、 "), patterns)
        names = [m for m in mentions(head, patterns.language) if not m.possessive]
        if names:
            return names[-1].name
    return None


def _name_in(phrase: str, patterns: _Patterns) -> str | None:
    phrase = phrase.strip()
    if phrase.lower() in patterns.pronouns:
        return phrase.lower()
    if phrase.startswith("the "):
        return phrase
    if patterns.language == "zh":
        return phrase or None  # no capitals: the words before the speech verb name the speaker
    found: list[Mention] = mentions(phrase, patterns.language)
    return found[0].name if found else None


def _display(speaker: str) -> str:
    return speaker[:1].upper() + speaker[1:]
