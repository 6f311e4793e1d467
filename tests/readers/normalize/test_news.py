"""Newspaper pages (issue 13 item 1): furniture is never a heading, headlines need evidence.

The predicate tables use lines shaped like other papers' (新华社, 本报讯, 记者 某某 通讯员 某某,
图为…, （新华社发）), not lines copied from the corpus excerpts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from helpers import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from zhpress.errors import BadInput
from zhpress.model import Div, Document, Heading, Paragraph, Span
from zhpress.readers.normalize import normalize_bytes, normalize_text
from zhpress.readers.normalize.news import (
    furniture_kind,
    glued_headline,
    headline_shaped,
    is_furniture_line,
    lead_spans,
    news_blocks,
    news_roles,
    trailing_credit,
)

ALL_TEXTS = sorted(p for p in CORPUS.rglob("*.txt") if not p.name.endswith(".outline.txt")
                   and p.name not in ("README.md",))


@cache
def normalized(path: Path) -> Document:
    return normalize_bytes(path.read_bytes(), path.name)[0]


@pytest.mark.parametrize("path", ALL_TEXTS, ids=lambda p: p.name)
def test_no_heading_is_furniture(path: Path) -> None:
    """Issue 13: a credit, byline or date line is never a heading, in any text we have."""
    try:
        doc = normalized(path)
    except BadInput as exc:  # nothing to check in a refused file; not counted as a pass
        pytest.xfail(f"the normalizer refuses {path.name}: {exc}")
    bad = [h.text for h in doc.headings if is_furniture_line(h.text)]
    assert bad == []


FURNITURE = [
    ("（新华社记者王晔摄）", "credit"),
    ("新华社记者 李学仁 摄", "credit"),
    ("（新华社发）", "credit"),
    ("新华社发（陈振海摄）", "credit"),
    ("本报记者 张三/摄", "credit"),
    ("（资料图片）", "credit"),
    ("（王小明绘）", "credit"),
    ("文/李华 图/张明", "byline"),
    ("（据新华社电）", "source"),
    ("本报记者 王五", "byline"),
    ("记者 李明 通讯员 赵刚", "byline"),
    ("本报记者 王五 李六", "byline"),
    ("作者：张小明 时间：2019-05-06", "byline"),
    ("文/陈静", "byline"),
    ("（作者系北京大学教授）", "byline"),
    ("（李建国 王红）", "byline"),
    ("本报评论员", "byline"),
    ("2019年5月6日", "dateline"),
    ("（二○一九年五月六日）", "dateline"),
    ("一九九八年十月", "dateline"),
    ("新华社上海5月6日电", "dateline"),
    ("（新华社广州3月2日电）", "source"),
    ("来源：经济日报", "source"),
    ("（摘自《光明日报》）", "source"),
    ("图片：", "caption"),
    ("组图：", "caption"),
    ("（附图片2张）", "caption"),
]
NOT_FURNITURE = [
    "全省经济运行稳中向好", "（一）坚持党的领导", "（二）", "第一章 总则", "（草案）",
    "2023年工作安排", "一、2022年主要工作", "记者节前夕话初心", "图书馆里的新年",
    "本报讯（记者 张三）今天上午，全市召开大会。", "作者简介", "各位代表：",
    "（2019年5月6日在全国人大会议上）", "宏伟蓝图", "清明上河图", "向世界出发", "精心描绘",
    "记者观察", "记者手记", "2023年", "二〇二三年", "（征求意见稿）", "（修订版）", "（之一）", "据悉我国将发射新卫星",
]


@pytest.mark.parametrize(("line", "kind"), FURNITURE)
def test_furniture_lines(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind
    assert not headline_shaped(line)


@pytest.mark.parametrize("line", NOT_FURNITURE)
def test_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


@pytest.mark.parametrize(("line", "shaped"), [
    ("全省经济运行稳中向好", True), ("“一带一路”合作结硕果", True), ("我们能行！", False),
    ("会议强调，要抓好落实。", False), ("（三）加强领导", False), ("编者按", False),
    ("图为会议现场", False), ("谢谢。", False), ("各位来宾：", False), ("（完）", False),
    ("（上接第一版）", False), ("春到田间（图片）", True),
])
def test_headline_shape(line: str, shaped: bool) -> None:
    assert headline_shaped(line) is shaped


@pytest.mark.parametrize(("text", "spans"), [
    ("新华社北京5月6日电（记者 张三）今天召开会议。", ("新华社北京5月6日电（记者 张三）", "")),
    ("本报讯记者王五 通讯员赵六报道：近日召开会议。", ("本报讯", "记者王五 通讯员赵六报道：")),
    ("本报上海5月6日讯今天，上海召开会议。", ("本报上海5月6日讯", "")),
    ("中新社香港5月6日电 香港今天召开会议。", ("中新社香港5月6日电", "")),
    ("本报讯", ("", "")),  # a bare dateline opens no lead
    ("报告会在北京召开。", ("", "")),
])
def test_lead_spans(text: str, spans: tuple[str, str]) -> None:
    assert lead_spans(text) == spans


# a synthetic page of another paper's shape: rubric, headlines with leads, a photo item, a
# package with sub-heads, a weather table of short lines
PAGE = [
    "要闻速递",                                    # 0 rubric
    "全市春耕生产全面展开",                          # 1 headline
    "本报讯（记者 张三 通讯员 李四）连日来，全市各地抢抓农时，春耕生产全面展开。",
    "据介绍，今年全市计划播种粮食作物一百万亩。",
    "（王五）",                                    # 4 closing byline
    "春到田间（图片）",                              # 5 photo headline
    "图为农民在田间插秧。新华社发（赵六摄）",           # 6 caption with credit
    "新城区夜市人气旺",                              # 7 headline after a credit
    "入夜，新城区美食街灯火通明，游人如织。",
    "小吃摊前排长队",                                # 9 sub-head
    "晚上八时，记者在一家小吃摊前看到，十多名顾客正在排队。",
    "文创产品受青睐",                                # 11 sub-head
    "不少年轻人在文创摊位前驻足，挑选心仪的纪念品。",
    "本市天气预报",                                  # 13 headline (date line after it)
    "2019年5月6日",
    "城区晴15℃／25℃",
    "郊区多云12℃／23℃",
]


def test_page_roles() -> None:
    roles = news_roles(PAGE)
    assert roles[0] == "rubric"
    assert [i for i, r in roles.items() if r == "headline"] == [1, 5, 7, 13]
    assert [i for i, r in roles.items() if r == "subhead"] == [9, 11]
    assert roles[2] == "lead" and roles[4] == "byline" and roles[6] == "caption"
    assert roles[14] == "dateline"
    assert 15 not in roles or roles[15] not in ("headline", "subhead")


def test_page_blocks() -> None:
    doc, _ = normalize_text("\n".join(PAGE) + "\n", "page.txt")
    heads = [(h.level, h.text, h.role) for h in doc.headings]
    assert heads == [(1, "要闻速递", "rubric"), (2, "全市春耕生产全面展开", "headline"),
                     (2, "春到田间（图片）", "headline"), (2, "新城区夜市人气旺", "headline"),
                     (3, "小吃摊前排长队", "subhead"), (3, "文创产品受青睐", "subhead"),
                     (2, "本市天气预报", "headline")]
    divs = {(b.cls, b.text) for b in doc.blocks if isinstance(b, Div)}
    assert ("credit", "新华社发（赵六摄）") in divs
    assert ("caption", "图为农民在田间插秧。") in divs
    assert ("byline", "（王五）") in divs and ("dateline", "2019年5月6日") in divs
    lead = next(b for b in doc.blocks if isinstance(b, Paragraph) and b.inlines
                and isinstance(b.inlines[0], Span))
    assert lead.inlines[0] == Span("本报讯（记者 张三 通讯员 李四）", "byline")


def test_not_news_without_evidence() -> None:
    """A report with short lines but no dateline and no furniture gets no newspaper roles, nor
    does a text whose only furniture is date lines (letters, dated poems)."""
    assert news_roles(["工作报告", "各位代表：", "过去一年", "我们做了大量工作。", "今后打算",
                       "我们将继续努力。"]) == {}
    assert news_roles(["致全市人民的一封信", "全市人民：", "新年将至，向大家致以问候。",
                       "二〇二三年十二月三十一日", "春节慰问信", "值此新春佳节之际，致以问候。",
                       "2024年2月9日"]) == {}


def test_heading_kinds_roundtrip() -> None:
    assert all(isinstance(h, Heading) for h in normalized(
        CORPUS / "dev" / "rmrb_2001_pku.lines815-870.txt").headings)


@pytest.mark.parametrize("name", ["rmrb_2001_pku.lines1-60.txt", "rmrb_2001_pku.lines815-870.txt"])
def test_news_pages_keep_the_invariants(name: str) -> None:
    """Nothing lost, idempotent, pandoc's headings are ours: also with credits split off."""
    from test_normalize_invariants import check_invariants

    check_invariants((CORPUS / "dev" / name).read_bytes(), name)


@pytest.mark.parametrize(("text", "head"), [
    ("全市春耕生产全面展开本报讯（记者 张三）连日来，全市各地抢抓农时。", "全市春耕生产全面展开"),
    ("中欧班列开行突破万列新华社西安5月6日电（记者 李四）记者从有关部门获悉，……", "中欧班列开行突破万列"),
    ("我国成功发射一颗新卫星 新华社酒泉5月6日电 5月6日，我国成功发射一颗卫星。", "我国成功发射一颗新卫星 "),
    ("会议指出，新华社北京5月6日电的报道有误。", ""),  # a sentence, not a headline
    ("据了解新华社北京5月6日电", ""),  # nothing after the dateline: no lead
    ("全市春耕生产全面展开，连日来各地抢抓农时。", ""),  # no dateline: no evidence to split
])
def test_headline_glued_to_its_lead_is_split_only_at_a_dateline(text: str, head: str) -> None:
    assert text[:glued_headline(text)] == head


def test_glued_headline_becomes_heading_and_lead() -> None:
    page = ["全市春耕生产全面展开本报讯（记者 张三）连日来，全市各地抢抓农时，春耕生产全面展开。",
            "据介绍，今年全市计划播种粮食作物一百万亩。",
            "新城区夜市人气旺本报讯（记者 李四）入夜，新城区美食街灯火通明。"]
    doc, _ = normalize_text("\n".join(page) + "\n", "page.txt")
    assert [h.text for h in doc.headings] == ["全市春耕生产全面展开", "新城区夜市人气旺"]
    spans = [i.text for b in doc.blocks if isinstance(b, Paragraph) for i in b.inlines
             if isinstance(i, Span)]
    assert spans == ["本报讯（记者 张三）", "本报讯（记者 李四）"]


def test_weather_table_lines_are_not_headlines() -> None:
    """A forecast flattened to one short line per city looks like a run of headlines; only the
    forecast's own title (a date line after it) and the next article's headline are."""
    page = ["全国主要城市天气预报", "2019年5月6日", "北京晴15℃／25℃", "上海多云18℃／24℃",
            "广州雷阵雨23℃／30℃", "春耕生产全面展开", "本报讯（记者 张三）连日来，各地抢抓农时。"]
    roles = news_roles(page)
    assert [i for i, r in roles.items() if r in ("headline", "subhead", "rubric")] == [0, 5]


def test_wire_copy_closed_by_wan() -> None:
    """新华社 wire copy: a headline after an article closed by （完） needs no dateline."""
    page = ["国务院常务会议部署稳就业举措",
            "新华社北京5月6日电 国务院常务会议今天召开，部署稳就业举措。",
            "会议指出，就业是最大的民生。（完）",
            "一季度经济运行开局良好",
            "国家统计局今天发布数据显示，一季度经济运行开局良好。"]
    roles = news_roles(page)
    assert [i for i, r in roles.items() if r == "headline"] == [0, 3]


def test_headline_with_its_deck() -> None:
    """主题 + 副题 (——记…): the headline stays the heading, the dash line is its deck."""
    page = ["全市春耕生产全面展开", "本报讯（记者 张三）连日来，各地抢抓农时。（王五）",
            "扎根乡村二十年", "——记全国劳动模范李四",
            "二十年来，李四扎根乡村，带领村民走上致富路。", "他说，乡村是大有可为的地方。"]
    roles = news_roles(page)
    assert roles[2] == "headline" and roles[3] == "deck"
    doc, _ = normalize_text("\n".join(page) + "\n", "page.txt")
    assert [h.text for h in doc.headings] == ["全市春耕生产全面展开", "扎根乡村二十年"]
    assert ("deck", "——记全国劳动模范李四") in [(b.cls, b.text) for b in doc.blocks
                                           if isinstance(b, Div)]


NEWS_PIECES = [
    "全市春耕生产全面展开", "扎根乡村二十年", "——记全国劳动模范李四", "要闻速递", "图片新闻",
    "本报讯（记者 张三）连日来，各地抢抓农时。", "新华社北京5月6日电 国务院常务会议今天召开。",
    "本报上海5月6日讯记者王五报道：近日召开会议。", "会议指出，就业是最大的民生。（完）",
    "（新华社记者王晔摄）", "本报记者 王五", "记者 李明 通讯员 赵刚", "作者：张小明 时间：2019-05-06",
    "2019年5月6日", "（新华社广州3月2日电）", "图片：", "图为农民在田间插秧。（本报记者张悦摄）",
    "（作者系北京大学教授）", "（李建国 王红）", "编者的话", "城区晴15℃／25℃",
    "二十年来，李四扎根乡村，带领村民走上致富路。", "春到田间（图片）", "一、总体情况", "谢谢。",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NEWS_PIECES), min_size=1, max_size=14))
def test_generated_pages_never_make_furniture_a_heading(lines: list[str]) -> None:
    doc, _ = normalize_text("\n".join(lines) + "\n", "page.txt")
    assert not [h.text for h in doc.headings if is_furniture_line(h.text)]


def test_headline_over_a_byline_line() -> None:
    """Web copies and magazines put the byline on its own line under the headline."""
    page = ["扎根乡村二十年", "作者：张小明 时间：2019-05-06", "二十年来，李四扎根乡村。",
            "他说，乡村大有可为。", "城市更新的温度", "本报记者 王五", "老街改造后，居民们笑了。"]
    roles = news_roles(page)
    assert [i for i, r in roles.items() if r == "headline"] == [0, 4]
    assert roles[1] == roles[5] == "byline"


def test_lead_found_by_another_stage_keeps_its_byline() -> None:
    """A record dump's layout marks a lead that opens with （记者 某某）: its byline is a span,
    and a paragraph that opens with no byline at all is left to the caller."""
    (p,) = news_blocks("（记者 张三）今天，全市召开大会。", "lead", 3) or []
    assert isinstance(p, Paragraph) and p.inlines[0] == Span("（记者 张三）", "byline")
    assert news_blocks("今天，全市召开大会。", "lead", 3) is None


@pytest.mark.parametrize(("text", "credit"), [
    ("图为农民在田间插秧。（新华社记者王晔摄）", "（新华社记者王晔摄）"),
    ("图为农民在田间插秧。新华社发（赵六摄）", "新华社发（赵六摄）"),
    ("该项目已列入推广计划。（费伟伟）", "（费伟伟）"),
    ("会议要求各地抓好落实（草案）", ""),  # a note, not a name
    ("全市已建成五座电站（附图片2张）", ""),
    ("（新华社记者王晔摄）", ""),  # nothing before it: a credit line, not a closing credit
    ("他说：“我们会继续努力。”", ""),
])
def test_trailing_credit(text: str, credit: str) -> None:
    cut = trailing_credit(text)
    assert (text[cut:] if cut > 0 else "") == credit


@pytest.mark.slow
@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(NEWS_PIECES), min_size=1, max_size=12))
def test_generated_pages_keep_the_invariants(lines: list[str]) -> None:
    """Split credits, lead spans, decks and sub-heads: still nothing lost, idempotent, and
    pandoc's headings are ours."""
    from test_normalize_invariants import check_invariants

    check_invariants(("\n".join(lines) + "\n").encode("utf-8"), "page.txt")


def test_a_lead_closed_by_a_credit_or_a_name() -> None:
    (p,) = news_blocks("本报讯 今天，全市召开大会。（李四）", "lead", 1) or []
    assert isinstance(p, Paragraph) and p.inlines[-1] == Span("（李四）", "byline")
    (p,) = news_blocks("本报讯 今天，全市召开大会。（新华社记者王晔摄）", "lead", 1) or []
    assert isinstance(p, Paragraph) and p.inlines[-1] == Span("（新华社记者王晔摄）", "credit")
