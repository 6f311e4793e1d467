"""Font re-subsetting (zhpress.writers.pdf.fonts): the PDF as WeasyPrint writes it and after
`shrink` read the same, render the same, and the shrunk one is what the writer ships."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pdf_pages import REPORT, load

from zhpress.style.theme import load_theme
from zhpress.writers import pdf


@pytest.fixture(scope="module")
def report_pdfs(tmp_path_factory) -> tuple[Path, Path]:
    """The report in gongwen as WeasyPrint writes it, and after pdf_fonts.shrink."""
    from zhpress.writers.pdf import fonts as pdf_fonts

    tmp = tmp_path_factory.mktemp("fonts")
    from zhpress.writers.pdf import labels

    before = pdf.render_html(pdf.document_html(load(REPORT), load_theme("gongwen")),
                             finisher=labels.add_page_labels)
    after = pdf_fonts.shrink(before)
    assert pdf_fonts.shrink(before) == after  # reproducible
    (tmp / "before.pdf").write_bytes(before)
    (tmp / "after.pdf").write_bytes(after)
    return tmp / "before.pdf", tmp / "after.pdf"


@pytest.mark.slow
def test_pdf_size(rendered, report_pdfs) -> None:
    size = rendered[REPORT, "gongwen", True].path.stat().st_size
    before, after = (p.stat().st_size for p in report_pdfs)
    print(f"\nreport PDF: {before:,} bytes as WeasyPrint writes it, {after:,} after pdf_fonts")
    assert size == after
    # 朱雀仿宋 is TrueType: ~1,500 quadratic outlines of a 仿宋 body take ~360 KB compressed,
    # about twice Noto's CFF (measured 483 KB for the whole report, 300 KB with a Song body).
    assert size <= 520_000


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


@pytest.mark.slow
def test_font_shrink_keeps_rendering_and_text(report_pdfs, tmp_path) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageChops

    before, after = report_pdfs
    assert _run("pdftotext", str(before), "-") == _run("pdftotext", str(after), "-")
    fonts = _run("pdffonts", str(after)).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts)  # embedded, subset, ToUnicode
    assert "No syntax or stream encoding errors" in _run("qpdf", "--check", str(after))
    pages = len(pdfium.PdfDocument(str(before)))
    for page in sorted({1, 3, pages // 2, pages}):  # poppler: pixel-identical
        images = []
        for name, path in (("b", before), ("a", after)):
            _run("pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-png", str(path),
                 str(tmp_path / name))
            images.append(next(tmp_path.glob(f"{name}-*.png")).read_bytes())
            next(tmp_path.glob(f"{name}-*.png")).unlink()
        assert images[0] == images[1], page
    docs = [pdfium.PdfDocument(str(p)) for p in report_pdfs]
    for index in range(pages):  # pdfium: same text; the same glyphs, antialiased a hair apart
        texts = [d[index].get_textpage().get_text_range() for d in docs]
        assert texts[0] == texts[1]
        if index in (0, 2, pages - 1):
            a, b = (d[index].render(scale=1).to_pil().convert("L") for d in docs)
            assert max(ImageChops.difference(a, b).getextrema()) < 64


def test_font_shrink_leaves_other_input_alone() -> None:
    from zhpress.writers.pdf import fonts as pdf_fonts

    assert pdf_fonts.shrink(b"not a pdf") == b"not a pdf"
    assert pdf_fonts.shrink(b"%PDF-1.7\n") == b"%PDF-1.7\n"
