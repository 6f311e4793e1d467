"""Invariants over every corpus file and over generated text: nothing lost, idempotence, and
the Markdown's headings (as pandoc parses them) are exactly the document's."""

from __future__ import annotations

import html as stdlib_html
import re
import unicodedata
from dataclasses import replace
from functools import cache
from pathlib import Path

import pypandoc
import pytest
from helpers import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhpress.errors import BadInput
from zhpress.model import Document
from zhpress.readers.markdown import READER_FORMAT, read_markdown, split_front_matter
from zhpress.readers.normalize import html, normalize_bytes, normalize_markdown
from zhpress.readers.normalize.decode import decode
from zhpress.readers.normalize.pdf_debris import MOVED
from zhpress.writers.markdown import write_markdown

# every text under tests/corpus, the dev corpus included (tests/corpus/dev/x.txt -> "dev/x.txt")
NAMES = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.txt")
               if not p.name.endswith(".outline.txt"))
SLOW_BYTES = 200_000  # a text this large takes 2 s or more (pandoc reads its Markdown twice)
_KEEP = re.compile(r"[\w]", re.UNICODE)


def alnum(s: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", s) if ch.isalnum())


@cache
def pipeline(name: str) -> tuple[bytes, Document, str]:
    raw = (CORPUS / name).read_bytes()
    doc, _ = normalize_bytes(raw, name)
    return raw, doc, write_markdown(doc)


def check_invariants(raw: bytes, name: str) -> None:
    doc, report = normalize_bytes(raw, name)
    md = write_markdown(doc)
    # 1. nothing lost: Han, letters and digits of the input == those of pandoc's plain text,
    # in order, except what the report records as removed or moved (source lines it names)
    text = "\n".join(ln.indent + ln.text for ln in decode(raw).lines)
    starts = [0]  # offset of each source line in `text`
    for ln in text.split("\n"):
        starts.append(starts[-1] + len(ln) + 1)
    deleted = "".join(c.before for c in report.changes if c.after == "" and len(c.before) == 1)
    moved = []
    kept = [True] * len(text)  # removals are marked, not cut, so later positions stay valid
    for c in report.changes:
        if c.rule == MOVED or c.after == "" and len(c.before) > 1:
            at = starts[c.where.line - 1] + c.where.col - 1
            if text[at:at + len(c.before)] != c.before:
                continue  # not source text (a control character's name): nothing to take out
            kept[at:at + len(c.before)] = [False] * len(c.before)
            if c.rule == MOVED:
                moved.append(alnum(c.before))
    src = "".join(ch for ch, k in zip(text, kept, strict=True) if k)
    if report.count(html.MARKUP_RULE):  # a web page: its entities are text once decoded
        src = stdlib_html.unescape(src)
    src = alnum(src)
    plain = alnum(pypandoc.convert_text(split_front_matter(md)[1], "plain",
                                        format=READER_FORMAT, extra_args=["--wrap=none"]))
    while moved:  # a moved line's text appears once more in the output, where it went
        k = next((k for k, (a, b) in enumerate(zip(plain, src, strict=False)) if a != b),
                 len(src))
        # the moved text starts at the first difference, or a little before it when its first
        # characters happen to repeat what the source has there
        found = next(((m, j) for m in moved for j in range(k, max(-1, k - len(m)), -1)
                      if plain[j:j + len(m)] == m), None)
        if found is None:
            break
        m, j = found
        moved.remove(m)
        plain = plain[:j] + plain[j + len(m):]
    assert plain == src, (plain[:80], src[:80], deleted)
    # 2. idempotence: normalizing the Markdown again changes nothing
    doc2, rep2 = normalize_markdown(md, name)
    assert rep2.changes == []
    assert write_markdown(doc2) == md
    # 3. pandoc's headings are exactly the document's
    back = read_markdown(md)
    assert [(h.level, h.text, h.run_in) for h in back.headings] == \
        [(h.level, h.text, h.run_in) for h in doc.headings]
    assert tuple(replace(b, line=0) for b in back.blocks) == \
        tuple(replace(b, line=0) for b in doc.blocks)


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.slow) if (CORPUS / n).stat().st_size > SLOW_BYTES else n
    for n in NAMES])
def test_corpus_invariants(name: str) -> None:
    raw = (CORPUS / name).read_bytes()
    try:
        normalize_bytes(raw, Path(name).name)
    except BadInput as exc:  # a refusal is allowed, as one line saying what to do
        assert "\n" not in str(exc) and str(exc).strip()
        pytest.skip(f"{name} is refused, so there is nothing to check: {exc}")
    check_invariants(raw, Path(name).name)


def check_generated(text: str) -> None:
    """The invariants, or a refusal in one line (e.g. a text that is evidently a web page may be
    refused rather than reduced to its text)."""
    raw = text.encode("utf-8")
    try:
        normalize_bytes(raw, "gen.txt")
    except BadInput as exc:
        assert "\n" not in str(exc) and str(exc).strip()
        return
    check_invariants(raw, "gen.txt")


PIECES = st.sampled_from([
    "一、", "（一）", "(二) ", "1.", "（1）", "第一章　", "第三条　", "第五回 ", "本报讯(记者 张三)",
    "。", "，", ",", ":", ";", "!", "?", "\"", "'", "(", ")", "“", "”", "--", "...", "…",
    "*", "_", "#", "<b>", "[x]", "`", "|", "\\", "$", "&amp;", "{.c}", ":::", "- ", "> ",
    " ", "\u3000", "\t", "\n", "\n\n", "\r\n", "2023年2月21日在会议上", "9:30", "5.2万", "·",
    "政协", "委员", "工作报告", "abc", "Hello", "http://a.cn/x(1)", "\x07", "目录",
    # the kinds of text of issue 13: record separators, HTML, credits, laws, novels, titles
    "!!!!", "■", "======", "<!-- 注释 -->", "<p>", "</div>", "&nbsp;", "新华社记者 李四摄",
    "作者：王五 时间：2018-03-05", "第一编　", "第二分编　", "第四回中", "．", "??", "？",
    "——在大会上的报告", "（2022年10月16日）", "同志们：", "《书名》作者", "----2012年3月",
    "本报记者　", "编者按：", "（完）", "1/2", "—— 1 ——", "- 3 -",
    "第三卷 ", "第十七条之一 ", "－2－", "①", "（删去）",
])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(alphabet="中文字词句段篇章节条甲乙丙", max_size=6)),
                max_size=25))
def test_generated_invariants(parts: list[str]) -> None:
    check_generated("".join(parts))


# Whole lines, as documents are built: a heading-like line, a title block line, a separator, a
# credit or a body sentence, with or without blank lines between, so the structure stage (titles,
# headings, articles, records, joins) sees shapes it must recognise or leave alone.
LINES = st.sampled_from([
    "政府工作报告", "——2018年3月5日在第十三届全国人民代表大会第一次会议上", "国务院总理　李四",
    "同志们：", "一、总体要求", "（二）重点任务", "1.加强领导", "第一编　总则", "第一分编　通则",
    "第一章　一般规定", "第三条　公民在法律面前一律平等。", "第一回　宴桃园豪杰三结义",
    "第四回中说到的那人，又来了。", "本报北京3月5日电（记者 张三）", "新华社记者 李四摄",
    "标题一!!!!正文一句话。", "======", "■", "<html><body><p>网页正文</p></body></html>",
    "　　这是一段正文，写得很长很长，没有在句末结束而是在此处被分页截断了的一段文字并且还",
    "在继续写下去，直到这里才结束。", "（完）", "", "", "",
])


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(LINES, st.text(alphabet="中文字词句段。，、：？", max_size=12)),
                min_size=1, max_size=20))
def test_generated_documents_invariants(lines: list[str]) -> None:
    check_generated("\n".join(lines))
