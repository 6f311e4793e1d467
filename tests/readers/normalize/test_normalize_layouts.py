"""Issue 13 items 2 and 3: record dumps and web pages saved as text are recognised from the
whole text's line statistics; separators and markup are structure (removed, reported), each
record is a headline + its paragraphs, a page is reduced to its text by an HTML parser."""

from __future__ import annotations

import json
import re
import unicodedata

import pypandoc
import pytest
from helpers import CORPUS

from zhpress.errors import BadInput
from zhpress.model import Heading, Paragraph, Span
from zhpress.readers.markdown import READER_FORMAT, read_markdown, split_front_matter
from zhpress.readers.normalize import normalize_bytes, normalize_markdown, normalize_text
from zhpress.readers.normalize.layout import Layout, detect_layout
from zhpress.writers.markdown import write_markdown

DEV = CORPUS / "dev"
SOGOU = DEV / "sogou_tensite.lines1-97.txt"
NEWSSC = DEV / "newssc_xjp_scrape.lines1-8.txt"
NEWSSC_TAIL = DEV / "newssc_xjp_scrape.tail.txt"

BODY = "记者从有关部门获悉，今年以来全市新开工项目一百二十个，总投资超过三百亿元。"
HEADS = ["全市重点项目建设提速", "春耕备耕有序推进", "城市更新惠及万户居民", "高校毕业生就业渠道拓宽"]


def _alnum(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isalnum())


def _plain(md: str) -> str:
    return pypandoc.convert_text(split_front_matter(md)[1], "plain", format=READER_FORMAT,
                                 extra_args=["--wrap=none"])


def _idempotent(md: str, doc) -> None:
    """Normalizing the Markdown again changes nothing, and pandoc reads the same headings."""
    doc2, rep2 = normalize_markdown(md, "x.md")
    assert rep2.changes == []
    assert write_markdown(doc2) == md
    assert [(h.level, h.text) for h in read_markdown(md).headings] == \
        [(h.level, h.text) for h in doc.headings]


def _headlines(doc) -> list[str]:
    return [h.text for h in doc.headings if h.role == "headline"]


# --- layout detection: a pure function of the lines ----------------------------------------------
PROSE = ["　　第一回　宴桃园豪杰三结义", "话说天下大势，分久必合，合久必分。", "※※※",
         "次日，于桃园中，备下乌牛白马祭礼等项，三人焚香再拜而说誓曰：念刘备、关羽、张飞，虽然异姓。",
         "※※※", "却说张角一军，前犯幽州界分。幽州太守刘焉，乃江夏竟陵人氏。", "※※※",
         "当日玄德见张飞，问其姓名，飞曰：某姓张名飞，字翼德，世居涿郡，颇有庄田。"]


@pytest.mark.parametrize(("lines", "want"), [
    ([f"{h}!!!!{BODY}" for h in HEADS], Layout("records-inline", "!!!!")),
    ([f"{h}####{BODY}" for h in HEADS], Layout("records-inline", "####")),
    ([x for h in HEADS for x in ("■", h, BODY)], Layout("records-separated", "■")),
    ([x for h in HEADS for x in (h, BODY, "======")], Layout("records-separated", "=")),
    (["<list>", *[x for h in HEADS for x in ("<rec>", f"<title>{h}</title>",
                                              f"<body>{BODY}</body>", "</rec>")], "</list>"],
     Layout("records-markup", "rec")),
    # running text: scene breaks before body sentences, a rule line, emphatic !!! once
    (PROSE, Layout("text")),
    (["报告正文如下。", "==========", BODY, BODY, "太好了!!!", BODY], Layout("text")),
    ([f"{h}：{BODY}" for h in HEADS], Layout("text")),
    # a text that mentions a tag or two is not a web page
    (["<b>重要</b>通知如下。", BODY, "&amp; 与 <b>符号", BODY], Layout("text")),
    ([json.dumps({"title": h, "content": BODY}, ensure_ascii=False) for h in HEADS],
     Layout("records-json", "title")),
    (['{"a": 1}', '{"b": 2}', '{"c": 3}'], Layout("text")),  # objects without a title key
    (["<html><body>", f"<p>{BODY}</p>", '<a href="http://a.cn/">链接</a>', "</body></html>"],
     Layout("html")),
    # tags quoted inside sentences (a text about HTML, or a hostile one) are words, not a page
    (["恶意输入测试", "一、标签与样式", '正文里有<b>粗体</b>和<script>alert(1)</script>，'
      '还有<img src="file:///etc/passwd">。', '<link rel="x" href="/a"><a href="/b">附件</a>',
      '<style>@import url("/i.css");</style>'], Layout("text")),
    # Markdown-like fences and rules in a text are not record separators
    (["说明", "```{=html}", "<img>", "```", "代码如下", "```", "---", "标题：注入", "---", "结束"],
     Layout("text")),
])
def test_detect_layout(lines: list[str], want: Layout) -> None:
    assert detect_layout(lines) == want


# --- synthetic record dumps ----------------------------------------------------------------------
DUMPS = {
    "inline !!!!": "\n".join(f"{h}!!!!{BODY}" for h in HEADS) + "\n",
    "■ lines": "".join(f"■\n{h}\n{BODY}\n\n" for h in HEADS),
    "====== lines": "".join(f"{h}\n\n{BODY}\n{BODY}\n======\n" for h in HEADS),
    "!!!! lines": "".join(f"{h}\n{BODY}\n!!!!\n" for h in HEADS),
    "json lines": "".join(
        json.dumps({"news_id": i, "title": h, "content": f"{BODY}\n{BODY}", "url": "http://x.cn"},
                   ensure_ascii=i % 2 == 0) + "\n" for i, h in enumerate(HEADS)),
    "markup, body over lines": "".join(
        f"<doc>\n<title>{h}</title>\n<content>{BODY}\n{BODY}\n{BODY}</content>\n</doc>\n"
        for h in HEADS),
    "markup": "<docs>\n" + "".join(
        f"<doc>\n<url>http://x.cn/{i}.html</url>\n<contenttitle>{h}</contenttitle>\n"
        f"<content>{BODY}</content>\n</doc>\n" for i, h in enumerate(HEADS)) + "</docs>\n",
}


@pytest.mark.parametrize("name", DUMPS)
def test_record_dump_gives_headline_per_record(name: str) -> None:
    text = DUMPS[name]
    doc, report = normalize_text(text, "dump.txt")
    assert _headlines(doc) == HEADS
    assert all(h.level == 1 for h in doc.headings)
    md = write_markdown(doc)
    # separators and markup are structure: gone, never "normalized" into text
    for junk in ("!!!!", "！！！！", "■", "=====", "<", "url", "http"):
        assert junk not in split_front_matter(md)[1], junk
    # every body survives, once per record, as its own paragraph
    want = 2 * len(HEADS) if name == "json lines" else text.count(BODY)  # (\u-escaped there)
    assert _alnum(_plain(md)).count(_alnum(BODY)) == want
    removed = report.count("record_separator") + report.count("record_markup")
    assert removed > 0
    assert all(c.after == "" for c in report.changes
               if c.rule in ("record_separator", "record_markup"))
    _idempotent(md, doc)


def test_inline_separator_positions_are_reported() -> None:
    _, report = normalize_text(DUMPS["inline !!!!"], "dump.txt")
    seps = [c for c in report.changes if c.rule == "record_separator"]
    assert [(c.where.line, c.where.col, c.before) for c in seps] == \
        [(i + 1, len(h) + 1, "!!!!") for i, h in enumerate(HEADS)]


def test_separator_inside_body_separates_paragraphs() -> None:
    text = "\n".join(f"{h}!!!!{BODY}!!!!{BODY}" for h in HEADS) + "\n"
    doc, report = normalize_text(text, "dump.txt")
    assert _headlines(doc) == HEADS
    assert len(doc.blocks) == 3 * len(HEADS)
    assert report.count("record_separator") == 2 * len(HEADS)
    assert "！" not in write_markdown(doc)


def test_record_without_headline_is_body_only() -> None:
    text = "■\n" + "\n■\n".join([f"{HEADS[0]}\n{BODY}", BODY, *(f"{h}\n{BODY}" for h in HEADS[1:])]
                                 ) + "\n"
    doc, _ = normalize_text(text, "dump.txt")
    assert _headlines(doc) == HEADS
    assert _alnum(_plain(write_markdown(doc))).count(_alnum(BODY)) == 5


# --- the Sogou news corpus excerpt ---------------------------------------------------------------
def test_sogou_records() -> None:
    raw = SOGOU.read_bytes()
    doc, report = normalize_bytes(raw, SOGOU.name)
    src = raw.decode("gb18030")
    titles = re.findall(r"^<contenttitle>(.*)</contenttitle>$", src, re.M)
    contents = re.findall(r"^<content>(.*)</content>$", src, re.M)
    assert len(titles) == len(contents) == 16
    assert len(_headlines(doc)) == 16
    md = write_markdown(doc)
    # nothing lost but the markup: the titles' and contents' letters, in order
    assert _alnum(_plain(md)) == _alnum("".join(t + c for t, c in zip(titles, contents,
                                                                        strict=True)))
    assert "docno" not in md and "sohu.com" not in md
    # <doclist>, then per record: <doc>, url, docno, 2 + 2 title/content tags, </doc>
    assert report.count("record_markup") == 1 + 16 * 8
    # the editor is told once what the file was taken for
    layout = [w.message for w in report.warnings if w.rule == "input_layout"]
    assert len(layout) == 1 and "<doc>" in layout[0] and "record_markup 129" in layout[0]
    _idempotent(md, doc)


# --- web pages saved as text ---------------------------------------------------------------------
def test_newssc_scrape_reduced_to_text() -> None:
    raw = NEWSSC.read_bytes()
    doc, report = normalize_bytes(raw, NEWSSC.name)
    md = write_markdown(doc)
    body = split_front_matter(md)[1]
    assert "<table" not in body and "<img" not in body and "pic.newssc.org" not in body
    assert "&gt;" not in body and "背景资料" in body
    # the table block: table tbody tr td img /td /tr /tbody /table
    assert report.count("html_markup") == 9
    assert [w.message.split(":")[0] for w in report.warnings if w.rule == "input_layout"] == \
        ["a web page saved as text"]
    # the flattened paragraphs (two ideographic spaces) are paragraphs again
    assert len(doc.blocks) > 30
    _idempotent(md, doc)


def test_newssc_tail_link_markup_gone_link_text_kept() -> None:
    doc, report = normalize_bytes(NEWSSC_TAIL.read_bytes(), NEWSSC_TAIL.name)
    body = split_front_matter(write_markdown(doc))[1]
    assert "href" not in body and "<br" not in body and "</a>" not in body
    assert "共同谱写中拉全面合作伙伴关系新篇章" in body
    assert report.count("html_markup") == 5  # <a …> <br /> </a> <a …> </a>


PAGE = """<!DOCTYPE html>
<html><head><title>站点</title><style>p {{ color: red }}</style></head>
<body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
<script>var x = "不是正文";</script>
{article}
<!-- 广告位 -->
</body></html>
"""
ARTICLE = ("<h1>全市重点项目建设提速</h1>\n<p>" + BODY + "</p>\n<p>" + BODY.replace("一百二十", "九十")
           + "&nbsp;&lt;完&gt;</p>\n")


def test_page_clutter_removed_and_reported() -> None:
    doc, report = normalize_text(PAGE.format(article=ARTICLE), "page.txt")
    body = split_front_matter(write_markdown(doc))[1]
    for junk in ("首页", "不是正文", "color", "广告位", "站点", "DOCTYPE", "<p", "<h1", "nbsp"):
        assert junk not in body, junk
    assert "全市重点项目建设提速" in body and "九十" in body
    assert "<完>" in _plain(body)  # &lt;完&gt; is text: decoded, and escaped in the Markdown
    clutter = [c.before for c in report.changes if c.rule == "html_clutter"]
    assert any("不是正文" in c for c in clutter) and any("首页" in c for c in clutter)
    assert any("广告位" in c.before for c in report.changes if c.rule == "html_markup")


def test_scrape_line_over_paragraph_limit_is_split_not_refused() -> None:
    """A scrape's line holds many flattened paragraphs (newssc: 68,000 characters a line): the
    paragraph limit applies to the paragraphs the layout finds, not to the line."""
    from zhpress.limits import MAX_LINE_CHARS

    line = "\u3000\u3000".join(f"第{i}段。{BODY}" for i in range(MAX_LINE_CHARS // len(BODY)))
    page = f"{line}<br />\n<table>\n<tr><td><img src='a.jpg' /></td></tr>\n</table>\n"
    assert len(line) > MAX_LINE_CHARS
    doc, _ = normalize_text(page, "scrape.txt")
    assert len(doc.blocks) == MAX_LINE_CHARS // len(BODY)
    with pytest.raises(BadInput, match="line 1 has"):
        normalize_text(line.replace("\u3000", "") + "\n", "prose.txt")


def test_page_furniture_named_by_class_removed() -> None:
    article = ('<div class="breadcrumb"><a href="/">首页</a> &gt; <a href="/n">新闻</a></div>\n'
               '<header class="entry-header"><h1>全市重点项目建设提速</h1></header>\n'
               f'<div id="content"><p>{BODY}\n继续。</p></div>\n'
               '<ul class="related-news"><li><a href="/a">相关新闻一</a></li><li><div>二</div>'
               '</li></ul>\n<div class="footer">版权所有 某某网</div>\n')
    doc, report = normalize_text(PAGE.format(article=article), "page.txt")
    body = split_front_matter(write_markdown(doc))[1]
    assert doc.meta.title == "全市重点项目建设提速"
    for junk in ("首页", "相关新闻", "版权所有"):
        assert junk not in body, junk
    assert f"{BODY}继续。" in body  # a page's source line break inside <p> is no paragraph
    # each removed piece of furniture is reported with its exact source text
    clutter = {c.before for c in report.changes if c.rule == "html_clutter"}
    assert {"首页", "&gt;", "新闻", "相关新闻一", "二", "版权所有 某某网", "站点"} <= clutter


def test_repeated_article_kept_once() -> None:
    doc, report = normalize_text(PAGE.format(article=ARTICLE * 3), "page.txt")
    md = write_markdown(doc)
    assert _alnum(_plain(md)).count(_alnum(BODY)) == 1
    dups = [c for c in report.changes if c.rule == "html_duplicate_block"]
    assert len(dups) == 4  # the two long paragraphs, twice more each; the short h1 is kept
    _idempotent(md, doc)


def test_page_without_article_refused_in_one_line() -> None:
    with pytest.raises(BadInput) as e:
        normalize_text(PAGE.format(article="<div><a href='/a'>更多</a></div>"), "page.txt")
    assert "\n" not in str(e.value) and "web page" in str(e.value)


def test_page_headings_are_text_never_markup() -> None:
    article = '<h1>标题&lt;script&gt;</h1>\n<p>' + BODY + '<a href="javascript:x">点此</a></p>\n'
    doc, _ = normalize_text(PAGE.format(article=article), "page.txt")
    body = split_front_matter(write_markdown(doc))[1]
    assert "javascript" not in body
    html = pypandoc.convert_text(body, "html", format=READER_FORMAT)
    assert "<script" not in html and "&lt;script&gt;" in html  # the text, never an element
    assert [h.text for h in doc.headings if isinstance(h, Heading)][0] == "标题<script>"


@pytest.mark.parametrize("path", [NEWSSC, NEWSSC_TAIL], ids=lambda p: p.name)
def test_scrape_nothing_lost_but_markup(path) -> None:
    """The page's text survives in order: the source without its tags (an independent regex
    here, the parser in the code) and with entities decoded has the same letters as the
    output; the output is idempotent."""
    import html as stdlib_html

    raw = path.read_bytes()
    doc, _ = normalize_bytes(raw, path.name)
    md = write_markdown(doc)
    src = stdlib_html.unescape(re.sub(r"<[^<>]*>", "", raw.decode("gb18030")))
    assert _alnum(_plain(md)) == _alnum(src)
    _idempotent(md, doc)


def test_markup_removals_have_positions() -> None:
    _, report = normalize_bytes(SOGOU.read_bytes(), SOGOU.name)
    first = [(c.where.line, c.where.col, c.before) for c in report.changes
             if c.rule == "record_markup"][:4]
    assert first[0] == (1, 1, "<doclist>")
    assert first[1] == (2, 1, "<doc>")
    assert first[2][:2] == (3, 1) and first[2][2].startswith("<url>")
    assert first[3][:2] == (4, 1) and first[3][2].startswith("<docno>")


def test_page_headings_become_headlines_first_one_the_title() -> None:
    article = (f"<h1>全市重点项目建设提速</h1>\n<p>{BODY}</p>\n<h2>春耕备耕有序推进</h2>\n"
               f"<p>{BODY}。</p>\n<h2>城市更新，惠及万户居民</h2>\n<p>{BODY}！</p>\n")
    doc, _ = normalize_text(PAGE.format(article=article), "page.txt")
    assert doc.meta.title == "全市重点项目建设提速"
    # the <h2> with a comma is a heading because the page says so (a bare line needs no comma);
    # headlines are article-level (level 1), as on a newspaper page
    assert [(h.level, h.role, h.text) for h in doc.headings] == [
        (1, "title", "全市重点项目建设提速"), (1, "headline", "春耕备耕有序推进"),
        (1, "headline", "城市更新，惠及万户居民")]


# running texts of every kind in the corpus stay running text (the lead's hold-out texts are
# left out here on purpose: they check the rules on texts nobody tuned for)
_HOLD_OUT = ("liaozhai_big5.no-preface.txt", "xczx_opinion_2018.txt", "spc_decision_2013_table.txt")
_LAYOUT_FILES = {SOGOU.name, NEWSSC.name, NEWSSC_TAIL.name}
RUNNING = sorted(p for p in CORPUS.rglob("*.txt") if not p.name.endswith(".outline.txt")
                 and p.name not in _HOLD_OUT and p.name not in _LAYOUT_FILES)


@pytest.mark.parametrize("path", RUNNING, ids=lambda p: p.name)
def test_running_texts_are_text_layout(path) -> None:
    from zhpress.readers.normalize.decode import decode

    assert detect_layout([ln.text for ln in decode(path.read_bytes()).lines]) == Layout("text")


def test_undecodable_bytes_still_refused() -> None:
    """The strict-CJK fallback (for dumps charset_normalizer gives up on) takes no noise."""
    with pytest.raises(BadInput):
        normalize_bytes(bytes(range(0x80, 0x100)) * 8, "noise.txt")


# --- generated dumps: any headlines, bodies and separator shape ----------------------------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_HAN = "国家经济城市发展新闻报道记者今日会议建设人民生活文化科技教育"
_head = st.tuples(st.text(alphabet=_HAN, min_size=2, max_size=14),
                  st.sampled_from(["", " ", "：", "“"]),
                  st.text(alphabet=_HAN, min_size=2, max_size=10)).map(
    lambda t: t[0] + t[1] + t[2] + ("”" if t[1] == "“" else ""))
_body = st.lists(st.text(alphabet=_HAN, min_size=10, max_size=60), min_size=1, max_size=3).map(
    lambda parts: "，".join(parts) + "。")
_SHAPES = {
    "inline": lambda recs: "".join(f"{h}!!!!{b}\n" for h, b in recs),
    "block": lambda recs: "".join(f"■\n{h}\n{b}\n" for h, b in recs),
    "rule": lambda recs: "".join(f"{h}\n\n{b}\n\n======\n" for h, b in recs),
    "markup": lambda recs: "<list>\n" + "".join(
        f"<doc>\n<docno>{i}</docno>\n<title>{h}</title>\n<content>{b}</content>\n</doc>\n"
        for i, (h, b) in enumerate(recs)) + "</list>\n",
}


@pytest.mark.slow  # pandoc runs for each example
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_head, _body), min_size=3, max_size=8), st.sampled_from(list(_SHAPES)))
def test_generated_dumps(recs: list[tuple[str, str]], shape: str) -> None:
    doc, _ = normalize_text(_SHAPES[shape](recs), "dump.txt")
    assert [_alnum(h) for h in _headlines(doc)] == [_alnum(h) for h, _ in recs]
    md = write_markdown(doc)
    assert _alnum(_plain(md)) == _alnum("".join(h + b for h, b in recs))
    _idempotent(md, doc)


def test_page_paragraphs_never_joined_as_hard_wraps() -> None:
    """Paragraphs of the same length without end punctuation look like a hard-wrapped text;
    on a page their bounds are stated by the markup and stay."""
    items = "".join(f"<p>{BODY[:-1]}第{i:02d}条</p>\n" for i in range(20))
    doc, report = normalize_text(PAGE.format(article=items), "page.txt")
    assert len(doc.blocks) == 20
    assert report.count("rejoin_hard_wraps") == report.count("rejoin_page_breaks") == 0


def test_record_lead_dateline_and_byline_are_spans() -> None:
    """A record's first body paragraph is its lead: the dateline and byline news.py knows
    (中广网…消息（记者…）, 中新社北京…电（记者…）) become spans, not text."""
    doc, _ = normalize_bytes(SOGOU.read_bytes(), SOGOU.name)
    spans = [i.text for b in doc.blocks if isinstance(b, Paragraph) for i in b.inlines
             if isinstance(i, Span)]
    assert "中广网唐山6月12日消息（记者汤一亮 庄胜春）" in spans
    assert "中新社北京6月2日电（记者 刘辰瑶）" in spans


_para = st.lists(st.text(alphabet=_HAN, min_size=20, max_size=50), min_size=1, max_size=4).map(
    lambda parts: "，".join(parts) + "。")


@pytest.mark.slow  # pandoc runs for each example
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_para, min_size=1, max_size=6, unique=True), st.booleans())
def test_generated_pages(paras: list[str], flattened: bool) -> None:
    """Any article, as <p> elements or flattened into one line with ideographic-space indents:
    exactly its paragraphs come out (the page's furniture does not), and the output is stable."""
    article = ("<p>" + "</p>\n<p>".join(paras) + "</p>\n" if not flattened
               else "<div>" + "".join(f"\u3000\u3000{p}" for p in paras) + "</div><br />\n")
    doc, _ = normalize_text(PAGE.format(article=article), "page.txt")
    got = ["".join(i.text for i in b.inlines) for b in doc.blocks if isinstance(b, Paragraph)]
    assert [_alnum(t) for t in got] == [_alnum(p) for p in paras]
    _idempotent(write_markdown(doc), doc)
