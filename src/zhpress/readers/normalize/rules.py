"""The ordered rule table (like markdown-it-py's core rules) and the code that runs it.

A rule is (name, clause, function). Block rules see the list of paragraphs; inline rules see one
paragraph's text and return edits and warnings. Each change becomes one report entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from zhpress.readers.normalize import marks, pdf_debris
from zhpress.readers.normalize import rules_text as rt
from zhpress.readers.normalize.joins import rejoin_page_breaks
from zhpress.readers.normalize.para import Edit, Para
from zhpress.readers.normalize.patterns import (
    BYLINE,
    OCCASION,
    PARA_END,
    SENTENCE_END,
    han_or_digit_re,
    is_heading_like,
    marker_kind,
    width_cells,
)
from zhpress.readers.normalize.report import Change, Report, ReportWarning, Where

InlineFn = Callable[[str], rt.Found]
BlockFn = Callable[[list[Para]], tuple[list[Change], list[ReportWarning]]]


@dataclass(frozen=True)
class Rule:
    name: str
    clause: str
    inline: InlineFn | None = None
    block: BlockFn | None = None


# --- hard wraps -------------------------------------------------------------------------------
WRAP_MIN_LINES = 8  # fewer lines than this: too little evidence for a wrap width
WRAP_FULL_SHARE = 0.4  # at least this share of the lines reach the wrap width ...
WRAP_OVER_SHARE = 0.1  # ... and at most this share is clearly longer than it
WRAP_MID_SHARE = 0.5  # at least half of the full lines end mid-sentence
WRAP_MAX_WIDTH = 120  # wider "wrap widths" are ordinary one-line paragraphs
SEP_SHARE = 0.6  # a paragraph-separator signal must hold for this share of paragraph ends
SPACE_SHARE = 0.2  # trailing spaces on more lines than this are padding, not text


@dataclass(frozen=True)
class Wrap:
    """A document's hard-wrap layout: measure ('chars' or 'cells'), width, and how paragraphs
    are separated ('blank' lines, first-line 'indent', or 'none': punctuation only)."""

    measure: str
    width: int
    sep: str
    spaces: bool = False  # a space at a line's end or start is text (not padding on every line)

    def size(self, p: Para) -> int:
        if self.measure == "chars":
            return len(p.indent) + len(p.text)
        return width_cells(p.indent) + width_cells(p.text)

    def full(self, p: Para) -> bool:
        return self.size(p) >= self.width - max(1, self.width // 20)


def _wrap_width(paras: list[Para], measure: str) -> tuple[int, float] | None:
    probe = Wrap(measure, 0, "none")
    sizes = [probe.size(p) for p in paras]
    counts: dict[int, int] = {}
    for v in sizes:
        if 10 <= v <= WRAP_MAX_WIDTH:
            counts[v] = counts.get(v, 0) + 1
    if not counts:
        return None
    width = max(counts, key=lambda v: (counts[v], v))
    tol = max(1, width // 20)
    full = sum(1 for v in sizes if v >= width - tol)
    over = sum(1 for v in sizes if v > width + tol)
    n = len(sizes)
    if full < max(5, WRAP_FULL_SHARE * n) or over > WRAP_OVER_SHARE * n:
        return None
    return width, full / n


def detect_wrap(paras: list[Para]) -> Wrap | None:
    """The document's wrap layout, or None when its lines are not hard-wrapped."""
    if len(paras) < WRAP_MIN_LINES:
        return None
    # cheap exit: no wrap width fits most lines (a line of <= N cells has <= N characters)
    if sum(1 for p in paras if len(p.text) <= WRAP_MAX_WIDTH) < WRAP_FULL_SHARE * len(paras):
        return None
    found = [(w, m) for m in ("chars", "cells") if (w := _wrap_width(paras, m))]
    if not found:
        return None
    (width, _), measure = max(found, key=lambda f: f[0][1])
    wrap = Wrap(measure, width, "none")
    pairs = list(zip(paras, paras[1:], strict=False))
    inner = [a for a, b in pairs if b.gap == 0 and wrap.full(a)]
    if not inner or sum(1 for a in inner if a.text[-1] not in SENTENCE_END) < WRAP_MID_SHARE * len(
            inner):
        return None
    spaces = sum(1 for a in inner if a.trail) < SPACE_SHARE * len(inner)
    ends = [b for a, b in pairs if not wrap.full(a) and a.text[-1] in PARA_END]
    if ends and sum(1 for b in ends if b.gap) >= SEP_SHARE * len(ends):
        return Wrap(measure, width, "blank", spaces)
    # indents mark paragraphs: body paragraphs after a paragraph end are indented (headings and
    # bylines may be flush), and indented lines do not follow a line cut mid-sentence
    body_ends = [b for b in ends if not is_heading_like(b.text) and not BYLINE.match(b.text)]
    indented = [(a, b) for a, b in pairs if _indented(b)]
    cut = sum(1 for a, _ in indented if wrap.full(a) and a.text[-1] not in SENTENCE_END
              and not is_heading_like(a.text))
    if len(indented) >= 2 and cut <= (1 - SEP_SHARE) * len(indented) and (
            sum(1 for b in body_ends if _indented(b)) >= SEP_SHARE * len(body_ends)):
        return Wrap(measure, width, "indent", spaces)
    return Wrap(measure, width, "none", spaces)


def _indented(p: Para) -> bool:
    """A paragraph indent is at least one Han cell wide (a single ASCII space is not one)."""
    return width_cells(p.indent) >= 2


_CJK_PUNCT_IN = re.compile(r"[，。、；：！？,;:!?]")


@dataclass
class _Built:
    """What _wrap_joinable asks about the paragraph being built (the accumulator), kept up to
    date as lines join it. Asked of the whole paragraph at every join, the regexes made a
    wrapped file without paragraph ends quadratic (500 KB of it: 84 s)."""

    occasion: bool  # OCCASION somewhere in it
    punct: bool  # a CJK or ASCII clause mark somewhere in it
    heading_like: bool

    @classmethod
    def of(cls, p: Para) -> _Built:
        return cls(bool(OCCASION.search(p.text)), bool(_CJK_PUNCT_IN.search(p.text)),
                   is_heading_like(p.text))

    def grown(self, text: str, old: int) -> None:
        """`text` is the paragraph after a join; its first `old` characters were known."""
        # an occasion line is < 80 characters: only one ending in the new part can be new
        self.occasion = self.occasion or bool(OCCASION.search(text, max(0, old - _OCCASION_SPAN)))
        self.punct = self.punct or bool(_CJK_PUNCT_IN.search(text, old))
        # numbering markers are prefixes; names and occasion lines are short
        self.heading_like = marker_kind(text) is not None or (
            len(text) <= _OCCASION_SPAN and is_heading_like(text))


_OCCASION_SPAN = 80


NEARLY_FULL = 0.9  # a paragraph's first line, short of the width by its indent (PDF text)


def _wrap_joinable(wrap: Wrap, acc: _Built, last: Para, b: Para) -> bool:
    if b.gap or not b.text or last.hint or b.hint:
        return False
    if not wrap.full(last) and not (
            wrap.sep == "indent" and not _indented(b) and last.text[-1] not in SENTENCE_END
            and wrap.size(last) >= NEARLY_FULL * wrap.width):
        return False  # (an indent-separated text: a cut line followed by an unindented one)
    if BYLINE.match(b.text) or OCCASION.search(b.text) or acc.occasion:
        return False
    if is_heading_like(b.text) and not (
            wrap.sep != "none" and han_or_digit_re.match(last.text[-1])
            and acc.punct and not _indented(b)):
        return False  # a marker at a line start continues only a sentence cut mid-word
    if wrap.sep != "blank" and last.text[-1] in PARA_END and not wrap.full(b) \
            and b.text[-1] not in PARA_END:
        return False  # a short line without end punctuation after a sentence: heading, caption
    if wrap.sep == "indent":
        return not _indented(b)
    if wrap.sep == "blank":
        return True
    # no separator signal: sentence-end punctuation ends a paragraph; a heading or title-like
    # line (no sentence punctuation at all) is never continued
    return last.text[-1] not in PARA_END and not acc.heading_like and acc.punct


def rejoin_hard_wraps(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """clreq 'line breaking' (line breaks are the typesetter's, not the author's) and GB/T
    15834-2011 5.1. Text copied out of a PDF keeps the PDF's line breaks: most lines have about
    the same length (the wrap width, counted in characters or in display cells) and end
    mid-sentence. When a document looks like that, a line that reaches the wrap width is joined
    to the next line, unless the next line starts a paragraph: after a blank line, with an indent
    (when the document indents its paragraphs), with a heading marker, byline or occasion line;
    without blank lines or indents, a line ending in 。！？…”’ also ends its paragraph. A line
    clearly shorter than the wrap width always ends its paragraph, so short headings, titles,
    bylines and captions are never merged. Every join is reported."""
    wrap = detect_wrap(paras)
    if wrap is None:
        return [], []
    changes: list[Change] = []
    out: list[Para] = []
    last: Para | None = None
    built: _Built | None = None  # about out[-1]
    for p in paras:
        if out and last is not None and built is not None \
                and _wrap_joinable(wrap, built, last, p):
            a = out[-1]
            old = len(a.text)
            line, col = a.where(len(a.text))
            tail, head = a.text[-10:], p.text[:10]
            latin = tail[-1:].isascii() and tail[-1:].isalpha() and head[:1].isascii() \
                and head[:1].isalpha()  # English words wrap at spaces
            sep = " " if latin or wrap.spaces and (last.trail or p.indent) else ""
            changes.append(Change("rejoin_hard_wraps", Where(line, col),
                                  tail + last.trail + "\n" + p.indent + head, tail + sep + head))
            a.text += sep
            a.join(p)
            built.grown(a.text, old)
        else:
            out.append(p)
            built = _Built.of(p)
        last = p
    paras[:] = out
    return changes, []


# --- mojibake ---------------------------------------------------------------------------------
_STRONG = r"\?\?|[\u0370-\u03ff\u0400-\u04ff\u3100-\u312f\u2460-\u24ff\u2500-\u257f]"
_MOJIBAKE = re.compile(_STRONG + r"|[\uff21-\uff3a\uff41-\uff5a\uff10-\uff19][\u4e00-\u9fff]")
_MOJIBAKE_STRONG = re.compile(_STRONG)
# a character every match of _MOJIBAKE holds: one charset scan rules out clean paragraphs 4x
# faster than the alternation
_MOJIBAKE_ANY = re.compile("[?\u0370-\u04ff\u3100-\u312f\u2460-\u257f\uff10-\uff19\uff21-\uff3a"
                           "\uff41-\uff5a]")


def is_suspect(text: str) -> bool:
    """Two signs of garbling, at least one of them strong (?? or Greek, Cyrillic, bopomofo,
    circled or box-drawing characters amid Han). Full-width Latin or digits before Han alone are
    legitimate (if non-standard) Chinese text, which N8 fixes; they only add to strong signs."""
    strong = len(_MOJIBAKE_STRONG.findall(text))
    return strong >= 2 or (strong == 1 and len(_MOJIBAKE.findall(text)) >= 2)


def suspected_mojibake(paras: list[Para]) -> tuple[list[Change], list[ReportWarning]]:
    """Design (report: unknown characters). Text decoded with the wrong code page at some earlier
    time (runs of ?? and stray Greek/Cyrillic/box-drawing/full-width Latin amid Han) is flagged
    once per paragraph and protected from rules that guess (?)."""
    warns = []
    for p in paras:
        m = _MOJIBAKE_ANY.search(p.text) and _MOJIBAKE.search(p.text)
        if m and is_suspect(p.text):
            p.suspect = True
            line, col = p.where(m.start())
            warns.append(ReportWarning("suspected_mojibake", Where(line, col),
                                       f"text looks garbled here: …{p.text[m.start():][:20]}…"))
    return [], warns


RULES: tuple[Rule, ...] = (
    Rule("page_numbers", "design.md report: deletions are reported (page furniture)",
         block=pdf_debris.page_numbers),
    Rule("pdf_footnotes", "clreq notes (a PDF page's footnote set after its reference)",
         block=pdf_debris.pdf_footnotes),
    Rule("displaced_fragments", "clreq line breaking (a PDF's displaced line)",
         block=pdf_debris.displaced_fragments),
    Rule("rejoin_hard_wraps", "clreq line breaking; GB/T 15834-2011 5.1", block=rejoin_hard_wraps),
    Rule("rejoin_page_breaks", "N1; GB/T 15834-2011 5.1, clreq line breaking",
         block=rejoin_page_breaks),
    Rule("open_parenthesis_notes", "GB/T 15834-2011 4.9 (a bracketed note is one unit)",
         block=pdf_debris.open_parenthesis_notes),
    Rule("suspected_mojibake", "design.md report: unknown characters", block=suspected_mojibake),
    Rule("spaced_dates", "GB/T 15835-2011 (dates); clreq", block=pdf_debris.spaced_dates),
    Rule("question_marks", "GB/T 15834-2011 4.5; design.md report: unknown characters",
         block=marks.question_marks),
    Rule("fullwidth_periods", "GB/T 15834-2011 4.1, 4.14", block=marks.fullwidth_periods),
    Rule("ascii_parens_to_fullwidth", "N2; GB/T 15834-2011 4.9, clreq",
         inline=rt.ascii_parens_to_fullwidth),
    Rule("whitespace", "N5; GB/T 15834-2011 B.3.4, B.3.6; clreq 3.3", inline=rt.whitespace),
    Rule("straight_quotes_to_curly", "N7; GB/T 15834-2011 4.2", inline=rt.straight_quotes_to_curly),
    Rule("ascii_punct_to_fullwidth", "N6; GB/T 15834-2011 4.1-4.7", inline=rt.ascii_punct_to_fullwidth),
    Rule("dashes_and_ellipses", "N9; GB/T 15834-2011 4.10, 4.11, 4.13",
         inline=rt.dashes_and_ellipses),
    Rule("interpunct", "N10; GB/T 15834-2011 4.14, clreq", inline=rt.interpunct),
    Rule("fullwidth_alnum_to_ascii", "N8; GB/T 15835-2011 (Arabic numerals half-width)",
         inline=rt.fullwidth_alnum_to_ascii),
    Rule("unbalanced_pairs", "N12; GB/T 15834-2011 4.2, 4.9, 4.12 (flag only)",
         inline=rt.unbalanced_pairs),
)
# warnings raised by stages other than a rule of their own name: rule name -> clause
WARNING_RULES = {
    "check_short_join": "N1 (ambiguous cases: hand-check joins with a second part < 10 chars)",
    "run_in_subhead_mid_paragraph": "N12 (flag only): a sub-head run into the paragraph before",
    "title_block": "N4; design.md front matter: the title",
    "unknown_character": "design.md report: unknown characters are kept and reported",
    "division_sequence": "第X编/章/节/条/回 numbers run in sequence (issue 13)",
    pdf_debris.MOVED: "design.md report: a line moved to where it belongs (PDF debris)",
}
# rules that guess from context and leave paragraphs that look garbled alone
GUESSING_ON_SUSPECT = {"ascii_punct_to_fullwidth": "?", "fullwidth_alnum_to_ascii": ""}
INLINE_RULES = tuple(r for r in RULES if r.inline)
CHECK_RULES = tuple(r for r in INLINE_RULES if r.name == "unbalanced_pairs")
FIXING_RULES = tuple(r for r in INLINE_RULES if r not in CHECK_RULES)


def run_inline(rule: Rule, p: Para, report: Report) -> bool:
    """Run one inline rule on a paragraph; True if it changed the text."""
    assert rule.inline is not None
    text = p.text
    edits, warns = rule.inline(text)
    if p.suspect and rule.name in GUESSING_ON_SUSPECT:
        only = GUESSING_ON_SUSPECT[rule.name]  # drop only edits of this character, or all
        edits = [e for e in edits if only and text[e.start:e.end] != only]
    for off, msg in warns:
        report.add_warning(ReportWarning(rule.name, Where(*p.where(off)), msg))
    for e in edits:
        if not e.silent:
            before, after = e.shown or (_ctx(text, e), _ctx_after(text, e))
            report.add_change(Change(rule.name, Where(*p.where(e.start)), before, after))
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
    report.rules.update(WARNING_RULES)
    for rule in RULES:
        report.rules[rule.name] = rule.clause
        if rule.block is not None:
            changes, warns = rule.block(paras)
            for change in changes:
                report.add_change(change)
            for warning in warns:
                report.add_warning(warning)
    for p in paras:
        run_inline_table(p, report)
    return paras


def apply_to_string(text: str, report: Report, line: int = 0, suspect: bool | None = None
                    ) -> str:
    """Run the inline rules on one string (used for structured Markdown input). `suspect`: the
    whole paragraph looks garbled (a span of it, like a byline, may not look so alone)."""
    p = Para.from_line(text, line, 1)
    p.suspect = is_suspect(text) if suspect is None else suspect
    report.rules.update({r.name: r.clause for r in INLINE_RULES})
    run_inline_table(p, report)
    return p.text
