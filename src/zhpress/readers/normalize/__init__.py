"""Raw Chinese text (or structured Markdown) -> Document + Report.

Stages, each its own module: decode (bytes -> lines), rules (ordered table of text rules, the
report), structure (title block, headings, news parts), and the Markdown writer and reader.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from zhpress.errors import BadInput
from zhpress.limits import check_line
from zhpress.model import Block, Div, Document, Heading, ListBlock, Paragraph, Span, Strong, Text
from zhpress.readers.normalize import front_matter
from zhpress.readers.normalize.by_layout import layout_paragraphs
from zhpress.readers.normalize.decode import Decoded, control_name, decode
from zhpress.readers.normalize.gongwen import recognize as recognize_gongwen
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.report import Change, Report, ReportWarning, Where
from zhpress.readers.normalize.rules import RULES, apply_to_string, is_suspect, run_rules
from zhpress.readers.normalize.structure import build, consecutive_levels

__all__ = ["RULES", "BadInput", "Change", "Report", "ReportWarning", "Where",
           "normalize_bytes", "normalize_markdown", "normalize_text"]


def _paragraphs(dec: Decoded) -> list[Para]:
    paras: list[Para] = []
    gap = 0
    for ln in dec.lines:
        if not ln.text:
            gap += 1
            continue
        para = Para.from_line(ln.text, ln.number, len(ln.indent) + 1, ln.indent, gap)
        para.trail = ln.trail
        paras.append(para)
        gap = 0
    return paras


def normalize_bytes(raw: bytes, filename: str) -> tuple[Document, Report]:
    """Decode, normalize and structure raw text. Raises BadInput for unusable input."""
    dec = decode(raw)
    front, dec, front_change = front_matter.read_front_matter(dec)
    report = Report(file=filename, encoding=dec.encoding, bom=dec.bom, line_ends=dec.line_ends,
                    line_end_counts=dec.line_end_counts)
    if front_change:
        report.rules[front_matter.RULE] = front_matter.CLAUSE
        report.add_change(front_change)
    report.rules["remove_control_characters"] = "design.md: deletions are reported"
    for line, col, ch in dec.removed:
        report.add_change(Change("remove_control_characters", Where(line, col),
                                     control_name(ch), ""))
    # record dumps and web pages (a scrape's 60,000-character line holds many paragraphs) are
    # split by their layout first (linear); None for running text
    laid = layout_paragraphs(dec, report)
    for p in laid if laid is not None else dec.lines:  # before the rules: a 50 MB line costs
        check_line(len(p.text), f"line {p.line if isinstance(p, Para) else p.number}")  # minutes
    paras = run_rules(laid if laid is not None else _paragraphs(dec), report)
    source = {"file": filename, "sha256": hashlib.sha256(raw).hexdigest(),
              "encoding": dec.encoding}
    meta, blocks, warns = build(paras, filename, source, front)
    for warning in warns:
        report.add_warning(warning)
    meta, blocks = recognize_gongwen(meta, blocks, report)  # 公文 elements (gongwen.py)
    return Document(meta, tuple(blocks)), report


def normalize_text(text: str, filename: str) -> tuple[Document, Report]:
    """Convenience for tests: normalize a str as if it were a UTF-8 file."""
    return normalize_bytes(text.encode("utf-8"), filename)


def normalize_markdown(text: str, filename: str) -> tuple[Document, Report]:
    """Structured Markdown input: read it, then run the idempotent inline rules on its text.
    Structure is kept as written; on our own output this changes nothing."""
    from zhpress.readers.markdown import read_markdown

    doc = read_markdown(text)
    report = Report(file=filename, encoding="utf-8", line_ends="LF")
    blocks, moved = consecutive_levels([_fix_block(b, report) for b in doc.blocks])
    if moved:
        report.rules["heading_levels"] = "design.md outline JSON: levels start at 1, never skip"
    for old, new in moved:
        report.add_change(Change("heading_levels", Where(old.line, 1),
                                     f"{'#' * old.level} {old.text}", f"{'#' * new.level} {new.text}"))
    return Document(doc.meta, tuple(blocks)), report


def _fix_block(b: Block, report: Report) -> Block:
    # a paragraph that looked garbled as a whole was protected as a whole (byline span included)
    suspect = is_suspect("".join(i.text for i in b.inlines)) if isinstance(b, Paragraph) \
        else None

    def fix(s: str) -> str:
        return apply_to_string(s, report, b.line, suspect)

    if isinstance(b, Heading):
        return replace(b, text=fix(b.text))
    if isinstance(b, Div):
        return replace(b, text=fix(b.text))
    if isinstance(b, ListBlock):
        return replace(b, items=tuple(fix(i) for i in b.items))
    inl: list[Text | Strong | Span] = [replace(i, text=fix(i.text)) for i in b.inlines]
    return Paragraph(tuple(inl), b.line)
