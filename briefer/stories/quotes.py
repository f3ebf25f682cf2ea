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

from ..clean import furniture_rule
from ..models import Article, Quote, Sentence
from .names import Mention, full_names, mentions

SPEECH_VERBS = (
    "said says say added adds told tells tell asked asks stated declared insisted insists warned warns "
    "explained explains wrote writes tweeted posted announced noted notes argued argues claimed claims "
    "continued replied responded recalled admitted admits acknowledged stressed urged vowed pledged "
    "conceded confirmed revealed revealed suggested remarked commented joked boasted"
).split()
PARTICIPLES = ("saying adding telling warning insisting noting arguing claiming stressing explaining "
               "declaring writing tweeting asking urging vowing").split()
_VERB = "|".join(sorted(set(SPEECH_VERBS + PARTICIPLES), key=len, reverse=True))
_PRONOUN = r"(?:he|she|they)"
_WHO = r"(?:[A-Z][\w’'\-.]*(?:\s+(?:of\s+|de\s+|van\s+|von\s+|al\s+)?[A-Z][\w’'\-.]*){0,4}|the\s+[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)"

# Quote spans: curly or straight double quotes; an unclosed curly quote runs to the paragraph's end.
# Single quotes (British style) open before a capital and close where no letter follows, so that
# "we'll" or "don’t" inside them does not end the quote.
_SPANS = re.compile(r"“(?P<a>[^“”]+)”|\"(?P<b>[^\"]+)\"|“(?P<c>[^“”]+)$|«(?P<d>[^«»]+)»"
                    r"|(?<![\w’'])['‘](?P<e>[A-Z0-9][^\"“”]*?[\w.,!?])['’](?![\w’'])")
# Right after the quote: ', he added', ', said Mr Biden', ', the ministry said', ', Biden told CNN'.
_AFTER_WHO_VERB = re.compile(rf"^\s*[,.!?]?\s*(?P<who>{_PRONOUN}|{_WHO})\s+(?:also\s+|later\s+)?(?:{_VERB})\b")
_AFTER_VERB_WHO = re.compile(rf"^\s*[,.!?]?\s*(?:{_VERB})\s+(?P<who>{_PRONOUN}|{_WHO})")
_AFTER_ACCORDING = re.compile(rf"^\s*[,.!?]?\s*according\s+to\s+(?P<who>{_WHO})")
# Right before the quote: 'X said: ', 'He added that ', 'said Mr Biden: '.
_BEFORE_VERB = re.compile(rf"\b(?P<verb>{_VERB})(?:\s+(?:that|reporters|journalists|the\s+\w+|[A-Z][\w]+(?:\s+[A-Z]\w+)?))?\s*[:,]?\s*$")
_BEFORE_VERB_WHO = re.compile(rf"\b(?:{_VERB})\s+(?P<who>{_WHO})\s*[:,]\s*$")
# Further before: 'adding there is ' (a speech verb at most six words before the quote).
_BEFORE_NEAR = re.compile(rf"\b(?P<verb>{_VERB})\b(?P<gap>(?:\s+[\w’'\-]+){{0,6}})\s*[:,]?\s*$")
# Reported speech outside quotes names a speaker that a later "he said" may refer to:
# 'Mr Jan de Vries, a harbour official, said port operations ...'.
_INDIRECT = re.compile(rf"(?P<who>{_WHO})(?:,[^,“”\"]{{1,80}},)?\s+(?:{_VERB})\b")
_PRONOUN_BEFORE = re.compile(rf"\b(?P<who>{_PRONOUN})\s+(?:also\s+|later\s+|then\s+)?$", re.IGNORECASE)

MIN_WORDS = 3
"""Shorter quoted bits ("all-weather") are scare quotes or titles, not speech."""
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


def find_quotes(article: Article, sentences: Sequence[Sentence],
                scores: dict[int, float] | None = None) -> list[Quote]:
    """Every attributed direct quote of the article, in order (unattributed quoted text is left out)."""
    scores = scores or {}
    paragraphs = _paragraphs(sentences)
    all_mentions = [m for p in paragraphs for m in mentions(p.text)]
    fuller = full_names([m.name for m in all_mentions], [m.name for m in all_mentions if m.titled])
    last_speaker: str | None = None
    quotes: list[Quote] = []
    for para in paragraphs:
        spans = list(_SPANS.finditer(para.text))
        reported = [m for m in _INDIRECT.finditer(para.text)
                    if not any(sp.start() <= m.start() < sp.end() for sp in spans)]
        for span in spans:
            while reported and reported[0].start() < span.start():
                last_speaker = _reported_speaker(reported.pop(0), fuller) or last_speaker
            inner = next(g for g in span.groups() if g is not None)
            text = inner.strip().rstrip(",").strip()
            if len(text.split()) < MIN_WORDS:
                continue
            first = para.sentence_at(span.start())
            last = para.sentence_at(max(span.end() - 1, span.start()))
            sentence_start = para.sentences[first][0]
            sentence_end = para.sentences[last][1]
            before = para.text[sentence_start: span.start()]
            after = para.text[span.end(): sentence_end]
            who = _speaker(before, after, sentence_start, para.text)
            if who is None:
                continue
            if who.lower() in ("he", "she", "they"):
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
            last_speaker = _reported_speaker(match, fuller) or last_speaker
    return quotes


def _reported_speaker(match: re.Match[str], fuller: dict[str, str]) -> str | None:
    """The person named as speaking in reported speech, or None when it is not a person's name."""
    who = _name_in(match.group("who"))
    if not who or who in ("he", "she", "they") or who.startswith("the ") or who.lower() in NOT_SPEAKERS:
        return None
    return fuller.get(who, who)


def _speaker(before: str, after: str, before_offset: int, paragraph: str) -> str | None:
    """The speaker's name (or a pronoun) from the words around a quote, or None."""
    for pattern in (_AFTER_WHO_VERB, _AFTER_VERB_WHO, _AFTER_ACCORDING):
        match = pattern.match(after)
        if match:
            who = _name_in(match.group("who"))
            if who:
                return who
    match = _BEFORE_VERB_WHO.search(before)
    if match:
        who = _name_in(match.group("who"))
        if who:
            return who
    match = _BEFORE_VERB.search(before) or _BEFORE_NEAR.search(before)
    if match:
        head = before[: match.start("verb")]
        pronoun = _PRONOUN_BEFORE.search(head)
        if pronoun:
            return pronoun.group("who").lower()
        names = [m for m in mentions(head) if not m.possessive]
        if names:
            return names[-1].name
    return None


def _name_in(phrase: str) -> str | None:
    phrase = phrase.strip()
    if phrase.lower() in ("he", "she", "they"):
        return phrase.lower()
    if phrase.startswith("the "):
        return phrase
    found: list[Mention] = mentions(phrase)
    return found[0].name if found else None


def _display(speaker: str) -> str:
    return speaker[:1].upper() + speaker[1:]
