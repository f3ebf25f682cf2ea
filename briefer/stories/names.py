"""Names in running text: people, places and organisations, found by capitalisation alone.

No model and no download: a name is a run of capitalised words ("Joe Biden", "Bank of England"),
with titles ("Mr", "President", "Polish PM") cut off so that "Mr Biden" and "President Biden" are
one name, and with words that are capitalised for other reasons left out: sentence openers,
days, months, demonyms ("Chinese"). A name seen only at the start of sentences counts only when it
is also seen in mid-sentence, because any word is capitalised there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..models import NameMark
from ..text import language_rules

# Words that are titles or roles before a name; the name is what follows the last of them.
TITLES = frozenset("""
    mr mrs ms miss mx dr sir dame lord lady madam president vice prime minister pm chancellor secretary
    senator sen rep representative congressman congresswoman governor gov mayor general gen colonel col
    lieutenant lt captain capt sergeant sgt admiral adm commander king queen prince princess duke duchess
    pope cardinal bishop archbishop rabbi imam rev reverend father judge justice professor prof
    chairman chairwoman chair ceo chief director spokesman spokeswoman spokesperson leader premier
    ambassador envoy foreign defence defense interior finance home state deputy acting former first
    officer detective inspector superintendent constable coach manager striker midfielder defender
    goalkeeper star boss mp mep
""".split())

# Capitalised for reasons other than being a name.
STOP = frozenset("""
    a an the this that these those there here it its he she they we i you his her their our my your
    in on at of for from by with to and or but so if as when while after before since during although
    though however meanwhile also yet still then now today yesterday tomorrow tonight
    what who where why how which whose whom
    monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    read more related watch listen click share follow subscribe sign image picture photo video copyright
    advertisement getty update updated latest breaking live
    according speaking asked said says added told writing
    mon tue wed thu fri sat sun am pm gmt bst utc
    one two three four five six seven eight nine ten
    last next first second third oh yes no please thanks
""".split())

# Demonyms and other capitalised adjectives: describe, do not name.
ADJECTIVES = frozenset("""
    american british english scottish welsh irish french german italian spanish portuguese dutch belgian
    swiss austrian polish czech slovak hungarian romanian bulgarian greek turkish russian ukrainian
    belarusian georgian armenian lithuanian latvian estonian finnish swedish norwegian danish icelandic
    chinese japanese korean taiwanese vietnamese thai indonesian malaysian filipino indian pakistani
    bangladeshi afghan iranian iraqi syrian lebanese israeli palestinian jordanian saudi egyptian libyan
    tunisian moroccan algerian nigerian kenyan ethiopian somali sudanese african european asian arab
    canadian mexican brazilian argentine argentinian chilean colombian peruvian venezuelan cuban
    australian zealand western eastern northern southern islamic christian jewish muslim catholic
    republican democratic democrat conservative labour liberal soviet communist
""".split())

CONNECTORS = frozenset("of de da di van von der den bin al el la le du y".split())

UPPER = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻА-ЯЁІЇЄҐЎ"
"""Capital letters of the Latin and Cyrillic alphabets of briefer/languages/ (for names and speakers)."""
_CAP_WORD = rf"(?:[{UPPER}][\w’'\-]*(?:\.[{UPPER}])*\.?|[{UPPER}]\.)"
_SEQUENCE = re.compile(
    rf"(?<![\w’'\-]){_CAP_WORD}(?:\s+(?:(?:{'|'.join(sorted(CONNECTORS))})\s+)?{_CAP_WORD})*"
)
_POSSESSIVE = re.compile(r"['’]s?$")
_CONTRACTION = re.compile(r"^I['’]|['’](?:m|re|ve|ll|d|t)$", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    name: str
    start: int
    """Character offset of the name in the text it was found in."""
    end: int
    possessive: bool = False
    initial: bool = False
    """At the start of the sentence, where every word is capitalised."""
    titled: bool = False
    """Came after a title such as "Mr" or "President": surely a person."""


def mentions(sentence: str, language: str = "en") -> list[Mention]:
    """Every name in one sentence, titles cut off, in order.

    Each language adds its own titles and capitalised non-names (briefer/languages/); where every
    noun is capitalised (German) a single word is taken for a name only after a title."""
    rules = language_rules(language)
    if rules.cjk:
        return []  # Chinese has no capitals to find names by
    titles, stop = _word_sets(rules.iso)
    found = []
    opening = len(sentence) - len(sentence.lstrip(" \"'“‘«„([-–—"))
    for match in _SEQUENCE.finditer(sentence):
        mention = _clean(match, initial=match.start() <= opening, titles=titles, stop=stop)
        if mention is not None and not (rules.nouns_capitalised and " " not in mention.name and not mention.titled):
            found.append(mention)
    return found


@lru_cache(maxsize=32)
def _word_sets(language: str) -> tuple[frozenset[str], frozenset[str]]:
    """The titles and the capitalised non-names of a language, English's included (names travel)."""
    rules = language_rules(language)
    return TITLES | rules.titles, STOP | rules.not_names


def _clean(match: re.Match[str], *, initial: bool, titles: frozenset[str] = TITLES,
           stop: frozenset[str] = STOP) -> Mention | None:
    words = match.group(0).split()
    start, end = match.start(), match.end()
    # "Lanarkshire. Deborah": a full stop after a word (not "U.S." or "Mr.") ends the run.
    for position in range(len(words) - 2, -1, -1):
        word = words[position]
        if (word.endswith(".") and len(word) > 3 and not re.fullmatch(r"(?:[A-Z]\.)+", word)
                and word.lower().rstrip(".") not in titles):
            words, initial = words[position + 1:], True
            break
    possessive = False
    last = words[-1]
    if _POSSESSIVE.search(last) and len(last) > 2:
        possessive = True
        words[-1] = _POSSESSIVE.sub("", last)
    if words[-1].endswith(".") and not re.fullmatch(r"(?:[A-Z]\.)+", words[-1]):
        words[-1] = words[-1].rstrip(".")
    # Leading stop words ("The", "On Friday") and titles ("Polish PM", "Mr") go; keep what follows.
    titled = False
    cut = 0
    for position, word in enumerate(words):
        lower = word.lower().rstrip(".")
        if lower in titles:
            cut, titled = position + 1, True
        elif (lower in stop or lower in CONNECTORS) and not titled:  # after "Mr", "Jan" is a name
            if position == cut:
                cut = position + 1
        else:
            break
    # A title inside the run ("U.S. President Barack Obama"): the name is what follows it.
    for position in range(len(words) - 2, cut - 1, -1):
        if words[position].lower().rstrip(".") in titles:
            cut, titled = position + 1, True
            break
    if cut:
        initial = False  # a name after "The" or "Mr" is not capitalised for being first
    words = words[cut:]
    if words and words[-1].lower().rstrip(".") in titles:
        return None  # "Belarusian President", "Prime Minister": a role, not a name
    while words and (words[-1].lower() in CONNECTORS or words[-1].lower() in stop):
        words.pop()
    if not words:
        return None
    if len(words) == 1 and (words[0].lower() in ADJECTIVES or words[0].lower() in titles or len(words[0]) < 2):
        return None
    checked = words[1:] if titled else words  # "Mr Jan ...", "Ms May ...": after a title, a name
    if any((w.lower() in stop and w.lower() not in CONNECTORS) or _CONTRACTION.search(w) for w in checked):
        return None  # "Friday Mr" or a heading-like run of capitals: not one name
    return Mention(name=" ".join(words), start=start, end=end, possessive=possessive,
                   initial=initial, titled=titled)


def full_names(names: Iterable[str], titled: Iterable[str] = ()) -> dict[str, str]:
    """Each short form mapped to the one longer name it ends with ("Biden" -> "Joe Biden").

    A short form seen after a title ("Mr Qin") may also be the first word of the longer name
    ("Qin Gang"): family names come first in Chinese, Korean and Hungarian names.
    """
    distinct = set(names)
    persons = set(titled)
    longer: dict[str, set[str]] = {}
    opening: dict[str, set[str]] = {}
    for name in distinct:
        words = name.split()
        # Only person-like names take in a short form: "Port Authority of Velden" is not "Velden".
        if 1 < len(words) <= 3 and not CONNECTORS & {w.lower() for w in words}:
            longer.setdefault(words[-1], set()).add(name)
            opening.setdefault(words[0], set()).add(name)
    mapping = {}
    for name in distinct:
        candidates = longer.get(name, set()) if " " not in name else set()
        if not candidates and name in persons:
            candidates = opening.get(name, set())
        if len(candidates) == 1:
            mapping[name] = next(iter(candidates))
    return mapping


def most_named(found: Iterable[Sequence[Mention | NameMark]], limit: int, *, minimum: int = 2) -> list[str]:
    """The names mentioned most often (at least `minimum` times), most first, from each sentence's
    mentions (`mentions`, or the `NameMark`s a map worker sent back for them)."""
    if limit <= 0:
        return []
    counts: Counter[str] = Counter()
    initial_only: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    titled: set[str] = set()
    for sentence_mentions in found:
        for mention in sentence_mentions:
            first_seen.setdefault(mention.name, len(first_seen))
            if mention.titled:
                titled.add(mention.name)
            (initial_only if mention.initial else counts)[mention.name] += 1
    for name, count in initial_only.items():
        if counts[name]:  # capitalised at a sentence's start: a name only if it also comes mid-sentence
            counts[name] += count
    longer = full_names(counts, titled)
    merged: Counter[str] = Counter()
    for name, count in counts.items():
        merged[longer.get(name, name)] += count
    ranked = sorted(merged, key=lambda n: (-merged[n], first_seen.get(n, 0)))
    return [name for name in ranked if merged[name] >= minimum][:limit]
