"""Numbered paragraphs that are not headings.

A numbering marker (一、 （一） 1. （1）) starts a heading when it numbers the parts of a section;
the same markers also number the paragraphs of an opinion or a regulation, and the items of an
enumeration. Two shapes tell them apart, whatever the text:

- running numbers: the numbers go on across the sections above them (1. 2. 3. under 一、, then
  4. right after 二、). Sub-headings start again at 1 in each section; numbers that do not are
  paragraph numbers (as in 最高人民法院关于…的意见: 1.–22. across 一、二、三、).
- an enumeration: items introduced by a paragraph ending in ： whose items end in ；
  (GB/T 15834-2011 4.6: 分项列举 separated by 分号) are a list, not sub-headings, even where the
  last item ends with 。 and so looks like a run-in heading.
"""

from __future__ import annotations

import re

from zhpress.readers.normalize.patterns import CN_NUM, marker_kind

# the rank of each numbering kind, highest first (GB/T 15834 B.3.8; 编 > 章 > 节 > 条)
ORDER = {"编": 1, "章": 2, "回": 2, "节": 3, "条": 4,
         "cn_dun": 5, "paren_cn": 6, "arabic_dot": 7, "paren_arabic": 8}
ITEM_KINDS = ("cn_dun", "paren_cn", "arabic_dot", "paren_arabic")
_NUMBER = re.compile(f"[（(]?(\\d{{1,3}}|[{CN_NUM}]{{1,4}})")
_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}


def item_number(text: str) -> int:
    """The number of an item marker (一、 → 1, （十二） → 12, 3. → 3), or 0."""
    m = _NUMBER.match(text)
    if not m:
        return 0
    s = m.group(1)
    if s.isdigit():
        return int(s)
    if "十" not in s:
        return _DIGIT.get(s, 0) if len(s) == 1 else 0
    tens, _, ones = s.partition("十")
    return (_DIGIT.get(tens, 0) if tens else 1) * 10 + (_DIGIT.get(ones, 0) if ones else 0)


def plain_numbered(texts: list[str]) -> set[int]:
    """Indices of the paragraphs (of `texts`) whose numbering marker numbers a paragraph or a
    list item, not a heading."""
    kinds = [marker_kind(t) for t in texts]
    return _running(texts, kinds) | _enumerations(texts, kinds)


def _running(texts: list[str], kinds: list[str | None]) -> set[int]:
    last: dict[str, int] = {}  # kind -> last number seen
    crossed: set[str] = set()  # kinds whose items a higher-ranked marker followed since
    running: set[str] = set()
    for t, kind in zip(texts, kinds, strict=True):
        if kind is None or kind not in ORDER:
            continue
        rank = ORDER[kind]
        if kind in ITEM_KINDS:
            n = item_number(t)
            if kind in crossed and n > 1 and n == last.get(kind, -1) + 1:
                running.add(kind)
            crossed.discard(kind)
            last[kind] = n
        crossed |= {k for k in last if ORDER[k] > rank}
    return {i for i, kind in enumerate(kinds) if kind in running}


def _enumerations(texts: list[str], kinds: list[str | None]) -> set[int]:
    out: set[int] = set()
    i = 0
    while i < len(texts):
        kind = kinds[i]
        if kind not in ITEM_KINDS or i == 0 or not texts[i - 1].endswith(("：", ":")):
            i += 1
            continue
        j = i
        while j < len(texts) and kinds[j] == kind:
            j += 1
        if any(t.endswith(("；", ";")) for t in texts[i:j - 1] or texts[i:j]):
            out.update(range(i, j))
        i = j
    return out
