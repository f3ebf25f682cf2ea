"""The public API: `briefer.build_briefing(config, now=...)` and `briefer.summarize_text(text, ...)`."""

from __future__ import annotations

import shutil
from datetime import date, datetime, timezone

from conftest import ROOT

import briefer
from briefer.config import load_config

TEXT = ("Harbour reopens\nThe harbour reopened on Monday after a storm closed it for three days. "
        "Fishing boats returned to sea before dawn. The ferry to the islands resumed at 09:10. "
        "Engineers expect to finish repairs to the pier by the end of the month.\n")


def test_summarize_text_returns_the_best_sentences_in_order():
    chosen = briefer.summarize_text(TEXT, sentences=2, algorithm="lead")
    assert [s.text for s in chosen] == ["The harbour reopened on Monday after a storm closed it for three days.",
                                        "Fishing boats returned to sea before dawn."]
    assert [s.sentence.index for s in chosen] == [0, 1]


def test_build_briefing_builds_without_writing(tmp_path):
    shutil.copy(ROOT / "config.yaml", tmp_path / "config.yaml")
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    config = load_config(tmp_path / "config.yaml")
    now = datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc)
    briefing = briefer.build_briefing(config, now=now)
    assert briefing.date == date(2026, 11, 28) and briefing.generated_at == now
    assert [t.name for t in briefing.themes][:3] == ["China–Belarus ties", "Peace plan reactions", "Arms to Ukraine"]
    assert len(briefing.articles) == 6 and [s.status for s in briefing.sources] == ["ok"]
    assert not (tmp_path / "briefings").exists()
