"""DrawingML for the 公文 DOCX (writers/docx/gongwen.py): the seal placeholder shapes and the
borderless text boxes that hold the 信函 标志 and the 版记. LibreOffice and Word read a
`wps:wsp` shape in a `wp:anchor`; positions are EMU from the margin, page or paragraph."""

from __future__ import annotations

from zhpress.gongwen import layout
from zhpress.style.theme import MM_PER_PT

EMU_PER_MM = 36000
RED = layout.RED.lstrip("#")
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def seal_drawing(centre_from_margin_pt: float, top_from_para_pt: float) -> str:
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
