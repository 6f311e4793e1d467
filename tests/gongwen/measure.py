"""Measuring a rendered 公文 page (PDF, or the PDF LibreOffice makes of a DOCX): words with their
font, size and colour from pdfplumber, and visible ink edges from a 600 dpi bitmap, in mm from
the page's top-left corner (GB/T 9704 measures the 标志 and lines from their visible edges)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MM = 25.4 / 72
DPI = 300


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    font: str
    size: float
    color: tuple[float, ...]

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True)
class Rule:
    x0: float
    x1: float
    top: float
    bottom: float
    color: tuple[float, ...]

    @property
    def weight(self) -> float:
        return self.bottom - self.top


def _colour(value) -> tuple[float, ...]:
    if value is None:
        return (0.0,)
    if isinstance(value, (int, float)):
        return (float(value),)
    return tuple(float(v) for v in value)


def is_red(color: tuple[float, ...]) -> bool:
    return len(color) == 3 and color[0] > 0.8 and color[1] < 0.3 and color[2] < 0.3


@dataclass
class Page:
    number: int  # 1-based
    words: list[Word]
    rules: list[Rule]
    text: str
    _pdf: Path

    def find(self, start: str, gap_mm: float = 2.0) -> Word:
        """The first word (words `gap_mm` apart joined) that starts with `start`."""
        found = [w for w in self.joined(gap_mm) if w.text.startswith(start)]
        assert found, f"page {self.number}: no word starting {start!r} in {self.text[:200]!r}"
        return found[0]

    def joined(self, gap_mm: float = 2.0) -> list[Word]:
        """The words with the ones on one line less than `gap_mm` apart joined (pdfplumber
        splits 2023年3月5日 where a renderer spaces digits from Han characters)."""
        out: list[Word] = []
        for w in self.words:
            last = out[-1] if out else None
            if (last and abs(last.top - w.top) < 0.3 and 0 <= w.x0 - last.x1 < gap_mm
                    and (last.font, last.size) == (w.font, w.size)):
                out[-1] = Word(last.text + w.text, last.x0, w.x1, min(last.top, w.top),
                               max(last.bottom, w.bottom), last.font, last.size, last.color)
            else:
                out.append(w)
        return out

    def ink_rows(self, x0: float, x1: float, y0: float, y1: float, red: bool) -> tuple[float, float]:
        """Top and bottom (mm) of the red (or dark) pixels inside a box of the page."""
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(self._pdf))
        try:
            image = pdf[self.number - 1].render(scale=DPI / 72).to_pil().convert("RGB")
        finally:
            pdf.close()
        per_mm = DPI / 25.4
        pixels = image.load()
        rows = []
        for y in range(int(y0 * per_mm), int(y1 * per_mm)):
            for x in range(int(x0 * per_mm), int(x1 * per_mm)):
                r, g, b = pixels[x, y]
                hit = (r > 170 and g < 90 and b < 100) if red else (r < 90 and g < 90 and b < 90)
                if hit:
                    rows.append(y)
                    break
        assert rows, f"page {self.number}: no {'red' if red else 'dark'} ink in the box"
        return rows[0] / per_mm, (rows[-1] + 1) / per_mm


def read_pages(pdf_path: Path) -> list[Page]:
    import pdfplumber

    pages = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            words = [
                Word(w["text"], w["x0"] * MM, w["x1"] * MM, w["top"] * MM, w["bottom"] * MM,
                     w["fontname"], round(w["size"], 2), _colour(w["non_stroking_color"]))
                for w in page.extract_words(extra_attrs=["fontname", "size",
                                                         "non_stroking_color"])
            ]
            rules = [Rule(r["x0"] * MM, r["x1"] * MM, r["top"] * MM, r["bottom"] * MM,
                          _colour(r.get("non_stroking_color")))
                     for r in page.rects if (r["bottom"] - r["top"]) * MM < 1.5]
            rules += [Rule(ln["x0"] * MM, ln["x1"] * MM,
                           ln["top"] * MM - ln["linewidth"] * MM / 2,
                           ln["top"] * MM + ln["linewidth"] * MM / 2,
                           _colour(ln.get("stroking_color")))
                      for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]
            unique = {(round(r.x0, 1), round(r.x1, 1), round(r.top, 1), round(r.bottom, 1)): r
                      for r in rules}  # LibreOffice draws some rules twice
            pages.append(Page(page.page_number, words,
                              sorted(unique.values(), key=lambda r: r.top),
                              page.extract_text() or "", pdf_path))
    return pages
