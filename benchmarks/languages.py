"""Every language of briefer/languages/: sentence splitting against the team's gold splits, and
ROUGE of the `news` ranker against Lead-3 on the team's articles.

    python benchmarks/languages.py [--data tests/data] [--errors [fresh]]

Splitting: for each sentences/news_<iso>.txt corpus, boundary precision and recall of briefer's
splitter for that language (target >= 0.98 each) on the whole corpus, on the team's first
held-out part ('# --- held-out': not tuned on when written, its errors looked at since) and on the
fresh held-out part ('# --- fresh held-out': written after the rules were last tuned and measured
blind before any rule changed; tests/data/sentences/README.md tells its history), beside nltk's
untrained Punkt as the reference. `--errors` lists each wrong boundary outside the fresh
part (what the rules may be tuned on); `--errors fresh` lists the fresh part's, to report them.

ROUGE: for each summaries/news_<iso>.jsonl, ROUGE-1/2/Lsum F1 x 100 of three sentences chosen by
`news` and by `lead` against the human-style reference summaries, scored as `briefer eval` scores
them (Unicode words stemmed in the language; characters for Chinese), and news/lead.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from nltk.tokenize.punkt import PunktSentenceTokenizer

from briefer.evaluate import ROUGE_TYPES, evaluate, load_dataset
from briefer.languages.gold import joiner, load_corpus, precision_recall, split_errors
from briefer.text import split_sentences

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
NAN = (float("nan"), float("nan"))


def splitting(folder: Path, errors: str | None) -> None:
    punkt = PunktSentenceTokenizer().tokenize
    print(f"{'corpus':<22} {'sentences':>9}  {'briefer P':>9} {'R':>6}  {'held-out P':>10} {'R':>6}  "
          f"{'fresh P':>7} {'R':>6}  {'punkt P':>7} {'R':>6}")
    wrong: list[str] = []
    for path in sorted(folder.glob("news_*.txt")):
        iso, sep = path.stem.removeprefix("news_").split("_")[0], joiner(path)

        def split(text: str, iso: str = iso) -> list[str]:
            return split_sentences(text, iso)

        whole = load_corpus(path)
        figures = [precision_recall(whole, split, sep)]
        for part in ("held-out", "fresh"):
            paragraphs = load_corpus(path, part=part)
            figures.append(precision_recall(paragraphs, split, sep) if paragraphs else NAN)
        figures.append(precision_recall(whole, punkt, sep))
        cells = "  ".join(f"{p:>{w}.3f} {r:>6.3f}" for (p, r), w in zip(figures, (9, 10, 7, 7)))
        print(f"{path.name:<22} {sum(map(len, whole)):>9}  {cells}")
        if errors:
            parts = ("fresh",) if errors == "fresh" else ("tuned", "held-out")
            for part in parts:
                wrong += [f"{path.name} {part:<8} {e}" for e in
                          split_errors(load_corpus(path, part=part), split, sep)]
    if errors:
        print(f"\n{len(wrong)} wrong boundaries ({'fresh part' if errors == 'fresh' else 'tuned and held-out parts'}):")
        print("\n".join(wrong))


def rouge(folder: Path) -> None:
    names = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}
    header = "  ".join(f"{'news ' + names[t]:>12} {'lead':>6} {'ratio':>5}" for t in ROUGE_TYPES)
    print(f"\n{'summaries':<22} {'articles':>9}  {header}")
    for path in sorted(folder.glob("news_*.jsonl")):
        iso = path.stem.removeprefix("news_")
        examples = load_dataset(path)
        news, lead = evaluate(examples, ["news", "lead"], count=3, language=iso, show_progress=False)
        cells = "  ".join(f"{getattr(news, t):>12.2f} {getattr(lead, t):>6.2f} "
                          f"{getattr(news, t) / getattr(lead, t):>5.2f}" for t in ROUGE_TYPES)
        print(f"{path.name:<22} {len(examples):>9}  {cells}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the folder holding sentences/ and summaries/")
    parser.add_argument("--errors", nargs="?", const="seen", choices=("seen", "fresh"),
                        help="list wrong boundaries (seen: tuned and held-out parts; fresh: the fresh part)")
    parser.add_argument("--no-rouge", action="store_true", help="splitting figures only")
    args = parser.parse_args()
    splitting(args.data / "sentences", args.errors)
    if not args.no_rouge:
        rouge(args.data / "summaries")


if __name__ == "__main__":
    main()
