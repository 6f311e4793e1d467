"""Page images of the 公文 fixture for a person to look at: page 1 (版头) and the last page
(版记) of tests/fixtures/gongwen/complete.md, from the PDF and from the DOCX as LibreOffice lays
it out, as PNG in output/pages/ (`make pages-gongwen`, also run by `make pages`).

Usage: python bench/gongwen_pages.py [input.md] [dpi]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from zhpress.readers.markdown import read_markdown
from zhpress.style.theme import load_theme
from zhpress.writers import WriterOptions, write_format

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "gongwen" / "complete.md"
OUT = ROOT / "output" / "pages"


def page_count(pdf: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def docx_as_pdf(docx: Path) -> Path:
    """The PDF LibreOffice makes of `docx`, beside it."""
    with tempfile.TemporaryDirectory(prefix="zhpress-pages-") as profile:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(profile).as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(docx.parent),
                        str(docx)], check=True, capture_output=True, timeout=300)
    return docx.with_suffix(".pdf")


def render(source: Path, dpi: int = 100) -> list[Path]:
    doc = read_markdown(source.read_text(encoding="utf-8"))
    options = WriterOptions(load_theme("gongwen"))
    OUT.mkdir(parents=True, exist_ok=True)
    pdfs = {}
    pdf = OUT / f"{source.stem}-gongwen.pdf"
    pdf.write_bytes(write_format("pdf", doc, options))
    pdfs["pdf"] = pdf
    if shutil.which("soffice"):
        docx = OUT / f"{source.stem}-gongwen-docx.docx"
        docx.write_bytes(write_format("docx", doc, options))
        pdfs["docx"] = docx_as_pdf(docx)
    out = []
    for fmt, path in pdfs.items():
        last = page_count(path)
        for label, page in (("page1", 1), ("last", last)):
            target = OUT / f"{source.stem}-gongwen-{fmt}-{label}"
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l",
                            str(page), "-singlefile", str(path), str(target)], check=True)
            out.append(target.with_suffix(".png"))
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else FIXTURE
    dpi = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    for png in render(source, dpi):
        print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)


if __name__ == "__main__":
    main()
