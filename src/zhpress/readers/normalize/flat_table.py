"""A numbered table flattened into one paragraph (a 目录 of repealed documents, a 名单, a
一览表 copied from a web page or a database that lost its rows):

    序号 名称 发文日期、文号 废止理由1 最高人民法院 关于…的通知 1980年1月14日 …不再适用2 最高人民法院、公安部 …

The header names its columns (序号 first), and each row starts with its number, 1, 2, 3 … in
sequence, set off from its first cell by a space and glued to the last cell of the row before.
Searching for each next number in turn from where the row before started cuts the rows back
apart: a number inside a cell (a date, 第8号, 〔80〕) is no row start, being glued to a digit,
to 第 or to a bracket, or not followed by a space. The table is kept as its header and a list of
rows, never as headings.
"""

from __future__ import annotations

import re
from functools import cache

_HEADER = re.compile(r"(?:序号|序號|编号|編號)[ \u3000]")
MIN_ROWS = 3
ROW_MAX = 600  # a row longer than this is a sign the numbers were not row numbers


@cache
def _row_start(k: int) -> re.Pattern[str]:
    return re.compile(f"(?<![\\d第〔\\[［（(.．、])({k})(?=[ \\u3000])")


def numbered_rows(text: str) -> tuple[str, list[str]] | None:
    """(header, rows) of a flattened numbered table, or None. Rows keep their text as it is,
    number first; header and rows hold every character of `text` but the spaces between them."""
    if not _HEADER.match(text):
        return None
    starts: list[int] = []
    pos = 0
    k = 1
    while (m := _row_start(k).search(text, pos)) is not None:
        starts.append(m.start())
        pos = m.end()
        k += 1
    if len(starts) < MIN_ROWS:
        return None
    bounds = [*starts, len(text)]
    rows = [text[a:b].strip() for a, b in zip(bounds, bounds[1:], strict=False)]
    header = text[:starts[0]].strip()
    if not header or any(len(r) > ROW_MAX for r in rows):
        return None
    return header, rows
