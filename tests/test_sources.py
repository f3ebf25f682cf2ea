"""Loading articles from files: every format, and every kind of bad file skipped with a reason."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from briefer.errors import SourceError
from briefer.sources.files import FileSource, load_file

UTC = timezone.utc


def test_txt_first_real_line_is_the_headline(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Jane Doe 6am - 9am\nMinisters agree budget\nMinisters agreed a budget. It passed.\n")
    article = load_file(path, tz=UTC)
    assert article.title == "Ministers agree budget"
    assert article.text == "Ministers agreed a budget. It passed."


def test_markdown_front_matter_gives_metadata(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: Front title\nurl: https://example.com/a\nsource: Wire\n"
                    "published: 2023-02-24T18:30:00+00:00\n---\n\nA **bold** claim with a [link](https://x.example).\n")
    article = load_file(path, tz=UTC)
    assert (article.title, article.url, article.source) == ("Front title", "https://example.com/a", "Wire")
    assert article.published == datetime(2023, 2, 24, 18, 30, tzinfo=UTC)
    assert article.text == "A bold claim with a link."


def test_markdown_heading_is_the_title_without_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("# The heading\n\nBody sentence one. Body sentence two.\n")
    article = load_file(path)
    assert article.title == "The heading" and article.text.startswith("Body sentence one.")


def test_html_main_text_and_title_are_extracted(tmp_path):
    path = tmp_path / "a.html"
    path.write_text(
        "<html><head><title>Tanks arrive | Site</title></head><body><nav><a href='/'>Home</a> <a>World</a></nav>"
        "<article><h1>Tanks arrive in Ukraine</h1><p>Poland delivered four Leopard tanks on Friday, officials said."
        " The tanks crossed the border at dawn.</p><p>More are expected next week, the minister said on Friday"
        " evening.</p></article><footer>Subscribe to our newsletter</footer></body></html>"
    )
    article = load_file(path)
    assert "Tanks arrive" in article.title
    assert "Poland delivered four Leopard tanks" in article.text
    assert "Home" not in article.text and "Subscribe" not in article.text


def test_json_article_fields(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "T", "text": "One. Two.", "url": "https://example.org/t",
                                "source": "Wire", "published": "2023-03-01T16:15:00+00:00"}))
    article = load_file(path)
    assert article.published == datetime(2023, 3, 1, 16, 15, tzinfo=UTC)  # not read day-first
    assert (article.title, article.source, article.url) == ("T", "Wire", "https://example.org/t")


def test_a_javascript_url_from_a_source_is_dropped(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(json.dumps({"title": "T", "text": "One. Two.", "url": "javascript:alert(1)"}))
    assert load_file(path).url is None


def test_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café crème\nLe café de la gare a rouvert ses portes à Genève. Les clients étaient ravis.\n"
                     .encode("latin-1"))
    article = load_file(path)
    assert article.title == "Café crème"
    assert "Genève" in article.text


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n  ", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("broken.json", b"{not json", "not valid JSON"),
    ("list.json", b"[1, 2]", "expected a JSON object"),
    ("notext.json", b'{"title": "x"}', 'no "text"'),
])
def test_bad_files_raise_a_source_error_naming_them(tmp_path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(SourceError) as info:
        load_file(path)
    assert str(path) in str(info.value) and reason in str(info.value)


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # 20 MB, sparse: refused on its size alone
    with pytest.raises(SourceError, match="too large"):
        load_file(path, max_bytes=10_000_000)


def test_a_folder_skips_bad_files_and_keeps_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\nA good sentence here. Another one.\n")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.html").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "notes.csv").write_text("ignored,format\n")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.txt").write_text("Hidden\nShould not be read.\n")
    fetched = FileSource(tmp_path).fetch()
    assert [a.title for a in fetched.articles] == ["Headline"]
    assert sorted(Path(p.location).name for p in fetched.problems) == ["binary.html", "empty.txt"]


def test_a_missing_folder_fails_the_source_not_the_process(tmp_path):
    fetched = FileSource(tmp_path / "nope").fetch()
    assert fetched.failed == "no such file or folder" and fetched.articles == []


def test_limit_caps_articles_per_source(tmp_path):
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"Headline {i}\nSentence number {i} is here.\n")
    assert len(FileSource(tmp_path, limit=2).fetch().articles) == 2


def test_every_source_builds_its_article_by_one_rule_headline_then_fallback():
    from briefer.sources.base import article_from_text

    own = article_from_text("Harbour reopens after repairs\nThe harbour reopened on Monday. Boats came back.\n",
                            origin="feed#1", source="Coast Wire", fallback_title="from the feed")
    assert (own.title, own.text) == ("Harbour reopens after repairs", "The harbour reopened on Monday. Boats came back.")
    assert (own.location, own.source) == ("feed#1", "Coast Wire")
    given = article_from_text("The harbour reopened on Monday. Boats came back.", origin="feed#2", source="Coast Wire",
                              title="Given headline", fallback_title="from the feed")
    assert given.title == "Given headline"
    bare = article_from_text("The harbour reopened on Monday, and the boats came back.", origin="feed#3",
                             source="Coast Wire", fallback_title="https://news.example/harbour")
    assert bare.title == "https://news.example/harbour"


def test_a_time_the_source_gives_wins_over_the_dateline_in_the_text():
    from briefer.sources.base import article_from_text

    text = "25 February 2023, 09:10 | Updated: 25 February 2023, 09:13\nThe harbour reopened. Boats came back.\n"
    from_text = article_from_text(text, origin="a", source="s", title="T", tz=UTC)
    assert from_text.published == datetime(2023, 2, 25, 9, 10, tzinfo=UTC)
    assert from_text.updated == datetime(2023, 2, 25, 9, 13, tzinfo=UTC)
    assert "Updated" not in from_text.text
    given = datetime(2023, 2, 26, 7, 0, tzinfo=UTC)
    from_source = article_from_text(text, origin="a", source="s", title="T", tz=UTC, published=given, updated=given)
    assert (from_source.published, from_source.updated) == (given, given)


def test_text_with_nothing_left_after_cleaning_is_refused_naming_its_origin():
    from briefer.sources.base import article_from_text

    with pytest.raises(SourceError, match=r"^https://news\.example/empty: no article text found$"):
        article_from_text("Read more: the full story\n\n", origin="https://news.example/empty", source="s")


def test_feeds_give_the_languages_they_declare_as_written():
    from briefer.sources.feeds import parse_feed

    rss = (b'<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
           b"<title>T</title><language>de-AT</language><item><title>A</title><description>Eins zwei.</description>"
           b"<dc:language>fr</dc:language></item><item><title>B</title><description>Drei.</description></item>"
           b"</channel></rss>")
    feed = parse_feed(rss)
    assert (feed.language, [i.language for i in feed.items]) == ("de-AT", ["fr", None])
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ru"><title>T</title>'
            b'<entry xml:lang="zh-Hans"><title>A</title><content type="text">x</content></entry>'
            b"<entry><title>B</title><summary>y</summary></entry></feed>")
    feed = parse_feed(atom)
    assert (feed.language, [i.language for i in feed.items]) == ("ru", ["zh-Hans", "ru"])  # an entry inherits
    json_feed = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "language": "en", "items": ['
                 b'{"id": "1", "title": "A", "content_text": "x", "language": "pl-PL"}, '
                 b'{"id": "2", "title": "B", "content_text": "y", "language": 7}]}')
    feed = parse_feed(json_feed, content_type="application/feed+json")
    assert (feed.language, [i.language for i in feed.items]) == ("en", ["pl-PL", None])


def test_a_pages_head_declares_its_language_by_html_lang_meta_or_og_locale():
    from briefer.sources.files import page_languages

    page = ("<!doctype html><html class='x' lang=\"de-AT\"><head><meta property='og:locale' content='de_AT'>"
            '<meta http-equiv="Content-Language" content="de"></head><body><p>Text</p></body></html>')
    assert page_languages(page) == ["de-AT", "de", "de_AT"]
    assert page_languages("<html><head><meta content='uk_UA' property='og:locale'></head></html>") == [None, None, "uk_UA"]
    assert page_languages("<p>no head at all</p>") == [None, None, None]
