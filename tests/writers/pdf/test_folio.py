"""GB/T 9704 7.5: the folio's 一字线 is 7 mm below the text block, measured on the ink of the
rendered page (the dash is drawn at mid-height of its cell, so its cell's top would be ~3 mm
higher)."""

from __future__ import annotations

import pytest
from pdf_pages import MM, REPORT

SCALE = 600 / 72  # pixels per pt


def _ink_top(path, page: int, x0: float, x1: float, y0: float, y1: float) -> float | None:
    """The topmost row (in pt from the page top) with ink between x0..x1 and y0..y1."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        image = document[page].render(scale=SCALE).to_pil().convert("L")
    finally:
        document.close()
    box = image.crop((int(x0 * SCALE), int(y0 * SCALE), int(x1 * SCALE) + 1, int(y1 * SCALE)))
    for row in range(box.height):
        if min(box.getpixel((col, row)) for col in range(box.width)) < 128:
            return y0 + row / SCALE
    return None


@pytest.mark.slow
def test_the_folio_dash_is_7_mm_below_the_text_block(rendered):
    r = rendered[REPORT, "gongwen", True]
    _, _, _, bottom = r.block
    measured = []
    for page in (r.body_start, r.body_start + 1):  # a recto (right) and a verso (left)
        (line,) = [ln for ln in r.furniture if ln.page == page]
        dash = line.chars[0]
        assert dash["text"] == "—"
        top = _ink_top(r.path, page, dash["x0"] + 1, dash["x1"] - 1, bottom, bottom + 20 * MM)
        assert top is not None
        measured.append((top - bottom) / MM)
    print(f"\n一字线 {', '.join(f'{mm:.2f}' for mm in measured)} mm below the text block")
    assert all(mm == pytest.approx(7, abs=0.3) for mm in measured), measured
