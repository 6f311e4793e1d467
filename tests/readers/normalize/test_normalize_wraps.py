"""Hard-wrapped copies of the corpus (as text copied out of a PDF looks) normalize to the same
document as the originals; the corpus itself is not touched by the hard-wrap rule; outline
levels never skip; N8 leaves garbled passages alone."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest
from helpers import CORPUS, TEXTS
from hypothesis import given, settings
from hypothesis import strategies as st

from zhpress.model import Document, Heading
from zhpress.readers.normalize import normalize_bytes, normalize_markdown, normalize_text

NAMES = TEXTS
# the second halves of the sample's five page-break splits (corpus/README.md)
SPLITS = ("2600人次", "市政协", "政协文史馆", "表人士", "着市中区")
INDENT = "\u3000\u3000"


@cache
def original(name: str) -> tuple[str, Document]:
    raw = (CORPUS / name).read_bytes()
    text = raw.decode("gb18030" if ".gbk." in name else "utf-8").replace("\r\n", "\n")
    return text, normalize_bytes(raw, name)[0]


def hard_wrap(text: str, width: int, blank: bool, indent: str) -> str:
    """Wrap every paragraph (source line) at `width` characters, the indent included.
    blank: keep the blank lines; else drop them, and reflow each page-split paragraph as one (a
    PDF does not end a line short at a page break). indent: '' none, 'body' an ideographic
    indent on lines with a 。, 'keep' the source line's own indent."""
    lines = text.split("\n")
    if not blank:
        merged: list[str] = []
        for ln in (x for x in lines if x.strip()):
            if merged and ln.startswith(SPLITS) and merged[-1][-1] not in "。！？":
                merged[-1] += ln
            else:
                merged.append(ln)
        lines = merged
    out: list[str] = []
    for ln in lines:
        body = ln.strip()
        if not body:
            out.append("")
            continue
        ind = {"": "", "body": INDENT if "。" in body else "",
               "keep": ln[:len(ln) - len(ln.lstrip())]}[indent]
        full = ind + body
        out += [full[i:i + width] for i in range(0, len(full), width)]
    return "\n".join(out) + "\n"


def same_document(a: Document, b: Document) -> None:
    assert [(h.level, h.text, h.run_in) for h in a.headings] == \
        [(h.level, h.text, h.run_in) for h in b.headings]
    assert [replace(x, line=0) for x in a.blocks] == [replace(x, line=0) for x in b.blocks]
    assert replace(a.meta, source={}) == replace(b.meta, source={})


@pytest.mark.parametrize("width", [30, 40])
@pytest.mark.parametrize(("blank", "indent"), [(True, ""), (True, "body"), (False, "body")])
def test_sample_hard_wrapped(width: int, blank: bool, indent: str) -> None:
    text, doc = original("leshan-cppcc-2023.txt")
    wrapped = hard_wrap(text, width, blank, indent)
    assert max(len(ln) for ln in wrapped.splitlines()) == width
    got, rep = normalize_text(wrapped, "leshan-cppcc-2023.txt")
    same_document(got, doc)
    wraps = [c for c in rep.changes if c.rule == "rejoin_hard_wraps"]
    assert len(wraps) > 150 and all(c.before.replace("\n", "").replace(" ", "")
                                    == c.after.replace(" ", "") for c in wraps)
    assert rep.count("rejoin_page_breaks") == (5 if blank else 0)
    assert rep.count("ascii_parens_to_fullwidth") == 23
    assert [w.rule for w in rep.warnings] == ["unbalanced_pairs", "run_in_subhead_mid_paragraph"]


def test_sample_hard_wrapped_without_any_separator_is_conservative() -> None:
    """No blank lines and no indents: paragraph ends are guessed from punctuation only, so some
    paragraphs stay split (a full line ending in 。), but no heading, title, byline or caption is
    ever merged into another block."""
    text, doc = original("leshan-cppcc-2023.txt")
    got, _ = normalize_text(hard_wrap(text, 30, False, ""), "leshan-cppcc-2023.txt")
    body = "\n".join(b.text for b in got.blocks)
    for h in doc.headings:
        if not h.run_in:
            assert h.text in [g.text for g in got.headings]
    assert got.meta.title == doc.meta.title and got.meta.author == doc.meta.author
    for needle in ("本报讯（记者 唐诗敏）", "本报讯（官国平 记者 罗曦文/图）"):
        assert "\n" + needle in "\n" + body
    assert got.blocks[-1].text == "正在清理垃圾"


@pytest.mark.parametrize("width", [30, 40])
@pytest.mark.parametrize("name", ["hailar-gov-report-2017.gbk.txt", "constitution.txt"])
def test_other_reports_hard_wrapped(name: str, width: int) -> None:
    text, doc = original(name)
    got, rep = normalize_text(hard_wrap(text, width, True, "keep"), name)
    same_document(got, doc)
    assert rep.count("rejoin_hard_wraps") > 200


@pytest.mark.parametrize("name", NAMES)
def test_corpus_is_not_hard_wrapped(name: str) -> None:
    _, rep = normalize_bytes((CORPUS / name).read_bytes(), name)
    assert rep.count("rejoin_hard_wraps") == 0
    if name == "leshan-cppcc-2023.txt":
        assert {c.rule for c in rep.changes} == {"rejoin_page_breaks", "ascii_parens_to_fullwidth",
                                                 "whitespace"}
        assert rep.count("rejoin_page_breaks") == 5


def test_fullwidth_alnum_left_alone_in_garbled_text() -> None:
    _, rep = normalize_bytes((CORPUS / "sanguo-yanyi.txt").read_bytes(), "sanguo-yanyi.txt")
    assert rep.count("fullwidth_alnum_to_ascii") == 0
    assert sum(w.rule == "suspected_mojibake" for w in rep.warnings) == 16
    doc, rep = normalize_text("标题\n\n建宁太守雍辏??撕撼??卜胶钣撼葜?螅２茚月始倚⌒械\n\n共有３人。\n", "x.txt")
    assert [c.after for c in rep.changes if c.rule == "fullwidth_alnum_to_ascii"] == ["3"]
    assert "２茚" in doc.blocks[1].text


# --- outline levels never skip -----------------------------------------------------------------
MARKERS = st.sampled_from(["一、甲", "（一）乙", "1.丙", "（1）丁", "第一编 总则", "第一章 总纲",
                           "第一节 会议", "第一条 内容。", "第一回 宴桃园", "序言", "目录",
                           "（二）深入学习。坚持把学习作为任务。", "本报讯（记者 张三）今天开会。",
                           "短标题", "正文段落，内容。", "2023年2月21日在市第一届人民代表大会第三次会议上"])


def assert_consecutive(levels: list[int]) -> None:
    prev = 0
    for lv in levels:
        assert 1 <= lv <= prev + 1, levels
        prev = lv


@settings(max_examples=200, deadline=None)
@given(st.lists(MARKERS, min_size=1, max_size=20), st.booleans())
def test_generated_outline_levels_never_skip(lines: list[str], blank: bool) -> None:
    doc, rep = normalize_text(("\n\n" if blank else "\n").join(lines) + "\n", "gen.txt")
    assert_consecutive([h.level for h in doc.headings])
    assert rep.count("heading_levels") == 0  # the structure stage nests correctly by itself


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=6), min_size=1, max_size=15))
def test_markdown_heading_skips_are_closed(levels: list[int]) -> None:
    md = "---\ntitle: 题\n---\n\n" + "\n\n".join(f"{'#' * lv} 标题{i}\n\n正文。"
                                               for i, lv in enumerate(levels)) + "\n"
    doc, rep = normalize_markdown(md, "x.md")
    got = [h.level for h in doc.headings]
    assert_consecutive(got)
    assert [h.text for h in doc.headings] == [f"标题{i}" for i in range(len(levels))]
    assert rep.count("heading_levels") == sum(a != b for a, b in zip(levels, got, strict=True))
    # nesting is kept: a heading deeper than the one before stays deeper, and one that is not
    # deeper does not become deeper
    for i in range(1, len(levels)):
        assert (levels[i] > levels[i - 1]) == (got[i] > got[i - 1])


def test_markdown_skip_example_reported() -> None:
    doc, rep = normalize_markdown("# 甲\n\n### 乙\n\n#### 丙\n\n## 丁\n", "x.md")
    assert [(h.level, h.text) for h in doc.headings] == [(1, "甲"), (2, "乙"), (3, "丙"), (2, "丁")]
    assert [(c.rule, c.before, c.after) for c in rep.changes] == [
        ("heading_levels", "### 乙", "## 乙"), ("heading_levels", "#### 丙", "### 丙")]
    assert re.search("heading_levels", rep.to_json())


def test_heading_levels_unchanged_on_consecutive_input() -> None:
    doc, rep = normalize_markdown("# 甲\n\n## 乙\n\n### 丙\n\n# 丁\n", "x.md")
    assert rep.changes == [] and [h.level for h in doc.headings] == [1, 2, 3, 1]
    assert all(isinstance(h, Heading) for h in doc.headings)
