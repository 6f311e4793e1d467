"""公文 layout in the DOCX (GB/T 9704-2012): the same elements as writers/pdf/gongwen.py, added
to pandoc's document.xml with lxml after the common post-processing.

- 版头: 份号/密级/紧急程度 paragraphs, the red 标志 with its ink top 35 mm below the 版心 (the
  space before it computed from the font, as LibreOffice lays out exact line heights), the
  发文字号 (+ 签发人 on tab stops) whose bottom border is the red line 4 mm below it;
- 主体: the title two lines lower, 主送机关, 附件说明, 署名/成文日期 with a seal placeholder
  (a DrawingML ellipse and star behind the text), 附注, attachment pages;
- 版记: framed paragraphs aligned to the bottom of the 版心 on the last page, moved to an even
  page after a LibreOffice layout when LibreOffice is installed.
All text is escaped into w:t elements: input never becomes markup.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from zhpress import gongwen as gw
from zhpress.gongwen import layout
from zhpress.model import Document
from zhpress.style.theme import MM_PER_PT, Theme
from zhpress.writers.docx.package import Package
from zhpress.writers.docx.wordml import NSDECL, PARSER, parse, qn, set_child

log = logging.getLogger("zhpress")

TWIPS_PER_PT = 20
EMU_PER_MM = 36000
RED = layout.RED.lstrip("#")
_ATTACHMENT = re.compile(layout.ATTACHMENT_HEADING)
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
_DRAWING_NS = (f'{NSDECL} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
               'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/'
               f'2006/main" xmlns:wps="{WPS}"')


class _Ctx:
    """The theme's faces and grid, in the units WordprocessingML wants."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        body = theme["body"]
        self.size = body["size_pt"]
        self.line = body["line_pt"]
        self.width_pt = theme.text_width_mm / MM_PER_PT
        self.char = self.width_pt / theme.page.get("chars_per_line", 28)  # one 字, pt

    def family(self, role: str) -> str:
        return self.theme.face(role).family

    def face(self, role: str) -> Any:
        return self.theme.face(role)


def _tw(pt: float) -> str:
    return str(round(pt * TWIPS_PER_PT))


def run(text: str, family: str, size_pt: float, color: str = "", bold: bool = False) -> str:
    fonts = f'<w:rFonts w:ascii="{escape(family)}" w:hAnsi="{escape(family)}" ' \
            f'w:eastAsia="{escape(family)}" w:cs="{escape(family)}"/>'
    parts = [fonts, "<w:b/>" if bold else "<w:b w:val=\"0\"/>",
             f'<w:color w:val="{color}"/>' if color else "",
             f'<w:sz w:val="{round(size_pt * 2)}"/><w:szCs w:val="{round(size_pt * 2)}"/>']
    body = "".join(
        '<w:tab/>' if piece == "\t" else f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
        for piece in re.split(r"(\t)", text) if piece)
    return f'<w:r><w:rPr>{"".join(parts)}</w:rPr>{body}</w:r>'


def para(runs: str, line_pt: float, *, before_pt: float = 0, jc: str = "left",
         left_pt: float = 0, right_pt: float = 0, first_pt: float = 0,
         tabs: tuple[tuple[str, float], ...] = (), borders: str = "", frame: str = "",
         page_break: bool = False, keep_next: bool = False) -> str:
    """A paragraph with direct formatting only (exact line height, no style indents)."""
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break:
        ppr.append("<w:pageBreakBefore/>")
    if frame:
        ppr.append(frame)
    if borders:
        ppr.append(f"<w:pBdr>{borders}</w:pBdr>")
    if tabs:
        ppr.append("<w:tabs>" + "".join(f'<w:tab w:val="{kind}" w:pos="{_tw(pos)}"/>'
                                         for kind, pos in tabs) + "</w:tabs>")
    ppr.append('<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')  # width as measured
    ppr.append(f'<w:spacing w:before="{_tw(max(before_pt, 0))}" w:after="0" '
               f'w:line="{_tw(line_pt)}" w:lineRule="exact"/>')
    first = (f'w:hanging="{_tw(-first_pt)}"' if first_pt < 0 else f'w:firstLine="{_tw(first_pt)}"')
    ppr.append(f'<w:ind w:left="{_tw(left_pt)}" w:right="{_tw(right_pt)}" {first} '
               'w:firstLineChars="0"/>')
    ppr.append(f'<w:jc w:val="{jc}"/>')
    return f'<w:p><w:pPr>{"".join(ppr)}</w:pPr>{runs}</w:p>'


def _border(side: str, mm: float, color: str = "000000", space_pt: float = 0) -> str:
    eighths = max(2, round(mm / MM_PER_PT * 8))
    return (f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{round(space_pt)}" '
            f'w:color="{color}"/>')


def head(g: dict[str, Any], c: _Ctx) -> list[str]:
    """版头 paragraphs, ending with the red line (the 发文字号 paragraph's bottom border)."""
    out: list[str] = []
    used_pt = 0.0  # height of the paragraphs so far, from the top of the 版心
    security = gw.security_lines(g)
    letter = g.get("kind") == "信函"
    if letter:
        return letter_head(g, c)
    for i, line in enumerate(security):
        role = "fangsong" if (i == 0 and g.get("份号")) else "hei"
        out.append(para(run(line, c.family(role), c.size), c.line))
        used_pt += c.line
    marks, suffix = gw.mark_lines(g), gw.mark_suffix(g)
    mark_top_mm = (layout.LETTER_MARK_FROM_PAGE_TOP_MM - c.theme.page["margin_top_mm"]
                   if letter else layout.MARK_TOP_MM)
    if marks:
        size = layout.mark_size_pt(marks, c.theme.text_width_mm, len(suffix) + 1 if suffix else 0)
        face = c.face("title")
        ink = layout.docx_ink_top_em(face.file, face.index, "".join(marks) + suffix, 1.0)
        before = mark_top_mm / MM_PER_PT - ink * size - used_pt
        text = "\n".join(marks)
        lines = [m + (f" {suffix}" if suffix and i == len(marks) // 2 else "")
                 for i, m in enumerate(text.split("\n"))]
        for i, line in enumerate(lines):
            out.append(para(run(line, face.family, size, RED), size,
                            before_pt=before if i == 0 else 0, jc="center"))
        used_pt += before + size * len(lines)
    signers = gw.names(g.get("签发人"))
    number = g.get("发文字号", "")
    if not (number or signers):
        return out
    before = 2 * c.line - (c.line - c.size) / 2  # 7.2.5: 标志下空二行
    face = c.face("fangsong")
    kai = c.family("kai")
    # the red line: the paragraph's bottom border, 4 mm below the ink of the 发文字号 (7.2.7);
    # LibreOffice draws it `space` below the line box, whose bottom is 0.12 em below the ink
    ink_bottom_pt = (layout.docx_ink_top_em(face.file, face.index, "〔〕", 1.0) + 1.0) * c.size
    space = layout.RED_LINE_BELOW_NUMBER_MM / MM_PER_PT - (c.size - ink_bottom_pt)
    red = "" if letter else _border("bottom", layout.RED_LINE_MM, RED, space)
    tabs = (("left", c.char), ("right", c.width_pt - c.char))
    for i, name in enumerate(signers[:-1]):
        label = "签发人：" if i == 0 else ""
        out.append(para(f'{run(chr(9) + chr(9) + label, face.family, c.size)}'
                        f'{run(name, kai, c.size)}', c.line, tabs=tabs,
                        before_pt=before if i == 0 else 0))
        before = c.line - c.size if i == 0 else 0
    if signers:
        label = "签发人：" if len(signers) == 1 else ""
        runs = run(f"\t{number}\t{label}", face.family, c.size) + run(signers[-1], kai, c.size)
        out.append(para(runs, c.size, before_pt=before, tabs=tabs, borders=red))
    else:
        jc = "right" if letter else "center"
        out.append(para(run(number, face.family, c.size), c.size, before_pt=before, jc=jc,
                        right_pt=c.char if letter else 0, borders=red))
    return out


def letter_head(g: dict[str, Any], c: _Ctx) -> list[str]:
    """信函 (10.1): the 标志 30 mm below the page's top edge with the red double line (thick
    over thin, 170 mm) 4 mm below it, in a text box placed on the page (the 版心 starts lower);
    then 份号 … down the left and the 发文字号 on the right, 7/8 of a character below the line."""
    out: list[str] = []
    marks = gw.mark_lines(g)
    box_bottom_mm = 0.0  # in 版心 coordinates
    if marks:
        size = layout.mark_size_pt(marks, c.theme.text_width_mm)
        face = c.face("title")
        ink = layout.docx_ink_top_em(face.file, face.index, "".join(marks), 1.0)
        rows = [para(run(m, face.family, size, RED), size, jc="center") for m in marks]
        rule = ('<w:bottom w:val="thickThinSmallGap" w:sz="24" w:space="0" '
                f'w:color="{RED}"/>')
        rows.append(para("", 1, before_pt=layout.RED_LINE_BELOW_NUMBER_MM / MM_PER_PT,
                         borders=rule))
        height_mm = len(marks) * size * MM_PER_PT + 4 + 3
        top_mm = layout.LETTER_MARK_FROM_PAGE_TOP_MM - ink * size * MM_PER_PT
        left_mm = (c.theme.text_width_mm - layout.LETTER_RULE_WIDTH_MM) / 2
        position = (f'<wp:positionH relativeFrom="margin"><wp:posOffset>'
                    f'{round(left_mm * EMU_PER_MM)}</wp:posOffset></wp:positionH>'
                    f'<wp:positionV relativeFrom="page"><wp:posOffset>'
                    f'{round(top_mm * EMU_PER_MM)}</wp:posOffset></wp:positionV>')
        out.append(text_box(rows, 9704, "发文机关标志", layout.LETTER_RULE_WIDTH_MM, height_mm,
                            position))
        box_bottom_mm = top_mm + height_mm - c.theme.page["margin_top_mm"]
    security = gw.security_lines(g)
    number = g.get("发文字号", "")
    before = max(box_bottom_mm / MM_PER_PT + 7 / 8 * c.size - (c.line - c.size) / 2, 0)
    family = c.family("fangsong")
    lines = security or ([""] if number else [])
    for i, line in enumerate(lines):
        role = "fangsong" if (i == 0 and g.get("份号")) else "hei"
        runs = run(line, c.family(role), c.size) if line else ""
        if i == 0 and number:
            runs += run(f"\t{number}", family, c.size)
        out.append(para(runs, c.line, before_pt=before if i == 0 else 0,
                        tabs=(("right", c.width_pt - c.char),)))
    return out


def seal_drawing(c: _Ctx, centre_from_margin_pt: float, top_from_para_pt: float) -> str:
    """A seal placeholder behind the text: red ring and star, anchored to a paragraph."""
    size = round(layout.SEAL_MM * EMU_PER_MM)
    x = round((centre_from_margin_pt * MM_PER_PT - layout.SEAL_MM / 2) * EMU_PER_MM)
    y = round(top_from_para_pt * MM_PER_PT * EMU_PER_MM)
    star = round(size * 0.45)

    def shape(ident: int, name: str, geom: str, cx: int, dx: int, fill: bool) -> str:
        paint = (f'<a:solidFill><a:srgbClr val="{RED}"/></a:solidFill>' if fill else
                 "<a:noFill/>")
        return (
            f'<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="{ident}" behindDoc="1" locked="0" layoutInCell="1" '
            f'allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin">'
            f'<wp:posOffset>{x + dx}</wp:posOffset></wp:positionH><wp:positionV '
            f'relativeFrom="paragraph"><wp:posOffset>{y + dx}</wp:posOffset></wp:positionV>'
            f'<wp:extent cx="{cx}" cy="{cx}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:wrapNone/><wp:docPr id="{ident}" name="{name}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvSpPr/><wps:spPr>'
            f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cx}"/></a:xfrm>'
            f'<a:prstGeom prst="{geom}"><a:avLst/></a:prstGeom>{paint}<a:ln w="38100">'
            f'<a:solidFill><a:srgbClr val="{RED}"/></a:solidFill></a:ln></wps:spPr>'
            "<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>")

    return (shape(9701, "印章", "ellipse", size, 0, False)
            + shape(9702, "印章星", "star5", star, (size - star) // 2, True))


#: LibreOffice sets 0.2 em between Han characters and digits or Latin letters whatever the
#: paragraph's w:autoSpaceDE/DN say (measured: 1.1-1.2 mm at 16 pt)
LO_AUTOSPACE_EM = 0.2


def lo_width_pt(face: Any, text: str, size_pt: float) -> float:
    """The width of `text` as LibreOffice sets it: advances plus its CJK/Latin autospace."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    boundaries = sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    return (layout.text_width_pt(face.file, face.index, text, size_pt)
            + boundaries * LO_AUTOSPACE_EM * size_pt)


def sign(g: dict[str, Any], c: _Ctx) -> list[str]:
    """署名, 成文日期 (with seal: date 4 字 from the right, names centred over it; without: names
    2 字 from the right, the date starting 2 字 further right) and 附注."""
    out: list[str] = []
    signers = gw.names(g.get("署名"))
    date = gw.date_text(g.get("成文日期", ""))
    face = c.face("fangsong")

    def width(text: str) -> float:
        return lo_width_pt(face, text, c.size)

    sealed = bool(g.get("印章"))
    if signers or date:
        if sealed:
            # names and date on one centre tab: the names centred on the date (7.3.5.1), the
            # date's right end 4 字 from the right
            centre = c.width_pt - layout.DATE_RIGHT_CHARS_SEALED * c.char \
                - (width(date) / 2 if date else 0)
            tabs = (("center", centre),)
            for i, name in enumerate(signers):
                # the seal's centre on the top of the first name's characters: the names and
                # the date sit below its centre (7.3.5.1); the anchor is the paragraph's top,
                # above its space before
                seal = seal_drawing(c, centre, 2 * c.line + (c.line - c.size) / 2
                                    - layout.SEAL_MM / 2 / MM_PER_PT) if i == 0 else ""
                out.append(para(seal + run("\t" + name, face.family, c.size), c.line,
                                tabs=tabs, before_pt=2 * c.line if i == 0 else 0,
                                keep_next=True))
            if date:
                out.append(para(run("\t" + date, face.family, c.size), c.line, tabs=tabs,
                                before_pt=0 if signers else 2 * c.line))
        else:
            gap = layout.SIGNER_RIGHT_CHARS_UNSEALED * c.char
            box = max([width(s) for s in signers] + [2 * c.char + width(date) if date else 0])
            start = c.width_pt - gap - box  # the names' first character
            for i, name in enumerate(signers):
                out.append(para(run(name, face.family, c.size), c.line, left_pt=start,
                                before_pt=c.line if i == 0 else 0, keep_next=True))
            if date:
                out.append(para(run(date, face.family, c.size), c.line,
                                left_pt=start + 2 * c.char))
    if g.get("附注"):
        note = g["附注"] if g["附注"].startswith(("（", "(")) else f"（{g['附注']}）"
        out.append(para(run(note, face.family, c.size), c.line, first_pt=2 * c.char))
    return out


def attachment_note(g: dict[str, Any], c: _Ctx) -> list[str]:
    family = c.family("fangsong")
    out = []
    for i, line in enumerate(gw.attachment_note(g)):
        out.append(para(run(line, family, c.size), c.line, left_pt=5 * c.char,
                        first_pt=-3 * c.char if i == 0 else 0,
                        before_pt=c.line if i == 0 else 0))
    return out


def colophon(g: dict[str, Any], c: _Ctx) -> list[str]:
    """版记 (7.4) in a frame at the bottom of the 版心: thick rule, 抄送, thin rule, 印发机关
    and 印发日期, thick rule."""
    size = layout.COLOPHON_SIZE_PT
    family = c.family("fangsong")
    side = layout.COLOPHON_SIDE_CHARS * size
    rows: list[tuple[str, dict[str, Any]]] = []
    height = 0.0  # of the rows, pt: the frame's top is that far above the 版心's bottom
    if g.get("抄送"):
        text = gw.copy_to_text(g)
        face = c.face("fangsong")
        first, rest = c.width_pt - 2 * side, c.width_pt - 2 * side - 3 * size
        extra = layout.text_width_pt(face.file, face.index, text, size) - first
        height += c.line * (1 + max(0, math.ceil(extra / rest)))
        rows.append((run(text, family, size),
                     {"left_pt": side + 3 * size, "right_pt": side, "first_pt": -3 * size}))
    organ, when = gw.printed_line(g)
    if organ or when:
        rows.append((run(f"{organ}\t{when}", family, size),
                     {"left_pt": side, "right_pt": side,
                      "tabs": (("right", c.width_pt - side),)}))
        height += c.line
    if not rows:
        return []

    def rule(mm: float) -> str:  # a paragraph of no height: its border spans the 版心
        return para("", 1, borders=_border("bottom", mm))

    out = [rule(layout.COLOPHON_THICK_MM)]
    for i, (runs, options) in enumerate(rows):
        out.append(para(runs, c.line, **options))
        out.append(rule(layout.COLOPHON_THICK_MM if i == len(rows) - 1
                        else layout.COLOPHON_THIN_MM))
    # a text box at the bottom of the 版心, its paragraphs set at its bottom: the last rule on
    # the 版心's bottom edge whatever the box's height (LibreOffice ignores w:framePr's yAlign)
    height_mm = (height + 4 * c.line) * MM_PER_PT
    return [text_box(out, 9703, "版记", c.theme.text_width_mm, height_mm,
                     '<wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset>'
                     '</wp:positionH><wp:positionV relativeFrom="margin"><wp:align>bottom'
                     "</wp:align></wp:positionV>", bottom=True)]


def text_box(paragraphs: list[str], ident: int, name: str, width_mm: float, height_mm: float,
             position: str, bottom: bool = False) -> str:
    """A paragraph anchoring a borderless text box (DrawingML) placed by `position`."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    return (
        '<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/></w:pPr>'
        '<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        f'relativeHeight="{ident}" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        f'<wp:simplePos x="0" y="0"/>{position}<wp:extent cx="{cx}" cy="{cy}"/>'
        '<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="{ident}" name="{name}"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr>'
        f'<a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        f'</wps:spPr><wps:txbx><w:txbxContent>{"".join(paragraphs)}</w:txbxContent></wps:txbx>'
        f'<wps:bodyPr lIns="0" tIns="0" rIns="0" bIns="0" anchor="{"b" if bottom else "t"}">'
        '<a:noAutofit/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
        "</w:drawing></w:r></w:p>")


def _parse(xml: str) -> Any:
    return etree.fromstring(xml.replace("<w:p>", f"<w:p {_DRAWING_NS}>", 1), PARSER)


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _restyle_label(p: Any, c: _Ctx) -> None:
    """An attachment's 附件N heading: new page, 3号黑体, flush left (7.3.7)."""
    ppr = set_child(p, "w:pPr")
    set_child(ppr, "w:pageBreakBefore")
    set_child(ppr, "w:ind", {"w:firstLine": "0", "w:firstLineChars": "0"})
    set_child(ppr, "w:jc", {"w:val": "left"})
    _set_run_fonts(p, c.family("hei"))


def _break_title(p: Any, title: str, theme: Theme) -> None:
    """The title in balanced lines broken at word ends (7.3.1), as in the PDF."""
    from zhpress.writers.pdf import title_lines

    per_line = math.floor(theme.text_width_mm / MM_PER_PT / theme["title"]["size_pt"])
    lines = title_lines(title, per_line)
    runs = [r for r in p.iterchildren(qn("w:r")) if r.find(qn("w:t")) is not None]
    if len(lines) < 2 or not runs:
        return
    first = runs[0]
    for r in runs[1:]:
        r.getparent().remove(r)
    for child in list(first):
        if child.tag != qn("w:rPr"):
            first.remove(child)
    for i, line in enumerate(lines):
        if i:
            etree.SubElement(first, qn("w:br"))
        t = etree.SubElement(first, qn("w:t"))
        t.text = line
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _restyle_title(p: Any, c: _Ctx) -> None:
    """An attachment's title heading set as the title: centred 2号 title face, on the 3rd line."""
    ppr = set_child(p, "w:pPr")
    set_child(ppr, "w:spacing", {"w:before": _tw(c.line), "w:after": "0"})
    set_child(ppr, "w:ind", {"w:firstLine": "0", "w:firstLineChars": "0"})
    set_child(ppr, "w:jc", {"w:val": "center"})
    _set_run_fonts(p, c.family("title"), c.theme["title"]["size_pt"])


def _set_run_fonts(p: Any, family: str, size_pt: float | None = None) -> None:
    for r in p.iter(qn("w:r")):
        rpr = r.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.Element(qn("w:rPr"))
            r.insert(0, rpr)
        fonts = set_child(rpr, "w:rFonts")
        for attr in list(fonts.attrib):
            del fonts.attrib[attr]
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attr}"), family)
        set_child(rpr, "w:b", {"w:val": "0"})
        if size_pt:
            set_child(rpr, "w:sz", {"w:val": str(round(size_pt * 2))})
            set_child(rpr, "w:szCs", {"w:val": str(round(size_pt * 2))})


def arrange(body: Any, doc: Document, theme: Theme, colophon_on_new_page: bool = False) -> None:
    """Add the 公文 elements to pandoc's w:body of `doc`."""
    g, c = doc.meta.gongwen, _Ctx(theme)
    paragraphs = [p for p in body.iterchildren(qn("w:p")) if _text(p)]
    title_p = next((p for p in paragraphs if _text(p) == doc.meta.title), None)
    first = title_p if title_p is not None else (paragraphs[0] if paragraphs else None)
    anchor = first if first is not None else body.find(qn("w:sectPr"))
    if anchor.getprevious() is not None and anchor.getprevious().tag == qn("w:bookmarkStart"):
        anchor = anchor.getprevious()
    if title_p is not None:  # paragraphs above the title (a compiler's title line) follow it
        for p in [p for p in paragraphs[:paragraphs.index(title_p)]]:
            title_p.addnext(p)
    for xml in head(g, c):
        anchor.addprevious(_parse(xml))
    if title_p is not None:  # 7.3.1: two lines below the red line
        spacing = title_p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is None:
            spacing = etree.SubElement(title_p.find(qn("w:pPr")), qn("w:spacing"))
        spacing.set(qn("w:before"), _tw(2 * c.line))
        _break_title(title_p, doc.meta.title, theme)
        if g.get("主送机关"):
            to = g["主送机关"].rstrip("：:，。") + "："
            new = _parse(para(run(to, c.family("fangsong"), c.size), c.line))
            title_p.addnext(new)
    labels = [p for p in paragraphs if _ATTACHMENT.fullmatch(_text(p).strip())
              and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}") is not None
              and p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"), "").startswith(
                  "Heading")]
    end = body.find(qn("w:sectPr"))
    before_attachments = labels[0] if labels else end
    if before_attachments.getprevious() is not None and \
            before_attachments.getprevious().tag == qn("w:bookmarkStart"):
        before_attachments = before_attachments.getprevious()
    for xml in attachment_note(g, c) + sign(g, c):
        before_attachments.addprevious(_parse(xml))
    titles = gw.attachment_labels(g)
    for index, label in enumerate(labels):
        _restyle_label(label, c)
        if index < len(titles):
            name = titles[index][1]
            following = next((p for p in label.itersiblings(qn("w:p")) if _text(p)), None)
            if following is not None and _text(following) == name:
                _restyle_title(following, c)  # the title is a heading of its own: keep it
                continue
            label.addnext(_parse(para(run(name, c.family("title"), theme["title"]["size_pt"]),
                                      c.line, before_pt=c.line, jc="center")))
    if colophon_on_new_page:
        end.addprevious(parse('<w:p><w:r><w:br w:type="page"/></w:r></w:p>'))
    for xml in colophon(g, c):
        end.addprevious(_parse(xml))


def apply(data: bytes, doc: Document, theme: Theme) -> bytes:
    """`data` (finished DOCX bytes) with the 公文 elements; the 版记 moved to an even page when
    LibreOffice, laying the document out, puts it on an odd one."""
    def build(new_page: bool) -> bytes:
        package = Package(data)
        root = etree.fromstring(package.read("word/document.xml"), PARSER)
        arrange(root.find(qn("w:body")), doc, theme, new_page)
        package.replace("word/document.xml",
                        etree.tostring(root, encoding="UTF-8", standalone=True))
        return package.to_bytes()

    out = build(False)
    if not (gw.copy_to_text(doc.meta.gongwen) or any(gw.printed_line(doc.meta.gongwen))):
        return out
    count = page_count(out)
    if count is not None and count % 2 == 1:
        out = build(True)
    return out


def page_count(data: bytes) -> int | None:
    """How many pages LibreOffice lays `data` out on; None without LibreOffice (the 版记 then
    stays on the last page, odd or even)."""
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    import pypdfium2

    soffice = shutil.which("soffice")
    if soffice is None:
        log.info("the DOCX 版记 stays on the last page, odd or even: no LibreOffice")
        return None
    with tempfile.TemporaryDirectory(prefix="zhpress-gw-") as tmp:
        src = Path(tmp) / "doc.docx"
        src.write_bytes(data)
        try:
            subprocess.run([soffice, f"-env:UserInstallation={Path(tmp).as_uri()}/p",
                            "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                           capture_output=True, timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("the DOCX 版记 may be on an odd page: LibreOffice failed (%s)", exc)
            return None
        out = Path(tmp) / "doc.pdf"
        if not out.is_file():
            return None
        pdf = pypdfium2.PdfDocument(str(out))
        try:
            return len(pdf)
        finally:
            pdf.close()
