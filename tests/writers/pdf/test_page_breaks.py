"""Book theme page breaks (issue 14, item 5): no paragraph's last line alone at a page top, and no
page ends lines early without a reason (pdf_pages.page_break_faults). The law sample is the
witness: with WeasyPrint's default orphans (2) eight of its 36 book pages ended a line early,
holding back a paragraph's indented first line."""

from __future__ import annotations

import pytest
from pdf_pages import LAW, Rendered, load, page_break_faults, read, render_job

from zhpress.style.css import content_css
from zhpress.style.theme import load_theme


@pytest.fixture(scope="module")
def law_book(tmp_path_factory) -> Rendered:
    out = tmp_path_factory.mktemp("breaks") / "law-book.pdf"
    render_job((LAW, "book", True, str(out)))
    return read(Rendered(LAW, "book", True, out, load(LAW)))


def test_book_pages_have_no_widow_and_no_unexplained_short_page(law_book):
    widows, short = page_break_faults(law_book, load_theme("book")["body"]["line_pt"])
    assert law_book.pages > 10
    assert widows == []
    assert short == []


def test_page_breaks_come_from_the_theme():
    """The book theme lets a first line end a page; gongwen keeps its grid's (default) rule."""
    assert "p { widows: 2; orphans: 1; }" in content_css(load_theme("book"))
    assert "orphans" not in content_css(load_theme("gongwen"))
