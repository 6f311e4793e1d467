"""Decoding: encodings, BOMs, line ends, control characters, bad input."""

from __future__ import annotations

import codecs

import pytest

from zhpress.errors import BadInput
from zhpress.readers.normalize import normalize_bytes

TEXT = "政府工作报告\n\n各位代表：\n\n现在，我代表区人民政府向大会作工作报告，请予审议。\n"


@pytest.mark.parametrize(("raw", "enc", "bom"), [
    (TEXT.encode("utf-8"), "utf-8", False),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
    (TEXT.encode("gbk"), "gb18030", False),
    (TEXT.encode("gb18030"), "gb18030", False),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
])
def test_encodings(raw: bytes, enc: str, bom: bool) -> None:
    doc, rep = normalize_bytes(raw, "x.txt")
    assert (rep.encoding, rep.bom) == (enc, bom)
    assert doc.meta.title == "政府工作报告"


@pytest.mark.parametrize(("nl", "name"), [("\n", "LF"), ("\r\n", "CRLF"), ("\r", "CR"),
                                          ("\r\r\n", "CRCRLF")])
def test_line_ends(nl: str, name: str) -> None:
    doc, rep = normalize_bytes(TEXT.replace("\n", nl).encode(), "x.txt")
    assert rep.line_ends == name
    assert [b.text for b in doc.blocks][-1] == "现在，我代表区人民政府向大会作工作报告，请予审议。"


def test_control_characters_removed_and_reported() -> None:
    doc, rep = normalize_bytes("标题\n\n正\x07文\x1b。\n".encode(), "x.txt")
    assert doc.blocks[-1].text == "正文。"
    gone = [c for c in rep.changes if c.rule == "remove_control_characters"]
    assert [(c.where.line, c.where.col, c.after) for c in gone] == [(3, 2, ""), (3, 4, "")]


def test_ideographic_and_nbsp_indent() -> None:
    doc, rep = normalize_bytes("标题\n\n\u3000\u3000正文。\n\n\u00a0\u00a0又一段。\n".encode(), "x.txt")
    assert [b.text for b in doc.blocks][1:] == ["正文。", "又一段。"] and rep.changes == []


@pytest.mark.parametrize("raw", [b"\xff\xfe\xfd\x80\x81 abc \x80", b"abc\x00def"])
def test_bad_input_one_line(raw: bytes) -> None:
    with pytest.raises(BadInput) as e:
        normalize_bytes(raw, "x.txt")
    msg = str(e.value)
    assert "\n" not in msg and "UTF-8" in msg and "offset" in msg
