"""zhpress.typeset.justify with real WeasyPrint renderings: justified lines flush, final lines
natural, text extracted unchanged, line-start and line-end rules at many widths, compressed
punctuation pairs; and the justification scan's pure gap rules.

The rendering tests lay out the sample corpus (paragraphs = lines longer than 40
characters) in a 28 em box at 16 pt and measure glyph positions with pdfplumber.
"""

from __future__ import annotations

import html
import io
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterator

import pdfplumber
import pypdfium2
import pytest
import weasyprint
from helpers import corpus_paragraphs

from zhpress.typeset import justify as J
from zhpress.typeset import linebreak as W
from zhpress.typeset import weasyprint as P

FONT_PT = 16.0
MEASURE_EM = 28
MARGIN_PT = 20 / 25.4 * 72
LEFT = MARGIN_PT
RIGHT = MARGIN_PT + MEASURE_EM * FONT_PT
TOLERANCE = 0.5

FORBIDDEN_START = set("，。、；：？！”’）》」』】〉·～／－")
FORBIDDEN_END = set("“‘（《「『【〈")
PUNCT = set(W.OPENING_MARKS + W.CLOSING_MARKS)
WHITESPACE = re.compile(r"\s+")


def document(paragraphs: list[str], *, prepared: bool, width_em: float = MEASURE_EM) -> str:
    convert = W.prepare_text_html if prepared else lambda t: html.escape(t, quote=False)
    body = "".join(f"<p>{convert(p)}</p>" for p in paragraphs)
    return (
        '<html lang="zh-CN"><head><style>'
        f"@page {{ size: A4; margin: {MARGIN_PT}pt }}"
        f'body {{ font-family: "Noto Serif CJK SC"; font-size: {FONT_PT}pt; margin: 0 }}'
        f"p {{ width: {width_em}em; text-align: justify; text-indent: 2em; margin: 0 0 1em }}"
        f"{W.HALT_CSS}</style></head><body>{body}</body></html>"
    )


def render(source: str, *, installed: bool) -> bytes:
    was_installed = P.is_installed()
    P.install() if installed else P.uninstall()
    try:
        return weasyprint.HTML(string=source).write_pdf()
    finally:
        P.install() if was_installed else P.uninstall()


def pdf_lines(pdf: bytes) -> list[list[dict]]:
    """Visual lines (chars sorted by x) of all pages, in reading order."""
    lines: list[list[dict]] = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            rows: dict[float, list[dict]] = defaultdict(list)
            for char in page.chars:
                rows[round(char["top"], 1)].append(char)
            lines.extend(sorted(rows[top], key=lambda c: c["x0"]) for top in sorted(rows))
    return lines


def line_text(line: list[dict]) -> str:
    return "".join(c["text"] for c in line)


def paragraph_lines(lines: list[list[dict]], paragraphs: list[str]) -> Iterator[list[list[dict]]]:
    """Group visual lines by source paragraph by consuming the characters of each paragraph."""
    it = iter(lines)
    for para in paragraphs:
        want = len(WHITESPACE.sub("", para))
        got: list[list[dict]] = []
        count = 0
        while count < want:
            line = next(it)
            got.append(line)
            count += len(WHITESPACE.sub("", line_text(line)))
        assert count == want, para[:20]
        yield got


def right_edge(line: list[dict], installed: bool) -> float:
    """The right edge of a line's last glyph. When installed, a full-width closing mark at
    line end is trimmed to ½ em, so its advance is taken as ½ em."""
    last = line[-1]
    if installed and last["text"] in W.CLOSING_MARKS and last["x1"] - last["x0"] > 0.9 * FONT_PT:
        return last["x0"] + FONT_PT / 2
    return last["x1"]


def flush_ratio(pdf: bytes, paragraphs: list[str], installed: bool) -> tuple[float, int, float]:
    flush = total = 0
    worst = 0.0
    for para in paragraph_lines(pdf_lines(pdf), paragraphs):
        for line in para[:-1]:
            gap = abs(RIGHT - right_edge(line, installed))
            total += 1
            flush += gap <= TOLERANCE
            worst = max(worst, gap)
    return flush / total, total, worst


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    return corpus_paragraphs()


@pytest.fixture(scope="module")
def pdf_plain(paragraphs: list[str]) -> bytes:
    return render(document(paragraphs, prepared=False), installed=False)


@pytest.fixture(scope="module")
def pdf_cjk(paragraphs: list[str]) -> bytes:
    return render(document(paragraphs, prepared=True), installed=True)


# ----------------------------------------------------------------------------- pure gap rules


@pytest.mark.parametrize(
    ("left", "right", "allowed"),
    [
        ("天", "地", True),
        ("地", "，", True),
        ("，", "“", True),
        ("—", "—", False),
        ("…", "…", False),
        ("2", "0", False),
        ("R", "&", False),
        ("2", "年", True),
        ("年", "2", True),
        (" ", "记", True),
        ("军", " ", False),
        ("文", "/", False),
        ("3", "～", False),
    ],
)
def test_gap_allowed(left: str, right: str, allowed: bool) -> None:
    assert J._gap_allowed(left, right) is allowed


def test_simple_run_characters_allow_every_gap() -> None:
    """The scan's fast path (zhpress.typeset.justify._SIMPLE_RUN) gives the same gaps as _gap_allowed."""
    from zhpress.typeset import justify as hook

    chars = [chr(c) for c in (*range(0x3000, 0x3100), *range(0xFF00, 0xFF70), 0x4E00, 0x9FFF,
                              0x3400, 0x201C, 0x201D, 0x2018, 0x2019, 0x2014, 0x2026)]
    simple = [c for c in chars if hook._SIMPLE_RUN.fullmatch(c)]
    assert len(simple) > 300
    for char in simple:
        assert len(char.encode()) == 3 and J._char_class(char) == "c"
        assert all(J._gap_allowed(char, other) for other in simple[::7])


# ----------------------------------------------------------------------------- rendered PDFs


def test_justification_flush(pdf_plain: bytes, pdf_cjk: bytes, paragraphs: list[str]) -> None:
    ratio_on, n_on, worst_on = flush_ratio(pdf_cjk, paragraphs, installed=True)
    ratio_off, n_off, worst_off = flush_ratio(pdf_plain, paragraphs, installed=False)
    print(
        f"\nflush non-final lines (|gap| <= {TOLERANCE}pt): "
        f"with install {ratio_on:.1%} of {n_on} (worst {worst_on:.2f}pt), "
        f"without {ratio_off:.1%} of {n_off} (worst {worst_off:.2f}pt)"
    )
    assert ratio_on >= 0.99
    assert ratio_off <= ratio_on - 0.15


def test_final_lines_not_stretched(pdf_cjk: bytes, paragraphs: list[str]) -> None:
    """A paragraph's last line keeps natural spacing: consecutive Han glyphs are 1 em apart."""
    for para in paragraph_lines(pdf_lines(pdf_cjk), paragraphs):
        last = para[-1]
        for a, b in zip(last, last[1:], strict=False):
            if "\u4e00" <= a["text"] <= "\u9fff" and "\u4e00" <= b["text"] <= "\u9fff":
                assert b["x0"] - a["x0"] == pytest.approx(FONT_PT, abs=0.01)


def _pdftotext(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def _pdfium_text(pdf: bytes) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return "".join(page.get_textpage().get_text_range() for page in doc)
    finally:
        doc.close()


def test_extracted_text_unchanged(pdf_cjk: bytes, paragraphs: list[str]) -> None:
    source = WHITESPACE.sub("", "".join(paragraphs))
    for name, text in (("pdftotext", _pdftotext(pdf_cjk)), ("pdfium", _pdfium_text(pdf_cjk))):
        assert W.WORD_JOINER not in text, name
        assert "\ufffd" not in text, name
        assert WHITESPACE.sub("", text) == source, name
        # No space is made up between glyphs (the source has a handful of real spaces).
        inline_spaces = sum(line.count(" ") for line in text.splitlines())
        print(
            f"\n{name}: {inline_spaces} spaces inside lines, source has {''.join(paragraphs).count(' ')}"
        )
        assert inline_spaces <= "".join(paragraphs).count(" ")


def test_inter_character_expansion_is_small(pdf_cjk: bytes) -> None:
    """pdftotext sees a word break when glyphs are more than 0.1 em apart."""
    widest = 0.0
    for line in pdf_lines(pdf_cjk):
        for a, b in zip(line, line[1:], strict=False):
            pair = a["text"] + b["text"]
            if len(pair) == 2 and " " not in pair and "c" in map(J._char_class, pair):
                widest = max(widest, (b["x0"] - a["x1"]) / FONT_PT)
    print(f"\nwidest added inter-character space: {widest:.3f} em")
    assert widest < 0.1


@pytest.mark.parametrize("width_em", [28, 27, 13, 9.5, 7, 5])
def test_line_start_and_end_prohibitions(paragraphs: list[str], width_em: float) -> None:
    pdf = render(document(paragraphs, prepared=True, width_em=width_em), installed=True)
    lines = [line_text(line) for line in pdf_lines(pdf)]
    bad_start = [t for t in lines if t[0] in FORBIDDEN_START]
    bad_end = [t for t in lines if t[-1] in FORBIDDEN_END]
    assert not bad_start and not bad_end


@pytest.mark.parametrize("mark", ["·", "～", "／", "－"])
def test_joiner_keeps_mark_off_line_start(mark: str) -> None:
    """The mark falls exactly at the start of line 2 of a 10 em box. Pango breaks before it
    unless U+2060 is inserted; the test checks both, so that it would catch a regression."""
    text = f"天地玄黄宇宙洪荒日月{mark}盈昃辰宿列张寒来暑往秋收冬藏。"

    def first_chars(prepared: bool) -> list[str]:
        body = W.prepare_text_html(text) if prepared else text
        source = (
            '<html lang="zh-CN"><body style="margin:0;font-family:\'Noto Serif CJK SC\';'
            f'font-size:16pt"><p style="width:10em;text-align:justify">{body}</p>'
        )
        return [line[0]["text"] for line in pdf_lines(render(source, installed=True))]

    assert mark in first_chars(prepared=False)
    assert mark not in first_chars(prepared=True)


def test_joiner_keeps_footnote_ref_attached() -> None:
    def ref_x(joiner: str) -> float:
        source = (
            '<html lang="zh-CN"><body style="margin:0;font-family:\'Noto Serif CJK SC\';'
            'font-size:16pt"><p style="width:10em;text-align:justify">'
            f"天地玄黄宇宙洪荒日月{joiner}<sup>[1]</sup>盈昃辰宿列张寒来暑往。</p>"
        )
        pdf = render(source, installed=True)
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            return next(c["x0"] for c in doc.pages[0].chars if c["text"] == "[")

    page_margin = 56.25  # WeasyPrint's default @page margin, 75px
    assert ref_x("") == pytest.approx(page_margin)  # the reference starts line 2
    assert ref_x(W.WORD_JOINER) > page_margin + FONT_PT


def _pair_distances(pdf: bytes) -> list[float]:
    """For each pair of adjacent marks followed by a glyph on the same line: the distance from
    the first mark's left edge to that glyph's left edge, in em."""
    out = []
    for line in pdf_lines(pdf):
        for a, b, c in zip(line, line[1:], line[2:], strict=False):
            if a["text"] in PUNCT and b["text"] in PUNCT and c["text"] not in PUNCT:
                out.append((c["x0"] - a["x0"]) / FONT_PT)
    return out


def test_adjacent_punctuation_compressed(pdf_plain: bytes, pdf_cjk: bytes) -> None:
    on, off = _pair_distances(pdf_cjk), _pair_distances(pdf_plain)
    print(
        f"\nadjacent mark pairs: {len(on)}, max {max(on):.3f} em with, min {min(off):.3f} em without"
    )
    assert on and max(on) < 2.0
    assert min(off) >= 1.999


def test_compressed_pairs_exact_width() -> None:
    text = "他说：“你好。”她答：“好！”我们《书》《书》（甲）、（乙）完"
    source = (
        '<html lang="zh-CN"><head><style>' + W.HALT_CSS + "</style></head>"
        "<body style=\"font-family:'Noto Serif CJK SC';font-size:16pt\">"
        f'<p style="white-space:nowrap">{W.prepare_text_html(text)}</p>'
    )
    line = pdf_lines(render(source, installed=True))[0]
    assert line_text(line) == text
    dists = _pair_distances(render(source, installed=True))
    assert dists == pytest.approx([1.5] * len(dists), abs=0.01)


def test_no_space_inside_dashes_or_latin(pdf_cjk: bytes) -> None:
    """Justification adds nothing inside ——/…… or between Latin letters and digits."""
    checked = 0
    for line in pdf_lines(pdf_cjk):
        for a, b in zip(line, line[1:], strict=False):
            same_dash = a["text"] == b["text"] and a["text"] in "—…"
            latin = a["text"].isascii() and b["text"].isascii() and a["text"] + b["text"] != "  "
            if same_dash or (latin and a["text"].isalnum() and b["text"].isalnum()):
                assert b["x0"] == pytest.approx(a["x1"], abs=0.01), (a["text"], b["text"])
                checked += 1
    assert checked > 20


def test_latin_only_lines_unchanged() -> None:
    """Lines without CJK keep WeasyPrint's own space-stretching justification."""
    words = "The quick brown fox jumps over the lazy dog " * 6
    source = (
        '<html lang="en"><body style="font-family:\'DejaVu Serif\';font-size:12pt">'
        f'<p style="width:20em;text-align:justify">{words}</p>'
    )
    plain, patched = render(source, installed=False), render(source, installed=True)
    pos = [[(c["text"], round(c["x0"], 3)) for c in line] for line in pdf_lines(plain)]
    assert pos == [[(c["text"], round(c["x0"], 3)) for c in line] for line in pdf_lines(patched)]
