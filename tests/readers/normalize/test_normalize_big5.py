"""Big5 texts decode as Big5-HKSCS: the radical components and HKSCS characters that cp950
lacks (灬 扌 犭, 𤤳) survive, and the report names the encoding."""

from __future__ import annotations

from helpers import CORPUS

from zhpress.readers.normalize import normalize_bytes


def test_big5_novel_with_radical_components_decodes() -> None:
    raw = (CORPUS / "dev" / "sanke_big5.txt").read_bytes()
    doc, report = normalize_bytes(raw, "sanke_big5.txt")
    assert report.encoding == "big5hkscs"
    text = "".join(getattr(b, "text", "") for b in doc.blocks)
    assert "[槱下加灬]" in text and "[扌甹]" in text  # outside cp950
    assert doc.meta.title == "三刻拍案驚奇"


def test_short_big5_text_decodes() -> None:
    text = "第一回　看得倫理真　寫出奸徒幻\n\n話說天下事，無奇不有。他家[扌甹]了一箇錢。\n"
    doc, report = normalize_bytes(text.encode("big5hkscs") * 3, "x.txt")
    assert report.encoding == "big5hkscs"
    assert "[扌甹]" in "".join(getattr(b, "text", "") for b in doc.blocks)
