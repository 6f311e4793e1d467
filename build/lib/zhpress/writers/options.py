"""What a writer is told besides the document (pandoc's WriterOptions)."""

from __future__ import annotations

from dataclasses import dataclass

from zhpress.style.theme import Theme


@dataclass(frozen=True)
class WriterOptions:
    """Everything a writer is told besides the document."""

    theme: Theme
    #: SOURCE_DATE_EPOCH: the date of a document whose source states none (zhpress.dates)
    source_date_epoch: int | None = None
    #: e.g. "pdf/a-3b"; None: the theme's `pdf_variant`, if any
    pdf_variant: str | None = None
    #: number the DOCX 目录 from one LibreOffice layout (2-3 s more)
    docx_page_numbers: bool = False
