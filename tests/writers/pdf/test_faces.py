"""The faces a PDF is set in: the bundled 朱雀仿宋 for the gongwen body and the 仿宋 role,
found through the bundled fontconfig configuration, with full-width Chinese quotes."""

from __future__ import annotations

import subprocess
from collections import Counter

import pdfplumber
import pytest
from helpers import write

from zhpress.model import Document, Heading, Meta, Paragraph, Text
from zhpress.style.bundled import FONTS_CONF, FONTS_DIR
from zhpress.style.quotes import needs_fullwidth_quotes
from zhpress.style.theme import load_theme
from zhpress.writers import pdf

BUNDLED = "Zhuque Fangsong"
QUOTES = "“”‘’"
# A short 公文 with quotes next to Han characters, digits and Latin letters.
NOTICE = Document(
    Meta(title="关于做好2024年工作的通知"),
    (Heading(1, "关于做好2024年工作的通知", role="title"),
     Paragraph((Text("各单位要围绕“345”工作思路，坚持‘稳中求进’，推动ABC项目在3月底前完成。"
                     "会议指出：“全年增长5.2%，好于预期。”"),)),
     Paragraph((Text("特此通知。"),))),
)


@pytest.fixture(scope="module")
def notice_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("faces") / "notice.pdf"
    path.write_bytes(write("pdf", NOTICE, load_theme("gongwen")))
    return path


def _body_chars(path) -> list[dict]:
    with pdfplumber.open(path) as doc:
        return [c for page in doc.pages for c in page.chars
                if c["text"] in "各单位要围绕思路坚持稳中求进特此"]


def test_the_bundled_fangsong_is_found_through_the_bundled_configuration():
    face = load_theme("gongwen").face("fangsong")
    assert face.family == BUNDLED
    assert face.file.startswith(str(FONTS_DIR))
    assert FONTS_CONF.is_file() and (FONTS_DIR / "ZhuqueFangsong-OFL.txt").is_file()


def test_pdffonts_shows_the_bundled_fangsong_for_the_gongwen_body(notice_pdf):
    fonts = subprocess.run(["pdffonts", str(notice_pdf)], capture_output=True, text=True,
                           check=True).stdout
    names = [line.split()[0].split("+", 1)[-1] for line in fonts.splitlines()[2:]]
    assert "Zhuque-Fangsong" in names
    body = Counter(c["fontname"].split("+", 1)[-1] for c in _body_chars(notice_pdf))
    assert set(body) == {"Zhuque-Fangsong"}, body
    assert all(round(c["size"], 1) == 16 for c in _body_chars(notice_pdf))  # 3号


def test_chinese_quotes_take_a_full_cell_in_the_bundled_fangsong(notice_pdf):
    """The glyph advance of each “ ” ‘ ’ in the PDF is one em (the fwid forms); Latin letters
    and digits keep their own narrow widths."""
    with pdfplumber.open(notice_pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars
                 if c["fontname"].endswith("Zhuque-Fangsong")]
    quotes = [c for c in chars if c["text"] in QUOTES]
    assert {c["text"] for c in quotes} == set(QUOTES)
    for c in quotes:
        assert c["width"] == pytest.approx(c["size"], abs=0.05), c
    narrow = [c for c in chars if c["text"] in "ABC2345"]
    assert narrow and all(c["width"] < 0.7 * c["size"] for c in narrow)


def test_without_the_fix_the_quotes_would_be_narrow(tmp_path):
    """The check above can fail: plain WeasyPrint sets this face's quotes at Latin width."""
    face = load_theme("gongwen").face("fangsong")
    assert needs_fullwidth_quotes(face)
    html = pdf.document_html(NOTICE, load_theme("gongwen"), typography=False)
    path = tmp_path / "plain.pdf"
    path.write_bytes(pdf.render_html(html, typography=False))
    with pdfplumber.open(path) as doc:
        quotes = [c for page in doc.pages for c in page.chars
                  if c["text"] in QUOTES and c["fontname"].endswith("Zhuque-Fangsong")]
    assert quotes and all(c["width"] < 0.5 * c["size"] for c in quotes)


def test_faces_with_chinese_quotes_are_left_alone():
    assert not needs_fullwidth_quotes(load_theme("gongwen").face("song"))
    assert not needs_fullwidth_quotes(load_theme("gongwen").face("hei"))
