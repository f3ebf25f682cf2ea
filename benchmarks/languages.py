"""Sentence splitting in every language of briefer/languages/ against the team's gold splits.

    python benchmarks/languages.py [--data tests/data/sentences]

For each news_<iso>.txt corpus: boundary precision and recall of briefer's splitter for that
language (target >= 0.98 each), on the whole corpus and on its held-out part alone (the part after
'# --- held-out', never used to tune the rules), beside nltk's untrained Punkt as the reference.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefer.languages.gold import load_corpus, precision_recall
from briefer.text import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "sentences"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    punkt = PunktSentenceTokenizer().tokenize
    print(f"{'corpus':<22} {'sentences':>9}  {'briefer P':>9} {'R':>6}  {'held-out P':>10} {'R':>6}  {'punkt P':>7} {'R':>6}")
    for path in sorted(args.data.glob("news_*.txt")):
        iso = path.stem.removeprefix("news_").split("_")[0]
        split = lambda text, iso=iso: split_sentences(text, iso)  # noqa: E731
        whole = load_corpus(path)
        held = load_corpus(path, part="held-out")
        p, r = precision_recall(whole, split)
        hp, hr = precision_recall(held, split) if held else (float("nan"), float("nan"))
        pp, pr = precision_recall(whole, punkt)
        print(f"{path.name:<22} {sum(map(len, whole)):>9}  {p:>9.3f} {r:>6.3f}  {hp:>10.3f} {hr:>6.3f}  {pp:>7.3f} {pr:>6.3f}")


if __name__ == "__main__":
    main()
