"""PDF page labels equal the printed folios (roman for the 目录 pages)."""

from __future__ import annotations

import re

import pypdf
import pytest
from pdf_pages import LAW, REPORT, THEMES

from zhpress.writers.pdf.labels import label_ranges


@pytest.mark.parametrize(("names", "expected"), [
    (["front", "", "body", "body"], [(0, "r"), (2, "D")]),
    (["body", "body"], [(0, "D")]),
    (["front", "front", "front", "body"], [(0, "r"), (3, "D")]),
    (["front", ""], []),
])
def test_label_ranges(names, expected):
    assert label_ranges(names) == expected


def _roman(n: int) -> str:
    return ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][n - 1]


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", [REPORT, LAW])
def test_page_labels_are_the_printed_folios(rendered, name, theme):
    r = rendered[name, theme, True]
    labels = pypdf.PdfReader(r.path).page_labels
    assert len(labels) == r.pages
    folios = {}
    for line in r.furniture:
        if re.fullmatch(r"\D{0,3}\d+\D{0,3}", text := re.sub(r"\s", "", line.text)):
            folios[line.page] = re.search(r"\d+", text).group()
    assert len(folios) == r.pages - r.body_start  # every body page has its folio
    for page, folio in folios.items():
        assert labels[page] == folio, (page, labels[page], folio)
    assert labels[: r.body_start] == [_roman(i + 1) for i in range(r.body_start)]
