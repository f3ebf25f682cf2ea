"""A whole briefing at scale: 1,000, 3,000 and 10,000 articles through the real CLI, cold.

The articles are made from ../shared/eval/cnndm_dev.jsonl text: its 500 articles, then new ones
joining the first half of one article to the second half of another (seeded), written as JSON
article files from 25 outlets to a temporary folder and briefed on the sample config's themes
(limits.max_articles_per_day raised to fit). Each size runs in its own process tree, so its peak
memory is its own. Prints wall time, CPU time, peak memory and time per article, against the
targets: 10,000 articles under 60 s and 1.5 GB, time per article at 10,000 at most 1.3x that at 1,000.

    python benchmarks/briefing.py [--sizes 1000,3000,10000] [--repeat 1]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "cnndm_dev.jsonl"
DAY = "2024-03-05"
OUTLETS = 25
TARGET_SECONDS, TARGET_GB, TARGET_RATIO = 60.0, 1.5, 1.3

# Runs one command and reports its wall time, CPU time and peak memory (its own process tree only).
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": done.returncode, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_kb": usage.ru_maxrss, "stderr": done.stderr[-2000:]}))
"""


def eval_articles(path: Path) -> list[tuple[str, list[str]]]:
    from briefer.text import split_sentences
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(r.get("title") or "", split_sentences(r["text"])) for r in records]


def write_articles(folder: Path, count: int, originals: list[tuple[str, list[str]]]) -> None:
    rng = random.Random(11)
    for number in range(count):
        if number < len(originals):
            sentences = originals[number][1]
        else:  # half of one article, half of another: new text no other article repeats whole
            first, second = rng.sample(range(len(originals)), 2)
            a, b = originals[first][1], originals[second][1]
            sentences = a[: max(1, len(a) // 2)] + b[len(b) // 2:]
        article = {"title": sentences[0][:120], "text": " ".join(sentences),
                   "source": f"Outlet {number % OUTLETS}", "url": f"https://news.example/{number}",
                   "published": f"{DAY}T{number % 24:02d}:{number % 60:02d}:00+00:00"}
        (folder / f"{number:05d}.json").write_text(json.dumps(article), encoding="utf-8")


def configure(work: Path, articles: Path, count: int) -> Path:
    config = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    config["sources"] = [{"path": str(articles), "name": "Benchmark"}]
    config["output_dir"] = str(work / "out")
    config.pop("templates_dir", None)
    limits = config.setdefault("limits", {})
    limits["max_articles_per_day"] = limits["max_items_per_source"] = max(count, 1000)
    path = work / "config.yaml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def measure(config: Path, work: Path) -> dict:
    command = [sys.executable, "-m", "briefer", "run", "--quiet", "--config", str(config), "--date", DAY]
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=work)
    return json.loads(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, default=EVAL)
    parser.add_argument("--sizes", default="1000,3000,10000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best is shown")
    args = parser.parse_args()
    if not args.eval.exists():
        print(f"{args.eval}: missing (the eval set lives in ../shared)", file=sys.stderr)
        return 2
    originals = eval_articles(args.eval)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'articles':>8} {'briefed':>7} {'wall s':>7} {'cpu s':>7} {'peak GB':>8} {'ms/article':>10}")
    per_article: dict[int, float] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="briefer-bench-") as temp:
            work = Path(temp)
            (work / "articles").mkdir()
            write_articles(work / "articles", size, originals)
            config = configure(work, work / "articles", size)
            runs = []
            for _ in range(args.repeat):
                for old in (work / "out").glob("*"):
                    old.unlink()  # every run cold: no earlier briefing to compare with
                runs.append(measure(config, work))
            best = min(runs, key=lambda r: r["wall"])
            briefing = work / "out" / f"{DAY}.json"
            briefed = len(json.loads(briefing.read_text(encoding="utf-8"))["articles"]) if briefing.exists() else 0
        if best["rc"] != 0:
            print(f"{size:8} failed (exit {best['rc']}): {best['stderr'].strip().splitlines()[-1:]}")
            continue
        per_article[size] = best["wall"] / size
        print(f"{size:8} {briefed:7} {best['wall']:7.1f} {best['cpu']:7.1f} {best['peak_kb'] / 1024 ** 2:8.2f} "
              f"{1000 * per_article[size]:10.2f}")
    if len(per_article) > 1:
        low, high = min(per_article), max(per_article)
        print(f"time per article at {high} / at {low}: {per_article[high] / per_article[low]:.2f}x "
              f"(target <= {TARGET_RATIO}x); targets at 10,000: < {TARGET_SECONDS:.0f} s, < {TARGET_GB} GB")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (other work slows every run)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
