"""Rendering and reading back the PDFs that test_pdf.py and test_pdf_fonts.py measure.

Each PDF is rendered once per session (in parallel, conftest.py) with `pdf.write`, then read
back with pdfplumber (glyph positions, fonts, sizes) and pypdfium2 (bookmarks). Visual lines
are the glyphs sharing a baseline; they are matched to the document's blocks by consuming each
block's content characters, so a paragraph's last line is known exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from helpers import corpus_document, write

from zhpress.check.readback import content_chars
from zhpress.model import Document, Heading, Paragraph
from zhpress.outline import with_anchors
from zhpress.style.theme import MM_PER_PT, load_theme
from zhpress.typeset import linebreak as weasy_cjk
from zhpress.writers import pdf

REPORT, LAW = "leshan-cppcc-2023.txt", "constitution.txt"
THEMES = ("gongwen", "book")
FORBIDDEN_START = set("，。、；：？！”’）》」』】〉〕·～／－")
FORBIDDEN_END = set("“‘（《「『【〈〔")
PUNCT = set(weasy_cjk.OPENING_MARKS + weasy_cjk.CLOSING_MARKS)
ASCENT = 0.88  # top of the ideographic em box above the baseline (Noto CJK / Source Han)
MM = 1 / MM_PER_PT


def load(name: str) -> Document:
    return with_anchors(corpus_document(name))


def render_job(job: tuple[str, str, bool, str]) -> str:
    name, theme, typography, out = job
    doc = load(name)
    if typography:
        data = write("pdf", doc, load_theme(theme))
    else:  # plain WeasyPrint: same HTML without the extensions
        html = pdf.document_html(doc, load_theme(theme), typography=False)
        data = pdf.render_html(html, typography=False)
    Path(out).write_bytes(data)
    return out


@dataclass
class Line:
    chars: list[dict]
    page: int
    unit: int = -1  # index into Rendered.units

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    def right(self, trimmed: bool) -> float:
        """Right edge of the last glyph; a full-width closing mark trimmed to ½ em at line end
        (weasy_cjk) ends at its middle."""
        last = self.chars[-1]
        if trimmed and last["text"] in weasy_cjk.CLOSING_MARKS:
            return last["x0"] + last["size"] / 2
        return last["x1"]

    @property
    def baseline(self) -> float:  # from the top of the page
        return self.chars[0]["page_height"] - self.chars[0]["matrix"][5]


@dataclass
class Rendered:
    name: str
    theme: str
    typography: bool
    path: Path
    doc: Document
    body_start: int = 0  # page index of body page 1
    pages: int = 0
    lines: list[Line] = field(default_factory=list)  # body text lines (no folios, heads)
    furniture: list[Line] = field(default_factory=list)  # folios and running heads
    front: list[Line] = field(default_factory=list)  # the 目录 pages
    units: list[tuple[str, int]] = field(default_factory=list)  # (kind, content chars)

    @property
    def block(self) -> tuple[float, float, float, float]:
        """Text block (left, top, right, bottom) in pt, from the theme."""
        p = load_theme(self.theme).page
        left, top = p["margin_left_mm"] * MM, p["margin_top_mm"] * MM
        return left, top, (p["width_mm"] - p["margin_right_mm"]) * MM, (
            p["height_mm"] - p["margin_bottom_mm"]) * MM

    def unit_lines(self) -> list[list[Line]]:
        out: list[list[Line]] = [[] for _ in self.units]
        for line in self.lines:
            out[line.unit].append(line)
        return out


def _units(doc: Document) -> list[tuple[str, int]]:
    """(kind, content characters) of what is set as one block: a run-in heading and the
    paragraph that follows it are one paragraph."""
    out: list[tuple[str, int]] = []
    blocks = list(doc.blocks)
    for i, block in enumerate(blocks):
        text = getattr(block, "text", None) or "".join(getattr(block, "items", ()))
        run_in = i and isinstance(blocks[i - 1], Heading) and blocks[i - 1].run_in
        if isinstance(block, Paragraph) and run_in:
            out[-1] = ("para", out[-1][1] + len(content_chars(text)))
        elif isinstance(block, Heading) and not block.run_in or not isinstance(block, Paragraph):
            out.append(("heading" if isinstance(block, Heading) else "other",
                        len(content_chars(text))))
        else:
            out.append(("para", len(content_chars(text))))
    return out


def read(r: Rendered) -> Rendered:
    r.units = _units(r.doc)
    r.body_start = bookmark_pages(r.path)[0]
    left, top, right, bottom = r.block
    with pdfplumber.open(r.path) as document:
        r.pages = len(document.pages)
        for index, page in enumerate(document.pages):
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                char["page_height"] = page.height
                rows.setdefault(round(char["matrix"][5], 1), []).append(char)
            for y in sorted(rows, reverse=True):
                line = Line(sorted(rows[y], key=lambda c: c["x0"]), index)
                if index < r.body_start:
                    r.front.append(line)
                elif top - 10 < line.baseline < bottom + 10:
                    r.lines.append(line)
                else:
                    r.furniture.append(line)
    remaining, unit = r.units[0][1], 0
    for line in r.lines:
        count = len(content_chars(line.text))
        while count and remaining == 0:
            unit += 1
            remaining = r.units[unit][1]
        assert count <= remaining, f"line {line.text!r} runs over its block"
        remaining -= count
        line.unit = unit
    assert unit == len(r.units) - 1 and remaining == 0, "text lost or added"
    return r


FULL_PAGE_GAP = 0.68  # text block bottom to the last baseline of a full page, in lines


def page_break_faults(r: Rendered, pitch: float) -> tuple[list[str], list[str]]:
    """(widows, short pages) of a read-back PDF, each as a short description.

    A widow is a paragraph's last line alone at the top of a page. A short page ends one or more
    lines above the text block's bottom without a reason; the reasons are a heading kept with
    what follows (two lines at most) and a widow avoided (one line, the next page starting with
    exactly the paragraph's last two lines)."""
    by_page: dict[int, list[Line]] = {}
    for line in r.lines:
        by_page.setdefault(line.page, []).append(line)
    per_unit = r.unit_lines()
    widows, short = [], []
    pages = sorted(by_page)
    for prev, page in zip(pages, pages[1:], strict=False):
        first, last = by_page[page][0], by_page[prev][-1]
        lines = per_unit[first.unit]
        if lines[-1] is first and lines[0] is not first:
            widows.append(f"p{page + 1}: {first.text[:12]}")
        total = len(lines)
        empty = round((r.block[3] - last.baseline) / pitch - FULL_PAGE_GAP)
        kind = r.units[first.unit][0]
        on_next = [line for line in lines if line.page == page]
        reason = (kind == "heading" and empty <= 2
                  or empty == 1 and len(on_next) == 2 and (lines[0] is not first or len(lines) == 2))
        if empty >= 1 and not reason:
            short.append(f"p{prev + 1}: {empty} lines empty before {kind} {first.text[:10]} ({len(on_next)}/{total} lines)")
    return widows, short


def bookmark_pages(path: Path) -> list[int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return [item.get_dest().get_index() for item in document.get_toc()]
    finally:
        document.close()
