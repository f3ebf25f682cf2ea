"""The per-article map at scale: 1 vs 2 worker processes on articles recombined from ../shared/eval.

Every configuration runs in a fresh process, so each figure is its own (no warm cache, no memory
left over from another). Prints, per size:

- the map's wall time with 1 and 2 workers, cold (the first pass of a new process: the pool
  starts and every worker learns its stems) and warm (best of --repeat more passes), the speed-up
  (target: at least 1.6x on 2 cores), and the map's CPU per article: all of it (the pool's
  processes, the fork server and the coordinator) and the coordinator's share (unpickling the
  compact results, building sentences, numbering the articles' words);
- the coordinator's day assembly after the map (stories, novelty, themes, the briefing JSON), in
  its own process: seconds and CPU per article, and its peak memory (resident set, from
  resource.getrusage, above the process before the articles) per article;

from which README projects the workers and the coordinator needed for 1 million articles a day.
The machine may be shared: the load average is printed beside the figures.

    python benchmarks/scale.py [--articles 10000 50000] [--repeat 1] [--start-method forkserver]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "cnndm_dev.jsonl"
ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.6


def cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def day_articles(count: int) -> list:
    """The day's articles as gathered: their language is detected by the map (briefer/compute.py)."""
    from briefer.stories.labelled import load_eval_articles, recombined_articles

    return recombined_articles(load_eval_articles(EVAL), count)


def sample_config(workers: int):
    """The sample config.yaml's themes and settings, with `workers` processes for the map."""
    from briefer.config import load_config

    config = load_config(ROOT / "config.yaml")
    return config.model_copy(update={"compute": config.compute.model_copy(update={"workers": workers})})


def measure_map(count: int, workers: int, repeat: int) -> dict:
    """In this (fresh) process: a cold pass of the map, then `repeat` warm ones."""
    from briefer.compute import rank_articles

    articles, config = day_articles(count), sample_config(workers)
    walls, own = [], 0.0
    for _ in range(1 + repeat):
        start_cpu, start = cpu(resource.RUSAGE_SELF), time.perf_counter()
        rank_articles(articles, config)
        walls.append(time.perf_counter() - start)
        own += cpu(resource.RUSAGE_SELF) - start_cpu
    # Pool workers forked by the fork server are its children: stopping it (and waiting for it, as
    # multiprocessing's own tests do) adds their CPU to this process's children.
    import multiprocessing.forkserver

    multiprocessing.forkserver._forkserver._stop()
    return {"cold": walls[0], "warm": min(walls[1:], default=None), "passes": 1 + repeat,
            "coordinator_cpu": own, "workers_cpu": cpu(resource.RUSAGE_CHILDREN)}


def measure_coordinator(count: int, workers: int) -> dict:
    """In this (fresh) process: the map, then the day's assembly alone, timed, with the peak memory."""
    from datetime import date, datetime, timezone

    from briefer.briefing_data import to_data
    from briefer.compute import rank_articles
    from briefer.models import Briefing
    from briefer.stories import find_news
    from briefer.themes import assemble

    config = sample_config(workers)
    day = date(2024, 3, 5)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    articles = day_articles(count)
    mapped = rank_articles(articles, config)
    start_cpu, start = cpu(resource.RUSAGE_SELF), time.perf_counter()
    articles = mapped.articles
    news = find_news(articles, mapped.sentences, config.stories, words=mapped.words)
    body = assemble(news, mapped.sentences, config, day, findings=mapped.findings)
    briefing = Briefing(date=day, generated_at=datetime.now(timezone.utc), title=config.briefing.title,
                        themes=tuple(body.sections), articles=tuple(articles), stories=tuple(body.stories),
                        glance=tuple(body.glance))
    json.dumps(to_data(briefing))
    return {"wall": time.perf_counter() - start, "cpu": cpu(resource.RUSAGE_SELF) - start_cpu,
            "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before}


def in_fresh_process(*args: str, start_method: str) -> dict:
    """One measurement in a new Python process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
           "BRIEFER_START_METHOD": start_method}
    done = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.splitlines()[-1])


def child(args: list[str]) -> None:
    method = os.environ.get("BRIEFER_START_METHOD")
    if method:
        import briefer.compute

        briefer.compute.START_METHOD = method
    kind, count, workers, repeat = args[0], int(args[1]), int(args[2]), int(args[3])
    result = measure_map(count, workers, repeat) if kind == "map" else measure_coordinator(count, workers)
    print(json.dumps(result))


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=1, help="warm passes after the cold one (the best is shown)")
    parser.add_argument("--start-method", default="forkserver", choices=["forkserver", "fork", "spawn"])
    parser.add_argument("--no-coordinator", action="store_true", help="time the map only")
    args = parser.parse_args()
    if not EVAL.exists():
        print(f"{EVAL}: missing (the eval set lives in ../shared)", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    print(f"{'articles':>9} {'workers':>7} {'cold map':>9} {'warm map':>9} {'map CPU ms/article':>19} "
          f"{'of it coordinator':>18}")
    for count in args.articles:
        walls = {}
        for workers in (1, 2):
            got = in_fresh_process("map", str(count), str(workers), str(args.repeat), start_method=args.start_method)
            per_pass = (got["workers_cpu"] + got["coordinator_cpu"]) / got["passes"]
            walls[workers] = got["warm"] or got["cold"]
            warm = f"{got['warm']:8.1f}s" if got["warm"] else f"{'-':>9}"
            print(f"{count:>9,} {workers:>7} {got['cold']:8.1f}s {warm} {1000 * per_pass / count:19.2f} "
                  f"{1000 * got['coordinator_cpu'] / got['passes'] / count:18.2f}")
        speed_up = walls[1] / walls[2]
        verdict = "ok" if speed_up >= TARGET else f"below the {TARGET}x target"
        print(f"{count:>9,} speed-up with 2 workers: {speed_up:.2f}x ({verdict})")
        if not args.no_coordinator:
            got = in_fresh_process("coordinator", str(count), "2", "0", start_method=args.start_method)
            print(f"{count:>9,} coordinator's assembly: {got['wall']:.1f}s ({1000 * got['cpu'] / count:.2f} ms CPU "
                  f"per article), peak memory {got['peak_kib'] / 1024:.0f} MiB ({got['peak_kib'] / count:.1f} KiB "
                  f"per article)")
    print(f"start method {args.start_method}; load average {load:.1f} -> {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores (other work on the machine slows every figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
