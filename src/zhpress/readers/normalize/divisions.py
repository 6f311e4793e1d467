"""Numbered divisions of laws and novels (issue 13 items 5 and 6).

Laws: 编 > 分编 > 章 > 节 > 条 (the NPC Standing Committee's 立法技术规范; 条之一 is an article
inserted by an amendment after its base article). Novels: 卷 > 回, a chapter line is 第X回 + a title (often
a couplet) alone on its line, and chapters run in sequence. A book's own 目录 lists the same
division lines; it is a nested list, never a second set of headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhpress.model import Block, Div, ListBlock, Paragraph, Text
from zhpress.readers.normalize.patterns import (
    CN_NUM,
    DIVISION_KIND,
    FRONT_MATTER_NAMES,
    HAN,
    TOC_NAMES,
)
from zhpress.readers.normalize.report import ReportWarning, Where

# the order of division words: a smaller rank holds the larger ones
# (the structure stage's scale: 编 1 > 章 2 > 节 3 > 条 4 > 一、 5 …); "front-top" is an
# unnumbered part (附则) standing beside the 编
RANK: dict[str, float] = {"卷": 1, "编": 1, "分编": 1.5, "章": 2, "回": 2, "节": 3, "条": 4,
                          "front-top": 1}
ROLE = {"卷": "volume", "分编": "subpart", "front-top": "front"}
DIVISION = re.compile(f"^第([{CN_NUM}\\d]+)(分编|分編|[编編章节節条條回卷])(之[{CN_NUM}]+)?")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
           "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_SEPARATOR = " \u3000"
# sentence punctuation: a chapter title is a phrase or a couplet, never a sentence
_SENTENCE = re.compile(r"[。！？!?；;：:“”「」『』]")
_COUPLET_COMMA = re.compile(r"[，,、]")
CHAPTER_TITLE_MAX = 40
_LOST = re.compile(f"\\?{{2,}}|\\?(?=[{HAN}])")  # marks.lost_character as a pattern


def cn_number(numeral: str) -> int | None:
    """The value of a division number: 十二 → 12, 一百零五 → 105, 二十 → 20, 12 → 12."""
    if numeral.isdigit():
        return int(numeral)
    total, digit = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            return None
    return total + digit


@dataclass(frozen=True)
class Division:
    """第X<word>: the kind (编 分编 章 节 条 回 卷), its number, the inserted-article suffix
    (之一 → 1, else 0) and where the marker ends."""

    kind: str
    number: int
    sub: int
    end: int


def division(text: str) -> Division | None:
    m = DIVISION.match(text)
    if not m:
        return None
    number = cn_number(m.group(1))
    if number is None:
        return None
    sub = cn_number(m.group(3)[1:]) if m.group(3) else 0
    return Division(DIVISION_KIND.get(m.group(2), m.group(2)), number, sub or 0, m.end())


def is_chapter_line(text: str) -> bool:
    """A 第X回/第X卷 line has the shape of a chapter line: the marker alone, or followed by a
    title that is a phrase or a couplet (no sentence punctuation, at most one comma between two
    halves of about the same length). `第四回中，玄德…` is a sentence about a chapter."""
    d = division(text)
    if d is None or d.kind not in ("回", "卷"):
        return False
    title = text[d.end:].strip(_SEPARATOR)
    if not title:
        return True
    # a ? for a character the source lost (?家莊) is part of the title, not a question
    title = _LOST.sub(lambda m: "字" * len(m.group()), title)
    if len(title) > CHAPTER_TITLE_MAX or _SENTENCE.search(title):
        return False
    commas = _COUPLET_COMMA.findall(title)
    if not commas:
        return True
    if len(commas) > 1:
        return False
    left, right = _COUPLET_COMMA.split(title)
    return abs(len(left.strip()) - len(right.strip())) <= 2


def spaced_after_marker(text: str) -> bool:
    """The marker is set off from the title (第一回 宴桃园…), or stands alone."""
    d = division(text)
    return d is not None and (d.end == len(text) or text[d.end] in _SEPARATOR)


def article_head(text: str) -> str | None:
    """The run-in head of a law article, 第X条 or 第X条之一, when the article's text is set off
    from it by a space, starts with a bracket (第一百九十九条（删去）) or is absent. Text run into
    the head (第三百八十六条的规定定罪处罚。) is a wrapped sentence citing an article."""
    d = division(text)
    if d is None or d.kind != "条":
        return None
    rest = text[d.end:]
    # the text set off by a space, or a bracketed note right after the head: 第X条（删去）
    return text[:d.end] if not rest or rest[0] in _SEPARATOR or rest[0] in "（(" else None


# --- divisions in sequence -------------------------------------------------------------------
# the divisions whose numbers start again under each of these (a 编's 章 run on across its 分编;
# 条 run through the whole law)
RESTARTS = {"分编": {"编"}, "章": {"编"}, "节": {"编", "分编", "章"}, "回": {"卷"}}
def check_sequence(out: list) -> list[ReportWarning]:  # type: ignore[type-arg]
    """Division numbers run in sequence (章 restarts under each 编, 节 under each 章, 回 under
    each 卷; 条 run through the law). A 回/卷 line that repeats the chapter just opened, or that
    is out of sequence and run into its text (第四回中…), is a sentence or a duplicate, not a chapter: it
    stays body text, with a warning. Other gaps and repeats are warned and kept. `out` holds the
    structure stage's pending headings (objects with kind, text, line) and blocks; edited in
    place."""
    warns: list[ReportWarning] = []
    last: dict[str, int] = {}
    for i, b in enumerate(out):
        kind = getattr(b, "kind", None)
        d = division(b.text) if kind in RESTARTS or kind in ("编", "卷", "条") else None
        if d is None:
            continue
        prev = last.get(kind)
        if kind in ("回", "卷") and prev is not None and (
                d.number == prev or d.number != prev + 1 and not spaced_after_marker(b.text)):
            why = "repeats the chapter line before it" if d.number == prev else \
                "is out of sequence and runs into its text"
            warns.append(ReportWarning("division_sequence", Where(b.line, 1),
                                       f"'{b.text[:30]}' {why}: kept as body text, not a "
                                       f"chapter heading"))
            out[i] = Paragraph((Text(b.text),), b.line)
            continue
        if prev is not None and (d.number != prev if d.sub else d.number != prev + 1):
            warns.append(_gap(b, kind, prev, d))
        last[kind] = d.number
        for k, parents in RESTARTS.items():  # lower divisions restart their numbers
            if kind in parents:
                last.pop(k, None)
    return warns


def _gap(b: object, kind: str, prev: int, d: Division) -> ReportWarning:
    what = "repeats" if d.number == prev else "skips"
    return ReportWarning("division_sequence", Where(getattr(b, "line", 0), 1),
                         f"第…{kind} numbering {what} here: {prev} then {d.number} "
                         f"('{getattr(b, 'text', '')[:20]}'); check the source")


# --- a book's own 目录 --------------------------------------------------------------------------
def _key(text: str) -> str:
    return text.replace(" ", "").replace("\u3000", "")


def _entry_like(text: str) -> bool:
    return 0 < len(text) <= CHAPTER_TITLE_MAX and "。" not in text


def _entry_rank(text: str) -> float | None:
    d = division(text)
    return RANK[d.kind] if d else None


def toc_at(paras: list, i: int) -> tuple[int, list[Block]] | None:  # type: ignore[type-arg]
    """The book's own table of contents starting at paragraph i: a 目录/目錄 line and the entries
    after it, or (without such a line) a run of at least three division lines with no text
    between them whose first line comes back later as a heading. Entries end where the first
    entry comes back (the body starts) or at a line that is not an entry. Returns (index after
    the 目录, blocks), or None."""
    t = paras[i].text
    blocks: list[Block] = []
    if _key(t) in TOC_NAMES:
        blocks.append(Div("toc-title", t, paras[i].line))
        start = i + 1
    elif _implicit_toc(paras, i):
        start = i
    else:
        return None
    entries: list = []  # type: ignore[type-arg]
    j = start
    first = ""
    while j < len(paras):
        p = paras[j]
        if first and _key(p.text) == first:
            break
        if not _entry_like(p.text) or p.gap > 1 and _entry_rank(p.text) is None and entries \
                and _key(p.text) not in FRONT_MATTER_NAMES:
            break
        entries.append(p)
        first = first or _key(p.text)
        j += 1
    if not entries:
        return None if not blocks else (start, blocks)
    levels = toc_levels([p.text for p in entries])
    blocks.append(ListBlock(tuple(p.text for p in entries), entries[0].line,
                            levels=levels if any(levels) else ()))
    return j, blocks


def _implicit_toc(paras: list, i: int) -> bool:  # type: ignore[type-arg]
    if i and division(paras[i - 1].text) is not None:
        return False  # only where a run of division lines starts: each run is scanned once
    run = paras[i:i + 3]
    if len(run) < 3 or any(division(p.text) is None or not _entry_like(p.text) or p.gap > 1
                           for p in run):
        return False
    if any(p.gap for p in run[1:]):
        return False
    first = _key(paras[i].text)
    return any(_key(p.text) == first for p in paras[i + 3:])


def toc_levels(entries: list[str]) -> tuple[int, ...]:
    """Nesting depth (0 = top) of each 目录 entry from its division rank; unnumbered entries
    (序言, 附则, 驚奇序) stand at the top rank of the list."""
    ranks = [_entry_rank(e) for e in entries]
    top = min((r for r in ranks if r is not None), default=0)
    levels = []
    stack: list[float] = []
    for r in ranks:
        r = top if r is None else r
        while stack and stack[-1] >= r:
            stack.pop()
        levels.append(len(stack))
        stack.append(r)
    return tuple(levels)


def settle(out: list) -> list[ReportWarning]:  # type: ignore[type-arg]
    """The structure stage's pending headings (objects with kind, text, line) once the body is
    read: numbering checked in sequence (check_sequence), and an unnumbered part (序言, 附则,
    附件) set beside the top division (附则 of a code with 编 stands beside the 编; in a law of
    章 beside the 章, the structure stage's default)."""
    warns = check_sequence(out)
    kinds = {getattr(b, "kind", "") for b in out}
    if kinds & {"编", "卷"}:
        for b in out:
            if getattr(b, "kind", "") == "front":
                b.kind = "front-top"
    return warns
