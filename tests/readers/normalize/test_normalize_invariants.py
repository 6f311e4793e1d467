"""Invariants over every corpus file and over generated text: nothing lost, idempotence, and
the Markdown's headings (as pandoc parses them) are exactly the document's."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import cache

import pypandoc
import pytest
from helpers import CORPUS, TEXTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhpress.model import Document
from zhpress.readers.markdown import READER_FORMAT, read_markdown, split_front_matter
from zhpress.readers.normalize import normalize_bytes, normalize_markdown
from zhpress.readers.normalize.decode import decode
from zhpress.readers.normalize.pdf_debris import MOVED
from zhpress.writers.markdown import write_markdown

NAMES = TEXTS
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
    lines = [ln.indent + ln.text for ln in decode(raw).lines]
    deleted = "".join(c.before for c in report.changes if c.after == "" and len(c.before) == 1)
    moved = []
    for c in report.changes:
        if c.rule == MOVED or c.after == "" and len(c.before) > 1:
            text, i, col = lines[c.where.line - 1], c.where.line - 1, c.where.col - 1
            if text[col:col + len(c.before)] != c.before:
                continue  # not source text (a control character's name): nothing to take out
            lines[i] = text[:col] + text[col + len(c.before):]
            if c.rule == MOVED:
                moved.append(alnum(c.before))
    src = alnum("\n".join(lines))
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


# the novel (sanguo-yanyi.txt, the largest text) takes about 3 s: slow
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n == "sanguo-yanyi.txt"
                                  else n for n in NAMES])
def test_corpus_invariants(name: str) -> None:
    check_invariants((CORPUS / name).read_bytes(), name)


PIECES = st.sampled_from([
    "一、", "（一）", "(二) ", "1.", "（1）", "第一章　", "第三条　", "第五回 ", "本报讯(记者 张三)",
    "。", "，", ",", ":", ";", "!", "?", "\"", "'", "(", ")", "“", "”", "--", "...", "…",
    "*", "_", "#", "<b>", "[x]", "`", "|", "\\", "$", "&amp;", "{.c}", ":::", "- ", "> ",
    " ", "\u3000", "\t", "\n", "\n\n", "\r\n", "2023年2月21日在会议上", "9:30", "5.2万", "·",
    "政协", "委员", "工作报告", "abc", "Hello", "http://a.cn/x(1)", "\x07", "目录",
    "第三卷 ", "第一分编\u3000", "第十七条之一 ", "－2－", "①", "．", "??", "（删去）",
])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(PIECES, st.text(alphabet="中文字词句段篇章节条甲乙丙", max_size=6)),
                max_size=25))
def test_generated_invariants(parts: list[str]) -> None:
    check_invariants("".join(parts).encode("utf-8"), "gen.txt")
