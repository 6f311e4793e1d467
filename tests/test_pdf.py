"""The PDF a Chinese typesetter accepts (issue 4), measured from the rendered files.

Each PDF is rendered once per session (in parallel) with `pdf.write`, then read back with
pdfplumber (glyph positions, fonts, sizes), pypdfium2 (bookmarks) and pypdf (metadata).
Visual lines are the glyphs sharing a baseline; they are matched to the document's blocks by
consuming each block's content characters, so a paragraph's last line is known exactly.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import re
import statistics
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pytest
from conftest import CORPUS, write

from zhpress.check.readback import content_chars, entries_of, pdf_outline
from zhpress.model import Document, Heading, Meta, Paragraph, Text
from zhpress.outline import outline, with_anchors
from zhpress.readers.normalize import normalize_bytes
from zhpress.style.theme import MM_PER_PT, load_theme
from zhpress.typeset import linebreak as weasy_cjk
from zhpress.writers import pdf

REPORT, LAW = "leshan-cppcc-2023.txt", "constitution.txt"
THEMES = ("gongwen", "book")
FORBIDDEN_START = set("，。、；：？！”’）》」』】〉〕·～／－")
FORBIDDEN_END = set("“‘（《「『【〈〔")
PUNCT = set(weasy_cjk.OPENING_MARKS + weasy_cjk.CLOSING_MARKS)
ASCENT = 0.88  # top of the ideographic em box above the baseline (Noto CJK / Source Han)
MM = 1 / MM_PER_PT


def load(name: str) -> Document:
    doc, _ = normalize_bytes((CORPUS / name).read_bytes(), name)
    return with_anchors(doc)


def _render(job: tuple[str, str, bool, str]) -> str:
    name, theme, typography, out = job
    doc = load(name)
    if typography:
        data = write("pdf", doc, load_theme(theme))
    else:  # plain WeasyPrint: same HTML without the extensions
        html = pdf.document_html(doc, load_theme(theme), typography=False)
        data = pdf.render_html(html, typography=False)
    Path(out).write_bytes(data)
    return out


@dataclass
class Line:
    chars: list[dict]
    page: int
    unit: int = -1  # index into Rendered.units

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    def right(self, trimmed: bool) -> float:
        """Right edge of the last glyph; a full-width closing mark trimmed to ½ em at line end
        (weasy_cjk) ends at its middle."""
        last = self.chars[-1]
        if trimmed and last["text"] in weasy_cjk.CLOSING_MARKS:
            return last["x0"] + last["size"] / 2
        return last["x1"]

    @property
    def baseline(self) -> float:  # from the top of the page
        return self.chars[0]["page_height"] - self.chars[0]["matrix"][5]


@dataclass
class Rendered:
    name: str
    theme: str
    typography: bool
    path: Path
    doc: Document
    body_start: int = 0  # page index of body page 1
    pages: int = 0
    lines: list[Line] = field(default_factory=list)  # body text lines (no folios, heads)
    furniture: list[Line] = field(default_factory=list)  # folios and running heads
    front: list[Line] = field(default_factory=list)  # the 目录 pages
    units: list[tuple[str, int]] = field(default_factory=list)  # (kind, content chars)

    @property
    def block(self) -> tuple[float, float, float, float]:
        """Text block (left, top, right, bottom) in pt, from the theme."""
        p = load_theme(self.theme).page
        left, top = p["margin_left_mm"] * MM, p["margin_top_mm"] * MM
        return left, top, (p["width_mm"] - p["margin_right_mm"]) * MM, (
            p["height_mm"] - p["margin_bottom_mm"]) * MM

    def unit_lines(self) -> list[list[Line]]:
        out: list[list[Line]] = [[] for _ in self.units]
        for line in self.lines:
            out[line.unit].append(line)
        return out


def _units(doc: Document) -> list[tuple[str, int]]:
    """(kind, content characters) of what is set as one block: a run-in heading and the
    paragraph that follows it are one paragraph."""
    out: list[tuple[str, int]] = []
    blocks = list(doc.blocks)
    for i, block in enumerate(blocks):
        text = getattr(block, "text", None) or "".join(getattr(block, "items", ()))
        run_in = i and isinstance(blocks[i - 1], Heading) and blocks[i - 1].run_in
        if isinstance(block, Paragraph) and run_in:
            out[-1] = ("para", out[-1][1] + len(content_chars(text)))
        elif isinstance(block, Heading) and not block.run_in or not isinstance(block, Paragraph):
            out.append(("heading" if isinstance(block, Heading) else "other",
                        len(content_chars(text))))
        else:
            out.append(("para", len(content_chars(text))))
    return out


def _read(r: Rendered) -> Rendered:
    r.units = _units(r.doc)
    r.body_start = _bookmark_pages(r.path)[0]
    left, top, right, bottom = r.block
    with pdfplumber.open(r.path) as document:
        r.pages = len(document.pages)
        for index, page in enumerate(document.pages):
            rows: dict[float, list[dict]] = {}
            for char in page.chars:
                char["page_height"] = page.height
                rows.setdefault(round(char["matrix"][5], 1), []).append(char)
            for y in sorted(rows, reverse=True):
                line = Line(sorted(rows[y], key=lambda c: c["x0"]), index)
                if index < r.body_start:
                    r.front.append(line)
                elif top - 10 < line.baseline < bottom + 10:
                    r.lines.append(line)
                else:
                    r.furniture.append(line)
    remaining, unit = r.units[0][1], 0
    for line in r.lines:
        count = len(content_chars(line.text))
        while count and remaining == 0:
            unit += 1
            remaining = r.units[unit][1]
        assert count <= remaining, f"line {line.text!r} runs over its block"
        remaining -= count
        line.unit = unit
    assert unit == len(r.units) - 1 and remaining == 0, "text lost or added"
    return r


def _bookmark_pages(path: Path) -> list[int]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return [item.get_dest().get_index() for item in document.get_toc()]
    finally:
        document.close()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[tuple[str, str, bool], Rendered]:
    tmp = tmp_path_factory.mktemp("pdf")
    keys = [(n, t, True) for n in (REPORT, LAW) for t in THEMES]
    keys += [(REPORT, t, False) for t in THEMES]
    jobs = [(n, t, typo, str(tmp / f"{n}-{t}-{typo}.pdf")) for n, t, typo in keys]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        paths = pool.map(_render, jobs)
    return {k: _read(Rendered(k[0], k[1], k[2], Path(p), load(k[0])))
            for k, p in zip(keys, paths, strict=True)}


def flush_share(r: Rendered) -> tuple[float, int, float]:
    """Share of non-final lines of body paragraphs that end within 0.5 pt of the block's right
    edge; also checks that each such line starts at the left edge or the 2-em indent."""
    left, _, right, _ = r.block
    size = load_theme(r.theme)["body"]["size_pt"]
    flush = total = 0
    worst = 0.0
    for (kind, _), lines in zip(r.units, r.unit_lines(), strict=True):
        if kind != "para":
            continue
        for line in lines[:-1]:  # a page break inside a paragraph keeps the line justified
            assert min(abs(line.x0 - left), abs(line.x0 - left - 2 * size)) < 1, line.text
            gap = abs(right - line.right(r.typography))
            total += 1
            flush += gap <= 0.5
            worst = max(worst, gap)
    return flush / total, total, worst


@pytest.mark.parametrize("theme", THEMES)
def test_justified_lines_are_flush(rendered, theme: str) -> None:
    share, total, worst = flush_share(rendered[REPORT, theme, True])
    plain, plain_total, plain_worst = flush_share(rendered[REPORT, theme, False])
    print(f"\n{theme}: {share:.1%} of {total} non-final body lines flush (worst {worst:.2f} pt);"
          f" plain WeasyPrint {plain:.1%} of {plain_total} (worst {plain_worst:.2f} pt)")
    assert share >= 0.99
    assert plain < 0.9  # the measure is not fooled: stock WeasyPrint fails it


@pytest.mark.parametrize("name", [REPORT, LAW])
@pytest.mark.parametrize("theme", THEMES)
def test_line_start_and_end_prohibitions(rendered, name: str, theme: str) -> None:
    r = rendered[name, theme, True]
    texts = [line.text.strip() for line in r.lines + r.front]
    assert not [t for t in texts if t[0] in FORBIDDEN_START]
    assert not [t for t in texts if t[-1] in FORBIDDEN_END]


@pytest.mark.parametrize("theme", THEMES)
def test_adjacent_punctuation_compressed(rendered, theme: str) -> None:
    widths = []
    for name in (REPORT, LAW):
        for line in rendered[name, theme, True].lines:
            for a, b, c in zip(line.chars, line.chars[1:], line.chars[2:], strict=False):
                if a["text"] in PUNCT and b["text"] in PUNCT and c["text"] not in PUNCT:
                    widths.append((c["x0"] - a["x0"]) / a["size"])
    print(f"\n{theme}: {len(widths)} adjacent mark pairs, widest {max(widths):.3f} em")
    assert len(widths) > 20 and max(widths) < 2


@pytest.mark.parametrize("name", [REPORT, LAW])
@pytest.mark.parametrize("theme", THEMES)
def test_nothing_lost(rendered, name: str, theme: str) -> None:
    r = rendered[name, theme, True]
    doc_text = "".join(getattr(b, "text", None) or "".join(getattr(b, "items", ()))
                       for b in r.doc.blocks)
    assert content_chars("".join(line.text for line in r.lines)) == content_chars(doc_text)


@pytest.mark.parametrize("name", [REPORT, LAW])
@pytest.mark.parametrize("theme", THEMES)
def test_bookmarks_and_toc(rendered, name: str, theme: str) -> None:
    r = rendered[name, theme, True]
    assert pdf_outline(r.path) == entries_of(outline(r.doc))
    assert all(text[-1] != "。" for _, text in pdf_outline(r.path))
    # The 目录: every level-1 and level-2 heading, with the body page number of its bookmark.
    entries, pending = [], ""
    for line in r.front[1:]:  # after the 目录 heading
        pending += line.text
        if m := re.fullmatch(r"(.*?)\s*\.{3,}\s*(\d+)", pending):
            entries.append((re.sub(r"\s", "", m.group(1)), int(m.group(2))))
            pending = ""
    pages = _bookmark_pages(r.path)
    expected = [(re.sub(r"\s", "", h.outline_text), pages[i] - r.body_start + 1)
                for i, h in enumerate(r.doc.headings) if h.level <= 2]
    assert entries == expected
    # every page number ends at the text block's right edge (the leaders fill each line)
    number_ends = [line.chars[-1]["x1"] for line in r.front[1:]
                   if line.chars and line.chars[-1]["text"].isdigit()]
    assert len(number_ends) == len(expected)
    assert max(abs(x - r.block[2]) for x in number_ends) < 1.0, number_ends
    assert r.body_start % 2 == 0  # body page 1 is a right-hand page (0-based even index)
    assert not [ln for ln in r.furniture if ln.page < r.body_start]  # no folio on the 目录


def test_gongwen_page_geometry(rendered) -> None:
    """GB/T 9704: A4, 37/35/28/26 mm, 28 × 22, folio 7 mm below, odd right / even left."""
    r = rendered[REPORT, "gongwen", True]
    left, top, right, bottom = r.block
    size = 16.0
    assert r.lines[0].chars[0]["page_height"] == pytest.approx(297 * MM, abs=0.5)
    para_lines = [ln for (kind, _), lines in zip(r.units, r.unit_lines(), strict=True)
                  if kind == "para" for ln in lines]
    unindented = [ln.x0 for ln in para_lines if abs(ln.x0 - left) < 2 * MM]
    assert abs(statistics.median(unindented) - left) < 1 * MM
    by_page: dict[int, list[Line]] = {}
    for line in r.lines:
        by_page.setdefault(line.page, []).append(line)
    full = [lines for lines in by_page.values() if len(lines) == 22]
    assert max(len(lines) for lines in by_page.values()) == 22 and len(full) >= 3
    tops = [lines[0].baseline - ASCENT * size for lines in full]
    print(f"\ntext block top {statistics.mean(tops) / MM:.2f} mm, left "
          f"{statistics.median(unindented) / MM:.2f} mm; {len(full)} pages of 22 lines")
    assert all(abs(t - top) < 1 * MM for t in tops)
    body_font = statistics.mode(ln.chars[0]["fontname"] for ln in r.lines)
    pitches = [b.baseline - a.baseline for lines in full
               for a, b in zip(lines, lines[1:], strict=False)
               if a.chars[0]["fontname"] == b.chars[0]["fontname"] == body_font]
    assert max(pitches) - min(pitches) < 0.05  # one line grid (other faces' baselines differ)
    flush = [ln.right(True) for ln in para_lines if abs(ln.right(True) - right) < 2 * MM]
    assert abs(statistics.median(flush) - right) < 1 * MM
    wide = [ln for ln in para_lines if abs(ln.right(True) - right) < 0.5 and
            all(_wide(c["text"]) for c in ln.chars) and
            not any(a["text"] in PUNCT and b["text"] in PUNCT
                    for a, b in zip(ln.chars, ln.chars[1:], strict=False))]
    counts = [len(ln.chars) + (ln.x0 > left + 1) * 2 for ln in wide]  # + the indent
    print(f"characters per full line: {statistics.mode(counts)} (of {len(counts)} lines)")
    assert statistics.mode(counts) == 28 and counts.count(28) / len(counts) > 0.9
    folios = [ln for ln in r.furniture if ln.page >= r.body_start]
    assert len(folios) == r.pages - r.body_start
    for line in folios:
        number = line.page - r.body_start + 1
        assert re.sub(r"\s", "", line.text) == f"—{number}—"
        assert {round(c["size"], 1) for c in line.chars} == {14.0}
        assert abs(line.baseline - ASCENT * 14 - bottom - 7 * MM) < 1 * MM
        if number % 2:
            assert abs(line.chars[-1]["x1"] - (right - 14)) < 1 * MM
        else:
            assert abs(line.x0 - (left + 14)) < 1 * MM


def _wide(text: str) -> bool:
    return len(text) == 1 and unicodedata.east_asian_width(text) in "WF"


def _face_name(family: str) -> str:
    return re.sub(r"[\s-]", "", family).lower()


@pytest.mark.parametrize("theme", THEMES)
def test_embedded_fonts_are_resolved_roles(rendered, theme: str) -> None:
    r = rendered[REPORT, theme, True]
    t = load_theme(theme)
    expected = {"body": t.face(t["body"]["role"]).family}
    for level in (2, 3):
        expected[f"h{level}"] = t.face(t.heading_style(level)["role"]).family
    found: dict[str, set[str]] = {}
    blocks = [b for b in r.doc.blocks if not (isinstance(b, Paragraph) and b.inlines and
                                              not isinstance(b.inlines[0], Text))]
    for (kind, _), lines, block in zip(r.units, r.unit_lines(), _unit_blocks(r.doc), strict=True):
        role = "body" if kind == "para" and isinstance(block, Paragraph) else (
            f"h{block.level}" if isinstance(block, Heading) and not block.run_in else None)
        if role in expected and block in blocks:
            for line in lines:
                found.setdefault(role, set()).update(
                    _face_name(c["fontname"].split("+")[-1]) for c in line.chars
                    if _wide(c["text"]))
    for role, fam in expected.items():
        assert found[role] and all(f.startswith(_face_name(fam)) for f in found[role]), role


def _unit_blocks(doc: Document) -> list:
    out: list = []
    for i, block in enumerate(doc.blocks):
        previous = doc.blocks[i - 1] if i else None
        if isinstance(block, Paragraph) and isinstance(previous, Heading) and previous.run_in:
            continue
        out.append(block)
    return out


def test_metadata(rendered) -> None:
    from pypdf import PdfReader

    r = rendered[REPORT, "gongwen", True]
    reader = PdfReader(r.path)
    meta = reader.metadata
    assert meta.title == r.doc.meta.title and meta.author == r.doc.meta.author
    assert meta.subject == r.doc.meta.subtitle and r.doc.meta.title in meta["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_pdf_a_3b() -> None:
    """PDF/A-3b as an option: WeasyPrint writes the identification and the output intent (no
    validator such as veraPDF is packaged for Debian or PyPI here, so it is not validated)."""
    from pypdf import PdfReader

    doc = Document(Meta(title="测试"), (Heading(1, "测试"), Paragraph((Text("正文。"),))))
    data = write("pdf", doc, load_theme("gongwen"), pdf_variant="pdf/a-3b")
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert reader.trailer["/Root"]["/OutputIntents"]


def test_coverage_reports_missing_glyphs(caplog) -> None:
    from zhpress.style.coverage import uncovered

    theme = load_theme("gongwen")
    doc = Document(Meta(title="缺字"), (Paragraph((Text("生僻字\U00031350在此。"),)),))
    assert [m.split()[0] for m in uncovered(doc, theme)] == ["U+31350"]
    assert uncovered(load(REPORT), theme) == []
    with caplog.at_level(logging.WARNING, logger="zhpress"):
        write("pdf", doc, theme)
    assert "U+31350" in caplog.text


# ----------------------------------------------------------------------------- font re-subsetting


@pytest.fixture(scope="module")
def report_pdfs(tmp_path_factory) -> tuple[Path, Path]:
    """The report in gongwen as WeasyPrint writes it, and after pdf_fonts.shrink."""
    from zhpress.writers.pdf import fonts as pdf_fonts

    tmp = tmp_path_factory.mktemp("fonts")
    before = pdf.render_html(pdf.document_html(load(REPORT), load_theme("gongwen")))
    after = pdf_fonts.shrink(before)
    assert pdf_fonts.shrink(before) == after  # reproducible
    (tmp / "before.pdf").write_bytes(before)
    (tmp / "after.pdf").write_bytes(after)
    return tmp / "before.pdf", tmp / "after.pdf"


def test_pdf_size(rendered, report_pdfs) -> None:
    size = rendered[REPORT, "gongwen", True].path.stat().st_size
    before, after = (p.stat().st_size for p in report_pdfs)
    print(f"\nreport PDF: {before:,} bytes as WeasyPrint writes it, {after:,} after pdf_fonts")
    assert size == after
    assert size <= 300_000


def _run(*args: str) -> str:
    import subprocess

    return subprocess.run(args, capture_output=True, check=True, text=True).stdout


def test_font_shrink_keeps_rendering_and_text(report_pdfs, tmp_path) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageChops

    before, after = report_pdfs
    assert _run("pdftotext", str(before), "-") == _run("pdftotext", str(after), "-")
    fonts = _run("pdffonts", str(after)).splitlines()[2:]
    assert fonts and all(" yes yes yes " in line for line in fonts)  # embedded, subset, ToUnicode
    assert "No syntax or stream encoding errors" in _run("qpdf", "--check", str(after))
    pages = len(pdfium.PdfDocument(str(before)))
    for page in sorted({1, 3, pages // 2, pages}):  # poppler: pixel-identical
        images = []
        for name, path in (("b", before), ("a", after)):
            _run("pdftoppm", "-r", "72", "-f", str(page), "-l", str(page), "-png", str(path),
                 str(tmp_path / name))
            images.append(next(tmp_path.glob(f"{name}-*.png")).read_bytes())
            next(tmp_path.glob(f"{name}-*.png")).unlink()
        assert images[0] == images[1], page
    docs = [pdfium.PdfDocument(str(p)) for p in report_pdfs]
    for index in range(pages):  # pdfium: same text; the same glyphs, antialiased a hair apart
        texts = [d[index].get_textpage().get_text_range() for d in docs]
        assert texts[0] == texts[1]
        if index in (0, 2, pages - 1):
            a, b = (d[index].render(scale=1).to_pil().convert("L") for d in docs)
            assert max(ImageChops.difference(a, b).getextrema()) < 64


def test_font_shrink_leaves_other_input_alone() -> None:
    from zhpress.writers.pdf import fonts as pdf_fonts

    assert pdf_fonts.shrink(b"not a pdf") == b"not a pdf"
    assert pdf_fonts.shrink(b"%PDF-1.7\n") == b"%PDF-1.7\n"
