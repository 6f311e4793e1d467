"""公文 elements (GB/T 9704-2012): the `gongwen:` front-matter mapping, validated and checked.

`read_gongwen` turns the mapping into the plain dict kept in `Meta.gongwen` (bad input: one
`BadInput` line naming the key and the fix); `gongwen_warnings` lists what a person should look
at, each naming the clause of the standard it applies. Writers read the dict through the small
helpers below, so that PDF and DOCX show the same text for each element.
"""

from __future__ import annotations

import functools
import logging
import re
from pathlib import Path, PurePosixPath
from typing import Any

import yaml

from zhpress.errors import BadInput

log = logging.getLogger("zhpress")

GONGWEN_SCHEMA = Path(__file__).with_name("gongwen.schema.yaml")

#: GB/T 9704 7.2.5: 机关代字 + 〔full year〕 + serial number without 第 or leading zeros + 号.
DOC_NUMBER = re.compile(r"(?P<code>[^〔〕\[\]［］()（）【】\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号")
_LOOSE_NUMBER = re.compile(
    r"(?P<code>[^〔〕\[\]［］()（）【】\s]+)\s*[〔\[［(（【]\s*(?P<year>\d{2,4})\s*[〕\]］)）】]"
    r"\s*第?\s*(?P<serial>\d+)\s*号"
)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_ZH_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")

#: Elements a kind of 公文 does not have (GB/T 9704 10.1 信函: no 印发机关 and 印发日期 in the
#: 版记; 10.3 纪要: no 签发人, and 纪要 are not sealed (党政机关公文处理工作条例 第九条)).
NOT_FOR_KIND: dict[str, tuple[str, ...]] = {
    "文件": ("出席", "请假", "列席"),
    "信函": ("印发机关", "印发日期", "出席", "请假", "列席"),
    "纪要": ("签发人", "印章"),
}
#: 10.3: a 纪要's attendance lists, in the standard's order, each set as 黑体 label + names
ATTENDANCE_LABELS = ("出席", "请假", "列席")


@functools.cache
def _validator() -> Any:
    import jsonschema

    schema = yaml.safe_load(GONGWEN_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _schema_problem(data: Any) -> str | None:
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is None:
        return None
    key = ".".join(str(p) for p in error.absolute_path)
    where = f"gongwen.{key}" if key else "gongwen"
    if error.validator == "additionalProperties":
        return f"{where}: {error.message}; use the keys listed in README (公文 front matter)"
    return f"{where}: {error.message[:160]}"


def read_gongwen(data: Any) -> dict[str, Any]:
    """The validated `gongwen:` mapping (numbers written as YAML numbers become text)."""
    if isinstance(data, dict):  # 份号: 000001 and 份号: 1 are both a copy number
        data = {str(k): (str(v) if isinstance(v, int) and not isinstance(v, bool) else v)
                for k, v in data.items()}
    problem = _schema_problem(data)
    if problem:
        raise BadInput(f"the front matter {problem}; fix it (schema: {GONGWEN_SCHEMA.name})")
    seal = data.get("印章")
    if seal and ".." in PurePosixPath(seal).parts:
        raise BadInput(f"the front matter gongwen.印章 {seal[:60]!r} leads out of the project; "
                       "give a path inside the input's folder")
    return dict(data)


def doc_number_problem(number: str) -> str | None:
    """Why `number` is not a GB/T 9704 7.2.5 发文字号, with the corrected form, or None."""
    if DOC_NUMBER.fullmatch(number):
        return None
    loose = _LOOSE_NUMBER.fullmatch(number)
    if loose and len(loose["year"]) == 4:
        fixed = f"{loose['code']}〔{loose['year']}〕{int(loose['serial'])}号"
        return (f"发文字号 {number!r}: GB/T 9704 7.2.5 writes the year in 六角括号〔〕 and the "
                f"serial number without 第 or leading zeros; write {fixed}")
    return (f"发文字号 {number!r}: GB/T 9704 7.2.5 form is 机关代字〔full year〕serial号, "
            "e.g. 乐府发〔2023〕5号")


def date_problem(key: str, value: str) -> str | None:
    """GB/T 9704 7.3.5: the date in Arabic numerals with year, month and day, no zero padding."""
    m = _ZH_DATE.fullmatch(value)
    if m and not (m[2].startswith("0") or m[3].startswith("0")):
        return None
    if _ISO_DATE.fullmatch(value):
        return None  # shown as 2023年3月5日 (date_text)
    return (f"{key} {value!r}: GB/T 9704 7.3.5 writes dates in Arabic numerals with 年月日 "
            f"and no zero padding, e.g. 2023年3月5日")


def gongwen_warnings(g: dict[str, Any]) -> list[str]:
    """What a person should look at in a valid mapping, one line each, naming the rule."""
    out: list[str] = []
    kind = g.get("kind", "文件")
    if "发文字号" in g and (p := doc_number_problem(g["发文字号"])):
        out.append(p)
    if "签发人" in g and g.get("行文") != "上行文" and kind != "纪要":
        out.append("签发人: GB/T 9704 7.2.6 shows 签发人 on 上行文 only; set 行文: 上行文 or "
                   "remove 签发人")
    for key in NOT_FOR_KIND[kind]:
        if key in g:
            clause = "10.1" if kind == "信函" and key not in ATTENDANCE_LABELS else "10.3"
            out.append(f"{key}: a {kind} has no {key} (GB/T 9704 {clause}); remove it or "
                       "change kind")
    for key in ("成文日期", "印发日期"):
        if key in g and (p := date_problem(key, g[key])):
            out.append(p)
    if "保密期限" in g and "密级" not in g:
        out.append("保密期限: GB/T 9704 7.2.2 gives a 保密期限 with a 密级 only; add 密级")
    if "密级" in g and "份号" not in g:
        out.append("份号: GB/T 9704 7.2.1 numbers every copy of a classified 公文; add 份号")
    return out


def check_gongwen(g: dict[str, Any], where: str = "") -> list[str]:
    """Log each warning of `g` once (WARNING: content degraded) and return them."""
    found = gongwen_warnings(g)
    for line in found:
        log.warning("%sgongwen.%s", f"{where}: " if where else "", line)
    return found


#: classes of the body's blocks that hold a 公文 element as the source wrote it (the normalizer's
#: recognition keeps them, so nothing is lost); a 公文 layout shows the element from the front
#: matter instead and skips them. An `attachment` block (附：) opens the attachment pages.
ELEMENT_CLASSES = frozenset({"doc-number", "addressee", "doc-date", "attachment-note",
                             "signature", "copy-to", "printed", "title-repeat"})
ATTACHMENT_CLASS = "attachment"
#: classes of blocks that are no part of the 公文 itself: a compiler's title line above the title
#: in a text taken from a compilation (某院关于某事的通知（2012）). On the 公文 page (PDF, DOCX)
#: it would read as the 标志's or the body's text wherever it went, so the page layouts leave it
#: out; the Markdown source and the flow form (EPUB, no 公文 page) keep it.
OFF_PAGE_CLASSES = frozenset({"compiler-title"})
#: the blocks a 公文 page layout skips
PAGE_SKIP_CLASSES = ELEMENT_CLASSES | OFF_PAGE_CLASSES


# --- what each element reads as (shared by the PDF and DOCX writers) --------------------------
def names(value: str | list[str] | None) -> list[str]:
    """One organ or several, as a list."""
    if not value:
        return []
    return [value] if isinstance(value, str) else list(value)


def attendance(g: dict[str, Any]) -> list[tuple[str, str]]:
    """A 纪要's attendance lists (10.3) as (label with its full-width colon, the names joined
    by 、), in the order 出席, 请假, 列席; only those the front matter gives."""
    if g.get("kind") != "纪要":
        return []
    return [(label + "：", "、".join(names(g[label]))) for label in ATTENDANCE_LABELS
            if g.get(label)]


def date_text(value: str) -> str:
    """2023-03-05 → 2023年3月5日 (GB/T 9704 7.3.5); other text as written."""
    m = _ISO_DATE.fullmatch(value)
    return f"{m[1]}年{int(m[2])}月{int(m[3])}日" if m else value


def mark_lines(g: dict[str, Any]) -> list[str]:
    """The 发文机关标志 (7.2.4), one line per organ for joint issuance; 文件 adds 文件."""
    if g.get("标志"):
        return [g["标志"]]
    organs = names(g.get("发文机关"))
    suffix = {"文件": "文件", "纪要": "纪要"}.get(g.get("kind", "文件"), "")
    if not organs:
        return []
    if len(organs) == 1:
        return [organs[0] + suffix]
    return organs  # joint: the organs stacked, the suffix beside them (mark_suffix)


def mark_suffix(g: dict[str, Any]) -> str:
    """For joint issuance, 文件 (or 纪要) set beside the stacked organs (7.2.4), else ''."""
    if g.get("标志") or len(names(g.get("发文机关"))) < 2:
        return ""
    return {"文件": "文件", "纪要": "纪要"}.get(g.get("kind", "文件"), "")


def security_lines(g: dict[str, Any]) -> list[str]:
    """份号, 密级★保密期限 and 紧急程度, stacked at the top left (7.2.1-7.2.3)."""
    out = []
    if g.get("份号"):
        out.append(g["份号"].zfill(6))
    if g.get("密级"):
        out.append(g["密级"] + (f"★{g['保密期限']}" if g.get("保密期限") else ""))
    if g.get("紧急程度"):
        out.append(g["紧急程度"])
    return out


def attachment_note(g: dict[str, Any]) -> list[str]:
    """The 附件说明 lines (7.3.4): 附件：name, or 附件：1.name / 2.name aligned after the colon."""
    items = [re.sub(r"[。，；、]+$", "", a) for a in g.get("附件", [])]
    if len(items) == 1:
        return [f"附件：{items[0]}"]
    return [f"附件：{i}.{a}" if i == 1 else f"{i}.{a}" for i, a in enumerate(items, 1)]


def attachment_labels(g: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, title) of each attachment page (7.3.7): 附件 or 附件1, 附件2 …"""
    items = g.get("附件", [])
    if len(items) == 1:
        return [("附件", items[0])]
    return [(f"附件{i}", a) for i, a in enumerate(items, 1)]


def copy_to_text(g: dict[str, Any]) -> str:
    """抄送：…。 (7.4.2: ends in a 句号)."""
    text = g.get("抄送", "")
    if not text:
        return ""
    return "抄送：" + text.rstrip("。；，") + "。"


def printed_line(g: dict[str, Any]) -> tuple[str, str]:
    """(印发机关, 印发日期 + 印发) of the 版记 (7.4.3)."""
    when = date_text(g.get("印发日期", ""))
    return g.get("印发机关", ""), (f"{when}印发" if when else "")


def as_blocks(doc: Any) -> Any:
    """`doc` with its 公文 elements as ordinary classed blocks in reading order, for reflowable
    formats (EPUB) that have no page to place them on: 版头 lines and 主送机关 after the
    title, 附件说明, 署名, 成文日期 and 附注 after the body, the 版记 at the end. Each block's
    class names its element (gw-mark, gw-number, …) so that a stylesheet can find it."""
    from dataclasses import replace

    from zhpress.model import Div, Heading

    g = doc.meta.gongwen
    if not g:
        return doc
    blocks = [b for b in doc.blocks if not (isinstance(b, Div) and b.cls in ELEMENT_CLASSES)]
    head = [Div("gw-security", line) for line in security_lines(g)]
    head += [Div("gw-mark", line) for line in mark_lines(g)]
    if mark_suffix(g):
        head[-1] = Div("gw-mark", head[-1].text + " " + mark_suffix(g))
    number = g.get("发文字号", "")
    signers = names(g.get("签发人"))
    if number or signers:
        head.append(Div("gw-number", number + (f"　签发人：{'、'.join(signers)}" if signers
                                               else "")))
    start = next((i + 1 for i, b in enumerate(blocks[:4]) if isinstance(b, Heading)
                  and b.text == doc.meta.title), 0)
    after_title = []
    if g.get("主送机关"):
        after_title.append(Div("salutation", g["主送机关"].rstrip("：:，。") + "："))
    attachment = next((i for i, b in enumerate(blocks) if (isinstance(b, Heading) and
                       re.fullmatch(r"附件\s*\d*", b.text.strip())) or
                       (isinstance(b, Div) and b.cls == ATTACHMENT_CLASS)), len(blocks))
    tail = [Div("gw-attachment-note", line) for line in attachment_note(g)]
    tail += [Div("gw-attendance", label + who) for label, who in attendance(g)]
    tail += [Div("gw-signature", s) for s in names(g.get("署名"))]
    if g.get("成文日期"):
        tail.append(Div("gw-date", date_text(g["成文日期"])))
    if g.get("附注"):
        tail.append(Div("gw-note", g["附注"]))
    colophon = [Div("gw-copy-to", copy_to_text(g))] if g.get("抄送") else []
    organ, when = printed_line(g)
    if organ or when:
        colophon.append(Div("gw-printed", f"{organ}　{when}".strip("　")))
    # the 版头 after the title: an EPUB chapter starts at its title, where the 目录 points
    out = (blocks[:start] + head + after_title + blocks[start:attachment] + tail
           + blocks[attachment:] + colophon)
    return replace(doc, blocks=tuple(out))
