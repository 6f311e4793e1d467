"""Collections of short works: stories, essays, poems (聊齋誌異, 古文觀止, 唐詩三百首, a 故事会
compilation).

Such a book is cut into 卷 (卷一, 卷之二, 卷上, 第三卷); each 卷 opens with the list of the works
it holds (its contents), often set as a grid, several titles a line separated by spaces:

    卷一
    考城隍 耳中人 屍變 噴水 瞳人語 畫壁
    山魈 咬鬼 捉狐 蕎中怪 宅妖 王六郎

then each work follows, its title alone on a line. The contents are the evidence: a short line
that the 卷's contents list, met in the contents' order, is a work's title; a short line the
contents do not list (a paragraph's wrapped last line 之。, a 異史氏曰： comment, a separator) is
not. The contents are a list, never headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhpress.readers.normalize.divisions import division
from zhpress.readers.normalize.patterns import (
    FRONT_MATTER_NAMES,
    TOC_NAMES,
    is_front_name,
    marker_kind,
)

#: a bare volume line: 卷一, 卷之二, 卷十二, 卷上 (第三卷 is a division line: divisions.py)
VOLUME = re.compile(r"卷(?:之)?(?:[一二三四五六七八九十百〇零两]+|\d{1,3}|[上中下])")
ENTRY_MAX = 15  # a work's title in a contents grid (長恨歌, 桃花源記, 聶小倩 …)
# sentence punctuation: a contents entry is a name, not a sentence
_SENTENCE = re.compile(r"[。，、；：？！,;:?!「」“”]")
_SPACES = re.compile(r"[ \u3000\t]+")
RANK = {"work": 2}  # a work sits under its 卷 (structure.RANK: 卷 1)
ROLE = {"work": "headline"}  # model.HEADING_ROLES: an article's title in a compilation


@dataclass
class Collection:
    """What the collection reading found, by paragraph index: volume lines, the contents that
    follow each (index of the first line, index after the last, the titles listed) and the works'
    title lines."""

    volumes: set[int] = field(default_factory=set)
    contents: dict[int, tuple[int, list[str]]] = field(default_factory=dict)
    works: set[int] = field(default_factory=set)


def _key(text: str) -> str:
    return _SPACES.sub("", text)


def is_volume_line(text: str) -> bool:
    """A line that is a volume marker alone: 卷一, 卷之二, 卷上, 第三卷."""
    t = text.strip(" \u3000")
    if VOLUME.fullmatch(t):
        return True
    d = division(t)
    return d is not None and d.kind == "卷" and d.end == len(t)


def contents_entries(text: str) -> list[str] | None:
    """The titles a contents line lists (titles separated by spaces, or one title), or None when
    the line is not one (a sentence, a long line)."""
    entries = [e for e in _SPACES.split(text.strip(" \u3000\t")) if e]
    if not entries or any(len(e) > ENTRY_MAX or _SENTENCE.search(e) or is_volume_line(e)
                          for e in entries):
        return None
    return entries


def _contents_after(texts: list[str], v: int, end: int) -> tuple[int, list[str]]:
    """The contents lines after the volume line at v (up to `end`, the next volume line): they
    run until the first title listed comes back (its work starts) or a line that lists none."""
    titles: list[str] = []
    j = v + 1
    while j < end:
        if titles and _key(texts[j]) == titles[0]:
            break
        entries = contents_entries(texts[j])
        if entries is None:
            break
        titles += entries
        j += 1
    return j, titles


def work_titles(texts: list[str], start: int, end: int, listed: list[str]) -> list[int]:
    """The paragraphs in [start, end) that are the listed works' titles: a paragraph that is a
    listed title (spaces aside), met in the order of the list (a title may be missing from the
    text; one met again after a later title is text, not a heading)."""
    where: dict[str, list[int]] = {}
    for k, t in enumerate(listed):
        where.setdefault(t, []).append(k)
    found = []
    nxt = 0  # the first listed title not yet met
    for i in range(start, end):
        key = _key(texts[i])
        if len(key) > ENTRY_MAX or key not in where:
            continue
        k = next((k for k in where[key] if k >= nxt), None)
        if k is not None:
            found.append(i)
            nxt = k + 1
    return found


def read_collection(texts: list[str]) -> Collection:
    """The volumes, contents and works of a collection (paragraph texts, normalized). A volume
    counts when its contents list at least two titles and at least half of them come back as
    title lines (a 卷 line followed by two lines of verse is no contents); once one volume
    counts, a volume listing a single work counts when that work comes back. A document without
    volume lines is no collection."""
    found = Collection()
    vols = [i for i, t in enumerate(texts) if len(t) <= 8 and is_volume_line(t)]
    read = []
    for n, v in enumerate(vols):
        end = vols[n + 1] if n + 1 < len(vols) else len(texts)
        after, listed = _contents_after(texts, v, end)
        works = work_titles(texts, after, end, listed) if listed else []
        read.append((v, after, listed, works))
    if not any(len(listed) >= 2 and 2 * len(works) >= len(set(listed))
               for _, _, listed, works in read):
        found.works.update(_listed_in_book_contents(texts, vols))
        return found
    for v, after, listed, works in read:
        if not works or 2 * len(works) < len(set(listed)):
            continue
        found.volumes.add(v)
        found.contents[v + 1] = (after, listed)
        found.works.update(works)
    found.works.update(_listed_in_book_contents(texts, vols))
    return found


def _listed_in_book_contents(texts: list[str], vols: list[int]) -> list[int]:
    """The works a book's own 目录 lists (a compilation without 卷): the same evidence as a 卷's
    contents, for the entries that are plain titles. Numbered divisions (第一回, 第三章, 一、) and
    named parts (序言, 后记) are headings of their own kinds (divisions.py, structure.py)."""
    found: list[int] = []
    for c, t in enumerate(texts):
        if _key(t) not in TOC_NAMES:
            continue
        end = next((v for v in vols if v > c), len(texts))
        after, listed = _contents_after(texts, c, end)
        listed = [e for e in listed if marker_kind(e) is None and e not in FRONT_MATTER_NAMES
                  and not is_front_name(e)]
        works = work_titles(texts, after, end, listed) if len(listed) >= 2 else []
        if 2 * len(works) >= len(set(listed)):
            found += works
    return found
