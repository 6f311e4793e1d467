"""The HTML change report reads as text: markers for invisible characters, no leaked markup."""

from __future__ import annotations

from html.parser import HTMLParser

from helpers import sample_path

from zhpress.readers.normalize import normalize_bytes
from zhpress.readers.normalize.report_html import report_html


class TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        self.in_style = False

    def handle_data(self, data):
        if not self.in_style:
            self.text.append(data)


def test_report_html_shows_joins_with_visible_markers_and_no_markup():
    raw = sample_path("leshan-cppcc-2023.txt").read_bytes()
    _, report = normalize_bytes(raw, "leshan-cppcc-2023.txt")
    parser = TextOf()
    parser.feed(report_html(report))
    text = "".join(parser.text)
    assert "class=" not in text and "<span" not in text
    assert "委员参与⏎⏎2600人次" in text.replace("␣", "")  # the join, its line breaks visible
    assert "合并跨页断段5 处" in text and text.count("⏎⏎") >= 5  # its Chinese label, each join
