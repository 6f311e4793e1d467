"""GB/T 9704-2012 positions and rules of the 公文 elements, in one place for the PDF and DOCX
writers (and the tests that measure their pages). Distances are millimetres from the top edge of
the text block (版心) unless a name says otherwise; page size, margins, fonts and the line grid
come from the theme."""

from __future__ import annotations

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


def ink_top_em(font_file: str, index: int, text: str) -> float:
    """How far below the top of a `line-height: 1` line box the ink of `text` starts, in em.

    Renderers (Pango for WeasyPrint) centre the font's hhea ascent + descent in the line box;
    the standard measures the 标志 from its visible top edge, the highest glyph outline. 0.09 em
    for Noto Serif CJK: 1.5 mm at 48 pt, more than the test's tolerance.
    """
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    font = TTFont(font_file, fontNumber=index, lazy=True)
    upm = font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent / upm, -font["hhea"].descent / upm
    glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
    tops = []
    for char in set(text):
        if ord(char) in cmap:
            pen = BoundsPen(glyphs)
            glyphs[cmap[ord(char)]].draw(pen)
            if pen.bounds:
                tops.append(pen.bounds[3] / upm)
    top = max(tops, default=ascent)
    baseline = (1 - (ascent + descent)) / 2 + ascent
    return baseline - top
