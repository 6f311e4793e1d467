"""Character classes and line patterns shared by the text rules and the structure stage."""

from __future__ import annotations

import re
from functools import lru_cache

from zhpress.punctuation import PAIRED_CLOSING, PAIRED_OPENING

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007"
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—～·"
OPENING = PAIRED_OPENING
CLOSING = PAIRED_CLOSING
SENTENCE_END = "。！？…”’》）】」』：；.!?:;)"
PARA_END = "。！？…”’"  # a line ending in one of these may end its paragraph
CN_NUM = "一二三四五六七八九十百千零〇两"

# East Asian Wide/Fullwidth ranges (UAX #11), enough to measure a line's display width
_WIDE = re.compile("[\u2014\u2018\u2019\u201c\u201d\u2026\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                   "\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003fffd]")
han_re = re.compile(f"[{HAN}]")
han_or_digit_re = re.compile(f"[{HAN}0-9]")
han_or_punct_re = re.compile(f"[{HAN}{CJK_PUNCT}]")

# numbering markers (GB/T 15834 B.3.8 order), ASCII or full-width brackets
MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("cn_dun", re.compile(f"^[{CN_NUM}]+、")),
    ("paren_cn", re.compile(f"^[（(][{CN_NUM}]+[）)]")),
    ("arabic_dot", re.compile(r"^\d{1,2}[.．](?![\d.．])")),
    ("paren_arabic", re.compile(r"^[（(]\d{1,2}[）)]")),
]
CHAPTER = re.compile(f"^第[{CN_NUM}\\d]+(分编|分編|[编編章节節条條回卷])")
# traditional spellings of the division words name the same kind
DIVISION_KIND = {"分編": "分编", "編": "编", "節": "节", "條": "条"}
FRONT_MATTER_NAMES = frozenset({"序言", "前言", "引言", "后记", "附则", "结束语", "附录", "序"})
TOC_NAMES = frozenset({"目录", "目次", "目錄"})

DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
OCCASION = re.compile(r"[—―–-]{0,2}\s*\d{4}年\d{1,2}月\d{1,2}日在.{2,60}?(?:会议|大会|会)上")
BYLINE = re.compile(
    r"^(?:本报讯[（(][^）)]{1,40}[）)]"
    r"|(?:本报|新华社|中新社|人民网)[^，。、\s]{1,12}\d{1,2}月\d{1,2}日电(?:[（(][^）)]{1,40}[）)])?"
    r"|[（(]记者[^）)]{1,40}[）)])"
)
SPEAKER_ROLE = re.compile(r"(?:主席|市长|区长|县长|省长|州长|旗长|书记|主任|总理|委员长|院长|检察长|局长)")
SPEAKER = re.compile(f"^[{HAN}·]{{2,30}}[ \u3000]+[{HAN}·]{{2,6}}$")
LETTER_SPACED = re.compile(f"^[{HAN}](?:[ \u3000]+[{HAN}]){{1,15}}$")


def marker_kind(text: str) -> str | None:
    """The numbering-marker kind a paragraph starts with, or None."""
    m = CHAPTER.match(text)
    if m:
        return DIVISION_KIND.get(m.group(1), m.group(1))
    for kind, pat in MARKERS:
        if pat.match(text):
            return kind
    return None


_FRONT_NAME = re.compile(f"^(?:附件[{CN_NUM}\\d]{{0,3}}|[\u4e00-\u9fff]{{0,3}}[序跋])$")


def is_front_name(text: str) -> bool:
    """An unnumbered part named alone on its line beyond the common names (序言, 附则 …): a
    preface or postface of a book (自序, 驚奇序, 原跋) or a law's annex (附件, 附件一)."""
    return bool(_FRONT_NAME.match(text)) and not text.endswith(_ORDER_WORDS)


# words ending in 序 that mean order, not preface (a line of just 法定程序 is no preface)
_ORDER_WORDS = ("程序", "秩序", "顺序", "順序", "次序", "工序", "时序", "時序", "有序", "无序",
                "無序", "排序", "程式")


def is_heading_like(text: str) -> bool:
    """A line that must not be glued to its neighbour by rejoin_page_breaks."""
    core = text.replace(" ", "").replace("\u3000", "")
    return (marker_kind(text) is not None or core in FRONT_MATTER_NAMES or is_front_name(core)
            or core in TOC_NAMES or bool(OCCASION.fullmatch(text)))


@lru_cache(maxsize=1 << 14)  # the wrap detection asks about each line ~10 times: 30% of a
def width_cells(text: str) -> int:  # PDF text's normalization time went into this count
    """Display width in cells: 2 for East Asian wide and full-width characters, else 1."""
    return len(text) + len(_WIDE.findall(text))
