"""Stage 3b: the 公文 elements (GB/T 9704) of a raw official document, moved into the front
matter's `gongwen:` mapping after the structure stage.

Official documents copied from web pages and PDFs keep their 版头 and 版记 as lines of text,
often glued to their neighbours: "…的通知法[2012]74号各省、…高级人民法院：" (title repeat, 发文字号,
主送机关), "…认真贯彻执行。二〇一二年三月十五日附：…的意见为充分发挥…" (body, 成文日期, 附件).
Each rule below recognises one element from its form, wherever the kind of text puts it, and
every recognition is a change in the report (rule, line, the text before, the element after).
A document is taken for a 公文 only on strong evidence: a 发文字号, or a 主送机关 with a 成文日期
or 抄送; otherwise nothing changes. Template lines with placeholders (××) are never elements.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from zhpress.model import Block, Div, Heading, Meta, Paragraph, Text
from zhpress.readers.normalize.report import Change, Report, Where

#: names of the kinds of document that end a title (党政机关公文处理工作条例 第八条, and the
#: attachment kinds that follow 附件：)
KIND_WORDS = ("通知", "通报", "决定", "意见", "批复", "报告", "请示", "函", "公告", "通告", "纪要",
              "命令", "议案", "决议", "公报", "办法", "规定", "细则", "方案", "规划", "目录",
              "名单", "一览表", "清单", "说明")
_KIND = "|".join(KIND_WORDS)
LOOSE_NUMBER = re.compile(
    r"(?P<code>[\u4e00-\u9fff]{1,12})\s*(?P<open>[〔\[［(（【])\s*(?P<year>(?:19|20)\d{2})\s*"
    r"[〕\]］)）】]\s*第?\s*(?P<serial>\d{1,5})\s*号")
_CN_DIGIT = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0"}
DATE_CN = r"[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}日"
DATE_AR = r"\d{4}年\d{1,2}月\d{1,2}日"
DATE = re.compile(rf"(?:{DATE_CN}|{DATE_AR})")
#: body + 成文日期 (+ 附：attachment title and its first text) glued in one paragraph
_GLUED_DATE = re.compile(rf"(?P<body>.*[。！；])(?P<date>{DATE.pattern})"
                         r"(?:(?P<att>附件?[：:])(?P<rest>.+))?")
_DATE_THEN_ATTACHMENT = re.compile(r"日附件?[：:]")
_ATTACHMENT = re.compile(r"附件?[：:]\s*(?P<items>.+)")
_ITEM = re.compile(r"(?P<n>\d{1,2})\s*[.．、]\s*(?P<name>.+)")
_COPY_TO = re.compile(r"抄送[：:]\s*(?P<to>.+)")
_PRINTED = re.compile(rf"(?P<organ>[^\s，。：]{{2,30}})\s+(?P<date>{DATE.pattern})\s*印发")
#: what an organ's name ends with
ORGAN_END = re.compile(r"(?:院|部|委|厅|局|府|办|会|室|处|所|司|署|行|队|军|校|中心|单位|机关|公司|"
                       r"组|团|社|站|馆|部门|机构|组织|企业|街道|乡镇|党委|政府|分院|法院|检察院)$")
PLACEHOLDER = re.compile(r"××|ＸＸ|XX|xx|\*\*")
_MAYBE_PLACEHOLDER = "×ＸXx*"  # substring tests first: most paragraphs have none
HEAD_BLOCKS = 6  # the 版头 and 主送机关 are among the first blocks after the title
CLAUSES = {
    "gongwen_doc_number": "GB/T 9704 7.2.5: 发文字号, year in 〔〕, no leading zeros",
    "gongwen_title_repeat": "GB/T 9704 7.3.1: the title glued before the 发文字号 is a repeat",
    "gongwen_addressee": "GB/T 9704 7.3.2: 主送机关, organ names ending in a full-width colon",
    "gongwen_date": "GB/T 9704 7.3.5: 成文日期 in Arabic numerals",
    "gongwen_signature": "GB/T 9704 7.3.5: 发文机关署名 on the line above the 成文日期",
    "gongwen_attachment": "GB/T 9704 7.3.4/7.3.7: 附件说明 and the attachment that follows",
    "gongwen_copy_to": "GB/T 9704 7.4.2: 抄送机关",
    "gongwen_printed": "GB/T 9704 7.4.3: 印发机关和印发日期",
    "gongwen_issuer": "GB/T 9704 7.2.4: 发文机关, the organ(s) before 关于/印发 in the title",
}
#: the organ(s) that open a title: 青川市人民政府关于… / 最高人民法院印发… / 中共中央 国务院关于…
_ISSUER = re.compile(r"(?P<organs>[^《》“”（）()，。]{2,40}?)(?:关于|印发|转发|批转)")


def arabic_date(text: str) -> str:
    """二〇一二年三月十五日 → 2012年3月15日 (GB/T 9704 7.3.5); Arabic dates lose zero padding."""
    m = re.fullmatch(r"(.{4})年(.{1,3})月(.{1,3})日", text)
    if not m:
        return text

    def number(part: str) -> int:
        if part.isdigit():
            return int(part)
        if all(c in _CN_DIGIT for c in part):
            return int("".join(_CN_DIGIT[c] for c in part))
        tens, _, ones = part.partition("十")  # 十五, 二十, 二十一, 十
        return (int(_CN_DIGIT[tens]) if tens else 1) * 10 + (int(_CN_DIGIT[ones]) if ones else 0)

    try:
        return f"{number(m[1])}年{number(m[2])}月{number(m[3])}日"
    except (KeyError, ValueError):
        return text


def is_addressee(text: str) -> bool:
    """A line of organ names ending with a full-width colon (7.3.2): 各省、…高级人民法院，…分院："""
    if not text.endswith(("：", ":")) or len(text) > 200 or "。" in text:
        return False
    names = [n for n in re.split(r"[，、,；]", text.rstrip("：:")) if n]
    last = names[-1] if names else ""
    organ = ORGAN_END.search(last) is not None or (last.startswith("各") and
                                                    not last.startswith("各位"))
    return organ and all(len(n) <= 40 for n in names)


def _block_text(b: Block) -> str | None:
    return b.text if isinstance(b, (Paragraph, Div)) else None


def _para(text: str, line: int) -> Paragraph:
    return Paragraph((Text(text),), line)


class _Finder:
    """Walks the blocks once, collecting the elements and the blocks that stay."""

    def __init__(self, meta: Meta, blocks: list[Block]) -> None:
        self.meta = meta
        self.blocks = blocks
        self.found: dict[str, Any] = {}
        self.changes: list[Change] = []
        self.items_at = -1  # len(out) right after a 附件说明 line: numbered items may follow
        self.title_repeat = ""

    def note(self, rule: str, line: int, before: str, key: str, value: Any) -> None:
        self.found[key] = value
        shown = "、".join(value) if isinstance(value, list) else value
        self.changes.append(Change(rule, Where(line, 1), before, f"gongwen.{key}: {shown}"))

    def doc_number(self, text: str, line: int) -> list[Block] | None:
        """发文字号 alone, or glued between a title repeat and the 主送机关."""
        m = LOOSE_NUMBER.search(text)
        if not m or "发文字号" in self.found:
            return None
        bracket = m.start("open")
        head = text[:bracket]
        kinds = [k.end() for k in re.finditer(_KIND, head) if k.end() > m.start("code") - 1]
        cut = kinds[-1] if kinds else m.start("code")
        code, prefix, suffix = head[cut:].strip(), head[:cut].strip(), text[m.end():].strip()
        if not code or (prefix and not prefix.endswith(KIND_WORDS)):
            return None
        if prefix and not self._repeats_title(prefix):
            return None  # a sentence that quotes a number, not a 版头
        number = f"{code}〔{m['year']}〕{int(m['serial'])}号"
        self.note("gongwen_doc_number", line, m.group(0), "发文字号", number)
        if prefix:
            self.changes.append(Change("gongwen_title_repeat", Where(line, 1), prefix, ""))
        out: list[Block] = []
        if suffix and is_addressee(suffix) and "主送机关" not in self.found:
            self.note("gongwen_addressee", line, suffix, "主送机关", suffix.rstrip("：:"))
        elif suffix:
            out.append(_para(suffix, line))
        return out

    def _repeats_title(self, prefix: str) -> bool:
        """`prefix` is the title, or the start of the title or of a line above (a copied
        page repeats its title, with or without the compiler's suffix such as （2012）)."""
        titles = [self.meta.title] + [t for b in self.blocks[:HEAD_BLOCKS]
                                      if (t := _block_text(b) or getattr(b, "text", ""))]
        if any(t and (t.startswith(prefix) or prefix.startswith(t)) for t in titles):
            self.title_repeat = prefix
            return True
        return False

    def glued_date(self, text: str, line: int, last: bool) -> list[Block] | None:
        """Body + 成文日期 (+ 附：title + the attachment's first text) in one paragraph: the
        main text's last paragraph, or one where 附： follows the date."""
        if not (text.endswith("日") or ("附" in text and _DATE_THEN_ATTACHMENT.search(text))):
            return None  # most paragraphs: no regex backtracking over their sentences
        m = _GLUED_DATE.fullmatch(text)
        if not m or "成文日期" in self.found or not (m["att"] or last):
            return None
        out: list[Block] = [_para(m["body"], line)]
        self.note("gongwen_date", line, m["date"], "成文日期", arabic_date(m["date"]))
        if m["att"]:
            rest = m["rest"]
            end = re.search(_KIND, rest)
            name = rest[:end.end()] if end else rest
            self.note("gongwen_attachment", line, m["att"] + name, "附件", [name])
            out.append(Heading(2, "附件", line=line))
            if rest[len(name):].strip():
                out.append(_para(rest[len(name):].strip(), line))
        return out

    def run(self) -> list[Block]:
        out: list[Block] = []
        body_seen = False
        for index, block in enumerate(self.blocks):
            text = _block_text(block)
            if isinstance(block, Heading) and self.items_at == len(out):
                text = block.text  # 2.name after 附件：1.name, taken for a numbered heading
            if text is None or (any(c in text for c in _MAYBE_PLACEHOLDER) and
                                PLACEHOLDER.search(text)):
                out.append(block)
                if isinstance(block, Heading) and block.text != self.meta.title \
                        and block.role != "title":
                    body_seen = True  # a section heading: the 版头 is over
                continue
            line = block.line
            head = index <= HEAD_BLOCKS and not body_seen
            replaced = self.doc_number(text, line) if head else None
            if replaced is None and head and is_addressee(text) and "主送机关" not in self.found:
                self.note("gongwen_addressee", line, text, "主送机关", text.rstrip("：:"))
                replaced = []
            if replaced is None and re.fullmatch(r"附件?[：:]", text.strip()) \
                    and "附件" not in self.found and index + 1 < len(self.blocks) \
                    and isinstance(heading := self.blocks[index + 1], Heading):
                # "附：" alone, the attachment's title as the next heading: the label of the
                # attachment pages (a heading 附件 at the title's level)
                self.note("gongwen_attachment", line, f"{text} {heading.text}", "附件",
                          [heading.text])
                replaced = [Heading(heading.level, "附件", line=line)]
            if replaced is None and len(text) <= 200:  # 版记 and 附件说明 lines are short
                replaced = self.tail(text, line, out)
            if replaced is None:
                replaced = self.glued_date(text, line, index == len(self.blocks) - 1)
            out += [block] if replaced is None else replaced
            # the 版头 ends at the first sentence of body text (title lines have none)
            body_seen = body_seen or (replaced is None and "。" in text)
        return out

    def tail(self, text: str, line: int, out: list[Block]) -> list[Block] | None:
        """抄送, 印发, 附件说明 and a date line (with the signature above it)."""
        if (m := _COPY_TO.fullmatch(text)) and "抄送" not in self.found:
            self.note("gongwen_copy_to", line, text, "抄送", m["to"].rstrip("。；，"))
            return []
        if (m := _PRINTED.fullmatch(text)) and "印发机关" not in self.found:
            self.note("gongwen_printed", line, text, "印发机关", m["organ"])
            self.note("gongwen_printed", line, text, "印发日期", arabic_date(m["date"]))
            return []
        if (m := _ATTACHMENT.fullmatch(text)) and "。" not in text and len(text) <= 120 \
                and "附件" not in self.found:
            item = _ITEM.fullmatch(m["items"])
            self.note("gongwen_attachment", line, text, "附件", [item["name"] if item else
                                                                 m["items"]])
            self.items_at = len(out)
            return []
        if (m := _ITEM.fullmatch(text)) and self.items_at == len(out) and len(text) <= 120 \
                and "。" not in text:
            self.found["附件"].append(m["name"])
            self.changes.append(Change("gongwen_attachment", Where(line, 1), text,
                                       f"gongwen.附件: {m['name']}"))
            return []
        if DATE.fullmatch(text) and "成文日期" not in self.found:
            self.note("gongwen_date", line, text, "成文日期", arabic_date(text))
            previous = _block_text(out[-1]) if out else None
            if previous and len(previous) <= 40 and not re.search(r"[。，；：]", previous) \
                    and ORGAN_END.search(previous):
                self.note("gongwen_signature", out[-1].line, previous, "署名", previous)
                out.pop()
            return []
        return None


def recognize(meta: Meta, blocks: list[Block], report: Report) -> tuple[Meta, list[Block]]:
    """`meta` with the 公文 elements found in `blocks`, and the blocks without them."""
    finder = _Finder(meta, list(blocks))
    out = finder.run()
    found = finder.found
    if not ("发文字号" in found or ("主送机关" in found and ({"成文日期", "抄送"} & set(found)))):
        return meta, list(blocks)
    issuer = _ISSUER.match(meta.title) or _ISSUER.match(finder.title_repeat)
    if issuer and "发文机关" not in found:
        organs = [o for o in re.split(r"[\s、]+", issuer["organs"]) if o]
        if organs and all(ORGAN_END.search(o) or o.endswith("中央") for o in organs):
            value = organs[0] if len(organs) == 1 else organs
            finder.note("gongwen_issuer", 1, issuer["organs"], "发文机关", value)
    for rule in sorted({c.rule for c in finder.changes}):
        report.rules[rule] = CLAUSES[rule]
    for change in finder.changes:
        report.add_change(change)
    return replace(meta, gongwen=dict(found)), out
