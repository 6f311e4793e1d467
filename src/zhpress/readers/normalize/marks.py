"""Marks whose meaning depends on the whole document: ASCII ? and full-width ．(issue 13 item 6).

A character whose meaning is unknown is kept and reported, never guessed. Both rules are block
rules: they look at every paragraph for evidence of how this document uses the mark, then decide.
The inline rules leave the ambiguous cases alone, so normalizing the Markdown again (one string
at a time, without the evidence) changes nothing.
"""

from __future__ import annotations

import re

from zhpress.readers.normalize.para import Edit, Para
from zhpress.readers.normalize.patterns import HAN, han_re
from zhpress.readers.normalize.report import Change, ReportWarning, Where

_AFTER_TEXT = f"[{HAN}\u3002\uff0c]"
# a ? that can only be a question mark: after text, before a closing quote or bracket, a space
# or the paragraph's end (N6 turns these into ？)
_QUESTION = re.compile(f"(?<={_AFTER_TEXT})\\?(?=[」』”’）)\\s]|$)")
_QUESTIONS = re.compile(r"\?+")
QUESTION_EVIDENCE = 2  # unambiguous ASCII question marks that show how the document writes ？


def lost_character(text: str, start: int, end: int) -> bool:
    """The ? run text[start:end] is ambiguous: two or more ? in a row, or a ? with Han text on
    its right (清?吳敬梓, 烏雲???): a lost character or separator, unless the document writes its
    question marks as ASCII ?. The inline rule N6 never converts these."""
    return end - start > 1 or bool(han_re.match(text[end:end + 1]))


def question_marks(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """GB/T 15834-2011 4.5 (问号 ？). An ASCII ? with Han text on its right is ambiguous: a
    converter writes ? for each character it cannot encode (烏雲???, 清?吳敬梓). In a document
    that writes its question marks as ASCII ? elsewhere (at least two before a closing quote, a
    space or a paragraph end), a single one is a question mark too (有今日?甚恨 → ？); otherwise
    it is kept as ? and reported. Runs of ?? are always kept. Paragraphs that look garbled are
    reported by suspected_mojibake and left alone."""
    evidence = sum(len(_QUESTION.findall(p.text)) for p in paras if "?" in p.text
                   and not p.suspect)
    changes: list[Change] = []
    warns: list[ReportWarning] = []
    for p in paras:
        if "?" not in p.text or p.suspect:
            continue
        edits = []
        for m in _QUESTIONS.finditer(p.text):
            s, e = m.span()
            if not lost_character(p.text, s, e):
                continue
            ctx = p.text[max(0, s - 6):e + 6]
            if e - s == 1 and evidence >= QUESTION_EVIDENCE and s and \
                    re.match(_AFTER_TEXT, p.text[s - 1]):
                edits.append(Edit(s, e, "？"))
                changes.append(Change("question_marks", Where(*p.where(s)), ctx,
                                      p.text[max(0, s - 6):s] + "？" + p.text[e:e + 6]))
            else:
                warns.append(ReportWarning(
                    "unknown_character", Where(*p.where(s)),
                    f"'{m.group()}' in …{ctx}… stands for {e - s} character(s) the source lost "
                    f"(or a separator): kept as is; put the right character in the Markdown"))
        p.apply(edits)
    return changes, warns


_STOP_PLACE = re.compile(f"(?<=[{HAN}])\uff0e(?=[」』”’“「]|$)")
_PERIOD_AFTER_HAN = re.compile(f"(?<=[{HAN}])\uff0e(?![0-9\uff10-\uff19])")
_PERIOD_BETWEEN_HAN = re.compile(f"(?<=[{HAN}])\uff0e(?=[{HAN}])")
STOP_EVIDENCE = 2  # ． at a sentence's end this often: the document's full stop


def fullwidth_periods(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """GB/T 15834-2011 4.1 (句号 。) and 4.14 (间隔号 ·). A full-width ．after Han text is a
    full stop in texts typed with it (玄德大喜．遂…) and a name separator in others. When the
    document ends sentences with it (at least twice before a quote or at a paragraph's end),
    every ．after Han is its full stop and becomes 。; otherwise N10 makes ．between Han a ·.
    Either way each change is reported and one warning says which reading was taken and why."""
    if not any("\uff0e" in p.text for p in paras):
        return [], []
    stops = sum(len(_STOP_PLACE.findall(p.text)) for p in paras if "\uff0e" in p.text)
    changes: list[Change] = []
    first: Where | None = None
    count = 0
    for p in paras:
        if "\uff0e" not in p.text:
            continue
        pattern = _PERIOD_AFTER_HAN if stops >= STOP_EVIDENCE else _PERIOD_BETWEEN_HAN
        found = list(pattern.finditer(p.text))
        if not found:
            continue
        if first is None:
            first = Where(*p.where(found[0].start()))
        count += len(found)
        if stops >= STOP_EVIDENCE:
            for m in found:
                ctx = p.text[max(0, m.start() - 4):m.end() + 4]
                changes.append(Change("fullwidth_periods", Where(*p.where(m.start())), ctx,
                                      ctx.replace("\uff0e", "。")))
            p.apply([Edit(m.start(), m.end(), "。") for m in found])
    if first is None:
        return changes, []
    reading = (f"full stops 。 (the text ends {stops} sentences with ．)" if stops >= STOP_EVIDENCE
               else "间隔号 · (it never ends a sentence here)")
    return changes, [ReportWarning("fullwidth_periods", first,
                                   f"{count} full-width ．after Han text read as {reading}; "
                                   f"check a few")]
