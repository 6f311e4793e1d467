"""DOCX output, checked in a real client: LibreOffice converts each sample DOCX to PDF once per
session, and the PDF shows the fonts, the 2-character indent, the filled 目录 and the bookmarks.
The DOCX itself is read back with python-docx (nothing lost) and pandoc (same headings). The
package details that need no LibreOffice are in test_docx_package.py."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import subprocess
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import corpus_document, write

from zhpress.check import readback
from zhpress.model import Div, Document, Heading, ListBlock, Paragraph, Span
from zhpress.outline import outline
from zhpress.style.theme import MM_PER_PT, Face, Theme, load_theme
from zhpress.writers.docx import fonts as docx_fonts
from zhpress.writers.docx import post as docx_post
from zhpress.writers.docx import roles as docx_roles

# slow: every test reads a DOCX that LibreOffice has converted to PDF
pytestmark = pytest.mark.slow

SAMPLES = ("leshan-cppcc-2023.txt", "hailar-gov-report-2017.gbk.txt", "constitution.txt")
CASES = [(s, "gongwen") for s in SAMPLES] + [("leshan-cppcc-2023.txt", "book")]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PDF_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarks":{"type":"boolean","value":"true"}}'



# --- documents ----------------------------------------------------------------------------------
def block_text(doc: Document) -> str:
    parts = []
    for b in doc.blocks:
        parts.append("".join(b.items) if isinstance(b, ListBlock) else b.text)
    return "\n".join(parts)


def expected_outline(doc: Document) -> list[tuple[int, str]]:
    return readback.entries_of(outline(doc))


# --- one build and one LibreOffice PDF per case and session -----------------------------------
@dataclass
class Built:
    doc: Document
    theme: Theme
    docx: Path
    pdf: Path


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("docx")
    profile = (root / "lo-profile").as_uri()
    cache: dict[tuple[str, str], Built] = {}

    def get(sample: str, theme_name: str) -> Built:
        key = (sample, theme_name)
        if key not in cache:
            doc, theme = corpus_document(sample), load_theme(theme_name)
            path = root / f"{Path(sample).stem}-{theme_name}.docx"
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # e.g. python-docx deprecations
                path.write_bytes(write("docx", doc, theme, docx_page_numbers=True))
            with docx_fonts.libreoffice_env(theme) as env:  # the reader's fontconfig aliases
                subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless",
                                "--convert-to", PDF_EXPORT, "--outdir", str(root), str(path)],
                               check=True, capture_output=True, timeout=300, env=env)
            cache[key] = Built(doc, theme, path, path.with_suffix(".pdf"))
        return cache[key]

    return get


# --- reading the PDF ---------------------------------------------------------------------------
@dataclass
class Glyph:
    char: str
    font: str
    x0: float
    top: float
    page: int


def pdf_glyphs(path: Path) -> tuple[list[list[Glyph]], list[str]]:
    """Per page: the visible glyphs in reading order, and the page text."""
    import pdfplumber

    pages, texts = [], []
    with pdfplumber.open(path) as pdf:
        for n, page in enumerate(pdf.pages):
            chars = sorted(page.chars, key=lambda c: (round(c["top"]), c["x0"]))
            pages.append([Glyph(ch, c["fontname"], c["x0"], c["top"], n)
                          for c in chars for ch in c["text"] if ch.strip()])
            texts.append(page.extract_text() or "")
    return pages, texts


def font_key(name: str) -> str:
    """A family or PDF font name as comparable key: NotoSerifCJKjp-Regular and
    Noto Serif CJK SC are the same face collection (LibreOffice names the first face)."""
    base = name.split("+", 1)[-1]
    key = re.sub(r"[^0-9a-z]", "", base.lower())
    return re.sub(r"cjk(sc|tc|jp|kr|hk)", "cjk", key)


@functools.cache
def covered(face: Face) -> frozenset[int]:
    """The code points `face` has glyphs for (others fall back to another font, rightly)."""
    from fontTools.ttLib import TTFont

    font = TTFont(face.file, fontNumber=face.index, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def uses_face(glyphs: list[Glyph], face: Face) -> set[str]:
    """The fonts of the Han glyphs `face` covers, when any of them is not `face`."""
    han = [g for g in glyphs if re.match(r"[\u4e00-\u9fff]", g.char)]
    fonts = {g.font for g in han if ord(g.char) in covered(face)}
    assert fonts, "no glyph to check"
    wrong = {f for f in fonts if not font_key(f).startswith(font_key(face.family))}
    return wrong


class Stream:
    """The body's glyphs (after the 目录) as one string, searched block by block in order."""

    def __init__(self, built: Built):
        pages, self.page_texts = pdf_glyphs(built.pdf)
        self.text_start = text_start_page(built, self.page_texts)
        page = built.theme.page
        bottom = (page["height_mm"] - page["margin_bottom_mm"]) / MM_PER_PT  # footer below
        self.glyphs = [g for page in pages[self.text_start:] for g in page if g.top < bottom]
        self.string = "".join(g.char for g in self.glyphs)
        self.cursor = 0

    def find(self, text: str) -> list[Glyph]:
        target = re.sub(r"\s", "", text)
        at = self.string.find(target, self.cursor)
        if at < 0:
            return []
        self.cursor = at + len(target)
        return self.glyphs[at:self.cursor]

    def skip(self, block: ListBlock) -> list[Glyph]:
        """Move past a list (each item follows a bullet glyph)."""
        for item in block.items:
            self.find(item)
        return []


def toc_entries(built: Built) -> list[Heading]:
    depth = docx_post.toc_depth(built.doc, built.theme)
    return [h for h in built.doc.headings if h.level <= depth]


def text_start_page(built: Built, page_texts: list[str]) -> int:
    """The first page after the 目录 (which ends with a section break)."""
    last = readback.content_chars(toc_entries(built)[-1].outline_text)
    for n, text in enumerate(page_texts):
        if last in readback.content_chars(text):
            return n + 1
    raise AssertionError("the 目录 does not list the last outline entry")


# --- tests: LibreOffice ------------------------------------------------------------------------
@pytest.mark.parametrize("sample,theme_name", CASES)
def test_fonts_in_libreoffice_pdf(built, sample, theme_name):
    b = built(sample, theme_name)
    stream = Stream(b)
    body_face = b.theme.face(b.theme["body"]["role"])
    checked = {"body": 0, "heading": 0}
    for block in b.doc.blocks:
        if isinstance(block, Paragraph):
            found = False
            for inline in block.inlines:  # a byline span is set in kai, the rest in the body face
                glyphs = stream.find(inline.text)
                face = b.theme.face("kai") if isinstance(inline, Span) else body_face
                if glyphs and re.search(r"[\u4e00-\u9fff]", inline.text):
                    assert not uses_face(glyphs, face), (inline.text[:20], face)
                    found = True
            checked["body"] += found
        elif isinstance(block, Heading):
            glyphs = stream.find(block.text)
            assert glyphs, f"heading not found in the PDF: {block.text}"
            # the heading's role's face (一、 黑体, （一） 楷体 …) whatever its depth
            face = b.theme.face(docx_roles.role_spec(b.theme, block.role, block.level)["role"])
            assert not uses_face(glyphs, face), (block.level, block.text, face)
            checked["heading"] += 1
        elif isinstance(block, Div):
            stream.find(block.text)
        else:
            stream.skip(block)
    paragraphs = sum(isinstance(x, Paragraph) for x in b.doc.blocks)
    assert checked["heading"] == len(b.doc.headings)
    assert checked["body"] == paragraphs


@pytest.mark.parametrize("sample,theme_name", CASES)
def test_first_line_indent_two_characters(built, sample, theme_name):
    b = built(sample, theme_name)
    stream = Stream(b)
    body = b.theme["body"]
    left = b.theme.page["margin_left_mm"] / MM_PER_PT
    indent = left + body["indent_chars"] * body["size_pt"]
    measured = 0
    for block in b.doc.blocks:
        glyphs = stream.skip(block) if isinstance(block, ListBlock) else stream.find(block.text)
        if not isinstance(block, Paragraph) or not glyphs:
            continue
        first = glyphs[0]
        assert abs(first.x0 - indent) <= 1, (block.text[:20], first.x0, indent)
        second = next((g for g in glyphs if g.page != first.page or g.top > first.top + 2), None)
        if second is not None:
            assert abs(second.x0 - left) <= 1, (block.text[:20], second.x0, left)
        measured += 1
    assert measured == sum(isinstance(x, Paragraph) for x in b.doc.blocks)


@pytest.mark.parametrize("sample,theme_name", CASES)
def test_toc_lists_headings_with_page_numbers(built, sample, theme_name):
    b = built(sample, theme_name)
    _, texts = pdf_glyphs(b.pdf)
    start = text_start_page(b, texts)
    toc = readback.content_chars("".join(texts[:start]))
    assert toc.startswith("目录")
    pos = 0
    for h in toc_entries(b):
        text = readback.content_chars(h.outline_text)
        at = toc.find(text, pos)
        assert at >= 0, f"目录 lacks {h.outline_text}"
        pos = at + len(text)
        assert re.match(r"\d+", toc[pos:]), f"no page number after {h.outline_text}"
    # a dot leader runs from each entry to its number (LibreOffice draws it as dots)
    raw = "".join(texts[:start])
    assert len(re.findall(r"\.{2,}\s*\d+\s*$", raw, re.M)) == len(toc_entries(b))
    # ... at the end of the entry's last line, never alone on a line of its own
    assert not re.findall(r"^[.\s]*\d+\s*$", raw.split("\n", 1)[1].rsplit("\n", 1)[0], re.M)


@pytest.mark.parametrize("sample,theme_name", CASES)
def test_toc_page_numbers_match_heading_pages(built, sample, theme_name):
    """Each 目录 number is the folio printed on the page where LibreOffice put the heading."""
    import pypdfium2 as pdfium

    b = built(sample, theme_name)
    _, texts = pdf_glyphs(b.pdf)
    start = text_start_page(b, texts)
    pdf = pdfium.PdfDocument(str(b.pdf))
    try:
        dest = [bm.get_dest().get_index() for bm in pdf.get_toc()]
    finally:
        pdf.close()
    z = zipfile.ZipFile(b.docx)
    numbers = re.findall(r"PAGEREF (s[\d-]+) \\h </w:instrText></w:r><w:r><w:fldChar "
                         r'w:fldCharType="separate"/></w:r><w:r><w:t[^>]*>(\d+)<',
                         z.read("word/document.xml").decode())
    index = {h.anchor: i for i, h in enumerate(replace_anchors(b.doc).headings)}
    assert len(numbers) == len(toc_entries(b))
    for anchor, number in numbers:
        assert int(number) == dest[index[anchor]] - start + 1, anchor
    # and the entries are links to the headings' pages
    assert {dest[index[a]] for a, _ in numbers} <= set(toc_link_targets(b.pdf, start))


def toc_link_targets(path: Path, toc_pages: int) -> list[int]:
    import pypdf

    reader = pypdf.PdfReader(path)
    number = {page.indirect_reference.idnum: n for n, page in enumerate(reader.pages)}
    targets = []
    for page in reader.pages[:toc_pages]:
        for annot in page.get("/Annots") or []:
            dest = annot.get_object().get("/Dest")
            if dest:
                targets.append(number[dest[0].idnum])
    return targets


def replace_anchors(doc: Document) -> Document:
    from zhpress.outline import with_anchors

    return with_anchors(doc)


@pytest.mark.parametrize("sample,theme_name", CASES)
def test_pdf_bookmarks_equal_outline(built, sample, theme_name):
    b = built(sample, theme_name)
    marks = [(level, text.removesuffix("。")) for level, text in readback.pdf_outline(b.pdf)]
    expected = expected_outline(b.doc)
    title = b.doc.meta.title
    if marks and expected and expected[0][1] == title and " " not in title:
        # the title is set in lines (w:br), which LibreOffice's bookmark shows as a space
        marks[0] = (marks[0][0], marks[0][1].replace(" ", ""))
    assert marks == expected


# --- tests: the DOCX itself --------------------------------------------------------------------
@pytest.mark.parametrize("sample", SAMPLES)
def test_nothing_lost(built, sample):
    b = built(sample, "gongwen")
    assert (readback.content_chars(readback.docx_text(b.docx))
            == readback.content_chars(block_text(b.doc)))


@pytest.mark.parametrize("sample", SAMPLES)
def test_pandoc_reads_back_the_headings(built, sample):
    import pypandoc

    b = built(sample, "gongwen")
    ast = json.loads(pypandoc.convert_file(str(b.docx), "json", format="docx"))
    heads = [(blk["c"][0], stringify(blk["c"][2]).removesuffix("。"))
             for blk in ast["blocks"] if blk["t"] == "Header"]
    assert heads == expected_outline(b.doc)
    assert readback.docx_outline(b.docx) == expected_outline(b.doc)


def stringify(inlines: list) -> str:
    out = []
    for x in inlines:
        if x["t"] == "Str":
            out.append(x["c"])
        elif x["t"] in ("Space", "SoftBreak"):
            out.append(" ")
        elif isinstance(x.get("c"), list):
            out.append(stringify(x["c"][-1] if x["t"] in ("Span", "Link") else x["c"]))
    return "".join(out)


def test_structure_of_the_docx(built):
    b = built("leshan-cppcc-2023.txt", "gongwen")
    z = zipfile.ZipFile(b.docx)
    styles = z.read("word/styles.xml").decode()
    document = z.read("word/document.xml").decode()
    settings = z.read("word/settings.xml").decode()
    assert "Theme=" not in styles  # no theme fonts anywhere
    for fonts in re.findall(r"<w:rFonts [^>]*/>", styles):
        assert "w:eastAsia=" in fonts, fonts
    assert re.search(r'<w:lang [^>]*w:eastAsia="zh-CN"', styles)
    body_text = re.search(r'w:styleId="BodyText".*?</w:style>', styles, re.S)[0]
    assert 'w:firstLineChars="200"' in body_text and 'w:firstLine="640"' in body_text
    assert 'w:lineRule="exact"' in body_text
    for level in (1, 2, 3):
        style = re.search(rf'w:styleId="Heading{level}".*?</w:style>', styles, re.S)[0]
        assert re.search(rf'<w:outlineLvl w:val="{level - 1}" ?/>', style)  # pandoc writes " />"
    assert "updateFields" not in settings and 'w:dirty' not in document
    for style in ("Title", "Subtitle", "Author", "Date"):  # no duplicate title block
        assert f'<w:pStyle w:val="{style}"/>' not in document
    anchors = set(re.findall(r'w:anchor="([^"]+)"', document))
    assert anchors and anchors <= set(re.findall(r'w:bookmarkStart [^>]*w:name="([^"]+)"',
                                                 document))
    assert 'w:pgSz w:h="16838" w:w="11906"' in document.replace("w:w=\"11906\" w:h", "w:h")
    footer = z.read("word/footer1.xml").decode()
    assert "PAGE" in footer and "—" in footer
    core = z.read("docProps/core.xml").decode()
    assert "<dc:title>中国人民政治协商会议乐山市第八届委员会常务委员会工作报告</dc:title>" in core
    assert "<dc:creator>乐山市政协主席 黄平林</dc:creator>" in core
    assert "<dc:language>zh-CN</dc:language>" in core
    assert "2023年2月21日在政协乐山市第八届委员会第三次会议上</dc:subject>" in core
    assert ">2023-02-21T00:00:00Z</dcterms:created>" in core


# --- tests: reproducibility ----------------------------------------------------------------------
@pytest.mark.parametrize("sample", ["leshan-cppcc-2023.txt", "constitution.txt"])
def test_two_builds_are_identical(built, sample):
    b = built(sample, "gongwen")
    again = write("docx", b.doc, b.theme, docx_page_numbers=True)
    assert hashlib.sha256(again).digest() == hashlib.sha256(b.docx.read_bytes()).digest()


# --- tests: the page grid, in LibreOffice's layout ---------------------------------------------
FULL_WIDTH = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e\u2014\u2018-\u201d\u2026]+")


def body_lines(b: Built) -> list[list[str]]:
    """Per page after the 目录: the text lines above the footer, top to bottom."""
    import pdfplumber

    page = b.theme.page
    bottom = (page["height_mm"] - page["margin_bottom_mm"]) / MM_PER_PT
    _, texts = pdf_glyphs(b.pdf)
    out = []
    with pdfplumber.open(b.pdf) as pdf:
        for p in pdf.pages[text_start_page(b, texts):]:
            rows: dict[int, list] = {}
            for c in p.chars:
                if c["top"] < bottom and c["text"].strip():
                    rows.setdefault(round(c["top"]), []).append(c)
            out.append(["".join(c["text"] for c in sorted(rows[top], key=lambda c: c["x0"]))
                        for top in sorted(rows)])
    return out


@pytest.mark.parametrize("sample,theme_name", CASES)
def test_characters_per_line_follow_the_grid(built, sample, theme_name):
    """A line of full-width characters holds the theme's chars_per_line (GB/T 9704: 28), as in
    the PDF; never more. (Lines with Latin digits or a line-start adjustment hold fewer.)"""
    b = built(sample, theme_name)
    per_line = b.theme.page["chars_per_line"]
    lengths = [len(line) for page in body_lines(b) for line in page
               if FULL_WIDTH.fullmatch(line)]
    assert max(lengths) == per_line  # 27 before the grid, 14 with Word's character grid
    assert lengths.count(per_line) >= 10


@pytest.mark.parametrize("sample", SAMPLES)
def test_lines_per_page_follow_the_grid(built, sample):
    """gongwen: 22 lines on every full page of body text (GB/T 9704 5.2.3)."""
    b = built(sample, "gongwen")
    counts = [len(page) for page in body_lines(b)[:-1]]  # the last page is not full
    assert max(counts) == b.theme.page["lines_per_page"]
    assert counts.count(b.theme.page["lines_per_page"]) > len(counts) / 2, counts


@pytest.mark.parametrize("sample,theme_name", CASES)
def test_no_number_split_across_lines(built, sample, theme_name):
    """`4.1`, `7.2%`, `2023`: LibreOffice breaks inside them when the Western-text language is
    Chinese; with en-US (East Asian zh-CN) a number stays on one line."""
    b = built(sample, theme_name)
    splits = []
    for page in body_lines(b):
        for before, after in zip(page, page[1:], strict=False):
            if re.search(r"[0-9][.．]?$", before) and re.match(r"[0-9.．%％]", after):
                splits.append((before[-6:], after[:6]))
    assert splits == []


# the samples whose text has a title line (hailar's title is inferred: metadata, no heading)
TITLED = [(s, t) for s, t in CASES if not s.startswith("hailar")]


@pytest.mark.parametrize("sample,theme_name", TITLED)
def test_title_lines_in_libreoffice_end_at_word_ends(built, sample, theme_name):
    """LibreOffice sets the title in the lines the PDF has (no `常 / 务`)."""
    from zhpress.typeset import titles
    from zhpress.writers.docx import title_lines

    b = built(sample, theme_name)
    first = b.doc.blocks[0]
    assert isinstance(first, Heading) and first.text == b.doc.meta.title
    expected = title_lines(b.theme)(first.text)
    shown = body_lines(b)[0][:len(expected)]
    assert [re.sub(r"\s", "", s) for s in shown] == [re.sub(r"\s", "", s) for s in expected]
    for n in range(1, len(expected)):
        assert len("".join(expected[:n])) in titles.break_points(first.text)
