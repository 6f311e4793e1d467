"""Numbered paragraphs and list items that are not headings (readers/normalize/numbering.py)."""

from __future__ import annotations

import pytest

from zhpress.readers.normalize import normalize_text
from zhpress.readers.normalize.numbering import item_number, plain_numbered


@pytest.mark.parametrize(("marker", "n"), [("一、", 1), ("（十二）", 12), ("二十三、", 23),
                                           ("3.", 3), ("（10）", 10), ("甲", 0)])
def test_item_number(marker: str, n: int) -> None:
    assert item_number(marker + "正文") == n


CASES = [
    ("numbers that run on across sections are paragraph numbers",
     ["一、总则", "1.第一段。正文。", "2.第二段。正文。", "二、分则", "3.第三段。正文。"], {1, 2, 4}),
    ("numbers that start again in each section are sub-headings",
     ["一、总则", "1.甲。正文。", "2.乙。正文。", "二、分则", "1.丙。正文。", "2.丁。正文。"], set()),
    ("items after a colon ending in semicolons are a list",
     ["有下列情形之一的：", "（1）甲情形；", "（2）乙情形；", "（3）其他情形。", "正文。"], {1, 2, 3}),
    ("items after a colon that are sentences of their own stay sub-headings",
     ["主要任务是：", "（一）抓好甲。正文。", "（二）抓好乙。正文。"], set()),
    ("no colon before the items: not an enumeration",
     ["正文。", "（1）甲情形；", "（2）乙情形。"], set()),
]


@pytest.mark.parametrize(("name", "texts", "plain"), CASES, ids=[c[0] for c in CASES])
def test_plain_numbered(name: str, texts: list[str], plain: set[int]) -> None:
    assert plain_numbered(texts) == plain


def test_running_numbers_make_no_headings_end_to_end() -> None:
    doc, _ = normalize_text("一、总则\n\n1. 第一段。正文。\n\n二、分则\n\n2. 第二段。正文。\n", "x.txt")
    assert [h.text for h in doc.headings] == ["一、总则", "二、分则"]
    assert any(b.text.startswith("2.第二段") for b in doc.blocks)
