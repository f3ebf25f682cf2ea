"""The HTML briefing in a real browser (Debian's headless Chromium): hostile source text never runs,
never becomes a javascript: link, and the page reads well on a phone and a desktop.

Where chromium is missing these tests skip; .ci/run installs it and sets BRIEFER_REQUIRE_BROWSER=1 so
that there they fail instead.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from browser import Browser, chromium_path
from conftest import ROOT, run_cli

DAY = "2023-02-25"
PWN = "alert(1)"
ARTIFACTS = ROOT / "test-artifacts"

# Written for this test: markup that would run script (or make a script link) if it were ever
# inserted as HTML, in the shapes XSS cheat sheets list.
PAYLOADS = [
    f"<script>{PWN}</script>",
    "<SCRIPT SRC=//evil.invalid/x.js></SCRIPT>",
    f"<img src=x onerror={PWN}>",
    f'<img src="x" onerror="{PWN}"',  # unclosed
    f"<svg onload={PWN}>",
    f"<svg><script>{PWN}</script></svg>",
    f'<svg><a xlink:href="javascript:{PWN}"><text>svg link</text></a></svg>',
    f"<body onload={PWN}>",
    f'<iframe src="javascript:{PWN}"></iframe>',
    f'<iframe srcdoc="<script>{PWN}</script>"></iframe>',
    f'<a href="javascript:{PWN}">plain js link</a>',
    f'<a href="&#106;avascript:{PWN}">entity js link</a>',
    f'<a href="jav&#x09;ascript:{PWN}">tab js link</a>',
    f'<a href=" JaVaScRiPt:{PWN}">mixed case js link</a>',
    '<a href="vbscript:msgbox(1)">vb link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>',
    f"[md link](javascript:{PWN})",
    f"[md upper](JAVASCRIPT:{PWN})",
    f"![md image](javascript:{PWN})",
    f"[md data](data:text/html,<script>{PWN}</script>)",
    f"<javascript:{PWN}>",
    f'"><script>{PWN}</script>',
    f"'><img src=x onerror={PWN}>",
    f"</p><script>{PWN}</script><p>",
    f"<scr<script>ipt>{PWN}</script>",
    f"<<script>script>{PWN}<</script>/script>",
    f'<!--<img src="--><img src=x onerror={PWN}//">',
    f"<math><mtext><table><mglyph><style><img src=x onerror={PWN}>",
    f"<details open ontoggle={PWN}>",
    f"<input autofocus onfocus={PWN}>",
    f"<video><source onerror={PWN}></video>",
    f'<object data="javascript:{PWN}"></object>',
    f'<embed src="data:text/html,<script>{PWN}</script>">',
    f'<form action="javascript:{PWN}"><button>go</button></form>',
    f'<meta http-equiv="refresh" content="0;url=javascript:{PWN}">',
    f'<base href="javascript:{PWN}//">',
    f'<div style="background:url(javascript:{PWN})">styled</div>',
    f'<noscript><p title="</noscript><img src=x onerror={PWN}>">',
    f"&lt;script&gt;{PWN}&lt;/script&gt;",
    f"&#60;script&#62;{PWN}&#60;/script&#62;",
    f"<x onclick={PWN}>custom element",
    "{{ 7*7 }} {% raw %}jinja{% endraw %}",
]
BAD_URLS = [f"javascript:{PWN}", f"JAVASCRIPT:{PWN}", f" javascript:{PWN}", "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)", f'https://example.org/"onmouseover="{PWN}', "https://example.org/<script>"]

# A trusted checker, evaluated through DevTools (which the page's CSP does not restrict).
CHECKER = r"""
(() => {
  const risky = v => /(javascript|vbscript|data):/i.test((v || "").replace(/[\u0000-\u0020]/g, ""));
  const report = {title: document.title, scripts: document.scripts.length, handlers: [], riskyAttrs: [],
                  links: [], refresh: document.querySelectorAll('meta[http-equiv="refresh" i]').length,
                  tags: [], text: ""};
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) report.handlers.push(`${el.tagName} ${attr.name}`);
      if (!(el.tagName === "META" && attr.name === "content") && risky(attr.value)
          && /^(href|src|action|formaction|xlink:href|data|srcdoc|poster|background|style)$/i.test(attr.name))
        report.riskyAttrs.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const a of document.querySelectorAll("a[href], area[href]")) report.links.push(a.href);
  const main = document.querySelector("main") || document.body;
  for (const el of main.querySelectorAll(
      "script,iframe,frame,object,embed,svg,math,form,base,img,style,link,meta,input,video,audio,source,details," +
      "noscript,button,textarea,select,x")) report.tags.push(el.tagName);
  report.text = main.innerText;
  return report;
})()
"""


def _dangers(report: dict, page: Path, dialogs: list[str]) -> list[str]:
    """Everything in a checked page that shows script ran or could run."""
    problems = [f"a dialog opened: {m!r}" for m in dialogs]
    if report["title"] != f"Daily briefing – {DAY}":
        problems.append(f"document.title changed to {report['title']!r}")
    problems += [f"<script> element x{report['scripts']}"] if report["scripts"] else []
    problems += [f"event handler attribute {h}" for h in report["handlers"]]
    problems += [f"script-capable URL {a}" for a in report["riskyAttrs"]]
    problems += [f"element from a source: <{t.lower()}>" for t in report["tags"]]
    problems += ["meta refresh"] if report["refresh"] else []
    for link in report["links"]:
        # http(s), or a page of the briefing folder itself (the contents' #anchors, the index's files)
        if not (link.startswith(("http://", "https://")) or link.startswith(page.resolve().parent.as_uri() + "/")):
            problems.append(f"link that is not http(s): {link}")
    return problems


def _write_hostile_articles(folder: Path) -> None:
    folder.mkdir()
    for i, payload in enumerate(PAYLOADS):
        body = (f"Report {i} from the harbour office quotes {payload} in full.\n\n"
                f"The harbour office said report number {i} would be discussed by the council on Tuesday.\n")
        article = {"title": f"Headline {i} {payload}", "text": body, "source": payload,
                   "url": BAD_URLS[i % len(BAD_URLS)]}
        (folder / f"a{i:02d}.json").write_text(json.dumps(article), encoding="utf-8")
    # The same kinds of payload through the other loaders: Markdown front matter and a text file.
    (folder / "front.md").write_text(
        f"---\ntitle: '<img src=x onerror={PWN}> front matter'\nurl: 'javascript:{PWN}'\n---\n\n"
        f"The harbour pilot wrote [a note](javascript:{PWN}) about <svg onload={PWN}> boats.\n", encoding="utf-8")
    (folder / "plain.txt").write_text(
        f"<script>{PWN}</script> plain headline\n\nThe harbour master read <b onmouseover={PWN}>bold</b> aloud today.\n",
        encoding="utf-8")


@pytest.fixture(scope="module")
def chromium() -> str:
    return chromium_path()


@pytest.fixture(scope="module")
def hostile_briefing(tmp_path_factory, chromium) -> Path:
    root = tmp_path_factory.mktemp("xss")
    _write_hostile_articles(root / "articles")
    (root / "config.yaml").write_text(
        "sources:\n"
        f"  - {{path: articles, name: '<img src=x onerror={PWN}>Desk &amp; co'}}\n"
        "themes:\n  - {name: Harbour, keywords: [harbour, council]}\n"
        "briefing: {stories_per_theme: 500}\nstories: {sentences_per_story: 10}\n"
        "timezone: UTC\n", encoding="utf-8")
    result = run_cli("run", "--date", DAY, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "briefings"


def _without_csp(page: Path, target: Path) -> Path:
    html = page.read_text(encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n?', "", html)
    assert stripped != html, "the page should carry a CSP meta tag"
    target.write_text(stripped, encoding="utf-8")
    return target


def test_xss_payloads_never_run_nor_become_links(hostile_briefing, chromium, tmp_path):
    page = hostile_briefing / f"{DAY}.html"
    # The CSP is a second line of defence: check the page as written and a copy without it.
    pages = [page, _without_csp(page, tmp_path / "no-csp.html"), hostile_briefing / "index.html"]
    with Browser(chromium) as browser:
        for checked in pages:
            session = browser.open(checked, 1280)
            report = browser.evaluate(session, CHECKER)
            if checked.name == "index.html":
                report["title"] = f"Daily briefing – {DAY}"  # the index has its own title
            assert _dangers(report, checked, browser.dialogs(session)) == [], checked.name
            if checked.name != "index.html":
                text = " ".join(report["text"].split())
                shown = [p for p in PAYLOADS if " ".join(p.split()) in text]
                # The payloads reached the page, and show there as the text they are.
                assert len(shown) >= 30, f"only {len(shown)} payloads visible as text: {sorted(set(PAYLOADS) - set(shown))}"
                assert f"<img src=x onerror={PWN}>Desk" in text


def test_hostile_headlines_and_sources_in_story_blocks_and_at_a_glance_stay_text(hostile_briefing, chromium):
    data = json.loads((hostile_briefing / f"{DAY}.json").read_text(encoding="utf-8"))
    assert data["glance"] and any(b["sources"] for t in data["themes"] for b in t["blocks"])
    probe = r"""(() => ({
      glance: [...document.querySelectorAll("section.glance li")].map(li => li.innerText),
      headlines: [...document.querySelectorAll("article.block h3")].map(h => h.innerText),
      sources: [...document.querySelectorAll("article.block > p.meta a, article.block > p.meta")].map(e => e.innerText),
      hrefs: [...document.querySelectorAll("article.block a[href]")].map(a => a.getAttribute("href")),
    }))()"""
    with Browser(chromium) as browser:
        session = browser.open(hostile_briefing / f"{DAY}.html", 390, 844, mobile=True)
        shown = browser.evaluate(session, probe)
        browser.screenshot(session, ARTIFACTS / "briefing-hostile-390.png")
    glance = " ".join(" ".join(shown["glance"]).split())
    for story in data["glance"]:
        assert " ".join(story["title"].split()) in glance  # the payload in a headline, shown as text
    assert {" ".join(h.split()) for h in shown["headlines"]} >= {" ".join(b["title"].split())
                                                                  for t in data["themes"] for b in t["blocks"]}
    assert any("<img src=x onerror=alert(1)>Desk" in s or "onerror" in s for s in shown["sources"])
    assert all(h.startswith(("http://", "https://", "#")) for h in shown["hrefs"]), shown["hrefs"]


def test_the_checker_catches_script_that_runs(hostile_briefing, chromium, tmp_path):
    """A control: the same check on a copy with real markup injected must fail."""
    copy = _without_csp(hostile_briefing / f"{DAY}.html", tmp_path / "injected.html")
    copy.write_text(copy.read_text(encoding="utf-8").replace(
        "</main>", f'<img src=x onerror="{PWN}"><a href="javascript:{PWN}">x</a></main>'), encoding="utf-8")
    with Browser(chromium) as browser:
        session = browser.open(copy, 1280)
        problems = _dangers(browser.evaluate(session, CHECKER), copy, browser.dialogs(session))
    assert any("dialog opened" in p for p in problems)
    assert any("onerror" in p for p in problems) and any("javascript:" in p for p in problems)


@pytest.fixture(scope="module")
def sample_briefing(tmp_path_factory, chromium) -> Path:
    root = tmp_path_factory.mktemp("sample")
    shutil.copy(ROOT / "config.yaml", root / "config.yaml")  # a copy: the run keeps state beside its config
    shutil.copytree(ROOT / "samples", root / "samples")
    result = run_cli("run", "--date", DAY, cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "briefings"


LAYOUT = r"""
(() => {
  const vw = document.documentElement.clientWidth;
  const headings = [...document.querySelectorAll("section.theme > h2")].map(h => {
    const r = h.getBoundingClientRect(), s = getComputedStyle(h);
    return {text: h.innerText.trim(), left: r.left, right: r.right, width: r.width, height: r.height,
            shown: s.display !== "none" && s.visibility !== "hidden" && Number(s.opacity) > 0,
            clipped: h.scrollWidth > h.clientWidth + 1};
  });
  return {vw, innerWidth: window.innerWidth, scrollWidth: document.documentElement.scrollWidth, headings,
          toc: [...document.querySelectorAll("nav.toc a")].map(a => a.getAttribute("href")),
          blocks: [...document.querySelectorAll("section.theme article.block")].map(b => {
            const h = b.querySelector("h3"), r = h.getBoundingClientRect(), why = b.querySelector(".why");
            return {id: b.id, headline: h.innerText.trim(), left: r.left, right: r.right, height: r.height,
                    clipped: h.scrollWidth > h.clientWidth + 1, why: why ? why.innerText.trim() : null,
                    whySize: why ? parseFloat(getComputedStyle(why.querySelector("small")).fontSize) : null};
          }),
          glance: [...document.querySelectorAll("section.glance a")].map(a => {
            const target = document.getElementById(a.getAttribute("href").slice(1));
            return {href: a.getAttribute("href"), text: a.innerText.trim(),
                    target: target ? target.querySelector("h3").innerText.trim() : null};
          }),
          fontSize: parseFloat(getComputedStyle(document.body).fontSize),
          background: getComputedStyle(document.body).backgroundColor};
})()
"""


@pytest.mark.parametrize("width, mobile", [(390, True), (1280, False)], ids=["phone", "desktop"])
def test_every_theme_heading_is_visible_on_phone_and_desktop(sample_briefing, chromium, width, mobile):
    themes = [t["name"] for t in json.loads((sample_briefing / f"{DAY}.json").read_text(encoding="utf-8"))["themes"]]
    page = sample_briefing / f"{DAY}.html"
    with Browser(chromium) as browser:
        session = browser.open(page, width, 844 if mobile else 900, mobile=mobile)
        layout = browser.evaluate(session, LAYOUT)
        browser.screenshot(session, ARTIFACTS / f"briefing-{width}.png")
        dark_session = browser.open(page, width, 844 if mobile else 900, mobile=mobile, dark=True)
        dark = browser.evaluate(dark_session, LAYOUT)
        if mobile:
            browser.screenshot(dark_session, ARTIFACTS / f"briefing-{width}-dark.png")
    assert layout["innerWidth"] == width
    visible_width = layout["vw"]  # the viewport less any vertical scrollbar
    assert layout["scrollWidth"] <= visible_width, "the page scrolls sideways"
    assert [h["text"] for h in layout["headings"]] == themes
    for heading in layout["headings"]:
        assert heading["shown"] and heading["width"] > 0 and heading["height"] > 0, heading
        assert 0 <= heading["left"] and heading["right"] <= visible_width and not heading["clipped"], heading
    assert layout["toc"] == [f"#theme-{i}" for i in range(1, len(themes) + 1)]
    data = json.loads((sample_briefing / f"{DAY}.json").read_text(encoding="utf-8"))
    blocks = [b for t in data["themes"] for b in t["blocks"]]
    # Each story block shows its headline once, fully, with its why-here terms in smaller print.
    assert [(b["id"], b["headline"]) for b in layout["blocks"]] == [(b["anchor"], b["title"]) for b in blocks]
    for block in layout["blocks"]:
        assert block["height"] > 0 and 0 <= block["left"] and block["right"] <= visible_width, block
        assert not block["clipped"], block
        if block["why"]:
            assert block["why"].startswith("Why here: ") and block["whySize"] < layout["fontSize"]
    # At a glance: one line per top story, each a link to its first block.
    assert [(g["text"], g["target"]) for g in layout["glance"]] == [(g["title"], g["title"]) for g in data["glance"]]
    assert layout["fontSize"] >= 16  # readable without zooming
    assert dark["background"] != layout["background"]  # prefers-color-scheme: dark is honoured
    assert (ARTIFACTS / f"briefing-{width}.png").stat().st_size > 10_000


# -- Chinese text in a briefing of another language (issue 14 point 4) ---------------------------------

HAN = re.compile(r"[\u4e00-\u9fff]")


def _platform_fonts(browser: Browser, session: str, selector: str) -> dict[str, int]:
    """The fonts Chromium drew the text of the first node matching `selector` with: family -> glyphs.
    A character no installed font has is drawn as a blank box by the first font of the stack, so a
    CJK font here means the Han characters really got their glyphs."""
    root = browser.send("DOM.getDocument", {"depth": 0}, session)["root"]["nodeId"]
    node = browser.send("DOM.querySelector", {"nodeId": root, "selector": selector}, session)["nodeId"]
    assert node, f"nothing matches {selector}"
    fonts = browser.send("CSS.getPlatformFontsForNode", {"nodeId": node}, session)["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.fixture(scope="module")
def chinese_in_english(tmp_path_factory, chromium) -> Path:
    """An English briefing of the mixed folder's Chinese article and a German one."""
    root = tmp_path_factory.mktemp("cjk")
    (root / "news").mkdir()
    for name in ("zh-china-belarus-visit.txt", "de-lukaschenko-peking.txt"):
        shutil.copy(ROOT / "tests" / "data" / "languages" / "mixed" / name, root / "news" / name)
    (root / "config.yaml").write_text(
        "sources: [news]\nthemes:\n  - {name: China–Belarus ties, keywords: [Lukaschenko, 卢卡申科, Belarus, 白俄罗斯]}\n"
        "timezone: UTC\n", encoding="utf-8")
    result = run_cli("run", "--date", "2023-03-02", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "briefings" / "2023-03-02.html"


LANGUAGES = r"""
(() => ({
  page: document.documentElement.lang,
  items: [...document.querySelectorAll("li.item")].map(li => ({lang: li.lang, text: li.querySelector(".text").innerText})),
  headlines: [...document.querySelectorAll("article.block h3")].map(h => ({lang: h.lang, text: h.innerText})),
  glance: [...document.querySelectorAll("section.glance a")].map(a => ({lang: a.lang, text: a.innerText})),
}))()
"""


def test_chinese_text_renders_with_cjk_glyphs_and_carries_its_lang(chinese_in_english, chromium):
    with Browser(chromium) as browser:
        session = browser.open(chinese_in_english, 1280)
        browser.send("DOM.enable", {}, session)
        browser.send("CSS.enable", {}, session)
        shown = browser.evaluate(session, LANGUAGES)
        han_item = _platform_fonts(browser, session, 'li.item[lang="zh"] p.text')
        han_headline = _platform_fonts(browser, session, 'article.block h3[lang="zh"]')
        # The control: characters no installed font has are drawn as boxes by a Latin font, never a CJK one.
        browser.evaluate(session, "document.querySelector('main').insertAdjacentHTML('beforeend', "
                                  "'<p id=\"boxes\" lang=\"zh\">\\u{13000}\\u{13001}\\u{13002}</p>')")
        boxes = _platform_fonts(browser, session, "#boxes")
        browser.screenshot(session, ARTIFACTS / "briefing-cjk.png")

    assert shown["page"] == "en"
    chinese = [i for i in shown["items"] if HAN.search(i["text"])]
    german = [i for i in shown["items"] if "Lukaschenko" in i["text"] or " der " in i["text"]]
    assert chinese and german
    assert all(i["lang"] == "zh" for i in chinese) and all(i["lang"] == "de" for i in german)
    assert any(h["lang"] == "zh" and HAN.search(h["text"]) for h in shown["headlines"] + shown["glance"])
    # lang="zh" makes Chromium pick the Simplified Chinese face (the same code points differ in Japanese).
    for fonts in (han_item, han_headline):
        assert fonts.get("Noto Sans CJK SC", 0) >= 10, fonts
    assert not any("CJK" in family for family in boxes), boxes
