"""Page numbers for the DOCX 目录 from one LibreOffice layout of the document (opt-in)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from zhpress.model import Document, Heading
from zhpress.style.theme import Theme
from zhpress.writers.docx import fonts as docx_fonts

log = logging.getLogger(__name__)


def layout_available() -> bool:
    """LibreOffice is installed, so the document can be laid out to number the 目录."""
    return shutil.which("soffice") is not None


def heading_pages(data: bytes, doc: Document, theme: Theme) -> list[int] | None:
    """The page number shown on each heading's page when LibreOffice lays out `data` in the
    theme's faces (docx_fonts.libreoffice_env); None when that fails. The text's numbering
    starts at 1 on the first page after the 目录."""
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="zhpress-lo-") as tmp:
        src = Path(tmp) / "doc.docx"
        src.write_bytes(data)
        cmd = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={Path(tmp).as_uri()}/p",
               "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            with docx_fonts.libreoffice_env(theme) as env:
                subprocess.run(cmd, capture_output=True, timeout=600, check=False, env=env)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("no page numbers in the DOCX 目录: LibreOffice failed (%s)", exc)
            return None
        if not (Path(tmp) / "doc.pdf").is_file():
            log.warning("no page numbers in the DOCX 目录: LibreOffice wrote no PDF")
            return None
        pdf = pdfium.PdfDocument(str(Path(tmp) / "doc.pdf"))
        try:
            marks = [_dest_page(item) for item in pdf.get_toc()]
            if len(marks) != len(doc.headings) or None in marks:
                log.warning("no page numbers in the DOCX 目录: %d PDF bookmarks for %d headings",
                            len(marks), len(doc.headings))
                return None
            first = _first_text_page(pdf, doc, marks)
        finally:
            pdf.close()
    return [m - first + 1 for m in marks]


def _dest_page(bookmark: Any) -> int | None:
    dest = bookmark.get_dest()
    return None if dest is None else dest.get_index()


def _first_text_page(pdf: Any, doc: Document, marks: list[int]) -> int:
    """The page where the text (after the 目录) begins."""
    first = doc.blocks[0]
    if isinstance(first, Heading):
        return marks[0]
    probe = "".join(c for c in first.text if c.isalnum())[:12]  # type: ignore[union-attr]
    for index, page in enumerate(pdf):
        text = page.get_textpage().get_text_bounded()
        if probe and probe in "".join(c for c in text if c.isalnum()):
            return index
    return 0
