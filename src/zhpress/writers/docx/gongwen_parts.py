"""The paragraphs of the 公文 DOCX (GB/T 9704), as WordprocessingML text with direct
formatting only: 版头 (and the 信函's), 署名/成文日期/附注, 附件说明 and the 版记's text box.
writers/docx/gongwen.py puts them into pandoc's document. All text goes through `run`, which
escapes it into w:t elements."""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any
from xml.sax.saxutils import escape

from zhpress import gongwen as gw
from zhpress.gongwen import layout
from zhpress.style.theme import MM_PER_PT, Theme
from zhpress.writers.docx.fonts import word_name
from zhpress.writers.docx.gongwen_drawing import EMU_PER_MM, RED, WPS, seal_drawing, text_box
from zhpress.writers.docx.wordml import NSDECL

TWIPS_PER_PT = 20
ATTACHMENT = re.compile(layout.ATTACHMENT_HEADING)
DRAWING_NS = (f'{NSDECL} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
               'wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/'
               f'2006/main" xmlns:wps="{WPS}"')


class Ctx:
    """The theme's faces and grid, in the units WordprocessingML wants."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        body = theme["body"]
        self.size = body["size_pt"]
        self.line = body["line_pt"]
        self.width_pt = theme.text_width_mm / MM_PER_PT
        self.char = self.width_pt / theme.page.get("chars_per_line", 28)  # one 字, pt

    def family(self, role: str) -> str:
        """The name the DOCX gives the role's face (what Word and WPS find on an office PC;
        LibreOffice maps it to the theme's face, docx/fonts.py)."""
        return word_name(self.theme, role)

    def face(self, role: str) -> Any:
        return self.theme.face(role)


def twips(pt: float) -> str:
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
         page_break: bool = False, keep_next: bool = False, style: str = "") -> str:
    """A paragraph with direct formatting (exact line height, no style indents); `style`
    names the element's class style (Doc Number, Addressee …) for Word users to find it."""
    ppr = [f'<w:pStyle w:val="{style}"/>'] if style else []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if page_break:
        ppr.append("<w:pageBreakBefore/>")
    if frame:
        ppr.append(frame)
    if borders:
        ppr.append(f"<w:pBdr>{borders}</w:pBdr>")
    if tabs:
        ppr.append("<w:tabs>" + "".join(f'<w:tab w:val="{kind}" w:pos="{twips(pos)}"/>'
                                         for kind, pos in tabs) + "</w:tabs>")
    ppr.append('<w:autoSpaceDE w:val="0"/><w:autoSpaceDN w:val="0"/>')  # width as measured
    ppr.append('<w:snapToGrid w:val="0"/>')  # placed by its own exact heights, not the grid
    ppr.append(f'<w:spacing w:before="{twips(max(before_pt, 0))}" w:after="0" '
               f'w:line="{twips(line_pt)}" w:lineRule="exact"/>')
    first = (f'w:hanging="{twips(-first_pt)}"' if first_pt < 0 else f'w:firstLine="{twips(first_pt)}"')
    ppr.append(f'<w:ind w:left="{twips(left_pt)}" w:right="{twips(right_pt)}" {first} '
               'w:firstLineChars="0"/>')
    ppr.append(f'<w:jc w:val="{jc}"/>')
    return f'<w:p><w:pPr>{"".join(ppr)}</w:pPr>{runs}</w:p>'


def _border(side: str, mm: float, color: str = "000000", space_pt: float = 0) -> str:
    eighths = max(2, round(mm / MM_PER_PT * 8))
    return (f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{round(space_pt)}" '
            f'w:color="{color}"/>')


def head(g: dict[str, Any], c: Ctx) -> list[str]:
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
            out.append(para(run(line, c.family("title"), size, RED), size,
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
        out.append(para(f'{run(chr(9) + chr(9) + label, c.family("fangsong"), c.size)}'
                        f'{run(name, kai, c.size)}', c.line, tabs=tabs,
                        before_pt=before if i == 0 else 0))
        before = c.line - c.size if i == 0 else 0
    if signers:
        label = "签发人：" if len(signers) == 1 else ""
        runs = run(f"\t{number}\t{label}", c.family("fangsong"), c.size) + run(signers[-1], kai, c.size)
        out.append(para(runs, c.size, before_pt=before, tabs=tabs, borders=red,
                        style="DocNumber"))
    else:
        jc = "right" if letter else "center"
        out.append(para(run(number, c.family("fangsong"), c.size), c.size, before_pt=before, jc=jc,
                        right_pt=c.char if letter else 0, borders=red, style="DocNumber"))
    return out


def letter_head(g: dict[str, Any], c: Ctx) -> list[str]:
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
        rows = [para(run(m, c.family("title"), size, RED), size, jc="center") for m in marks]
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



#: LibreOffice sets 0.2 em between Han characters and digits or Latin letters whatever the
#: paragraph's w:autoSpaceDE/DN say (measured: 1.1-1.2 mm at 16 pt)
LO_AUTOSPACE_EM = 0.2


def lo_width_pt(face: Any, text: str, size_pt: float) -> float:
    """The width of `text` as LibreOffice sets it: advances plus its CJK/Latin autospace."""
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    boundaries = sum(a != b for a, b in zip(wide, wide[1:], strict=False))
    return (layout.text_width_pt(face.file, face.index, text, size_pt)
            + boundaries * LO_AUTOSPACE_EM * size_pt)


def sign(g: dict[str, Any], c: Ctx) -> list[str]:
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
                seal = seal_drawing(centre, 2 * c.line + (c.line - c.size) / 2
                                    - layout.SEAL_MM / 2 / MM_PER_PT) if i == 0 else ""
                out.append(para(seal + run("\t" + name, c.family("fangsong"), c.size), c.line,
                                tabs=tabs, before_pt=2 * c.line if i == 0 else 0,
                                keep_next=True))
            if date:
                out.append(para(run("\t" + date, c.family("fangsong"), c.size), c.line, tabs=tabs,
                                before_pt=0 if signers else 2 * c.line))
        else:
            gap = layout.SIGNER_RIGHT_CHARS_UNSEALED * c.char
            box = max([width(s) for s in signers] + [2 * c.char + width(date) if date else 0])
            start = c.width_pt - gap - box  # the names' first character
            for i, name in enumerate(signers):
                out.append(para(run(name, c.family("fangsong"), c.size), c.line, left_pt=start,
                                before_pt=c.line if i == 0 else 0, keep_next=True))
            if date:
                out.append(para(run(date, c.family("fangsong"), c.size), c.line,
                                left_pt=start + 2 * c.char))
    if g.get("附注"):
        note = g["附注"] if g["附注"].startswith(("（", "(")) else f"（{g['附注']}）"
        out.append(para(run(note, c.family("fangsong"), c.size), c.line, first_pt=2 * c.char))
    return out


def attachment_note(g: dict[str, Any], c: Ctx) -> list[str]:
    family = c.family("fangsong")
    out = []
    for i, line in enumerate(gw.attachment_note(g)):
        out.append(para(run(line, family, c.size), c.line, left_pt=5 * c.char,
                        first_pt=-3 * c.char if i == 0 else 0,
                        before_pt=c.line if i == 0 else 0))
    return out


def attendance(g: dict[str, Any], c: Ctx) -> list[str]:
    """10.3 纪要: 出席/请假/列席 two 字 in, the label in 黑体, the names in 仿宋 with wrapped lines
    aligned after the colon; a blank line above the first."""
    return [para(run(label, c.family("hei"), c.size) + run(who, c.family("fangsong"), c.size),
                 c.line, left_pt=5 * c.char, first_pt=-3 * c.char,
                 before_pt=c.line if i == 0 else 0)
            for i, (label, who) in enumerate(gw.attendance(g))]


def colophon(g: dict[str, Any], c: Ctx) -> list[str]:
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
