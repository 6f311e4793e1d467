"""Newspaper pages: headlines, sub-heads, and the furniture around articles.

A newspaper page (or a dump of several pages) is a run of articles. Each starts with a headline,
a bare short line, often above a lead paragraph that opens with a dateline (本报讯, 新华社北京
1月1日电) and the reporters (记者某某报道：). Around the articles sits furniture that is never a
heading: photo credits (（新华社记者某某摄）), bylines (本报记者 某某, （作者为…）, （张明赵天华）),
date lines (2001年1月1日), sources (（新华社北京12月31日电）) and caption labels (图片：).

The rules here are written from the kind of text (how Chinese newspapers set these parts), not
from one paper. A short line becomes a headline only with evidence around it: a lead with a
dateline after it, a photo caption or credit after it, a date line after it, or the previous
article visibly closed before it (a credit, byline or source). Everything here is a pure function
of the paragraph texts.
"""

from __future__ import annotations

import re

from zhpress.model import Block, Div, Inline, Paragraph, Span, Text
from zhpress.readers.normalize.patterns import BYLINE, CN_NUM, HAN, marker_kind

# news agencies and papers that open a dateline (本报 is the paper itself)
AGENCY = (r"(?:本报|本刊|新华社|新华网|中新社|中新网|人民网|央视网|中广网|中国日报|光明网|"
          r"法制网|中央社|美联社|路透社|法新社|共同社|塔斯社|埃菲社|安莎社)")
_CNUM = f"[{CN_NUM}○〇]"
_DATE = (rf"(?:(?:\d{{4}}|{_CNUM}{{4}})年)?(?:\d{{1,2}}|{_CNUM}{{1,3}})月"
         rf"(?:\d{{1,2}}|{_CNUM}{{1,3}})日")
_PLACE = f"[{HAN}]{{0,12}}?"
# 本报讯 / 本报北京12月31日讯 / 新华社北京12月31日电 / 本报南极长城站2000年12月31日专电
_DATELINE = rf"(?:据)?(?:本报讯|本刊讯|{AGENCY}{_PLACE}{_DATE}(?:专电|电|讯|消息|报道))"
_NAME = f"[{HAN}·]{{2,4}}"
_NAMES = rf"{_NAME}(?:[、，,\s]+{_NAME})*"
_REPORTER = r"(?:(?:" + AGENCY + r"|特约|见习)?(?:摄影)?(?:记者|通讯员))"
_PAREN = r"[（(][^（）()]{1,40}[）)]"
# the reporters after a dateline: 新华社记者秦杰、本报记者赵川东报道： / 记者董伟、胡斌、夏珺报道：
_REPORTED = rf"{_REPORTER}[{HAN}、，,·\s]{{2,40}}?报道[：:]?"
LEAD = re.compile(rf"^({_DATELINE}(?:{_PAREN})?)({_REPORTED})?")

# photo credits: 新华社记者 某某 摄 / 本报记者 某某/摄 / 新华社发 / 新华社发（某某摄）; in brackets
# also （某某绘） （某某 图）. A bare 图 or 绘 ends too many words (蓝图, 描绘) to be a credit alone.
_PUBLISHER = rf"(?:{AGENCY}|[{HAN}]{{1,10}}(?:社|报|网|台|中心))"
_CREDIT_CORE = (rf"(?:(?:{AGENCY}|特约)?(?:摄影)?(?:记者|通讯员)?\s*{_NAMES}\s*"
                rf"(?:摄|摄影|供图|/\s*(?:摄|图))"
                rf"|{_PUBLISHER}(?:发|供图)(?:\s*[（(]?\s*{_NAMES}\s*摄[）)]?)?"
                rf"|资料图片|图片来源[：:].{{1,40}}|图片由.{{1,30}}提供)")
_CREDIT = re.compile(
    rf"^(?:{_CREDIT_CORE}|[（(]\s*(?:{_CREDIT_CORE}|(?:{AGENCY}|特约)?(?:摄影)?(?:记者|通讯员)?\s*"
    rf"{_NAMES}\s*/?\s*(?:绘|制图|图))\s*[）)])$")
# bylines: 本报记者 某某 / 记者 某某 通讯员 某某 / 作者：某某 时间：… / （作者为…） / 文/某某
_BYLINE = re.compile(
    rf"^(?:{_REPORTER}\s*{_NAMES}(?:\s+{_REPORTER}\s*{_NAMES})*"
    rf"|(?:本报|本刊)?(?:特约)?评论员(?:\s*{_NAMES})?"
    rf"|(?:作者|撰文|文|责任编辑|编辑|责编|校对)\s*[：:／/]\s*[^。！？]{{1,30}}"
    rf"(?:\s+(?:时间|日期|来源|发布时间|编辑)\s*[：:].{{1,40}})*"
    rf"|[（(](?:作者|笔者)(?:为|系|是|单位[：:])[^（）()]{{2,60}}[）)]"
    rf"|[（(]\s*(?:记者|通讯员)\s*{_NAMES}\s*[）)])$")
# a name-only bracket closing a news item: （张明赵天华） （方金玲崔鸿杰） （宋长军）
_NAME_CREDIT = re.compile(rf"[（(]([{HAN}·、\s]{{2,14}})[）)]$")
_NOT_NAMES = frozenset({"图片", "完", "续", "待续", "未完", "草案", "试行", "摘要", "节选", "摘登",
                        "附图", "组图", "资料", "下转", "上接", "全文", "特稿", "评论", "社论",
                        "修正案", "暂行", "上篇", "下篇", "全文完"})
_NOT_NAME_END = tuple("稿版篇案编选录集则法")  # （征求意见稿） （修订版） （附则）: not names
# rubrics that start like a byline (记者 + two characters): 记者观察, 记者手记 …
_REPORTER_RUBRICS = frozenset({"观察", "调查", "手记", "来信", "视点", "探访", "追踪", "直击",
                               "见闻", "连线", "体验", "专访", "走基层", "札记", "笔记", "一线"})
_SOURCE = re.compile(
    rf"^[（(]\s*{_DATELINE}\s*[）)]$"
    rf"|^(?:来源|稿件来源|信息来源|原载|转载自|摘自|选自)\s*[：:]?[^。！？]{{1,40}}$"
    rf"|^[（(]\s*(?:来源|稿件来源|信息来源|原载|转载自|摘自|选自|据)\s*[：:]?[^。！？（）()]{{1,40}}[）)]$")
# a date line: year and month at least (a bare year 2023年 heads a chronology's part)
_DATE_ONLY = re.compile(
    rf"^[（(]?\s*(?:(?:\d{{4}}|{_CNUM}{{4}})年(?:\d{{1,2}}|{_CNUM}{{1,3}})月"
    rf"(?:(?:\d{{1,2}}|{_CNUM}{{1,3}})日)?|{_DATE})\s*(?:电)?\s*[）)]?$")
_BARE_DATELINE = re.compile(rf"^{_DATELINE}(?:{_PAREN})?$")
# a headline run into its lead: 全市春耕生产全面展开本报讯（记者 张三）连日来…
_GLUED = re.compile(rf"^([^，。！？：；、,.!?:;（）()]{{5,{40}}}?)\s*"
                    rf"(?=(?:本报讯|本刊讯|{AGENCY}{_PLACE}{_DATE}(?:专电|电|讯|消息)))")
_CAPTION_LABEL = re.compile(r"^(?:图片|照片|图|上图|下图|左图|右图|组图)\s*[：:]?$")
_CAPTION_START = re.compile(r"^(?:(?:上|下|左|右|组)?图[为：:]|图片[：:]).")
_PHOTO_NOTE = re.compile(r"[（(](?:附?图片(?:\d+张)?|附图|组图|图)[）)]$")
# labels of boxes inside an article (editor's notes, background): never article headlines
BOX_LABELS = frozenset({"编者的话", "编者按", "编后", "编后语", "短评", "记者手记", "相关链接",
                        "新闻链接", "背景链接", "背景资料", "小资料", "链接", "延伸阅读"})
# wire copy closes an article with these
_END_MARKS = ("（完）", "(完)", "（全文完）")
# sentence-final or clause punctuation: a line ending in one is not a headline
_CLAUSE_END = "。，、；：！？…,;:!?"
HEADLINE_MAX = 40


def _strip_photo_notes(text: str) -> str:
    while True:
        m = _PHOTO_NOTE.search(text)
        if not m or m.start() == 0:
            return text
        text = text[:m.start()].rstrip()


def _is_name_credit(text: str) -> bool:
    m = _NAME_CREDIT.fullmatch(text) if text[:1] in "（(" else None
    if not m:
        return False
    names = re.sub(r"[、\s]", "", m.group(1))
    return len(names) >= 2 and names not in _NOT_NAMES and not set(names) <= set(CN_NUM) \
        and not names.endswith(_NOT_NAME_END) and not names.startswith("之")


def furniture_kind(text: str) -> str | None:
    """What kind of newspaper furniture a whole line is: 'credit', 'byline', 'dateline',
    'source' or 'caption' (a caption label such as 图片：), or None for any other line."""
    t = text.strip(" \u3000")
    if not t or len(t) > 80:
        return None
    core = _strip_photo_notes(t)
    if core != t and not core:
        return "caption"
    if _CREDIT.match(core):
        return "credit"
    if _SOURCE.match(core):
        return "source"
    if _DATE_ONLY.match(core) or _BARE_DATELINE.match(core):
        return "dateline"
    if _BYLINE.match(core) and core.removeprefix("本报").removeprefix("记者") \
            not in _REPORTER_RUBRICS or _is_name_credit(core):
        return "byline"
    if _CAPTION_LABEL.match(core) or _PHOTO_NOTE.fullmatch(t):
        return "caption"
    return None


def is_furniture_line(text: str) -> bool:
    """A credit, byline, date line, source or caption label: never a heading."""
    return furniture_kind(text) is not None


def trailing_credit(text: str) -> int:
    """Where a credit or name byline closing a paragraph starts (…。（新华社记者杜华举摄） /
    …。新华社发（某某摄） / …项目。（费伟伟）), or -1. Text of its own must precede it."""
    if not text.endswith(("）", ")")):
        return -1
    bracket = max(text.rfind("（"), text.rfind("("))
    sentence = max(text.rfind(c, 0, max(bracket, 0)) for c in "。！？") + 1
    for start in sorted({sentence, bracket}):
        if start > 0 and len(text) - start <= 40 and text[start - 1] not in "（(":
            tail = text[start:].strip()
            if _CREDIT.match(tail) or start == bracket and _is_name_credit(tail):
                return start
    return -1


def is_photo_credit(text: str) -> bool:
    return bool(_CREDIT.match(text.strip()))


def lead_spans(text: str) -> tuple[str, str]:
    """The dateline and the reporters a lead paragraph opens with (either may be ''), when more
    text follows them: ('本报北京12月31日讯', '新华社记者秦杰、本报记者赵川东报道：')."""
    m = LEAD.match(text)
    if not m or m.end() >= len(text):
        return "", ""
    return m.group(1), m.group(2) or ""


def glued_headline(text: str) -> int:
    """Where the lead starts in a paragraph that is a headline run into its lead, or 0. The
    evidence is the dateline right after a headline-shaped start; nothing else splits a line."""
    m = _GLUED.match(text)
    if not m or not headline_shaped(m.group(1)):
        return 0
    rest = text[m.end():]
    return m.end() if lead_spans(rest)[0] else 0


def headline_shaped(text: str) -> bool:
    """A bare short line that could be a headline: no sentence punctuation at its end, no 。
    inside, no numbering marker, not furniture, not a box label."""
    t = text.strip()
    if not 2 <= len(t) <= HEADLINE_MAX or t[-1] in _CLAUSE_END or "。" in t:
        return False
    if t[0] in "（(" and t[-1] in "）)":
        return False  # a note in brackets: （完） （上接第一版）
    if marker_kind(t) is not None or t in BOX_LABELS or is_furniture_line(t) \
            or _CAPTION_START.match(t) or t.startswith("图为"):
        return False
    return not t.startswith(("“", "‘", "「", "《")) or not t.endswith(("”", "’", "」", "》"))


def _bare(text: str) -> bool:
    """A sub-head carries no clause punctuation at all (a headline may: 我们能行！)."""
    return headline_shaped(text) and not re.search(r"[，、；：！？,;:!?]", text)


def _closes_article(text: str, role: str | None) -> bool:
    """The paragraph ends an article: a furniture line, or a paragraph closed by a credit."""
    return role in ("credit", "byline", "source", "dateline", "caption") or \
        trailing_credit(text) > 0 or text.rstrip().endswith(_END_MARKS)


def news_roles(texts: list[str]) -> dict[int, str]:
    """The newspaper role of each paragraph that has one: 'headline', 'rubric', 'subhead',
    'deck' (a 副题 under its headline: ——记…), 'lead' (opens with a dateline),
    'glued-headline' (a headline run into its lead), 'caption', 'box-label' and the furniture
    kinds. Empty unless the text is news: at least one lead with a dateline, or two credits,
    bylines or sources."""
    n = len(texts)
    furniture = {i: k for i, t in enumerate(texts) if (k := furniture_kind(t))}
    leads = {i for i, t in enumerate(texts) if i not in furniture and lead_spans(t)[0]}
    glued = {i for i, t in enumerate(texts)
             if i not in furniture and i not in leads and glued_headline(t)}
    leads |= glued
    if not leads and sum(k in ("credit", "byline", "source") for k in furniture.values()) < 2:
        # date lines alone (a signed letter, a dated poem) make no newspaper; but a first line
        # that is furniture is still no title
        return {0: furniture[0]} if 0 in furniture else {}
    roles: dict[int, str] = dict(furniture)
    roles.update({i: "glued-headline" if i in glued else "lead" for i in leads})
    for i, t in enumerate(texts):
        if t.strip() in BOX_LABELS:
            roles[i] = "box-label"
    shaped = [i not in roles and headline_shaped(t) for i, t in enumerate(texts)]

    for i in range(1, n):  # 副题: a dash line right under a headline-shaped line
        if shaped[i] and shaped[i - 1] and texts[i].lstrip().startswith(("——", "—", "－－")):
            roles[i], shaped[i] = "deck", False

    def photo_next(i: int) -> bool:
        return i + 1 < n and (roles.get(i + 1) in ("credit", "caption")
                              or trailing_credit(texts[i + 1]) > 0
                              and is_photo_credit(texts[i + 1][trailing_credit(texts[i + 1]):]))

    first_lead = min(leads, default=n)
    for i, t in enumerate(texts):
        if not shaped[i] or i in roles:
            continue
        j = i + 2 if roles.get(i + 1) == "deck" else i + 1  # what follows the headline
        nxt = roles.get(j)
        next_shaped = j < n and shaped[j]
        if next_shaped and j + 1 < n and roles.get(j + 1) == "lead" and j + 1 <= first_lead \
                and not (i > 0 and shaped[i - 1]):  # the last of a run of short lines is none
            roles[i] = "rubric"  # 栏目 above the first headline: rubric, headline, lead
            continue
        prev_closed = i == 0 or _closes_article(texts[i - 1], roles.get(i - 1))
        opening_byline = nxt == "byline" and not texts[j].lstrip().startswith(("（", "("))
        evidence = (nxt == "lead" or nxt in ("dateline", "box-label") or opening_byline
                    or photo_next(j - 1)
                    or _PHOTO_NOTE.search(t) is not None or prev_closed and not next_shaped)
        if evidence and not (next_shaped and nxt is None):
            roles[i] = "headline"
    # captions: the text after a caption label, or a paragraph closed by a photo credit
    for i, t in enumerate(texts):
        if i in roles:
            continue
        after_label = i > 0 and roles.get(i - 1) == "caption" and _CAPTION_LABEL.match(
            _strip_photo_notes(texts[i - 1].strip()) or "图片")
        cut = trailing_credit(t)
        if after_label or cut > 0 and is_photo_credit(t[cut:]) or _CAPTION_START.match(t):
            roles[i] = "caption"
    # sub-heads: inside an article, a bare short line between two body paragraphs
    seen_headline = False
    for i, t in enumerate(texts):
        if roles.get(i) == "headline":
            seen_headline = True
        elif seen_headline and shaped[i] and i not in roles and _bare(t) \
                and 0 < i < n - 1 and roles.get(i - 1) in (None, "lead") \
                and roles.get(i + 1) is None and not shaped[i + 1] \
                and not _closes_article(texts[i - 1], None):
            roles[i] = "subhead"
    # a short line closing the text after its last article, with nothing after it: a caption
    last = n - 1
    if last > 0 and last not in roles and shaped[last] and not shaped[last - 1] and (leads or any(
            r == "headline" for r in roles.values())):
        roles[last] = "caption"
    return roles


FURNITURE_CLASSES = ("credit", "byline", "dateline", "source", "caption", "box-label", "deck")


def news_blocks(text: str, role: str | None, line: int) -> list[Block] | None:
    """The blocks of a paragraph with a newspaper role (None: not a news part, the caller
    decides). A lead's dateline and reporters become spans; a credit or name byline closing a
    paragraph is split off (a caption's credit as its own block, a body's byline as a span)."""
    if role in FURNITURE_CLASSES:
        cut = trailing_credit(text) if role == "caption" else -1
        if cut > 0:
            return [Div("caption", text[:cut], line), Div("credit", text[cut:], line)]
        return [Div(role, text, line)]
    if role != "lead" and not text.endswith(("）", ")")):
        return None
    inl: list[Inline] = []
    rest = text
    if role == "lead":
        dateline, reporters = lead_spans(text)
        if not dateline:  # a lead another stage found (a record's byline): its byline opening
            m = BYLINE.match(text)
            if not m or m.end() >= len(text):
                return None
            return [Paragraph((Span(m.group(), "byline"), Text(text[m.end():])), line)]
        if "（" in dateline or "(" in dateline:
            inl.append(Span(dateline, "byline"))  # 本报讯（记者 某某）: one byline
        else:
            inl.append(Span(dateline, "dateline"))
        if reporters:
            inl.append(Span(reporters, "byline"))
        rest = text[len(dateline) + len(reporters):]
    cut = trailing_credit(rest)
    if cut > 0:
        tail = rest[cut:]
        inl += [Text(rest[:cut]), Span(tail, "credit" if is_photo_credit(tail) else "byline")]
    elif role != "lead":
        return None
    else:
        inl.append(Text(rest))
    return [Paragraph(tuple(inl), line)]
