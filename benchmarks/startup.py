"""How long briefer's commands take from a fresh process, beside Python itself and an nltk import.

Each command runs ROUNDS times (the commands taking turns, so that a busy moment slows one run and
not one command), each in a fresh process from an empty folder (so the default config is used),
and its median wall time is printed: `python -c pass` (the floor), `python -c "import nltk"` (what
loading sumy's stemmers used to cost), `briefer --help`, `briefer summarize` of a sample text
article, and `briefer run` on the sample articles (into a temporary folder). Targets (issue 13):
summarize under 0.4 s and --help under 0.2 s on a quiet machine.

    python benchmarks/startup.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ARTICLE = SAMPLES / "lukashenko-beijing-visit.txt"


def briefer_command() -> list[str]:
    """The `briefer` entry point beside this Python (what a user runs), else `python -m briefer`."""
    script = Path(sys.executable).with_name("briefer")
    return [str(script)] if script.exists() else [sys.executable, "-m", "briefer"]


def wall_time(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}): {result.stderr.strip()}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    briefer = briefer_command()
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        out = cwd / "out"
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            'python -c "import nltk"': [sys.executable, "-c", "import nltk"],
            "briefer --help": [*briefer, "--help"],
            f"briefer summarize {ARTICLE.relative_to(ROOT)}": [*briefer, "summarize", str(ARTICLE)],
            "briefer run --source samples/": [*briefer, "run", "--source", str(SAMPLES), "--out", str(out)],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(wall_time(command, cwd))
            shutil.rmtree(out, ignore_errors=True)
    print(f"wall seconds from a fresh process, median of {args.rounds} (min - max); default config\n")
    width = max(map(len, commands))
    for name, runs in times.items():
        print(f"{name:<{width}}  {statistics.median(runs):6.3f}   ({min(runs):.3f} - {max(runs):.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
