"""A publication without a title is shown as untitled on the download page, never under its
file name (the normalizer leaves the title empty when the text states none)."""

from __future__ import annotations

import re

from zhpress.model import UNTITLED
from zhpress.publish.site import _entry_html


def _entry(title: str) -> dict:
    return {"name": "hailar-gov-report-2017", "title": title, "outline": [], "files": {},
            "editions": []}


def _heading(page: str) -> str:
    """The entry's <h2> as text (its word-boundary spans and <wbr/> taken out)."""
    h2 = re.search(r"<h2>(.*?)</h2>", page, re.S)
    assert h2 is not None, page
    return re.sub(r"<[^>]*>", "", h2.group(1))


def test_untitled_entry_shows_untitled_not_the_name() -> None:
    page = _entry_html(_entry(""), "")
    assert _heading(page) == UNTITLED
    assert "hailar-gov-report-2017</h2>" not in page


def test_titled_entry_shows_its_title() -> None:
    assert _heading(_entry_html(_entry("政府工作报告"), "")) == "政府工作报告"
