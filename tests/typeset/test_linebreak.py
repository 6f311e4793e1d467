"""zhpress.typeset.linebreak: the pure text functions (no rendering): marks kept off line
starts and ends, quotes allowed to break, adjacent punctuation compressed, the HTML they make."""

from __future__ import annotations

import html
import re

import pytest
from helpers import corpus_paragraphs

from zhpress.typeset import linebreak as W


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("牢记嘱托·同心奋进", "牢记嘱托\u2060·同心奋进"),
        ("3～5年", "3\u2060～5年"),
        ("甲／乙－丙", "甲\u2060／乙\u2060－丙"),
        ("·开头", "\u2060·开头"),
        ("已有\u2060·不重复", "已有\u2060·不重复"),
        ("没有需要处理的字符。", "没有需要处理的字符。"),
        ("", ""),
        ("罗曦文/图", "罗曦文/图"),  # ASCII solidus: not a clreq line-start mark
        # Quotes: allow a break before “ and after ” (Pango's QU class forbids both) ...
        ("市委“345”工作", "市委\u200b“345”\u200b工作"),
        ("‘甲’乙", "‘甲’\u200b乙"),
        # ... but never where the neighbour may not end/start a line.
        ("“双碳”，背景", "“双碳”，背景"),
        ("意识”、坚定", "意识”、坚定"),
        ("（“甲”）", "（“甲”）"),
        ("年”——", "年”——"),
        ("说：“好", "说：\u200b“好"),
        ("a “b”", "a “b”"),
        ("”·", "”\u2060·"),
    ],
)
def test_protect_line_breaks(text: str, expected: str) -> None:
    assert W.protect_line_breaks(text) == expected
    assert W.protect_line_breaks(expected) == expected  # idempotent
    invisible = re.compile("[\u2060\u200b]")
    assert invisible.sub("", W.protect_line_breaks(text)) == invisible.sub("", text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("你好。”她", [("你好", False), ("。", True), ("”她", False)]),
        ("答：“好", [("答", False), ("：", True), ("“好", False)]),
        ("”、“", [("”、", True), ("“", False)]),
        ("）、（", [("）、", True), ("（", False)]),
        ("》《", [("》", True), ("《", False)]),
        (
            "说：“《书》”。",
            [
                ("说", False),
                ("：", True),
                ("“", False),
                ("《", True),
                ("书", False),
                ("》”", True),
                ("。", False),
            ],
        ),
        ("“《", [("“", False), ("《", True)]),
        ("“”", [("“”", False)]),
        ("单个，标点。", [("单个，标点。", False)]),
        ("——……", [("——……", False)]),
        ("。\u200b“", [("。", True), ("\u200b“", False)]),
        ("", []),
    ],
)
def test_compress_punctuation(text: str, expected: list[tuple[str, bool]]) -> None:
    result = W.compress_punctuation(text)
    assert result == expected
    assert "".join(seg for seg, _ in result) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a<b。”", 'a&lt;b<span class="zp-halt">。</span>”'),
        ("R&D", "R&amp;D"),
        ("好！”", '好<span class="zp-halt">！</span>”'),
    ],
)
def test_compress_punctuation_html(text: str, expected: str) -> None:
    assert W.compress_punctuation_html(text) == expected


def test_prepare_text_html_keeps_text() -> None:
    for para in corpus_paragraphs():
        out = W.prepare_text_html(para)
        plain = html.unescape(re.sub(r"<[^>]+>|[\u2060\u200b]", "", out))
        assert plain == para


def test_halt_indices_match_compress_punctuation() -> None:
    for para in corpus_paragraphs() + ["说：“《书》”。", "。\u200b“", "“\u2060《", "（（甲", "”、“"]:
        text = W.protect_line_breaks(para)
        flagged, pos = [], 0
        for segment, flag in W.compress_punctuation(text):
            flagged += range(pos, pos + len(segment)) if flag else []
            pos += len(segment)
        assert W.halt_indices(text) == flagged
        assert W.halt_indices(text, checked=True) == flagged
