"""Page images for a person to look at: the 目录, body page 1 (title block) and a full body page
of the sample report in each theme, as PNG in output/pages/ (`make pages`); the same pages of
the DOCX as LibreOffice lays it out (its fontconfig aliases in effect, as a reader would set
them), and the EPUB's first text document in Chromium at a phone's and a desktop's width.

Usage: python bench/pages.py [input.txt] [dpi]
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from zhpress.readers.normalize import normalize_bytes
from zhpress.style.theme import load_theme
from zhpress.writers import WriterOptions, write_format

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "input" / "leshan-cppcc-2023.txt"
OUT = ROOT / "output" / "pages"


def body_start(path: Path) -> int:
    """1-based page number of body page 1: where the first bookmark points."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return next(iter(document.get_toc())).get_dest().get_index() + 1
    finally:
        document.close()


def render_pages(source: Path, theme: str, dpi: int = 100) -> list[Path]:
    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{source.stem}-{theme}.pdf"
    path.write_bytes(write_format("pdf", doc, WriterOptions(load_theme(theme))))
    first = body_start(path)
    out = []
    for label, page in (("toc", 1), ("page1", first), ("body", first + 1)):
        target = OUT / f"{source.stem}-{theme}-{label}"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(path), str(target)], check=True)
        out.append(target.with_suffix(".png"))
    return out


def render_docx_pages(source: Path, theme_name: str, dpi: int = 100) -> list[Path]:
    """The DOCX's 目录, body page 1 and 2 as LibreOffice shows them."""
    from zhpress.writers.docx import fonts as docx_fonts

    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    theme = load_theme(theme_name)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{source.stem}-{theme_name}.docx"
    path.write_bytes(write_format("docx", doc, WriterOptions(theme, docx_page_numbers=True)))
    with tempfile.TemporaryDirectory() as tmp, docx_fonts.libreoffice_env(theme) as env:
        subprocess.run(["soffice", f"-env:UserInstallation={Path(tmp).as_uri()}", "--headless",
                        "--convert-to", 'pdf:writer_pdf_Export:{"ExportBookmarks":'
                        '{"type":"boolean","value":"true"}}', "--outdir", tmp, str(path)],
                       check=True, capture_output=True, env=env, timeout=300)
        pdf = Path(tmp) / f"{path.stem}.pdf"
        first = body_start(pdf)
        out = []
        for label, page in (("docx-toc", 1), ("docx-page1", first), ("docx-body", first + 1)):
            target = OUT / f"{source.stem}-{theme_name}-{label}"
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(target)], check=True)
            out.append(target.with_suffix(".png"))
    return out


def render_epub_pages(source: Path, theme_name: str) -> list[Path]:
    """The EPUB's first text document (title block) in Chromium, 400 px and 1400 px wide."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return []
    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    data = write_format("epub", doc, WriterOptions(load_theme(theme_name)))
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(io.BytesIO(data)).extractall(tmp)
        page = Path(tmp) / "EPUB" / "text" / "ch001.xhtml"
        for label, size in (("epub-phone", "400,800"), ("epub-desktop", "1400,900")):
            target = OUT / f"{source.stem}-{theme_name}-{label}.png"
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
                            f"--window-size={size}", f"--screenshot={target}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
            out.append(target)
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    dpi = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    for theme in ("gongwen", "book"):
        pngs = render_pages(source, theme, dpi)
        if shutil.which("soffice"):
            pngs += render_docx_pages(source, theme, dpi)
        pngs += render_epub_pages(source, theme)
        for png in pngs:
            print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)


if __name__ == "__main__":
    main()
