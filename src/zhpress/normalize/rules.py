"""The ordered rule table (like markdown-it-py's core rules) and the code that runs it.

A rule is (name, clause, function). Block rules see the list of paragraphs; inline rules see one
paragraph's text and return edits and warnings. Each change becomes one report entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from . import rules_text as rt
from .para import Edit, Para
from .patterns import BYLINE, OCCASION, SENTENCE_END, han_or_digit_re, is_heading_like
from .report import Change, Report, ReportWarning, Where

InlineFn = Callable[[str], rt.Found]
BlockFn = Callable[[list[Para]], tuple[list[Change], list[ReportWarning]]]


@dataclass(frozen=True)
class Rule:
    name: str
    clause: str
    inline: InlineFn | None = None
    block: BlockFn | None = None


# --- N1 ---------------------------------------------------------------------------------------
JOIN_MIN = 40  # a page-split paragraph half is at least this long ...
JOIN_MIN_INDENTED = 10  # ... or this long when both halves are indented body text (verse)


def _joinable(a: Para, b: Para) -> bool:
    if b.gap < 1 or not a.text or not b.text:
        return False
    if a.text[-1] in SENTENCE_END or not han_or_digit_re.match(a.text[-1]):
        return False
    if not han_or_digit_re.match(b.text[0]):
        return False
    if (is_heading_like(a.text) and "。" not in a.text) or is_heading_like(b.text) \
            or BYLINE.match(b.text):
        return False
    if OCCASION.search(a.text) or OCCASION.search(b.text):
        return False
    if len(a.text) >= JOIN_MIN:
        return True
    return bool(a.indent and b.indent) and len(a.text) >= JOIN_MIN_INDENTED


def rejoin_page_breaks(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """N1. clreq 'line breaking' and GB/T 15834-2011 5.1: a paragraph never ends without closing
    punctuation, so a long block cut off mid-word before a blank line is glued to the next block
    when both sides of the cut are Han characters or digits and neither is a heading."""
    changes: list[Change] = []
    out: list[Para] = []
    for p in paras:
        if out and _joinable(out[-1], p):
            a = out[-1]
            line, col = a.where(len(a.text))
            tail, head = a.text[-10:], p.text[:10]
            changes.append(Change("rejoin_page_breaks", Where(line, col),
                                  tail + "\n" * (p.gap + 1) + head, tail + head))
            a.join(p)
        else:
            out.append(p)
    paras[:] = out
    return changes, []


# --- mojibake ---------------------------------------------------------------------------------
_MOJIBAKE = re.compile(r"\?\?|[\u0370-\u03ff\u0400-\u04ff\u3100-\u312f\u2460-\u24ff\u2500-\u257f]"
                       r"|[\uff21-\uff3a\uff41-\uff5a\uff10-\uff19][\u4e00-\u9fff]")


def is_suspect(text: str) -> bool:
    return len(_MOJIBAKE.findall(text)) >= 2


def suspected_mojibake(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """Design (report: unknown characters). Text decoded with the wrong code page at some earlier
    time (runs of ?? and stray Greek/Cyrillic/box-drawing/full-width Latin amid Han) is flagged
    once per paragraph and protected from rules that guess (?)."""
    warns = []
    for p in paras:
        m = _MOJIBAKE.search(p.text)
        if m and is_suspect(p.text):
            p.suspect = True
            line, col = p.where(m.start())
            warns.append(ReportWarning("suspected_mojibake", Where(line, col),
                                       f"text looks garbled here: …{p.text[m.start():][:20]}…"))
    return [], warns


RULES: tuple[Rule, ...] = (
    Rule("rejoin_page_breaks", "N1; GB/T 15834-2011 5.1, clreq line breaking",
         block=rejoin_page_breaks),
    Rule("suspected_mojibake", "design.md report: unknown characters", block=suspected_mojibake),
    Rule("ascii_parens_to_fullwidth", "N2; GB/T 15834-2011 4.9, clreq",
         inline=rt.ascii_parens_to_fullwidth),
    Rule("whitespace", "N5; GB/T 15834-2011 B.3.4, B.3.6; clreq 3.3", inline=rt.whitespace),
    Rule("straight_quotes_to_curly", "N7; GB/T 15834-2011 4.2", inline=rt.straight_quotes_to_curly),
    Rule("ascii_punct_to_fullwidth", "N6; GB/T 15834-2011 4.1-4.7", inline=rt.ascii_punct_to_fullwidth),
    Rule("dashes_and_ellipses", "N9; GB/T 15834-2011 4.10, 4.11, 4.13",
         inline=rt.dashes_and_ellipses),
    Rule("interpunct", "N10; GB/T 15834-2011 4.14, clreq", inline=rt.interpunct),
    Rule("unbalanced_pairs", "N12; GB/T 15834-2011 4.2, 4.9, 4.12 (flag only)",
         inline=rt.unbalanced_pairs),
)
INLINE_RULES = tuple(r for r in RULES if r.inline)
CHECK_RULES = tuple(r for r in INLINE_RULES if r.name == "unbalanced_pairs")
FIXING_RULES = tuple(r for r in INLINE_RULES if r not in CHECK_RULES)


def run_inline(rule: Rule, p: Para, report: Report) -> bool:
    """Run one inline rule on a paragraph; True if it changed the text."""
    assert rule.inline is not None
    text = p.text
    edits, warns = rule.inline(text)
    if p.suspect and rule.name == "ascii_punct_to_fullwidth":
        edits = [e for e in edits if text[e.start:e.end] != "?"]
    for off, msg in warns:
        report.warnings.append(ReportWarning(rule.name, Where(*p.where(off)), msg))
    for e in edits:
        if not e.silent:
            before, after = e.shown or (_ctx(text, e), _ctx_after(text, e))
            report.changes.append(Change(rule.name, Where(*p.where(e.start)), before, after))
    p.apply(edits)
    return bool(edits)


MAX_PASSES = 4


def run_inline_table(p: Para, report: Report) -> None:
    """Fixing rules run until none changes anything (one rule's output can be another's input,
    e.g. a space removed next to a quote that N7 just made curly); then the checks run once."""
    for _ in range(MAX_PASSES):
        changed = False
        for rule in FIXING_RULES:
            changed = run_inline(rule, p, report) or changed
        if not changed:
            break
    for rule in CHECK_RULES:
        run_inline(rule, p, report)


def _ctx(text: str, e: Edit) -> str:
    return text[max(0, e.start - 4):e.end + 4]


def _ctx_after(text: str, e: Edit) -> str:
    return text[max(0, e.start - 4):e.start] + e.repl + text[e.end:e.end + 4]


def run_rules(paras: list[Para], report: Report) -> list[Para]:
    """Apply every rule in table order; returns the paragraphs (joins change the list)."""
    for rule in RULES:
        report.rules[rule.name] = rule.clause
        if rule.block is not None:
            changes, warns = rule.block(paras)
            report.changes += changes
            report.warnings += warns
    for p in paras:
        run_inline_table(p, report)
    return paras


def apply_to_string(text: str, report: Report, line: int = 0) -> str:
    """Run the inline rules on one string (used for structured Markdown input)."""
    p = Para.from_line(text, line, 1)
    p.suspect = is_suspect(text)
    report.rules.update({r.name: r.clause for r in INLINE_RULES})
    run_inline_table(p, report)
    return p.text
