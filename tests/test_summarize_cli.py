"""`briefer summarize`: one article's best sentences, in the article's order."""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys

import pytest
from conftest import run_cli
from webserver import FeedServer, article_paragraphs, article_title, page_html

from briefer.summarize import MAX_RANKED
from briefer.text import split_sentences

ARTICLE = """Harbour reopens after storm
The harbour at Westport reopened on Monday after a storm closed it for three days.
Harbour master Ellen Shaw said damage to the main pier was lighter than feared.
Fishing boats returned to sea before dawn, and the ferry to the islands resumed at 09:10.
The storm brought winds of 80 mph and left 3,000 homes without power.
Engineers expect to finish repairs to the pier by the end of the month.
Ms Shaw thanked volunteers who helped to secure boats during the storm.
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "harbour.txt"
    path.write_text(ARTICLE)
    return path


def sentences_of(text: str) -> list[str]:
    return [s for line in text.splitlines()[1:] for s in split_sentences(line)]


def test_summarize_prints_n_sentences_in_article_order(article):
    result = run_cli("summarize", str(article), "--sentences", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    order = sentences_of(ARTICLE)
    assert all(line in order for line in lines)
    assert [order.index(line) for line in lines] == sorted(order.index(line) for line in lines)
    assert "Harbour reopens after storm" not in lines  # the headline is metadata


def test_summarize_ratio(article):
    result = run_cli("summarize", str(article), "--ratio", "50%")
    assert result.returncode == 0 and len(result.stdout.strip().splitlines()) == 3
    assert len(run_cli("summarize", str(article), "--ratio", "0.2").stdout.strip().splitlines()) == 1


@pytest.mark.parametrize("algorithm", ["lexrank", "textrank", "lsa", "luhn", "kl", "sumbasic", "lead",
                                       "sumy:lexrank", "sumy:textrank"])
def test_every_algorithm_by_name(article, algorithm):
    result = run_cli("summarize", str(article), "-n", "2", "--algorithm", algorithm)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 2


def test_lead_takes_the_first_sentences(article):
    result = run_cli("summarize", str(article), "-n", "2", "--algorithm", "lead")
    assert result.stdout.strip().splitlines() == sentences_of(ARTICLE)[:2]


def test_html_from_stdin_as_json():
    page = ("<html><head><title>Harbour reopens</title></head><body><nav>Home | News</nav><article>"
            "<h1>Harbour reopens</h1>" + "".join(f"<p>{line}</p>" for line in ARTICLE.splitlines()[1:])
            + "</article></body></html>")
    result = run_cli("summarize", "-", "--format", "json", "--sentences", "2", stdin=page)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["article"]["title"] == "Harbour reopens"
    assert len(data["sentences"]) == 2
    assert all(s["text"] in sentences_of(ARTICLE) for s in data["sentences"])
    assert data["sentences"][0]["index"] < data["sentences"][1]["index"]


def test_markdown_format(article):
    result = run_cli("summarize", str(article), "--format", "md", "-n", "2")
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "# Harbour reopens after storm" and lines[2].startswith("- ")


@pytest.mark.parametrize("args, message", [
    (["missing.txt"], "missing.txt: no such file or folder"),
    (["ARTICLE", "--algorithm", "magic"], "unknown algorithm 'magic'"),
    (["ARTICLE", "--sentences", "0"], "expected a positive whole number"),
    (["ARTICLE", "--ratio", "150%"], "between 1% and 100%"),
])
def test_usage_errors_exit_2_with_a_message(article, args, message):
    result = run_cli("summarize", *[str(article) if a == "ARTICLE" else a for a in args])
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_empty_file_is_a_clear_error(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("")
    result = run_cli("summarize", str(path))
    assert result.returncode == 1 and "empty.txt: empty file" in result.stderr


def long_report(size: int) -> str:
    """A made-up harbour report of about `size` characters: many short paragraphs of plain sentences."""
    rng = random.Random(size)
    who = ["The council", "A harbour pilot", "The mayor", "Local traders", "The ferry company", "Inspectors"]
    said = ["said", "warned", "agreed", "reported", "announced", "confirmed"]
    what = ["that the bridge would open in spring", "that repairs to the pier had begun",
            "that two ferries would be added", "that fares would rise in March", "that the tide gauge had failed"]
    when = ["on Tuesday", "after a long meeting", "in a statement", "to reporters", "late on Friday"]
    paragraphs, total = [], 0
    while total < size:
        paragraph = " ".join(f"{rng.choice(who)} {rng.choice(said)} {rng.choice(what)} {rng.choice(when)}."
                             for _ in range(rng.randint(2, 5)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "Harbour town report\n\n" + "\n\n".join(paragraphs) + "\n"


def limited_memory(limit: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def test_a_4_mb_article_is_summarised_in_bounded_memory_and_the_cut_is_reported(tmp_path):
    # 55,000 sentences: a dense matrix over all of them would need 24 GB; under a 2 GB address-space
    # limit the command must still answer, from the first MAX_RANKED sentences, and say so.
    path = tmp_path / "report.txt"
    path.write_text(long_report(4_000_000))
    result = subprocess.run([sys.executable, "-m", "briefer", "summarize", str(path), "-n", "3"],
                            capture_output=True, text=True, timeout=300, preexec_fn=lambda: limited_memory(2 << 30))
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 3
    assert f"only the first {MAX_RANKED:,} are ranked" in result.stderr and "Traceback" not in result.stderr


def test_a_briefing_names_an_article_cut_to_its_first_sentences(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "report.txt").write_text(long_report(150_000))  # about 2,000 sentences
    (folder / "harbour.txt").write_text(ARTICLE)
    result = run_cli("run", "--source", str(folder), "--out", str(tmp_path / "out"), "--date", "2026-11-30")
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "out" / "2026-11-30.json").read_text())
    [problem] = data["problems"]
    assert problem["location"].endswith("report.txt")
    assert f"only the first {MAX_RANKED:,} are ranked" in problem["reason"]
    assert "only the first" in (tmp_path / "out" / "2026-11-30.md").read_text()


def test_one_paragraph_of_prose_from_stdin_is_summarised_whole():
    text = ("The ferry to the islands will run twice a day from March. The council agreed the new timetable "
            "on Tuesday. Fares stay the same for residents.\n")
    result = run_cli("summarize", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == split_sentences(text)


def test_a_first_paragraph_of_prose_is_text_and_a_short_first_line_is_the_headline():
    prose = ("The harbour wall will be rebuilt this summer. Engineers found cracks along its length.\n\n"
             "Work starts in June and should take ten weeks. Boats will moor at the north pier meanwhile.\n")
    result = run_cli("summarize", "-", "-n", "4", "--format", "json", stdin=prose)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["text"] for s in data["sentences"]] == split_sentences(prose.replace("\n\n", " "))
    assert data["article"]["title"] == ""
    headed = run_cli("summarize", "-", "-n", "4", "--format", "json", stdin="Harbour wall to be rebuilt\n\n" + prose)
    data = json.loads(headed.stdout)
    assert data["article"]["title"] == "Harbour wall to be rebuilt"
    assert "Harbour wall to be rebuilt" not in [s["text"] for s in data["sentences"]]
    assert len(data["sentences"]) == 4


@pytest.fixture
def server():
    with FeedServer() as running:
        yield running


def test_summarize_a_page_url_through_the_fetcher_and_page_extraction(server):
    server.add("/story.html", page_html(3), "text/html; charset=utf-8")
    result = run_cli("summarize", server.url("/story.html"), "--allow-private-addresses", "-n", "2",
                     "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["article"]["title"] == article_title(3)
    assert data["article"]["url"] == server.url("/story.html")
    page_sentences = [s for p in article_paragraphs(3) for s in split_sentences(p)]
    assert len(data["sentences"]) == 2 and all(s["text"] in page_sentences for s in data["sentences"])
    assert not any("Copyright" in s["text"] or "Home" in s["text"] for s in data["sentences"])  # furniture stays out


def test_summarize_a_url_is_refused_a_loopback_address_unless_allowed(server):
    server.add("/story.html", page_html(4), "text/html; charset=utf-8")
    result = run_cli("summarize", server.url("/story.html"))
    assert result.returncode == 1
    assert "loopback" in result.stderr and "allow_private_addresses is off" in result.stderr
    assert "Traceback" not in result.stderr and server.hits["/story.html"] == 0


def test_summarize_a_url_that_fails_says_why_in_one_line(server):
    server.add("/gone.html", "<html><body>gone</body></html>", "text/html", status=404)
    result = run_cli("summarize", server.url("/gone.html"), "--allow-private-addresses")
    assert result.returncode == 1 and "404" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


HEAVY = ("nltk", "scipy", "trafilatura", "feedparser")
UNUSED_BY_A_TEXT_FILE = ("requests", "urllib3", "charset_normalizer")
"""sumy's document model imports requests (briefer/deferred.py); a UTF-8 file needs no encoding detector."""


def modules_loaded_by(*args: str) -> set[str]:
    """The top-level modules a fresh `briefer ARGS` process has imported (run) when it is done; a
    deferred module's stand-in (briefer/deferred.py) that nothing used does not count."""
    script = ("import sys, runpy\nsys.argv = ['briefer', *sys.argv[1:]]\ntry:\n    runpy.run_module('briefer', "
              "run_name='__main__')\nexcept SystemExit:\n    pass\nprint(' '.join(sorted({m.split('.')[0] "
              "for m, module in list(sys.modules.items()) if type(module).__module__ != 'briefer.deferred'})), "
              "file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    return set(result.stderr.strip().splitlines()[-1].split())


def test_summarize_of_a_text_file_loads_only_what_it_uses(article):
    loaded = modules_loaded_by("summarize", str(article))
    assert "briefer" in loaded and "numpy" in loaded
    assert not loaded & {*HEAVY, *UNUSED_BY_A_TEXT_FILE}, loaded & {*HEAVY, *UNUSED_BY_A_TEXT_FILE}


def test_help_loads_no_ranker_and_no_config_schema():
    loaded = modules_loaded_by("--help")
    assert "argparse" in loaded
    assert not loaded & {*HEAVY, "numpy", "sumy", "pydantic", "yaml"}


def test_sumy_rankers_load_sumy_and_nltk_when_asked_for(article):
    assert "nltk" in modules_loaded_by("summarize", str(article), "--algorithm", "sumy:lexrank")
