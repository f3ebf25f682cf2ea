"""The article the product was conceived from: the sample config must make a good briefing of it."""

from __future__ import annotations

import json
import shutil

from conftest import ROOT, run_cli

DAY = "2023-02-25"


def brief_seed(seed_article, tmp_path) -> dict:
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    result = run_cli("run", "--source", str(seed_article), "--out", str(tmp_path / "out"), "--date", DAY,
                     cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads((tmp_path / "out" / f"{DAY}.json").read_text())


def test_seed_gives_three_theme_sections_each_on_its_theme(seed_article, tmp_path):
    data = brief_seed(seed_article, tmp_path)
    sections = {t["name"]: [i["text"] for i in t["items"]] for t in data["themes"]}
    assert list(sections)[:3] == ["China–Belarus ties", "Peace plan reactions", "Arms to Ukraine"]

    ties = sections["China–Belarus ties"]
    assert any("will pay a state visit to China next week" in t for t in ties)
    assert all(any(w in t for w in ("Belarus", "Lukashenko", "Minsk")) for t in ties)

    peace = " | ".join(sections["Peace plan reactions"])
    assert "12-point peace proposal" in peace
    assert "Russia hailed China’s peace plan" in peace
    assert "Joe Biden dismissed China’s peace plan" in peace
    assert all("peace" in t.lower() for t in sections["Peace plan reactions"])

    arms = " | ".join(sections["Arms to Ukraine"])
    assert "Western countries have warned China against supplying Russia with arms" in arms
    assert "four Leopard tanks" in arms
    assert "state visit" not in arms and "12-point" not in arms


def test_seed_furniture_never_becomes_a_sentence(seed_article, tmp_path):
    data = brief_seed(seed_article, tmp_path)
    texts = [i["text"] for t in data["themes"] for i in t["items"]]
    assert texts
    for furniture in ("Richard Spurr", "1am - 4am", "Read more", "Rail union TSSA", "magnitude earthquake",
                      "25 February 2023, 09:10", "Updated:"):
        assert not any(furniture in t for t in texts), furniture


def test_seed_headline_and_published_time(seed_article, tmp_path):
    data = brief_seed(seed_article, tmp_path)
    article = data["articles"][0]
    assert article["title"] == "Belarusian leader and Putin ally Alexander Lukashenko to visit China next week"
    assert article["published"].startswith("2023-02-25T09:10")
    assert article["updated"].startswith("2023-02-25T09:13")
    markdown = (tmp_path / "out" / f"{DAY}.md").read_text()
    assert "25 Feb 2023, 09:10" in markdown
