"""WordprocessingML helpers: Clark names, children in schema order, fragments, runs.

They work on plain lxml elements (the post-processing of pandoc's document) and on python-docx's
elements alike (the reference document).
"""

from __future__ import annotations

import functools
import re
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
# python-docx's parser settings: the parts come out as python-docx wrote them before.
PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
# Schema order of the children we add (Word rejects out-of-order elements).
ORDER = {
    "pPr": ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
            "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap "
            "overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid "
            "spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
            "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"),
    "rPr": ("ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike "
            "outline shadow emboss imprint noProof snapToGrid vanish webHidden color spacing w "
            "kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl cs em lang "
            "eastAsianLayout specVanish oMath"),
    "sectPr": ("headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc "
               "pgBorders lnNumType pgNumType cols formProt vAlign noEndnote titlePg "
               "textDirection bidi rtlGutter docGrid printerSettings sectPrChange"),
}
# Per parent (Clark name): each child's (Clark name) position in the schema order.
_POSITION = {f"{{{W_NS}}}{parent}": {f"{{{W_NS}}}{name}": i for i, name in enumerate(names.split())}
             for parent, names in ORDER.items()}


@functools.cache
def qn(tag: str) -> str:
    """`w:name` as a Clark name."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return f"{{{W_NS}}}{local}"


def set_child(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """The child `tag` of `parent` (created in schema order if missing), with `attrs` set."""
    name = qn(tag)
    child = next(parent.iterchildren(name), None)  # iterchildren: C, find: ElementPath
    if child is None:
        child = etree.SubElement(parent, name)
        position = _POSITION.get(parent.tag)
        here = position.get(name) if position else None
        if here is not None:
            for sibling in parent.iterchildren():
                if position.get(sibling.tag, -1) > here:  # type: ignore[union-attr]
                    sibling.addprevious(child)
                    break
    if attrs:
        for key, value in attrs.items():
            child.set(qn(key), value)
    return child


def parse(xml: str) -> Any:
    """An element from WordprocessingML text whose root has the w: prefix."""
    return etree.fromstring(re.sub(r"^<(w:\w+)", rf"<\1 {NSDECL}", xml, count=1), PARSER)


def parse_many(xml: str) -> list[Any]:
    """The elements of a sequence of WordprocessingML elements, parsed at once."""
    return list(etree.fromstring(f"<w:body {NSDECL}>{xml}</w:body>", PARSER))


def page_field(family: str, size_pt: float) -> Any:
    """A PAGE field (w:fldSimple) showing the page number in `family` at `size_pt`."""
    half = round(size_pt * 2)
    return parse(
        f'<w:fldSimple w:instr=" PAGE "><w:r><w:rPr><w:rFonts w:ascii="{escape(family)}" '
        f'w:hAnsi="{escape(family)}" w:eastAsia="{escape(family)}" w:cs="{escape(family)}"/>'
        f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/></w:rPr><w:t>1</w:t></w:r>'
        "</w:fldSimple>")


def run_font(run: Any, family: str, size_pt: float) -> None:
    rpr = run.get_or_add_rPr()
    set_child(rpr, "w:rFonts", {k: family for k in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")})
    set_child(rpr, "w:sz", {"w:val": str(round(size_pt * 2))})
    set_child(rpr, "w:szCs", {"w:val": str(round(size_pt * 2))})


# The languages of a run's text: Western (w:val) and East Asian. zh-CN as the Western language
# makes LibreOffice break between a number's digits and its % or 万 (a Chinese line-break
# opportunity between any two characters); en-US keeps `4.1`, `7.2%` and `2023年` whole.
LANG = {"w:val": "en-US", "w:eastAsia": "zh-CN"}


def set_default_fonts(doc: Any, family: str, size_pt: float | None = None,
                      spacing_twips: int = 0) -> None:
    """docDefaults: explicit fonts instead of theme fonts, the languages (LANG), and the body
    size (the document grid's character pitch is counted from the default size)."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = set_child(set_child(defaults, "w:rPrDefault"), "w:rPr")
    fonts = set_child(rpr, "w:rFonts")
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)
    if spacing_twips:
        set_child(rpr, "w:spacing", {"w:val": str(spacing_twips)})
    if size_pt is not None:
        set_child(rpr, "w:sz", {"w:val": str(round(size_pt * 2))})
        set_child(rpr, "w:szCs", {"w:val": str(round(size_pt * 2))})
    set_child(rpr, "w:lang", LANG)
    # Explicit overflowPunct: without it LibreOffice 7.4 hangs a line-end ， into the margin and
    # leaves it out of its PDF (measured); with it, it moves the last character down instead.
    ppr = set_child(set_child(defaults, "w:pPrDefault"), "w:pPr")
    set_child(ppr, "w:overflowPunct", {"w:val": "1"})
    set_child(doc.settings.element, "w:themeFontLang", LANG)
