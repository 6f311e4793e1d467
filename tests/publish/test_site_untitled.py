"""A publication without a title is shown as untitled on the download page, never under its
file name (the normalizer leaves the title empty when the text states none)."""

from __future__ import annotations

from zhpress.model import UNTITLED
from zhpress.publish.site import _entry_html


def _entry(title: str) -> dict:
    return {"name": "hailar-gov-report-2017", "title": title, "outline": [], "files": {},
            "editions": []}


def test_untitled_entry_shows_untitled_not_the_name() -> None:
    page = _entry_html(_entry(""), "")
    assert f"<h2>{UNTITLED}</h2>" in page
    assert "<h2>hailar-gov-report-2017</h2>" not in page


def test_titled_entry_shows_its_title() -> None:
    assert "<h2>政府工作报告</h2>" in _entry_html(_entry("政府工作报告"), "")
