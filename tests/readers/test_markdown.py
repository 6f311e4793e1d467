"""Markdown writer/reader: round trip through real pandoc, escaping, raw HTML stays text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import MARKDOWN_DOC as DOC

from zhpress.model import Div, Document, Paragraph, Span, Text
from zhpress.readers.markdown import read_markdown
from zhpress.readers.normalize import normalize_text
from zhpress.writers.markdown import write_markdown


def no_lines(doc: Document) -> tuple:
    return tuple(replace(b, line=0) for b in doc.blocks)


def test_round_trip_model() -> None:
    md = write_markdown(DOC)
    back = read_markdown(md)
    assert back.meta == DOC.meta
    assert no_lines(back) == no_lines(DOC)
    assert write_markdown(back) == md


def test_markdown_form() -> None:
    md = write_markdown(DOC)
    assert md.startswith("---\ntitle: 标题\n")
    assert "::: {.occasion}\n" in md and "## （一）深入学习。 {.run-in}" in md
    assert "[本报讯（记者 唐诗敏）]{.byline}" in md and "**提升思想自觉。**" in md
    assert "\n1\\. 不是标题" in md


@pytest.mark.parametrize("raw", ["<img src=file:///etc/passwd>", "<script>alert(1)</script>",
                                 "$$x$$ \\begin{x} `x`{=html} <!-- c -->", "![a](http://e.com/x.png)"])
def test_raw_markup_stays_text(raw: str) -> None:
    doc, _ = normalize_text(f"标题\n\n正文{raw}结束。\n", "x.txt")
    back = read_markdown(write_markdown(doc))
    para = [b for b in back.blocks if isinstance(b, Paragraph)][0]
    assert para.inlines == (Text(f"正文{raw}结束。"),) or raw in para.text


def test_heading_hierarchy_from_first_marker() -> None:
    doc, _ = normalize_text("（一）甲\n\n正文。\n\n1.乙\n\n正文。\n\n（二）丙\n", "x.txt")
    assert [(h.level, h.text) for h in doc.headings] == [(1, "（一）甲"), (2, "1.乙"), (1, "（二）丙")]


def test_run_together_and_letter_spaced_title() -> None:
    doc, _ = normalize_text("政 府 工 作 报 告\n\n——2024年1月5日在市第一届人民代表大会第三次会议上\n\n"
                            "市长 张三\n\n各位代表：\n\n正文。\n", "x.txt")
    assert doc.meta.title == "政府工作报告" and doc.meta.date == "2024-01-05"
    assert doc.meta.author == "市长 张三"
    doc, _ = normalize_text("政府工作报告——2024年1月5日在市第一届人民代表大会第三次会议上 市长 张三\n\n"
                            "正文。\n", "x.txt")
    assert doc.meta.title == "政府工作报告" and doc.meta.author == "市长 张三"
    assert [b.cls for b in doc.blocks if isinstance(b, Div)] == ["occasion", "speaker"]


def test_dateline_byline() -> None:
    doc, _ = normalize_text("头版\n\n标题甲\n\n新华社北京3月5日电（记者 张三）今天，开会。\n", "x.txt")
    p = [b for b in doc.blocks if isinstance(b, Paragraph)][0]
    assert p.inlines[0] == Span("新华社北京3月5日电（记者 张三）", "byline")
    assert [(h.level, h.text) for h in doc.headings] == [(1, "头版"), (2, "标题甲")]
