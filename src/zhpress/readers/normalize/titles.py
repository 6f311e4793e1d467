"""The title block at the top of a document: what each of its first lines is.

Chinese reports, speeches, official documents and books open with a block of short lines in a
few well-known shapes (GB/T 9704 for official documents; the layout of speeches and reports as
published by 新华社 and 人民日报):

    政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强
    决胜全面建成小康社会 / 夺取新时代…伟大胜利 / ——在…大会上的报告 / （2017年10月18日） / 习近平 / 同志们：
    关于…的通知法〔2012〕74号各省、自治区、直辖市…：
    《书名》作者        书名   作者　著

`read_title_block` names each part (title, subtitle, occasion, date, speaker or author,
salutation, document number, addressee) from the shape of the lines alone; the structure stage
turns them into the title heading and classed divs. Nothing is dropped: a line that is split
keeps every character in one of its parts. `infer_title` finds a title the text states
without a title line (我代表…人民政府向大会作工作报告: a 政府工作报告).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zhpress.readers.normalize.patterns import (
    BYLINE,
    HAN,
    SPEAKER,
    SPEAKER_ROLE,
    is_heading_like,
    marker_kind,
)

#: How many paragraphs from the top a title block may span (title, 2nd title line, subtitle,
#: occasion, date, speaker, salutation, document number, addressee, and a compiler's line).
SPAN = 10
TITLE_MAX = 60  # a title line longer than this is a sentence (long law titles reach ~50)

_DASH = "—―–\\-－~～"
_CN_DIGIT = "〇○零一二三四五六七八九"
# 2024年3月5日 / 二〇一二年三月十五日 (○ U+25CB is a common stand-in for 〇)
DATE_TEXT = (r"(?:\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日"
             f"|[{_CN_DIGIT}]{{4}}年[{_CN_DIGIT}十]{{1,3}}月[{_CN_DIGIT}十]{{1,3}}日)")
_DATE_LINE = re.compile(f"[（(]?\\s*{DATE_TEXT}\\s*[）)]?")
# where a speech is given and what it is, in simplified and traditional characters
_VENUE = ("(?:会议|會議|大会|大會|全会|全會|会|會|仪式|儀式|典礼|典禮|论坛|論壇|年会|年會|峰会|峰會|"
          "开幕式|開幕式|闭幕式|閉幕式)")
_SPEECH = ("(?:工作报告|工作報告|报告|報告|重要讲话|重要講話|讲话|講話|发言|發言|致辞|致辭|主旨演讲|"
           "主旨演講|演讲|演講|说明|說明|总结讲话|總結講話)")
# the occasion of a speech: ——2024年3月5日在…会议上 / ——在…大会上的报告 / ----2012年…
_OCCASION = re.compile(
    f"(?:[{_DASH}]{{1,6}}\\s*)?(?:{DATE_TEXT}\\s*)?在[^。；！？]{{2,60}}?{_VENUE}上(?:的{_SPEECH})?")
# a dated occasion may follow the title on the same line; an undated one needs its dash
_OCCASION_INLINE = re.compile(
    f"[{_DASH}]{{0,6}}\\s*{DATE_TEXT}\\s*在[^。；！？]{{2,60}}?{_VENUE}上"
    f"|[{_DASH}]{{1,6}}\\s*在[^。；！？]{{2,60}}?{_VENUE}上(?:的{_SPEECH})?")
_SUBTITLE = re.compile(f"[{_DASH}]{{1,6}}[^{_DASH}].{{1,40}}")
# 发文字号 (GB/T 9704 7.2.4): 机关代字〔年份〕序号号, brackets as typed in the wild
DOC_NUMBER = re.compile(f"[{HAN}]{{1,12}}\\s*[〔\\[［【(（]\\s*(?:19|20)\\d{{2}}\\s*[〕\\]］】)）]"
                        r"\s*第?\s*\d{1,5}\s*[号號]")
_ADDRESSEE = re.compile(r"[^。；！？]{2,200}[：:]")
# 同志们： 各位代表： 女士们、先生们： 尊敬的各位来宾，朋友们： (words of address, not 如下：)
_SALUTATION = re.compile(r"[^。；！？!?：:]{0,24}(?:们|們|代表|委员|委員|同志|来宾|來賓|嘉宾|嘉賓|朋友|"
                         r"各位|尊敬的|亲爱的|親愛的|先生|女士|老师|老師|同学|同學)"
                         r"[^。；！？!?：:]{0,10}[：:]")
_BOOK_AUTHOR = re.compile(r"《([^《》]{1,40})》[ \u3000]*((?:作者[：:][ \u3000]*)?"
                          r"[^，。；：:《》\s][^，。；：:《》]{0,23})")
_AUTHOR_ROLE = "著|撰|编|編|编著|編著|主编|主編|辑|輯|译|譯|校注|点校|點校"
# …著 / …编 after a name, not 名著, 汇编, 选编 (words that end a title, not a name)
_NOT_NAME_END = "(?<![汇彙选選新续續改合类類总總名巨专專遗遺原初主])"
_AUTHOR_LINE = re.compile(f"(?:作者[：:][ \u3000]*.{{1,30}}|[^，。；：:]{{1,24}}{_NOT_NAME_END}"
                          f"(?:{_AUTHOR_ROLE}))")
_TITLE_AND_AUTHOR = re.compile(
    f"([^ \u3000]{{2,30}})[ \u3000]{{2,}}([^ \u3000].{{0,20}}?[ \u3000]*(?:{_AUTHOR_ROLE}))")
# one space may be all that is left between title and author (the normalizer folds a run of
# spaces): then the author is one to three bare names (2–4 Han, or a transliterated name with ·)
# before the role; an anthology's 选/评/注 counts when set off from the names by a space
_NAME = f"(?:[{HAN}]{{2,4}}|[{HAN}]{{1,10}}·[{HAN}]{{1,10}})"
_TITLE_AND_NAMED_AUTHOR = re.compile(
    f"([^ \u3000]{{2,30}})[ \u3000]+((?:{_NAME}[ \u3000、]+){{0,2}}{_NAME}"
    f"(?:{_NOT_NAME_END}[ \u3000]*(?:{_AUTHOR_ROLE})|[ \u3000]+(?:选|選|评注|評注|评|評|注)))")
_BARE_NAME = re.compile(f"[{HAN}]{{2,4}}|[{HAN}]{{1,2}}[ \u3000\u2002]+[{HAN}]{{1,2}}|"
                        f"[{HAN}]{{1,10}}·[{HAN}]{{1,10}}")
_NO_TITLE_PUNCT = re.compile(r"[。；;：:，,！!？?]")
DOC_TYPES = ("通知", "决定", "意见", "办法", "规定", "条例", "细则", "方案", "报告", "规则",
             "纲要", "公告", "通告", "通报", "批复", "命令", "决议", "函", "解释", "规划",
             "決定", "意見", "辦法", "規定", "條例", "細則", "報告", "規則", "綱要", "通報", "批覆",
             "決議", "解釋", "規劃")


#: The classed lines (model.Div classes) this module makes; each has a look in every format
#: (style/div_classes.py, checked by tests/style/test_div_classes.py).
DIV_KINDS = ("compiler-title", "subtitle", "occasion", "date", "speaker", "author", "salutation",
             "doc-number", "addressee", "doc-date", "attachment", "signature")


@dataclass(frozen=True)
class Part:
    """One piece of the title block: `kind` (title, subtitle, occasion, date, speaker, author,
    salutation, doc-number, addressee, compiler-title), its text, and the paragraph (index into
    the paragraphs given) it came from."""

    kind: str
    text: str
    para: int


@dataclass
class TitleBlock:
    parts: list[Part] = field(default_factory=list)
    consumed: int = 0  # paragraphs wholly used by the block
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (paragraph, message)

    def kinds(self) -> set[str]:
        return {p.kind for p in self.parts}


def iso_date(text: str) -> str:
    """The first date in `text` as YYYY-MM-DD (Arabic or Chinese numerals), or ""."""
    m = re.search(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", text)
    if m:
        y, mo, d = (int(x) for x in m.groups())
    else:
        m = re.search(f"([{_CN_DIGIT}]{{4}})年([{_CN_DIGIT}十]{{1,3}})月([{_CN_DIGIT}十]{{1,3}})日",
                      text)
        if not m:
            return ""
        y = int("".join(str(_DIGIT[c]) for c in m.group(1)))
        mo, d = _cn_number(m.group(2)), _cn_number(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "○": 0}


def _cn_number(s: str) -> int:
    """一 … 三十一 (month and day numbers)."""
    if "十" not in s:
        return _DIGIT.get(s, 0) if len(s) == 1 else 0
    tens, _, ones = s.partition("十")
    return (_DIGIT.get(tens, 0) if tens else 1) * 10 + (_DIGIT.get(ones, 0) if ones else 0)


def is_occasion(t: str) -> bool:
    return bool(_OCCASION.fullmatch(t.strip("（）() ")))


def is_marked_occasion(t: str) -> bool:
    """An occasion line that cannot be a title: it starts with its dash or its date. (A line
    在…座谈会上的讲话 alone at the top is the speech's title.)"""
    return is_occasion(t) and bool(re.match(f"[（(]?\\s*(?:[{_DASH}]|{DATE_TEXT})", t))


def is_date_line(t: str) -> bool:
    return bool(_DATE_LINE.fullmatch(t))


def is_title_like(t: str, limit: int = TITLE_MAX) -> bool:
    """A line that can be (part of) a title: short, no sentence punctuation, no numbering."""
    return (0 < len(t) <= limit and not _NO_TITLE_PUNCT.search(t) and marker_kind(t) is None
            and not is_date_line(t) and not BYLINE.match(t))


def is_speaker(t: str, bare_name_ok: bool = False) -> bool:
    """国务院总理 李强, 乐山市政协主席 黄平林; a bare name (习近平) only where the block already
    has an occasion or a date, i.e. where a name line can only be the speaker."""
    if len(t) > 30 or _NO_TITLE_PUNCT.search(t) or marker_kind(t) is not None:
        return False
    if SPEAKER.match(t) or (SPEAKER_ROLE.search(t) and len(t) <= 20):
        return True
    return bare_name_ok and bool(_BARE_NAME.fullmatch(t))


def _strip_author_role(t: str) -> str:
    t = re.sub(r"^作者[：:][ \u3000]*", "", t)
    return re.sub(f"[ \u3000]*(?:{_AUTHOR_ROLE})$", "", t).strip(" \u3000") or t


def _first_line(t: str, i: int, block: TitleBlock) -> bool:
    """Split the first line into its parts when it is a whole title block on one line.
    Returns True when it held a title."""
    add = block.parts.append
    m = _OCCASION_INLINE.search(t)
    if m and m.start() > 0 and is_title_like(t[:m.start()].rstrip(f" \u3000{_DASH}")):
        head = t[:m.start()].rstrip(" \u3000")
        add(Part("title", head, i))
        add(Part("occasion", t[m.start():m.end()].strip(" \u3000"), i))
        rest = t[m.end():].strip(" \u3000")
        if rest:
            add(Part("speaker", rest, i))
            if not is_speaker(rest, bare_name_ok=True):
                block.warnings.append((i, f"'{rest}' after the occasion is read as the speaker; "
                                          "check it"))
        return True
    m = DOC_NUMBER.search(t)
    start = _doc_number_start(t, m.start(), m.group()) if m else 0
    if m and start > 0:
        head, rest = t[:start].rstrip(" \u3000"), t[m.end():].strip(" \u3000")
        if is_title_like(head) and (not rest or _ADDRESSEE.fullmatch(rest)):
            add(Part("title", head, i))
            add(Part("doc-number", t[start:m.end()], i))
            if rest:
                add(Part("addressee", rest, i))
            return True
    m = _BOOK_AUTHOR.fullmatch(t)
    if m and not re.search(r"\d|[年月日]$", m.group(2)):  # 《人民日报》2001年1月1日 is no author  # a title stands without its 书名号 (they mark titles cited in running text)
        add(Part("title", m.group(1), i))
        add(Part("author", m.group(2).strip(" \u3000"), i))
        return True
    m = _TITLE_AND_AUTHOR.fullmatch(t) or _TITLE_AND_NAMED_AUTHOR.fullmatch(t)
    if m and is_title_like(m.group(1)):
        add(Part("title", m.group(1), i))
        add(Part("author", m.group(2), i))
        return True
    return False


def _doc_number_start(t: str, start: int, number: str) -> int:
    """Where a 发文字号 glued to its title starts: the title ends with the kind of document
    (…的通知法〔2012〕74号 is the 通知 numbered 法〔2012〕74号), so the agency code is what
    follows the last document-kind word; without one the whole run of Han is the code."""
    code = re.match(f"[{HAN}]*", number)
    length = code.end() if code else 0
    for k in range(length - 1, 0, -1):
        if any(t[:start + k].endswith(kind) for kind in DOC_TYPES):
            return start + k
    return start


def read_title_block(texts: list[str], news_page: bool = False) -> TitleBlock:
    """The title block at the top of `texts` (the first paragraphs, normalized).
    `news_page`: the first paragraph is already a newspaper headline or rubric."""
    block = TitleBlock()
    if not texts:
        return block
    i = 0
    # a compiler's catalogue line that repeats the title with a year: X(2012) / X…文号…
    m = re.fullmatch(r"(.{4,60}?)\s*[（(]\s*(?:19|20)\d{2}\s*[）)]", texts[0])
    if m and len(texts) > 1 and texts[1].startswith(m.group(1)):
        block.parts.append(Part("compiler-title", texts[0], 0))
        block.warnings.append((0, f"line '{texts[0]}' repeats the title below it with a year: "
                                  "read as a compiler's label, not the title; delete it in the "
                                  "Markdown if it is not part of the document"))
        i = 1
        while i + 1 < len(texts) and texts[i] == texts[0]:  # the label repeated (two catalogues)
            block.parts.append(Part("compiler-title", texts[i], i))
            i += 1
    first = texts[i] if i < len(texts) else ""
    titled = False
    if not news_page:
        titled = _first_line(first, i, block)
        # a long title (a law's amending decision reaches 50 characters) needs a title-block
        # line under it; a short one stands on its own
        after = texts[i + 1] if i + 1 < len(texts) else ""
        limit = TITLE_MAX if is_occasion(after) or DOC_NUMBER.fullmatch(after) \
            or re.fullmatch(f"[（(].*?{DATE_TEXT}.*[）)]", after) else 40
        if not titled and is_title_like(first, limit) and not is_marked_occasion(first) \
                and not is_speaker(first) and not _SALUTATION.fullmatch(first) \
                and not _SUBTITLE.fullmatch(first):
            block.parts.append(Part("title", first, i))
            titled = True
    if titled:
        i += 1
        # a second title line: a short title-like line followed by the rest of a title block
        if i + 1 < len(texts) and "title" in [p.kind for p in block.parts][-1:] \
                and is_title_like(texts[i], 30) and not is_speaker(texts[i]) \
                and not _SALUTATION.fullmatch(texts[i]) and not is_occasion(texts[i]) \
                and (is_occasion(texts[i + 1]) or is_date_line(texts[i + 1])
                     or _SUBTITLE.fullmatch(texts[i + 1])):
            title = block.parts.pop()
            # one title in two lines: the outline, bookmarks and metadata need all of it
            block.parts.append(Part("title", f"{title.text} {texts[i]}", title.para))
            i += 1
    i = _tail(texts, i, block)
    block.consumed = i
    if block.kinds() == {"title"} and i + 1 < len(texts) and is_title_like(texts[i], 20) \
            and not is_heading_like(texts[i]) and not _is_title_block_line(texts[i]):
        block.warnings.append((i, f"'{texts[i]}' under the title is as short as a title line "
                                  "(a second title line, a subtitle, an author?); left as body "
                                  "text: mark it in the Markdown if it belongs to the title"))
    _meta(block)
    return block


def _is_title_block_line(t: str) -> bool:
    return is_occasion(t) or is_date_line(t) or is_speaker(t) or bool(_SALUTATION.fullmatch(t))


def _tail(texts: list[str], i: int, block: TitleBlock) -> int:
    """The lines after the title: each kind at most once, in the order documents use."""
    seen = block.kinds()
    while i < min(len(texts), SPAN):
        t = texts[i]
        kind = ""
        if "occasion" not in seen and "salutation" not in seen and is_occasion(t):
            kind = "occasion"
        elif "date" not in seen and "salutation" not in seen and is_date_line(t):
            kind = "date"
        elif "subtitle" not in seen and "occasion" not in seen and "title" in seen \
                and _SUBTITLE.fullmatch(t) and not _NO_TITLE_PUNCT.search(t):
            kind = "subtitle"
        elif not seen & {"speaker", "author", "salutation"} and is_speaker(
                t, bare_name_ok=bool(seen & {"occasion", "date"})):
            kind = "speaker" if seen & {"occasion", "date"} or SPEAKER_ROLE.search(t) \
                else "author"
        elif not seen & {"speaker", "author", "salutation"} and "title" in seen \
                and _AUTHOR_LINE.fullmatch(t) and len(t) <= 30:
            kind = "author"
        elif not seen & {"speaker", "author", "salutation"} and seen & {"occasion", "date"} \
                and is_title_like(t, 24) and i + 1 < len(texts) \
                and _SALUTATION.fullmatch(texts[i + 1]):
            kind = "speaker"  # a speaker without a personal name: 国家发展和改革委员会
        elif "doc-number" not in seen and DOC_NUMBER.fullmatch(t):
            kind = "doc-number"
        elif "salutation" not in seen and "addressee" not in seen and seen \
                and _SALUTATION.fullmatch(t):
            kind = "salutation"
        elif not seen & {"addressee", "salutation"} and _ADDRESSEE.fullmatch(t) \
                and ("、" in t or "，" in t or t.startswith("各")) and ("doc-number" in seen or any(
                    p.kind == "title" and p.text.endswith(DOC_TYPES) for p in block.parts)):
            kind = "addressee"
        if not kind:
            break
        block.parts.append(Part(kind, t, i))
        seen.add(kind)
        i += 1
    return i


def _meta(block: TitleBlock) -> None:
    for p in block.parts:
        if p.kind == "title":
            block.meta["title"] = p.text
        elif p.kind == "occasion":
            block.meta["subtitle"] = p.text.strip(f"{_DASH} （）()")
            block.meta.setdefault("date", iso_date(p.text))
        elif p.kind == "subtitle":
            block.meta.setdefault("subtitle", p.text.strip(f"{_DASH} "))
        elif p.kind == "date":
            block.meta["date"] = iso_date(p.text)
        elif p.kind in ("speaker", "author"):
            block.meta["author"] = p.text if p.kind == "speaker" else _strip_author_role(p.text)
    if not block.meta.get("date"):
        block.meta.pop("date", None)


# --- a title the text states without a title line -------------------------------------------
# 我代表海拉尔区人民政府向大会作工作报告 / 受…常务委员会委托，向大会报告工作
_REPORT = re.compile(r"(?:代表|受)([^，。；：]{2,40}?)(?:委托)?，?向(?:大会|本次大会|会议)(?:作|做)?"
                     r"(?:([^，。；：]{0,8}?)报告|报告([^，。；：]{0,8}?))(?=[，。；])")
# a government's report is titled 政府工作报告 whatever its level; the others carry the body's
# name (最高人民法院工作报告, 全国人民代表大会常务委员会工作报告)
_NAMED_REPORTERS = ("人民法院", "人民检察院", "常务委员会", "常委会", "监察委员会")


def _report_title(org: str) -> str:
    if org.endswith("政府") or org == "国务院":  # 国务院 is the Central People's Government
        return "政府工作报告"
    return f"{org}工作报告" if org.endswith(_NAMED_REPORTERS) else ""


def infer_title(texts: list[str], block: TitleBlock) -> tuple[str, int, str] | None:
    """A report delivered to a congress says so in its first paragraphs (我代表X人民政府向大会作
    工作报告); its title is then the one such reports carry (政府工作报告). Only where the block
    has an occasion at a congress or a session (在…代表大会…会议上), the evidence that this is
    such a report. Returns (title, paragraph index, the words it came from) or None."""
    occasion = next((p.text for p in block.parts if p.kind == "occasion"), "")
    if not re.search(r"代表大会|委员会|会议", occasion):
        return None
    for i in range(block.consumed, min(len(texts), block.consumed + 3)):
        m = _REPORT.search(texts[i])
        if not m or "工作" not in (m.group(2) or "") + (m.group(3) or ""):
            continue
        title = _report_title(m.group(1))
        return (title, i, m.group(0)) if title else None
    return None


def settle_meta(found: dict[str, str], front: dict[str, str], texts: list[str],
                block: TitleBlock, headline: str = "") -> tuple[dict[str, str],
                                                                list[tuple[int, str]]]:
    """The front-matter fields: the input's own `---` block first (the user stated them), then
    what the title block says, then a newspaper page's first headline, then a title the text
    states (infer_title). Never the file name: a name such as `hailar-gov-report-2017` or
    `新建文本文档 (3)` is not a title, and it was printed on covers and the download page.
    Returns the fields and (paragraph index, message) warnings."""
    fields = dict(found) | {k: v for k, v in front.items() if v}
    notes = list(block.warnings)
    fix = "add a title line at the top, or a front matter block: --- / title: … / ---"
    if front.get("title") and found.get("title") and front["title"] != found["title"]:
        notes.append((0, f"the front matter title '{front['title']}' is used; the text's title "
                         f"line reads '{found['title']}'"))
    if fields.get("title"):
        return fields, notes
    if headline:
        fields["title"] = headline
        return fields, notes
    inferred = infer_title(texts, block)
    if inferred:
        title, i, words = inferred
        fields["title"] = title
        notes.append((i, f"no title line: the title '{title}' is inferred from '{words}'; "
                         f"check it, or {fix}"))
        return fields, notes
    notes.append((0, f"no title line found: the publication has no title (the file name is "
                     f"not one); {fix}"))
    return fields, notes
