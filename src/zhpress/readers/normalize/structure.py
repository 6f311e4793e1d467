"""Stage 3: paragraphs -> document blocks (title block, headings and levels, news parts).

Heading levels come from the numbering hierarchy met in the document: a heading nests under the
open headings of higher rank (GB/T 15834 B.3.8 order 一、 > （一） > 1. > （1）; 编 > 章 > 节 > 条),
so a document that starts at （一） still starts at the top level.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from zhpress.model import Block, Div, Heading, ListBlock, Meta, Paragraph, Strong, Text
from zhpress.readers.normalize import (
    collections,
    divisions,
    doc_close,
    flat_table,
    promulgation,
    titles,
)
from zhpress.readers.normalize.news import glued_headline, news_blocks, news_roles
from zhpress.readers.normalize.numbering import plain_numbered
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.patterns import (
    BYLINE,
    FRONT_MATTER_NAMES,
    TOC_NAMES,
    is_front_name,
    marker_kind,
)
from zhpress.readers.normalize.records import layout_roles, starts_with_stated_role
from zhpress.readers.normalize.report import ReportWarning, Where

RANK = {"编": 1, "attachment": 2, "章": 2, "front": 2, "回": 2, "节": 3, "条": 4, "appendix": 4.5,
        "cn_dun": 5, "paren_cn": 6, "arabic_dot": 7, "paren_arabic": 8}
# the heading role (model.HEADING_ROLES) of each kind of heading the structure stage finds
ROLE = {"title": "title", "headline": "headline", "rubric": "rubric", "front": "front",
        "attachment": "front", "appendix": "front",
        "编": "part", "章": "chapter", "节": "section", "条": "law-article", "回": "novel-chapter",
        "cn_dun": "num-cn", "paren_cn": "num-paren-cn", "arabic_dot": "num-arabic",
        "paren_arabic": "num-paren-arabic"}
RANK.update(divisions.RANK)  # 卷, 分编 and a top-level 附则 (divisions.py)
ROLE.update(divisions.ROLE)
RANK.update(collections.RANK)  # a work in a collection of stories, essays, poems
ROLE.update(collections.ROLE)
RANK["document"] = 1.5  # promulgation.py: the document a 公告 promulgates, over its 附件
ROLE["document"] = "headline"
ITEM_KINDS = ("cn_dun", "paren_cn", "arabic_dot", "paren_arabic")
RANK["subhead"] = RANK["章"]  # news.py: a sub-head sits one level under its headline
ROLE["subhead"] = "subhead"
HEADING_MAX = 60
_NO_TITLE_PUNCT = re.compile(r"[。，；：,;:]")
_LEAD_SENTENCE = re.compile(r"^[^，。、；：？！,;:（）]{2,14}。(?=.)")
_CLAUSE = re.compile(r"[^，。、；：？！,;:（）]{2,14}")


@dataclass
class _H:
    """A heading waiting for its level."""

    kind: str
    text: str
    line: int
    run_in: bool = False


def _short(t: str) -> bool:
    return 0 < len(t) <= 40 and "。" not in t and not _NO_TITLE_PUNCT.search(t[-1:]) \
        and marker_kind(t) is None


class _Builder:
    def __init__(self, paras: list[Para]) -> None:
        self.paras = paras
        self.out: list[Block | _H] = []
        self.meta: dict[str, str] = {}
        self.law = any(marker_kind(p.text) == "条" for p in paras)
        self.roles = self._news_roles()
        self.title_parts = titles.TitleBlock()
        # paragraph and list-item numbers (numbering.py): markers that make no heading
        self.plain = {id(paras[i]) for i in plain_numbered([p.text for p in paras])}
        self.collection = collections.read_collection([p.text for p in paras])
        self.stated: dict[int, str] = {}  # parts of a flattened promulgation (promulgation.py)

    # --- title block --------------------------------------------------------------------------
    def title_block(self) -> int:
        """The title block (titles.py): title heading, then its parts as classed divs."""
        texts = [p.text for p in self.paras[:titles.SPAN]]
        tb = titles.read_title_block(texts, news_page=0 in self.roles or BYLINE.match(
            texts[0] if texts else "") is not None)
        for part in tb.parts:
            line = self.paras[part.para].line
            if part.kind == "title":
                self.out.append(_H("title", part.text, line))
            else:
                self._add_div(part.kind, part.text, line)
        self.meta.update(tb.meta)
        self.title_parts = tb
        if tb.kinds() & {"doc-number", "addressee"} and tb.consumed < len(self.paras):
            p = self.paras[tb.consumed]
            pieces = doc_close.split_close(p.text)
            for kind, text in pieces or ():
                if kind == "body":
                    self.out.append(Paragraph((Text(text),), p.line))
                elif kind == "attachment-title":
                    self.out.append(_H("attachment", text, p.line))
                else:
                    if kind == "doc-date":  # the 成文日期 dates the document
                        self.meta.setdefault("date", titles.iso_date(text))
                    self._add_div(kind, text, p.line)
            return tb.consumed + (1 if pieces else 0)
        return tb.consumed

    def _add_div(self, cls: str, t: str, line: int) -> None:
        self.out.append(Div(cls, t, line))

    # --- newspaper parts ----------------------------------------------------------------------
    def _news_roles(self) -> dict[int, str]:
        return news_roles([p.text for p in self.paras])  # readers/normalize/news.py

    # --- body ---------------------------------------------------------------------------------
    def body(self, i: int) -> None:
        ps = self.paras
        while i < len(ps):
            p = ps[i]
            t = p.text
            if (part := self.stated.get(i)) is not None:
                if part in ("title", "document", "attachment-title"):
                    self.out.append(_H("attachment" if part == "attachment-title" else part, t,
                                       p.line))
                else:
                    self._add_div(part, t, p.line)
                i += 1
                continue
            if i in self.collection.contents:  # a 卷's list of its works (collections.py)
                end, listed = self.collection.contents[i]
                self.out.append(ListBlock(tuple(listed), p.line))
                i = end
                continue
            if i in self.collection.volumes or i in self.collection.works:
                self.out.append(_H("卷" if i in self.collection.volumes else "work", t, p.line))
                i += 1
                continue
            if i not in self.roles and (toc := divisions.toc_at(ps, i)):  # the book's 目录
                i, toc_blocks = toc
                self.out += toc_blocks
                continue
            role = self.roles.get(i)
            if role in ("headline", "rubric", "subhead"):
                self.out.append(_H(role, t, p.line))
            elif role == "glued-headline":  # news.py: split at the dateline that starts the lead
                cut = glued_headline(t)
                self.out.append(_H("headline", t[:cut].rstrip(), p.line))
                self.out += news_blocks(t[cut:], "lead", p.line) or []
            elif self.roles and (news := news_blocks(t, role, p.line)) is not None:
                self.out += news
            elif t.replace(" ", "") in TOC_NAMES:
                j = i + 1
                while j < len(ps) and ps[j].gap == 0 and len(ps[j].text) <= 40 \
                        and "。" not in ps[j].text:
                    j += 1
                self._add_div("toc-title", t, p.line)
                if j > i + 1:
                    self.out.append(ListBlock(tuple(q.text for q in ps[i + 1:j]), ps[i + 1].line))
                i = j
                continue
            elif t in FRONT_MATTER_NAMES:
                self.out.append(_H("front", t, p.line))
            elif doc_close.is_appendix_title(t):
                self.out.append(_H("appendix", t, p.line))
            elif i and (close := doc_close.closing_kind(self._texts(i), 1)):
                self._add_div(close, t, p.line)
            elif (table := flat_table.numbered_rows(t)) is not None:  # header, rows
                self.out += [Paragraph((Text(table[0]),), p.line), ListBlock(tuple(table[1]),
                                                                              p.line)]
            else:
                self._marker_or_para(p)
            i += 1

    def _texts(self, i: int) -> list[str]:
        """The paragraph before i, i and the one after (doc_close.closing_kind's window)."""
        return [q.text for q in self.paras[max(i - 1, 0):i + 2]]

    def _marker_or_para(self, p: Para) -> None:
        t = p.text
        kind = marker_kind(t)
        if kind is None and is_front_name(t):  # 驚奇序, 附件一 (patterns.is_front_name)
            self.out.append(_H("front", t, p.line))
            return
        if kind == "条":
            head = divisions.article_head(t)  # 第X条, 第X条之一, 第X条（删去）
            if head:
                rest = t[len(head):]
                self.out.append(_H(kind, head, p.line, run_in=True))
                if rest.strip():
                    self.out.append(Paragraph((Text(rest.strip()),), p.line))
                return
        elif kind in ("回", "卷"):
            if divisions.is_chapter_line(t):
                self.out.append(_H(kind, t, p.line))
                return
        elif kind in ("编", "分编", "章", "节"):
            if len(t) <= HEADING_MAX and "。" not in t:
                self.out.append(_H(kind, t, p.line))
                return
        elif kind in ITEM_KINDS and not self.law and id(p) not in self.plain:
            if "。" not in t:
                if len(t) <= HEADING_MAX and t[-1] not in "；，：;,:、":
                    self.out.append(_H(kind, t, p.line))
                    return
            else:
                cut = t.index("。") + 1
                head, rest = t[:cut], t[cut:].strip()
                if len(head) <= HEADING_MAX and "；" not in head:
                    self.out.append(_H(kind, head, p.line, run_in=True))
                    if rest:
                        self.out.append(Paragraph((Text(rest),), p.line))
                    return
        self.out.append(self._paragraph(p))

    def _paragraph(self, p: Para) -> Paragraph:
        return Paragraph((Text(p.text),), p.line)

    # --- levels -------------------------------------------------------------------------------
    @property
    def report_mode(self) -> bool:
        """A report with 一、/（一） sections, where bold lead sentences are sub-heads."""
        return not self.law and any(isinstance(b, _H) and b.kind in ("cn_dun", "paren_cn")
                                    for b in self.out)

    def finish(self) -> list[Block]:
        self.division_warns = divisions.settle(self.out)  # numbering in sequence, 附则's rank
        report_mode = self.report_mode
        blocks: list[Block] = []
        stack: list[int] = []
        base = 0
        under_rubric = False
        for b in self.out:
            if isinstance(b, _H):
                if b.kind in ("title", "rubric"):
                    level, base, stack = 1, 1, []
                    under_rubric = b.kind == "rubric"
                elif b.kind == "headline":
                    level = 2 if under_rubric else 1
                    base, stack = level, []
                else:
                    r = RANK[b.kind]
                    while stack and stack[-1] >= r:
                        stack.pop()
                    level = base + len(stack) + 1
                    stack.append(r)
                blocks.append(Heading(level, b.text, run_in=b.run_in, line=b.line,
                                      role=ROLE[b.kind]))
            elif report_mode and isinstance(b, Paragraph) and len(b.inlines) == 1 \
                    and isinstance(b.inlines[0], Text):
                m = _LEAD_SENTENCE.match(b.inlines[0].text)
                if m:
                    t = b.inlines[0].text
                    b = Paragraph((Strong(m.group()), Text(t[m.end():])), b.line)
                blocks.append(b)
            else:
                blocks.append(b)
        return consecutive_levels(blocks)[0]

    # --- N12: run-in sub-head inside a paragraph -----------------------------------------------
    def mid_paragraph_subheads(self) -> list[ReportWarning]:
        """N12 (flag only). In a section whose paragraphs start with bold lead sentences
        (联谊服务聚人心。 宣传引导增信心。), a clause in the middle of a paragraph that is built
        like them (读书活动筑同心。) is probably a sub-head whose paragraph break was lost. Plain
        short sentences are common, so 'built like them' is strict: the clause has the length of
        one of at least two sibling lead sentences and shares its first or its last character with
        every one of them (the parallel form of such sub-heads: 为…建言/为…献计, …人心/…信心)."""
        warns: list[ReportWarning] = list(getattr(self, "division_warns", []))  # (finish)
        if not self.report_mode:
            return warns
        section: list[Para] = []
        for p in [*self.paras, None]:
            if p is None or marker_kind(p.text) is not None:
                warns += _section_subheads(section)
                section = []
            else:
                section.append(p)
        return warns


def _section_subheads(section: list[Para]) -> list[ReportWarning]:
    leads = [m.group()[:-1] for p in section if (m := _LEAD_SENTENCE.match(p.text))]
    if len(leads) < 2:
        return []
    lengths = {len(x) for x in leads}
    firsts = {x[0] for x in leads}
    lasts = {x[-1] for x in leads}
    warns = []
    for p in section:
        t = p.text
        start = t.find("。") + 1
        while 0 < start < len(t):
            end = t.find("。", start)
            if end < 0:
                break
            clause = t[start:end]
            if end + 1 < len(t) and len(clause) in lengths and _CLAUSE.fullmatch(clause) and (
                    firsts == {clause[0]} or lasts == {clause[-1]}):
                warns.append(ReportWarning(
                    "run_in_subhead_mid_paragraph", Where(*p.where(start)),
                    f"'{clause}。' is built like the sub-heads {'、'.join(leads[:3])} that start "
                    f"paragraphs here: a lost paragraph break? left as is"))
            start = end + 1
    return warns


def consecutive_levels(blocks: list[Block]) -> tuple[list[Block], list[tuple[Heading, Heading]]]:
    """Outline levels start at 1 and never skip (design.md outline JSON; EPUB nav, NCX and PDF
    bookmarks nest, so a level-1 heading cannot have a level-3 child). A heading deeper than one
    below its parent moves up to parent + 1, and its own children move with it. Returns the
    blocks and the (before, after) pairs of headings that moved."""
    out: list[Block] = []
    moved: list[tuple[Heading, Heading]] = []
    stack: list[tuple[int, int]] = []  # (level as given, level used) of the open headings
    for b in blocks:
        if isinstance(b, Heading):
            while stack and stack[-1][0] >= b.level:
                stack.pop()
            level = stack[-1][1] + 1 if stack else 1
            stack.append((b.level, level))
            if level != b.level:
                nb = replace(b, level=level)
                moved.append((b, nb))
                b = nb
        out.append(b)
    return out, moved


def build(paras: list[Para], filename: str, source: dict[str, str],
          front: dict[str, str] | None = None
          ) -> tuple[Meta, list[Block], list[ReportWarning]]:
    """Make the document's blocks and front matter from normalized paragraphs; `front` holds
    the fields of the input's own front matter block, if it had one."""
    paras, stated = promulgation.split_flattened(paras)
    b = _Builder(paras)
    b.stated = stated
    b.roles = layout_roles(paras, b.roles)  # what a record dump's or a scrape's layout states
    b.body(0 if starts_with_stated_role(paras) else b.title_block())  # a record: no title
    blocks = b.finish()
    warns = b.mid_paragraph_subheads()
    headlines = [p.text for i, p in enumerate(paras) if b.roles.get(i) == "headline"]
    fields, notes = titles.settle_meta(b.meta, front or {}, [p.text for p in paras[:titles.SPAN]],
                                       b.title_parts, headlines[0] if headlines else "")
    warns += [ReportWarning("title_block", Where(paras[i].line if i < len(paras) else 1, 1), msg)
              for i, msg in notes]
    meta = Meta(title=fields.get("title", ""), subtitle=fields.get("subtitle", ""),
                author=fields.get("author", ""), date=fields.get("date", ""),
                lang=fields.get("lang", "zh-CN"), source=source)
    return meta, blocks, warns
