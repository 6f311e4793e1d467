"""The faces a PDF is set in: the bundled 朱雀仿宋 for the gongwen body and the 仿宋 role,
found through the bundled fontconfig configuration, with full-width, compressible marks."""

from __future__ import annotations

import subprocess
from collections import Counter

import pdfplumber
import pytest
from helpers import write

from zhpress.model import Document, Heading, Meta, Paragraph, Text
from zhpress.punctuation import CLOSING_MARKS, OPENING_MARKS
from zhpress.style.bundled import FONTS_CONF, FONTS_DIR
from zhpress.style.theme import load_theme

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


def test_chinese_quotes_and_marks_take_a_full_cell(notice_pdf):
    """Upstream 朱雀仿宋's quotes are Latin-width; the bundled one maps them to its full-width
    forms (styles/fonts/make_font.py): one em each in the PDF, while digits and Latin letters
    keep their narrow widths."""
    with pdfplumber.open(notice_pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars
                 if c["fontname"].endswith("Zhuque-Fangsong")]
    marks = [c for c in chars if c["text"] in QUOTES + "，：！"]
    assert {c["text"] for c in marks} >= set(QUOTES)
    for c in marks:
        assert c["width"] == pytest.approx(c["size"], abs=0.05), c
    narrow = [c for c in chars if c["text"] in "ABC2345"]
    assert narrow and all(c["width"] < 0.7 * c["size"] for c in narrow)


def test_the_bundled_face_compresses_adjacent_marks():
    """It has a halt feature for every mark zhpress compresses: each loses half its cell."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONTS_DIR / "ZhuqueFangsong-Regular.ttf", lazy=True)
    gpos = font["GPOS"].table
    (record,) = [r for r in gpos.FeatureList.FeatureRecord if r.FeatureTag == "halt"]
    adjusted = {}
    for index in record.Feature.LookupListIndex:
        for sub in gpos.LookupList.Lookup[index].SubTable:
            for glyph in sub.Coverage.glyphs:
                value = sub.Value if sub.Format == 1 else sub.Value[sub.Coverage.glyphs.index(glyph)]
                adjusted[glyph] = value.XAdvance
    cmap = font.getBestCmap()
    marks = [m for m in OPENING_MARKS + CLOSING_MARKS if ord(m) in cmap]  # it lacks 〘〙
    assert len(marks) >= len(OPENING_MARKS + CLOSING_MARKS) - 2
    for mark in marks:
        assert adjusted.get(cmap[ord(mark)]) == -500, mark


def test_the_provenance_names_the_bundled_file():
    import hashlib

    readme = (FONTS_DIR / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((FONTS_DIR / "ZhuqueFangsong-Regular.ttf").read_bytes()).hexdigest()
    assert digest in readme and "227319a16dab9b4ce48b8cf168f70f2ffa0ce3d0" in readme
