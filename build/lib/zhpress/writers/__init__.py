"""The output formats: one registry entry per format, every writer with one signature.

`write(doc, options) -> bytes`, like pandoc's `Writer` (`WriterOptions -> Pandoc -> bytes`).
Writers are imported when first used, so a process that only writes DOCX never pays for
importing WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Callable

from zhpress.model import Document
from zhpress.outline import with_anchors
from zhpress.writers.options import WriterOptions

__all__ = ["WRITERS", "Writer", "WriterOptions", "write_format"]


Writer = Callable[[Document, WriterOptions], bytes]


def _pdf(doc: Document, options: WriterOptions) -> bytes:
    from zhpress.writers.pdf import write

    return write(doc, options)


def _docx(doc: Document, options: WriterOptions) -> bytes:
    from zhpress.writers.docx import write

    return write(doc, options)


def _epub(doc: Document, options: WriterOptions) -> bytes:
    from zhpress.writers.epub import write

    return write(doc, options)


WRITERS: dict[str, Writer] = {"pdf": _pdf, "docx": _docx, "epub": _epub}


def write_format(fmt: str, doc: Document, options: WriterOptions) -> bytes:
    """`doc` in format `fmt`; its headings' anchors are computed here, once, for every writer."""
    return WRITERS[fmt](with_anchors(doc), options)
