"""N1: rejoin a paragraph that a page break or a stray blank line cut in two, only with evidence.

A blank line normally ends a paragraph. Gluing across it is right only when the text says the
break is not the author's (clreq 'line breaking'; GB/T 15834-2011 5.1: a paragraph never ends
without closing punctuation):

- a page-number line (or a form feed) stood between the two parts (`Para.page_break_before`,
  set where page furniture is removed), or
- the part before ends mid-sentence on a line as wide as the document's other cut lines (the
  wrap width of a hard-wrapped text that also has blank lines between its lines), or
- a prose sentence is cut mid-clause: the last line before the break is prose (it has CJK
  clause marks, and 40 characters, or 10 when both sides are indented) and ends on a Han
  character or digit, the part after it is prose too, and the sentence it continues reaches
  punctuation (。；，…), in that block or after further joins.

With a page-number line between, a cut after ，or 、 counts too; before a blank line alone such a
line may end a line of verse. A 第X条 line with clause marks is body text, not a heading.

Lists separated by blank lines (award entries, names, short items without punctuation) are
never glued: a run of three or more blocks that end bare and hold no sentence end is a list
(`list_entries`), and no join enters, leaves or runs through it. Every join is reported with
its evidence in `Change.note` (Chinese: the HTML report shows it to editors).
"""

from __future__ import annotations

import re
from collections import Counter

from zhpress.readers.normalize.news import headline_shaped, is_furniture_line
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.patterns import (
    BYLINE,
    OCCASION,
    SENTENCE_END,
    han_or_digit_re,
    is_heading_like,
    marker_kind,
    width_cells,
)
from zhpress.readers.normalize.report import Change, ReportWarning, Where

# each join's evidence as the report shows it to editors (Chinese, like the rest of the report)
EVIDENCE = {
    "page": "两段之间原有页码行（分页处）：前段在句中断开",
    "width": "前一行排满折行宽度（{width}格）且在句中断开",
    "clause": "前段在分句中途断开（行末无标点），后段接续该句直至标点",
}
SHORT_JOIN = 10  # N1 table: hand-check joins whose second part is shorter than this
# CJK marks only: an ASCII ? in Chinese text is as often a lost character as a question mark
CLAUSE_MARKS = frozenset("，。、；：！？")
JOIN_MIN = 40  # the line before a mid-clause cut is at least this long ...
JOIN_MIN_INDENTED = 10  # ... or this long when both sides are indented body text (verse)
# a block ending in one of these ends a clause; list entries (names, units) end bare
CLAUSE_END = frozenset(SENTENCE_END) | frozenset("，、")
LIST_RUN = 3  # this many blank-separated entries in a row are a list
WIDTH_MIN = 16  # cells: narrower "wrap widths" are lists of short items (names), not wrapping
WIDTH_MIN_LINES = 3  # at least this many cut lines share the width ...
WIDTH_SHARE = 0.3  # ... and at least this share of all the lines cut before a blank line


_CLAUSE_MARK_RE = re.compile("[" + "".join(sorted(CLAUSE_MARKS)) + "]")
_SENTENCE_MARK_RE = re.compile("[。；！？;!?]")


def _prose(text: str) -> bool:
    return _CLAUSE_MARK_RE.search(text) is not None


def _run_in_body(text: str) -> bool:
    """A law article cut before its first 。 (第十条 凡在…，…但是): 第X条 runs into its body, so
    the line is body text. Other numbered lines (（一）全力打造…，带动…) are headings even with
    commas in them."""
    return marker_kind(text) == "条" and _prose(text)


def _cut(before: str, after: Para, before_hint: str = "") -> bool:
    """The break between `before` (the last source line of a block) and `after` falls inside
    a word or sentence: Han/digit on both sides, and neither side is a heading, a byline, an
    occasion line, newspaper furniture or a block whose role the layout states (Para.hint)."""
    if (after.gap < 1 and not after.page_break_before) or not before or not after.text:
        return False
    if before_hint or after.hint:
        return False
    # a clause mark before a page break (…的，|处三年…) is a cut too; before a blank line alone
    # it may end a line of verse, so there only a cut word counts
    inside = "，、" if after.page_break_before else ""
    if not (han_or_digit_re.match(before[-1]) or before[-1] in inside):
        return False
    if not han_or_digit_re.match(after.text[0]):
        return False
    if (is_heading_like(before) and "。" not in before and not _run_in_body(before)) \
            or is_heading_like(after.text) \
            or BYLINE.match(after.text) or is_furniture_line(after.text) \
            or is_furniture_line(before):
        return False
    return not (OCCASION.search(before) or OCCASION.search(after.text))


def cut_width(paras: list[Para]) -> int:
    """The wrap width (in cells) of lines cut before a blank line, or 0 when there is none:
    the most common width of such lines, if enough of them share it."""
    cut = [width_cells(a.indent + a.text) for a, b in zip(paras, paras[1:], strict=False)
           if b.gap and a.text and a.text[-1] not in SENTENCE_END]
    if not cut:
        return 0
    width, count = Counter(w for w in cut if w >= WIDTH_MIN).most_common(1)[0] if any(
        w >= WIDTH_MIN for w in cut) else (0, 0)
    return width if count >= WIDTH_MIN_LINES and count >= WIDTH_SHARE * len(cut) else 0


def list_entries(paras: list[Para]) -> list[bool]:
    """Which blocks belong to a list of entries: a run of at least LIST_RUN blank-separated
    blocks that each end bare (no punctuation) and hold no sentence end (。；！？) — names,
    units, award entries (张三，男，某某公司职工). A wrapped sentence cut into blocks has
    sentence ends in most of its pieces."""
    entry = [bool(p.text) and p.gap > 0 and han_or_digit_re.match(p.text[-1]) is not None
             and _SENTENCE_MARK_RE.search(p.text) is None for p in paras]
    listed = [False] * len(paras)
    start = 0
    for i in range(len(paras) + 1):
        if i == len(paras) or not entry[i]:
            if i - start >= LIST_RUN:
                listed[start:i] = [True] * (i - start)
            start = i + 1
    return listed


def _evidence(before: Para, after: Para, width: int, ends: bool) -> str:
    """Why `after` continues the block whose last source line is `before`, or ''."""
    if not _cut(before.text, after, before.hint):
        return ""
    if after.page_break_before:
        return EVIDENCE["page"]
    size = width_cells(before.indent + before.text)
    if width and abs(size - width) <= max(1, width // 20) and not (
            headline_shaped(before.text) and headline_shaped(after.text)):
        return EVIDENCE["width"].format(width=width)
    long_enough = len(before.text) >= JOIN_MIN or (
        bool(before.indent and after.indent) and len(before.text) >= JOIN_MIN_INDENTED)
    if long_enough and _prose(before.text) and _prose(after.text) and ends:
        return EVIDENCE["clause"]
    return ""


def rejoin_page_breaks(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """N1 (GB/T 15834-2011 5.1, clreq line breaking). Glue a block to the one before it across
    a blank line when there is evidence that the break is a page break or a copying accident
    (module docstring); report each join with its evidence. A join whose second part has fewer
    than 10 characters is also a `check_short_join` warning (the spec's ambiguous-cases table:
    hand-check those)."""
    n = len(paras)
    width = cut_width(paras)
    listed = list_entries(paras)
    # ends[i]: the sentence running at the end of paras[i] ends, in it or after later joins
    # (computed backwards so that a chain of cuts is judged by where it finally ends)
    ends = [False] * (n + 1)
    for i in range(n - 1, -1, -1):
        t = paras[i].text
        ends[i] = bool(t) and not listed[i] and (t[-1] in CLAUSE_END or (
            i + 1 < n and _cut(t, paras[i + 1], paras[i].hint) and ends[i + 1]))
    changes: list[Change] = []
    warns: list[ReportWarning] = []
    out: list[Para] = []
    last: Para | None = None  # the last source block glued into out[-1]
    for i, p in enumerate(paras):
        why = _evidence(last, p, width, ends[i]) if out and last is not None \
            and not listed[i] and not (i > 0 and listed[i - 1]) else ""
        if why:
            a = out[-1]
            line, col = a.where(len(a.text))
            tail, head = a.text[-10:], p.text[:10]
            changes.append(Change("rejoin_page_breaks", Where(line, col),
                                  tail + "\n" * (p.gap + 1) + head, tail + head, note=why))
            if len(p.text) < SHORT_JOIN:
                warns.append(ReportWarning(
                    "check_short_join", Where(line, col),
                    f"joined a {len(p.text)}-character block to the paragraph before it across "
                    f"a blank line ({tail}|{head}): check that this is one paragraph"))
            last = Para(p.text, p.line, p.indent, p.gap, hint=p.hint)
            a.join(p)
        else:
            out.append(p)
            last = Para(p.text, p.line, p.indent, p.gap, hint=p.hint)
    paras[:] = out
    return changes, warns
