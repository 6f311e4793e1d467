"""The PDF a Chinese typesetter accepts (issue 4), measured from the rendered files.

The PDFs are rendered once per session (the `rendered` fixture, conftest.py) and read back
(pdf_pages.py); here pypdf reads the metadata.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
import unicodedata

import pytest
from helpers import write
from pdf_pages import (
    ASCENT,
    FORBIDDEN_END,
    FORBIDDEN_START,
    LAW,
    MM,
    PUNCT,
    REPORT,
    THEMES,
    Line,
    Rendered,
    bookmark_pages,
    load,
)

from zhpress.check.readback import content_chars, entries_of, pdf_outline
from zhpress.model import Document, Heading, Meta, Paragraph, Text
from zhpress.outline import outline
from zhpress.style.theme import load_theme


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


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_justified_lines_are_flush(rendered, theme: str) -> None:
    share, total, worst = flush_share(rendered[REPORT, theme, True])
    plain, plain_total, plain_worst = flush_share(rendered[REPORT, theme, False])
    print(f"\n{theme}: {share:.1%} of {total} non-final body lines flush (worst {worst:.2f} pt);"
          f" plain WeasyPrint {plain:.1%} of {plain_total} (worst {plain_worst:.2f} pt)")
    assert share >= 0.99
    assert plain < 0.9  # the measure is not fooled: stock WeasyPrint fails it


@pytest.mark.slow
@pytest.mark.parametrize("name", [REPORT, LAW])
@pytest.mark.parametrize("theme", THEMES)
def test_line_start_and_end_prohibitions(rendered, name: str, theme: str) -> None:
    r = rendered[name, theme, True]
    texts = [line.text.strip() for line in r.lines + r.front]
    assert not [t for t in texts if t[0] in FORBIDDEN_START]
    assert not [t for t in texts if t[-1] in FORBIDDEN_END]


@pytest.mark.slow
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


@pytest.mark.slow
@pytest.mark.parametrize("name", [REPORT, LAW])
@pytest.mark.parametrize("theme", THEMES)
def test_nothing_lost(rendered, name: str, theme: str) -> None:
    r = rendered[name, theme, True]
    doc_text = "".join(getattr(b, "text", None) or "".join(getattr(b, "items", ()))
                       for b in r.doc.blocks)
    assert content_chars("".join(line.text for line in r.lines)) == content_chars(doc_text)


@pytest.mark.slow
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
    pages = bookmark_pages(r.path)
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


@pytest.mark.slow
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
        assert bottom < line.baseline - ASCENT * 14 < bottom + 7 * MM  # the ink: test_folio.py
        if number % 2:
            assert abs(line.chars[-1]["x1"] - (right - 14)) < 1 * MM
        else:
            assert abs(line.x0 - (left + 14)) < 1 * MM


def _wide(text: str) -> bool:
    return len(text) == 1 and unicodedata.east_asian_width(text) in "WF"


def _face_name(family: str) -> str:
    return re.sub(r"[\s-]", "", family).lower()


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_embedded_fonts_are_resolved_roles(rendered, theme: str) -> None:
    r = rendered[REPORT, theme, True]
    t = load_theme(theme)
    expected = {"body": t.face(t["body"]["role"]).family}
    headings = [h for h in r.doc.headings if h.level in (2, 3) and not h.run_in]
    for h in headings:  # styled by what they are (Theme.role_style), else by depth
        style = t.role_style(h.role) or t.heading_style(h.level)
        expected[h.role or f"h{h.level}"] = t.face(style["role"]).family
    found: dict[str, set[str]] = {}
    blocks = [b for b in r.doc.blocks if not (isinstance(b, Paragraph) and b.inlines and
                                              not isinstance(b.inlines[0], Text))]
    for (kind, _), lines, block in zip(r.units, r.unit_lines(), _unit_blocks(r.doc), strict=True):
        role = "body" if kind == "para" and isinstance(block, Paragraph) else (
            block.role or f"h{block.level}" if block in headings else None)
        if role in expected and block in blocks:
            for line in lines:  # Han characters: punctuation has its own face (fonts.conf)
                found.setdefault(role, set()).update(
                    _face_name(c["fontname"].split("+")[-1]) for c in line.chars
                    if _wide(c["text"]) and c["text"].isalnum())
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


@pytest.mark.slow
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

