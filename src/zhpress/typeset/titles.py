"""Where a title may break: balanced lines at word ends (GB/T 9704 7.3.1: "keep words whole,
lines symmetric and of suitable length"), for every format that sets a title.

The PDF and the DOCX know their measure and set the lines (`title_lines`); an EPUB, the cover
image and the download page set the title on a measure the reader's screen decides, so they get
the break opportunities only (`break_points`, `wbr_html`): the renderer wraps there and keeps
the words between them whole.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable

from zhpress.punctuation import CLOSING_MARKS, OPENING_MARKS

#: Where a wrapped title may break: after these endings (GB/T 9704 7.3.1 "keep words whole") ...
TITLE_BREAK_AFTER = (
    "委员会", "会议", "政府", "报告", "工作", "市", "省", "县", "区", "届", "的", "和", "与",
    "及", "国", "法", "院", "部", "厅", "局", "年", "次", "于",
)
#: ... unless the break would split one of these words.
TITLE_NO_SPLIT = ("会议", "委员", "员会", "国人", "人民", "市委", "市政", "区域", "国家", "于是")
#: A break anywhere else costs this much (in em of imbalance) in `title_lines`.
MID_WORD_COST = 6


def width_em(text: str) -> float:
    """The width of `text` in em: full-width characters 1, the others 1/2."""
    return sum(1 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text)


def break_cost(text: str, pos: int, per_line: float = MID_WORD_COST) -> float:
    """What a line break before text[pos] costs: -per_line where the author broke the title
    (a space between two title-length lines), 0 at a word end, MID_WORD_COST inside a word,
    inf where punctuation forbids it."""
    before, after = text[:pos], text[pos:]
    if not before or not after:
        return math.inf
    if after[0] in CLOSING_MARKS or before[-1] in OPENING_MARKS:
        return math.inf
    if before[-1] == " ":
        # where the author broke a title of two lines (titles.py joins them with a space);
        # a space after a short name separates joint issuers (中共中央 国务院关于…): a word end
        return -per_line if min(len(before) - 1, len(after)) >= 8 else 0
    good = before.endswith(TITLE_BREAK_AFTER) and (before[-1] + after[0]) not in TITLE_NO_SPLIT
    return 0 if good else MID_WORD_COST


def title_lines(text: str, per_line: float) -> list[str]:
    """Break a title that does not fit one line into balanced lines at word ends, at most
    `per_line` em each."""
    if width_em(text) <= per_line or len(text) < 4:
        return [text]
    count = math.ceil(width_em(text) / per_line)
    best: tuple[float, list[str]] | None = None

    def search(start: int, left: int, acc: list[str], penalty: float) -> None:
        nonlocal best
        rest = text[start:]
        if left == 1:
            if width_em(rest) <= per_line:
                lines = [*acc, rest]
                widths = [width_em(line) for line in lines]
                total = penalty + max(widths) - min(widths)
                if best is None or total < best[0]:
                    best = (total, lines)
            return
        for pos in range(start + 2, len(text) - 1):
            if width_em(text[start:pos]) > per_line:
                break
            if (step := break_cost(text, pos, per_line)) < math.inf:
                search(pos, left - 1, [*acc, text[start:pos]], penalty + step)

    while best is None and count <= 4:
        search(0, count, [], 0)
        count += 1
    return best[1] if best else [text]


def break_points(text: str) -> list[int]:
    """The positions where a title may break without splitting a word (cost <= 0)."""
    return [pos for pos in range(1, len(text)) if break_cost(text, pos) <= 0]


def words(text: str) -> list[str]:
    """The title cut at its break points: the pieces a renderer must keep whole."""
    cuts = [0, *break_points(text), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if text[a:b]]


#: A piece longer than this (in em) may still break inside: a title without word ends must wrap.
MAX_KEPT_EM = 12


def wbr_html(text: str, text_html: Callable[[str], str]) -> str:
    """HTML for a title on a measure the reader decides: each word in a `nobr-word` span
    (`white-space: nowrap`), a <wbr> between words, so the title wraps only between words.
    A piece longer than MAX_KEPT_EM stays breakable."""
    out = []
    for piece in words(text):
        inner = text_html(piece)
        keep = len(piece.strip()) > 1 and width_em(piece) <= MAX_KEPT_EM
        out.append(f'<span class="nobr-word">{inner}</span>' if keep else inner)
    return "<wbr/>".join(out)
