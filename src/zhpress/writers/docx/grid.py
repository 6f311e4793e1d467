"""The DOCX page grid (文档网格): the PDF's characters per line and lines per page in Word,
WPS and LibreOffice.

The lines come from a line grid (`w:docGrid` of type lines, the pitch of the body's exact line
spacing). The characters per line come from character spacing on the body text, not from a
character grid: a linesAndChars grid with GB/T 9704's pitch (28 characters on 156 mm at 3号,
15.79 pt apart, `w:charSpace` -848) is what Word's 公文 templates use, but LibreOffice 7.4 gives
each 16 pt character two cells of such a grid and sets 14 characters a line (measured). Condensing
each character by 0.25 pt (15.75 pt) puts 28 on the line in LibreOffice and, by the same
arithmetic, in Word and WPS, which add character spacing to each character's advance.
"""

from __future__ import annotations

import math

from zhpress.style.theme import MM_PER_PT, Theme

TWIPS_PER_PT = 20


def char_pitch_pt(theme: Theme) -> float:
    """The distance between character origins that puts `chars_per_line` on the text width."""
    return theme.text_width_mm / MM_PER_PT / theme.page["chars_per_line"]


def line_pitch_pt(theme: Theme) -> float:
    """The grid's line pitch: the body's line spacing (GB/T 9704: 225 mm / 22 lines)."""
    return float(theme["body"]["line_pt"])


def doc_grid(theme: Theme) -> dict[str, str]:
    """The attributes of the section's w:docGrid: a line grid at the body's line pitch."""
    return {"w:type": "lines", "w:linePitch": str(round(line_pitch_pt(theme) * TWIPS_PER_PT))}


def char_spacing_twips(theme: Theme) -> int:
    """Character spacing (w:spacing, in 1/20 pt) that makes a body character no wider than the
    pitch that puts `chars_per_line` on the text width (rounded down: never one too few)."""
    return math.floor((char_pitch_pt(theme) - theme["body"]["size_pt"]) * TWIPS_PER_PT)
