"""The sample corpus: outlines and every fact in corpus/README.md."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from helpers import CORPUS, FIXTURES, SAMPLES, TEXTS, sample_path

from zhpress.model import Div, Document, ListBlock, Paragraph, Span, Strong
from zhpress.readers.normalize import Report, normalize_bytes
from zhpress.readers.normalize.report_html import report_html

NORMALIZE = FIXTURES / "normalize"
SAMPLE = "leshan-cppcc-2023.txt"


@cache
def run(name: str) -> tuple[Document, Report]:
    return normalize_bytes((CORPUS / name).read_bytes(), name)


def outline(doc: Document) -> list[tuple[int, str]]:
    return [(h.level, h.outline_text) for h in doc.headings]


def expected(path: Path) -> list[tuple[int, str]]:
    rows = [ln.split("\t") for ln in path.read_text("utf-8").splitlines()
            if ln and not ln.startswith("#")]
    return [(int(a), b) for a, b in rows]


def test_sample_outline_exact() -> None:
    doc, _ = run(SAMPLE)
    assert outline(doc) == expected(CORPUS / "leshan-cppcc-2023.outline.txt")
    assert [h.run_in for h in doc.headings if h.text.startswith("（")] == [False] * 5 + [True] * 4


def test_sample_front_matter() -> None:
    meta = run(SAMPLE)[0].meta
    assert meta.title == "中国人民政治协商会议乐山市第八届委员会常务委员会工作报告"
    assert meta.subtitle == "2023年2月21日在政协乐山市第八届委员会第三次会议上"
    assert meta.author == "乐山市政协主席 黄平林"
    assert (meta.date, meta.lang) == ("2023-02-21", "zh-CN")
    assert meta.source["file"] == SAMPLE and meta.source["encoding"] == "utf-8"
    assert len(meta.source["sha256"]) == 64


def test_sample_title_block_in_body() -> None:
    doc, _ = run(SAMPLE)
    divs = [(b.cls, b.text) for b in doc.blocks if isinstance(b, Div)]
    assert divs[:3] == [("occasion", "2023年2月21日在政协乐山市第八届委员会第三次会议上"),
                        ("speaker", "乐山市政协主席 黄平林"), ("salutation", "各位委员：")]


def test_sample_exactly_five_joins() -> None:
    _, rep = run(SAMPLE)
    joins = [c for c in rep.changes if c.rule == "rejoin_page_breaks"]
    pairs = [("委员参与", "2600人次"), ("一年来，全", "市政协"), ("成立乐山", "政协文史馆"),
             ("各族各界代", "表人士"), ("一边津津有味地看", "着市中区")]
    assert len(joins) == 5
    for c, (a, b) in zip(joins, pairs, strict=True):
        assert a + "\n\n" + b in c.before and a + b in c.after
    # no other paragraph merged: 5 fewer text paragraphs than non-blank source lines
    src = [ln for ln in (CORPUS / SAMPLE).read_text("utf-8").splitlines() if ln.strip()]
    doc = run(SAMPLE)[0]
    run_in_rest = sum(1 for h in doc.headings if h.run_in)
    assert len(doc.blocks) == len(src) - 5 + run_in_rest


def test_sample_23_bracket_pairs_and_nothing_else() -> None:
    doc, rep = run(SAMPLE)
    parens = [c for c in rep.changes if c.rule == "ascii_parens_to_fullwidth"]
    assert len(parens) == 23
    assert {c.rule for c in rep.changes} == {"rejoin_page_breaks", "ascii_parens_to_fullwidth",
                                             "whitespace"}
    # the text is the source with only whitespace and bracket widths changed
    src = (CORPUS / SAMPLE).read_text("utf-8").replace("(", "（").replace(")", "）")
    assert re.sub(r"\s", "", src) == re.sub(r"\s", "", _all_text(doc))


def _all_text(doc: Document) -> str:
    out = []
    for b in doc.blocks:
        out.append("".join(b.items) if isinstance(b, ListBlock) else b.text)
    return "".join(out)


def test_sample_bylines_caption_lead_sentences() -> None:
    doc, _ = run(SAMPLE)
    spans = [i.text for b in doc.blocks if isinstance(b, Paragraph) for i in b.inlines
             if isinstance(i, Span) and i.cls == "byline"]
    assert spans == ["本报讯（记者 唐诗敏）", "本报讯（官国平 记者 罗曦文/图）"]
    assert [b.text for b in doc.blocks if isinstance(b, Div) and b.cls == "caption"] == ["正在清理垃圾"]
    strong = [i.text for b in doc.blocks if isinstance(b, Paragraph) for i in b.inlines
              if isinstance(i, Strong)]
    assert "提升思想自觉。" in strong and "为经济发展建言。" in strong


def test_sample_one_unbalanced_quote_warning() -> None:
    _, rep = run(SAMPLE)
    assert [w.rule for w in rep.warnings] == ["unbalanced_pairs", "run_in_subhead_mid_paragraph"]
    w = rep.warnings[0]
    assert w.rule == "unbalanced_pairs" and w.where.line == 28
    assert "背景下传统产业转型升级”开展" in w.message


def test_sample_one_mid_paragraph_subhead_warning() -> None:
    """N12: exactly one, 读书活动筑同心。 in the source's line 35 (0-based), i.e. line 36."""
    doc, rep = run(SAMPLE)
    subs = [w for w in rep.warnings if w.rule == "run_in_subhead_mid_paragraph"]
    assert len(subs) == 1
    line = (CORPUS / SAMPLE).read_text("utf-8").splitlines()[35]
    assert (subs[0].where.line, subs[0].where.col) == (36, line.index("读书活动筑同心。") + 1)
    assert "读书活动筑同心。" in subs[0].message
    assert any("。读书活动筑同心。认真落实" in b.text for b in doc.blocks)  # a warning, never a fix


def test_hailar_outline() -> None:
    doc, rep = run("hailar-gov-report-2017.gbk.txt")
    assert rep.encoding == "gb18030" and rep.line_ends == "CRLF"
    assert outline(doc) == expected(NORMALIZE / "hailar-gov-report-2017.outline.txt")
    assert [h.level for h in doc.headings].count(1) == 2
    assert sum(1 for h in doc.headings if h.text.startswith("（")) == 13
    assert doc.meta.date == "2017-02-11" and doc.meta.author == "海拉尔区人民政府代区长 杨国宏"
    assert "," not in _all_text(doc) and ":" not in _all_text(doc)


def test_constitution_outline_and_toc() -> None:
    doc, _ = run("constitution.txt")
    assert outline(doc) == expected(NORMALIZE / "constitution.outline.txt")
    texts = [h.text for h in doc.headings]
    assert sum(t.endswith("条") for t in texts) == 143
    assert sum(bool(re.match(r"第.+章 ", t)) for t in texts) == 4  # not duplicated by the 目录
    assert sum(bool(re.match(r"第.+节 ", t)) for t in texts) == 8
    toc = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(toc) == 1 and toc[0].items[0] == "序言" and len(toc[0].items) == 13


def test_sanguo_120_chapters() -> None:
    doc, rep = run("sanguo-yanyi.txt")
    hui = [h for h in doc.headings if re.match(r"第.+回", h.text)]
    assert len(hui) == 120 and {h.level for h in hui} == {2}
    joins = [c for c in rep.changes if c.rule == "rejoin_page_breaks"]
    assert "惯\n\n看秋月春风" in joins[0].before and "都付\n\n笑谈中" in joins[1].before


@pytest.mark.parametrize("name", TEXTS)
def test_report_forms(name: str) -> None:
    _, rep = run(name)
    import json

    data = json.loads(rep.to_json())
    assert set(data["decoding"]) >= {"encoding", "bom", "line_ends"}
    for c in data["changes"]:
        assert set(c) == {"rule", "where", "before", "after", "note"}
        assert set(c["where"]) == {"line", "col"}
    page = report_html(rep)
    assert page.startswith("<!DOCTYPE html>") and 'lang="zh-CN"' in page
    assert "http" not in page and "<script" not in page
    assert "\n" not in rep.summary() and "joins" in rep.summary()


def test_corpus_is_as_received() -> None:
    """tests/corpus holds the four texts and the outline, each byte-identical to its row of the
    README's table (bytes, sha256); the samples in input/ are byte-identical copies."""
    import hashlib

    table = (CORPUS / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| (\d+) \| `([0-9a-f]{64})` \|", table, re.MULTILINE)
    assert TEXTS == ["constitution.txt", "hailar-gov-report-2017.gbk.txt",
                     "leshan-cppcc-2023.txt", "sanguo-yanyi.txt"]
    assert sorted(name for name, _, _ in rows) == sorted([*TEXTS, "leshan-cppcc-2023.outline.txt"])
    for name, size, digest in rows:
        data = (CORPUS / name).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (int(size), digest), name
    assert SAMPLES and set(SAMPLES) <= set(TEXTS)
    for name in SAMPLES:
        assert sample_path(name).read_bytes() == (CORPUS / name).read_bytes(), name
