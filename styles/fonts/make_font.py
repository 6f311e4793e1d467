"""Make the bundled 朱雀仿宋 from the upstream file: a Chinese body face's punctuation.

Run: python styles/fonts/align_metrics.py UPSTREAM.ttf styles/fonts/ZhuqueFangsong-Regular.ttf
(fontTools; same input, same bytes). Three changes, every glyph outline and name as upstream:

1. “ ” ‘ ’ map to the font's own full-width forms (its ``fwid`` glyphs), as in any Chinese face:
   upstream maps them to Latin-width glyphs, which a Chinese text never wants, and a renderer
   (WeasyPrint, LibreOffice, an EPUB reader) cannot be told to ask for ``fwid`` on quotes only.
2. A ``halt`` feature (GPOS single adjustment): each full-width mark loses the blank half of its
   cell, read from where its ink is, so adjacent punctuation (。” ）、（) compresses as with
   Noto CJK (clreq); upstream has no ``halt``.
3. Line-spacing metrics (hhea, OS/2 win) set to Noto CJK's 1151/286, so that a line mixing this
   face with Noto (黑体 runs, fallback characters) keeps the GB/T 9704 line grid.

The OFL allows modified versions (this font declares no Reserved Font Name).
"""

from __future__ import annotations

import sys

from fontTools.otlLib.builder import buildLookup, buildSinglePos, buildValue
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

#: Noto Serif/Sans CJK SC's ascent and descent, in units of a 1000-unit em.
ASCENT, DESCENT = 1151, 286
#: The marks zhpress compresses (zhpress.punctuation OPENING_MARKS + CLOSING_MARKS).
MARKS = "“‘（《「『【〈〔〖〘［｛" + "，。、；：？！”’）》」』】〉〕〗〙］｝"
QUOTES = {"“": "quotedblleft.uv002", "”": "quotedblright.uv002",
          "‘": "quoteleft.uv002", "’": "quoteright.uv002"}


def halt_value(font: TTFont, glyph: str) -> dict[str, int] | None:
    """The adjustment that removes the blank half of a full-width mark's cell: the right half
    when its ink is on the left, the left half when on the right, a quarter on each side when
    centred; None when the glyph is not one em wide."""
    width = font["hmtx"][glyph][0]
    if width != font["head"].unitsPerEm:
        return None
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[glyph].draw(pen)
    if pen.bounds is None:
        return None
    x_min, _, x_max, _ = pen.bounds
    half = width // 2
    if x_max <= half + 50:
        return {"XAdvance": -half}
    if x_min >= half - 50:
        return {"XPlacement": -half, "XAdvance": -half}
    return {"XPlacement": -half // 2, "XAdvance": -half}


def full_width_quotes(font: TTFont) -> None:
    for table in font["cmap"].tables:
        if table.isUnicode() and table.format != 14:
            for char, glyph in QUOTES.items():
                if ord(char) in table.cmap:
                    table.cmap[ord(char)] = glyph


def add_halt(font: TTFont) -> None:
    cmap = font.getBestCmap()
    values = {}
    for char in MARKS:
        glyph = cmap.get(ord(char))
        if glyph and (value := halt_value(font, glyph)):
            values[glyph] = buildValue(value)
    gpos = font["GPOS"].table
    lookup = buildLookup(buildSinglePos(values, font.getReverseGlyphMap()))
    gpos.LookupList.Lookup.append(lookup)
    gpos.LookupList.LookupCount = len(gpos.LookupList.Lookup)
    feature = ot.Feature()
    feature.FeatureParams = None
    feature.LookupListIndex = [len(gpos.LookupList.Lookup) - 1]
    feature.LookupCount = 1
    record = ot.FeatureRecord()
    record.FeatureTag, record.Feature = "halt", feature
    records = gpos.FeatureList.FeatureRecord
    order = sorted(range(len(records) + 1), key=lambda i: (records + [record])[i].FeatureTag)
    new_index = {old: new for new, old in enumerate(order)}
    gpos.FeatureList.FeatureRecord = [(records + [record])[i] for i in order]
    gpos.FeatureList.FeatureCount = len(order)
    for script in gpos.ScriptList.ScriptRecord:
        systems = [script.Script.DefaultLangSys] + [r.LangSys for r in script.Script.LangSysRecord]
        for system in filter(None, systems):
            system.FeatureIndex = sorted([new_index[i] for i in system.FeatureIndex]
                                         + [new_index[len(records)]])
            system.FeatureCount = len(system.FeatureIndex)


def build(source: str, target: str) -> None:
    font = TTFont(source, recalcBBoxes=False, recalcTimestamp=False)
    assert font["head"].unitsPerEm == 1000
    full_width_quotes(font)
    add_halt(font)
    font["hhea"].ascent, font["hhea"].descent, font["hhea"].lineGap = ASCENT, -DESCENT, 0
    font["OS/2"].usWinAscent, font["OS/2"].usWinDescent = ASCENT, DESCENT
    font.save(target)


if __name__ == "__main__":
    build(sys.argv[1], sys.argv[2])
