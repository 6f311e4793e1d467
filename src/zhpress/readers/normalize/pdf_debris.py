"""Debris of text extracted from a PDF (issue 13 item 5): page-number lines, fragments a page
placed on their own indented line, and notes in parentheses cut into lines.

Block rules over the source paragraphs (one per line before the joins). Every removal, join and
move is a Change, so the report explains each difference from the source.
"""

from __future__ import annotations

import re

from zhpress.readers.normalize.para import Edit, Para
from zhpress.readers.normalize.patterns import (
    PARA_END,
    han_or_digit_re,
    is_heading_like,
    width_cells,
)
from zhpress.readers.normalize.report import Change, ReportWarning, Where

# －12－ / - 12 - / — 12 — / 第12页 / 第 12 页 共 153 页 / 12/153
PAGE_NUMBER = re.compile(
    r"^(?:[－\-—–]\s*(\d{1,4})\s*[－\-—–]|第\s*(\d{1,4})\s*页(?:\s*[，,/]?\s*共\s*\d{1,4}\s*页)?"
    r"|(\d{1,4})\s*/\s*\d{1,4})$")
PAGE_RUN_MIN = 3  # page-number lines needed before any is taken for one
PAGE_STEP_SHARE = 0.8  # share of steps from one page number to the next that are +1


def _page_number(text: str) -> int | None:
    m = PAGE_NUMBER.match(text)
    if not m:
        return None
    return int(next(g for g in m.groups() if g is not None))


def page_numbers(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """Page furniture (design.md: every deletion is reported): lines that hold only a page number (－12－, 第12页) are removed when the
    document has at least three of them counting up page by page (a lone 第3页 in a sentence
    stays). The paragraph after a removed line is marked as following a page break, the
    evidence the page-break join needs."""
    found = [(i, n) for i, p in enumerate(paras) if len(p.text) <= 20
             and (n := _page_number(p.text)) is not None]
    if len(found) < PAGE_RUN_MIN:
        return [], []
    steps = [b[1] - a[1] for a, b in zip(found, found[1:], strict=False)]
    if sum(1 for s in steps if s == 1) < PAGE_STEP_SHARE * len(steps) or any(s <= 0 for s in steps):
        return [], []
    drop = {i for i, _ in found}
    changes: list[Change] = []
    out: list[Para] = []
    carry = 0
    for i, p in enumerate(paras):
        if i in drop:
            changes.append(Change("page_numbers", Where(*p.where(0)), p.text, ""))
            carry += p.gap + 1
            continue
        if carry:
            p.gap += carry
            p.page_break_before = True
            carry = 0
        out.append(p)
    paras[:] = out
    return changes, []


_FOOTNOTE_MARK = re.compile(r"^[①-⑳]$")
FRAGMENT_INDENT = 10  # cells: far deeper than a paragraph indent
FRAGMENT_MAX = 16  # characters


def _mid_sentence(p: Para) -> bool:
    """Cut inside a sentence: ends with text or a clause mark (not 。！？ nor the ： that opens
    a poem or a list)."""
    return bool(p.text) and p.text[-1] not in PARA_END + "：:" and not is_heading_like(p.text)


def displaced_fragments(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """clreq line breaking: a PDF sets part of a sentence on its own deeply indented line (情节恶劣，/ 处十年以上有期
    徒刑。): a short line indented far deeper than a paragraph and than the line before it (so
    not a verse line among verse lines), right after a line that ends mid-sentence, is joined to
    that line (then the wrap join continues the sentence)."""
    changes: list[Change] = []
    out: list[Para] = []
    for p in paras:
        prev = out[-1] if out else None
        if prev is not None and p.gap == 0 and width_cells(p.indent) >= FRAGMENT_INDENT \
                and width_cells(p.indent) - width_cells(prev.indent) >= FRAGMENT_INDENT - 2 \
                and 0 < len(p.text) <= FRAGMENT_MAX and not is_heading_like(p.text) \
                and _mid_sentence(prev) and _page_number(p.text) is None \
                and not _FOOTNOTE_MARK.match(p.text):
            line, col = prev.where(len(prev.text))
            tail = prev.text[-10:]
            changes.append(Change("displaced_fragments", Where(line, col),
                                  tail + "\n" + p.indent + p.text, tail + p.text))
            prev.join(p)
            continue
        out.append(p)
    paras[:] = out
    return changes, []


MOVED = "moved_text"  # a Change of this rule: `before` left its place (`where`) for another


def moved(p: Para) -> Change:
    """The Change that records a source line moved elsewhere (before == after == its text), so
    the report, and the nothing-lost check, can account for it."""
    return Change(MOVED, Where(*p.where(0)), p.text, p.text)


def pdf_footnotes(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """clreq (notes): a PDF prints a footnote at the foot of the page, so extracted text has it
    wherever the page ended (in the middle of a 目录). A footnote is a line holding only a mark
    (①) at a page's foot, followed by its text up to the page break, whose mark stands earlier
    on a line of its own (the superscript the extraction set apart). Its lines move to the
    paragraph after that reference, each move reported; the mark and its text become one
    paragraph."""
    changes: list[Change] = []
    marks = [i for i, p in enumerate(paras) if _FOOTNOTE_MARK.match(p.text)]
    if len(marks) < 2:
        return [], []
    for i in reversed(marks):
        ref = next((k for k in marks if k < i and paras[k].text == paras[i].text), None)
        if ref is None:
            continue
        end = i + 1
        while end < len(paras) and not paras[end].page_break_before and end - i <= FOOTNOTE_LINES:
            end += 1
        if end == i + 1 or end - i > FOOTNOTE_LINES or end < len(paras) and \
                not paras[end].page_break_before:
            continue
        body = paras[i:end]
        if any(is_heading_like(p.text) or _FOOTNOTE_MARK.match(p.text) for p in body[1:]):
            continue  # a heading or another mark: not one footnote's text
        changes += [moved(p) for p in body]
        note = body[0]
        for p in body[1:]:
            note.join(p)
        note.gap = 1
        del paras[i:end]
        at = ref + 2 if ref + 1 < len(paras) else ref + 1  # after the line the mark belongs to
        paras.insert(at, note)
        marks = [k for k in marks if k < i]
    return changes, []


FOOTNOTE_LINES = 12
_OPEN, _CLOSE = "（(", "）)"
NOTE_MAX_PARTS = 60
NOTE_MAX_CHARS = 4000
# an item of an adoption note starts with its date or with 根据/依据/经 (…公布施行 / 根据…修正)
_NOTE_ITEM = re.compile(r"\d{4} ?年|根据|依据|经")
def _balance(text: str) -> int:
    return sum(text.count(c) for c in _OPEN) - sum(text.count(c) for c in _CLOSE)


def open_parenthesis_notes(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """GB/T 15834-2011 4.9: a note in parentheses (the adoption and amendment history under a
    law's title: （2020年5月28日…第三次 / 会议通过）) is one paragraph. A paragraph that opens
    with （ not closed on its line joins the next lines, across blank lines and page breaks,
    until the bracket closes (at most 60 lines, no 。 in them: a bracketed sentence is prose).
    A line joins the next without a space (the PDF cut it mid-phrase: 第三次 / 会议通过), unless
    the next line starts a new item of the note with its date or 根据/依据/经 after text
    (…公布施行 / 根据…修正): then one space sets the items apart. A footnote mark the PDF set on its own line inside the note (①) goes to the
    note's end."""
    changes: list[Change] = []
    out: list[Para] = []
    i = 0
    while i < len(paras):
        p = paras[i]
        out.append(p)
        i += 1
        if not p.text or p.text[0] not in _OPEN or _balance(p.text) <= 0:
            continue
        parts, marks, bal, j = [p], [], _balance(p.text), i
        while j < len(paras) and bal > 0 and len(parts) < NOTE_MAX_PARTS:
            q = paras[j]
            if _FOOTNOTE_MARK.match(q.text):
                marks.append(q)
            elif q.text[0] in _OPEN and _balance(q.text) > 0 or \
                    q.text[0] not in _OPEN and is_heading_like(q.text):
                break  # a new note or a heading: this bracket was never closed here
            else:
                parts.append(q)
                bal += _balance(q.text)
            j += 1
        if bal != 0 or len(parts) < 2 or sum(len(q.text) for q in parts) > NOTE_MAX_CHARS \
                or any("。" in q.text for q in parts):
            continue  # a note lists dates and meetings; sentences in brackets are prose
        for a, b in zip(parts, parts[1:], strict=False):
            new_item = han_or_digit_re.match(a.text[-1]) and _NOTE_ITEM.match(b.text)
            sep = " " if new_item else ""
            line, col = p.where(len(p.text))
            tail, head = p.text[-10:], b.text[:10]
            changes.append(Change("open_parenthesis_notes", Where(line, col),
                                  tail + "\n" * (b.gap + 1) + head, tail + sep + head))
            p.text += sep
            p.join(b)
        for m in marks:
            changes.append(moved(m))
            p.join(m)
        i = j
    paras[:] = out
    return changes, []


# a date whose digits a PDF's text layer set apart from 年/月/日 (1979 年 7 月 1 日)
_SPACED_DATE = re.compile(r"(?<!\d)\d{4} ?年 ?\d{1,2} ?月(?: ?\d{1,2} ?日)?")


def spaced_dates(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """GB/T 15835-2011 (dates in Arabic numerals are written 1979年7月1日) and clreq (the space
    between Han and digits is the typesetter's, not a character): spaces a PDF's text layer put
    inside a date are removed, each date reported."""
    changes: list[Change] = []
    for p in paras:
        if " " not in p.text or "年" not in p.text:
            continue
        edits = []
        for m in _SPACED_DATE.finditer(p.text):
            if " " in m.group():
                compact = m.group().replace(" ", "")
                edits.append(Edit(m.start(), m.end(), compact))
                changes.append(Change("spaced_dates", Where(*p.where(m.start())), m.group(),
                                      compact))
        p.apply(edits)
    return changes, []
