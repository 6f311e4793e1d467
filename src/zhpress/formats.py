"""The registry of output formats: one line per format, every writer with one signature.

`write(doc, theme, source_date_epoch) -> bytes`. Writers are imported when first used, so a
process that only writes DOCX never pays for importing WeasyPrint.
"""

from __future__ import annotations

import importlib

from .model import Document
from .theme import Theme

FORMATS: dict[str, str] = {
    "pdf": "zhpress.pdf",
    "docx": "zhpress.docx",
    "epub": "zhpress.epub",
}


def write_format(fmt: str, doc: Document, theme: Theme, source_date_epoch: int | None) -> bytes:
    module = importlib.import_module(FORMATS[fmt])
    return module.write(doc, theme, source_date_epoch)
