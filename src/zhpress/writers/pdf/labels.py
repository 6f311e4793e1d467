"""PDF page labels (/PageLabels) equal to the printed folios: lower-case roman numerals for the
front matter (the 目录 and the blank verso after it), Arabic numbers from 1 on the first body
page, where css.py restarts the folio counter. WeasyPrint writes no page labels, so a viewer
would show page numbers two more than the folios; it lets a ``finisher`` edit the PDF's catalog
before the file is written."""

from __future__ import annotations

from typing import Any

__all__ = ["add_page_labels", "label_ranges"]

#: The named page (css.py) whose first page is folio 1.
BODY_PAGE = "body"


def label_ranges(page_names: list[str], body: str = BODY_PAGE) -> list[tuple[int, str]]:
    """(first page index, PDF numbering style) of each run of labels: ``r`` (i, ii, …) for the
    pages before the first `body` page, ``D`` (1, 2, …) from it; one ``D`` run when the document
    has no front matter, none when it has no body page."""
    if body not in page_names:
        return []
    first = page_names.index(body)
    return ([(0, "r")] if first else []) + [(first, "D")]


def add_page_labels(document: Any, pdf: Any) -> None:
    """WeasyPrint finisher (``write_pdf(finisher=...)``): put /PageLabels in the catalog."""
    import pydyf

    names = [page._page_box.page_type.name for page in document.pages]
    numbers = pydyf.Array()
    for index, style in label_ranges(names):
        numbers.extend([index, pydyf.Dictionary({"S": f"/{style}", "St": 1})])
    if numbers:
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": numbers})
