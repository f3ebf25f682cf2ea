"""config.yaml: defaults, relative paths, and every problem reported at once with its key."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli

from briefer.config import default_config, load_config
from briefer.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_empty_file_is_a_valid_config_with_defaults(tmp_path):
    config = load_config(write(tmp_path, ""))
    assert config.sources == [] and config.themes == []
    assert config.briefing.other_news.title == "Other news"
    assert config.resolve(config.output_dir) == tmp_path / "briefings"


def test_relative_paths_resolve_against_the_config_folder(tmp_path):
    config = load_config(write(tmp_path, "sources: [articles]\noutput_dir: out\n"))
    assert config.resolve(config.sources[0].path) == tmp_path / "articles"
    assert config.resolve(config.output_dir) == tmp_path / "out"
    assert config.resolve("/abs/path") == Path("/abs/path")


def test_every_wrong_key_is_named_at_once(tmp_path):
    path = write(tmp_path, (
        "themes:\n  - name: A\n    keywords: notalist\n    colour: red\n"
        "briefing:\n  stories_per_theme: 0\n"
        "timezone: Mars/Olympus\n"
        "bogus: 1\n"
    ))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message
    for key in ("themes.0.keywords", "themes.0.colour: unknown key", "briefing.stories_per_theme",
                "timezone", "bogus: unknown key"):
        assert key in message


def test_duplicate_theme_names_are_refused(tmp_path):
    with pytest.raises(ConfigError, match="themes: theme names must be unique"):
        load_config(write(tmp_path, "themes:\n  - name: Arms\n  - name: arms\n"))


def test_yaml_syntax_error_names_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"not valid YAML \(line \d+\)"):
        load_config(write(tmp_path, "themes:\n  - name: [unclosed\n"))


def test_top_level_must_be_a_mapping(tmp_path):
    with pytest.raises(ConfigError, match="expected a mapping"):
        load_config(write(tmp_path, "- just\n- a list\n"))


def test_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match="nope.yaml: config file not found"):
        load_config(tmp_path / "nope.yaml")


def test_the_sample_config_is_valid():
    config = load_config(Path(__file__).parent.parent / "config.yaml")
    assert [t.name for t in config.themes] == ["China–Belarus ties", "Peace plan reactions", "Arms to Ukraine"]


def test_default_config_needs_no_file(tmp_path):
    assert default_config(tmp_path).base_dir == tmp_path


def test_load_config_finds_the_local_file_and_else_uses_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert load_config().output_dir == Path("briefings") and load_config().base_dir == tmp_path
    write(tmp_path, "output_dir: out\n")
    assert load_config().output_dir == Path("out")


def test_overrides_are_validated_like_the_files_keys(tmp_path):
    path = write(tmp_path, "fetch:\n  retries: 1\n")
    config = load_config(path, overrides={"fetch.allow_private_addresses": True, "schedule.time": "6:30"})
    assert (config.fetch.retries, config.fetch.allow_private_addresses) == (1, True)  # the file's keys stay
    assert config.schedule.time == "06:30"
    with pytest.raises(ConfigError, match=r"fetch\.retries: .*greater than or equal to 0"):
        load_config(path, overrides={"fetch.retries": -1})
    with pytest.raises(ConfigError, match="^--at: "):
        load_config(path, overrides={"schedule.time": "noon-ish"}, given_as={"schedule.time": "--at"})


def test_retired_keys_are_accepted_with_one_warning_naming_the_replacement(tmp_path, caplog):
    path = write(tmp_path, "briefing:\n  sentences_per_theme: 4\n  sentences_per_article: 2\nstories:\n  min_articles: 1\n")
    with caplog.at_level("WARNING"):
        config = load_config(path)
    assert config.briefing.stories_per_theme == 6  # the default: a count of sentences is not one of stories
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 3
    assert any("briefing.sentences_per_theme" in m and "briefing.stories_per_theme" in m for m in messages)
    assert any("briefing.sentences_per_article" in m and "stories.sentences_per_story" in m for m in messages)
    assert any("stories.min_articles" in m for m in messages)


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    lines.append(f"briefing:\n  intro: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def test_a_yaml_alias_bomb_in_config_is_refused_at_once(tmp_path):
    (tmp_path / "config.yaml").write_text(_alias_bomb(), encoding="utf-8")
    done = run_cli("run", "--config", str(tmp_path / "config.yaml"), cwd=tmp_path, timeout=30)
    assert done.returncode == 2
    assert "alias bomb" in done.stderr and "config.yaml" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_duplicate_key_in_config_names_the_key_and_line(tmp_path):
    (tmp_path / "config.yaml").write_text("timezone: UTC\nsources: [a/]\ntimezone: Europe/Paris\n", encoding="utf-8")
    done = run_cli("run", "--config", str(tmp_path / "config.yaml"), cwd=tmp_path)
    assert done.returncode == 2
    assert "line 3" in done.stderr and "duplicate key 'timezone'" in done.stderr and "line 1" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unknown_summarizer_language_is_a_config_error(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("Headline\n\nOne sentence here. Another one there.\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text("sources: [a/]\nsummarizer:\n  language: klingon\n", encoding="utf-8")
    done = run_cli("run", "--config", str(tmp_path / "config.yaml"), cwd=tmp_path)
    assert done.returncode == 2
    assert "summarizer.language" in done.stderr and "klingon" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
