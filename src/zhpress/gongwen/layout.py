"""GB/T 9704-2012 positions and rules of the 公文 elements, in one place for the PDF and DOCX
writers (and the tests that measure their pages). Distances are millimetres from the top edge of
the text block (版心) unless a name says otherwise; page size, margins, fonts and the line grid
come from the theme."""

from __future__ import annotations

import functools
from typing import Any

#: 7.2.4: the top edge of the 发文机关标志 35 mm below the top of the 版心 (文件, 纪要 10.3)
MARK_TOP_MM = 35.0
#: 10.1: a 信函's 标志 30 mm below the top edge of the page
LETTER_MARK_FROM_PAGE_TOP_MM = 30.0
#: 10.1: a 信函's red double lines are 170 mm long
LETTER_RULE_WIDTH_MM = 170.0
#: 7.2.7: the red separator line 4 mm below the 发文字号
RED_LINE_BELOW_NUMBER_MM = 4.0
#: the red line's weight (the standard names none; templates use 0.35-0.75 mm)
RED_LINE_MM = 0.5
#: 7.4.1: the 版记's first and last separator lines thick, the middle ones thin
COLOPHON_THICK_MM = 0.35
COLOPHON_THIN_MM = 0.25
#: 7.2.4 recommends red; 5.2.4: everything else black. Seal red as well (7.3.5.1).
RED = "#E60012"
#: the 标志's size: as large as this, but never wider than the 版心 (7.2.4: 醒目、美观、庄重)
MARK_MAX_PT = 52.0
#: a seal is about 42 mm across (党政机关 practice; the standard gives no size)
SEAL_MM = 42.0
#: 7.3.5.1: with a seal, the 成文日期 sits 4 characters in from the right; 7.3.5.2: without one,
#: the 署名 sits 2 characters in from the right and the date on the next line
DATE_RIGHT_CHARS_SEALED = 4
SIGNER_RIGHT_CHARS_UNSEALED = 2
#: 7.4.2/7.4.3: 版记 elements one character in from each side, in 4号 (14 pt)
COLOPHON_SIZE_PT = 14.0
COLOPHON_SIDE_CHARS = 1

#: a heading that opens an attachment in the body: 附件, 附件1, 附件 2 …
ATTACHMENT_HEADING = r"附件\s*(\d*)"


def mark_size_pt(lines: list[str], text_width_mm: float, extra_chars: int = 0) -> float:
    """The 标志's font size: MARK_MAX_PT, or less so that the longest line (plus `extra_chars`
    beside it, the 文件 of a joint 标志) fits the 版心 width."""
    longest = max((len(line) for line in lines), default=1) + extra_chars
    fit_pt = text_width_mm / 25.4 * 72 / max(longest, 1)
    return min(MARK_MAX_PT, fit_pt * 0.98)


@functools.lru_cache(maxsize=16)
def _font(font_file: str, index: int) -> Any:
    from fontTools.ttLib import TTFont

    return TTFont(font_file, fontNumber=index, lazy=True)


def font_metrics(font_file: str, index: int, text: str) -> tuple[float, float, float]:
    """(hhea ascent, hhea descent, highest outline of `text`'s glyphs above the baseline), in
    em: what placing a line of `text` by its visible top edge needs."""
    from fontTools.pens.boundsPen import BoundsPen

    font = _font(font_file, index)
    upm = font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent / upm, -font["hhea"].descent / upm
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    tops = []
    for char in sorted(set(text)):
        if ord(char) in cmap:
            pen = BoundsPen(glyphs)
            glyphs[cmap[ord(char)]].draw(pen)
            if pen.bounds:
                tops.append(pen.bounds[3] / upm)
    return ascent, descent, max(tops, default=ascent)


def ink_top_em(font_file: str, index: int, text: str) -> float:
    """How far below the top of a `line-height: 1` line box the ink of `text` starts, in em.

    Pango (WeasyPrint) centres the font's hhea ascent + descent in the line box; the standard
    measures the 标志 from its visible top edge, the highest glyph outline. 0.09 em for Noto
    Serif CJK: 1.5 mm at 48 pt, more than the test's tolerance.
    """
    ascent, descent, top = font_metrics(font_file, index, text)
    baseline = (1 - (ascent + descent)) / 2 + ascent
    return baseline - top


def docx_ink_top_em(font_file: str, index: int, text: str, line_em: float) -> float:
    """The same for a paragraph with an exact line height of `line_em` as LibreOffice lays it
    out: it shares the line between ascent and descent in their proportion (measured at 16 and
    48 pt, exact 1, 1.25 and 1.81 em: within 0.005 em)."""
    ascent, descent, top = font_metrics(font_file, index, text)
    return line_em * ascent / (ascent + descent) - top


def text_width_pt(font_file: str, index: int, text: str, size_pt: float) -> float:
    """The advance width of `text` set in the font at `size_pt` (no kerning: CJK has none)."""
    font = _font(font_file, index)
    upm = font["head"].unitsPerEm
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    units = sum(hmtx[cmap[ord(c)]][0] if ord(c) in cmap else upm for c in text)
    return units / upm * size_pt
