"""Titles break at word ends in every format (GB/T 9704 7.3.1): the shared rules."""

from __future__ import annotations

import re

import pytest

from zhpress.typeset import titles
from zhpress.writers.html import escape

# (title, measure in em, the lines expected): kinds of titles, not one corpus file.
CASES = [
    ("中国人民政治协商会议乐山市第八届委员会常务委员会工作报告", 20,
     ["中国人民政治协商会议乐山市", "第八届委员会常务委员会工作报告"]),
    ("海拉尔区人民政府关于2017年政府工作的报告", 12, ["海拉尔区人民政府关于", "2017年政府工作的报告"]),
    ("国务院办公厅关于进一步加强政府信息公开工作的通知", 20, None),
    ("中华人民共和国宪法", 20, ["中华人民共和国宪法"]),
]


@pytest.mark.parametrize(("title", "per_line", "expected"), CASES)
def test_title_lines_keep_words_whole(title, per_line, expected):
    lines = titles.title_lines(title, per_line)
    assert "".join(lines) == title
    assert all(titles.width_em(line) <= per_line for line in lines)
    if expected is not None:
        assert lines == expected
    ends = {len("".join(lines[:n])) for n in range(1, len(lines))}
    assert ends <= set(titles.break_points(title)) or expected is None


@pytest.mark.parametrize("title", [c[0] for c in CASES])
def test_break_points_never_split_a_listed_word(title):
    for pos in titles.break_points(title):
        assert title[pos - 1] + title[pos] not in titles.TITLE_NO_SPLIT
        assert title[pos] not in "，。、；：？！”’）》"


def test_wbr_html_wraps_only_between_words():
    title = "中国人民政治协商会议乐山市第八届委员会常务委员会工作报告"
    out = titles.wbr_html(title, escape)
    assert re.sub(r"<[^>]+>", "", out) == title  # nothing lost or added
    pieces = re.findall(r'<span class="nobr-word">([^<]*)</span>', out)
    assert "常务委员会" in pieces and "第八届" in pieces  # the words the issue saw split
    assert out.count("<wbr/>") == len(titles.words(title)) - 1


def test_wbr_html_escapes_text():
    out = titles.wbr_html("关于<b>标签</b>的报告", escape)
    assert "<b>" not in out and "&lt;b&gt;" in out
