"""DOCX post-processing with python-docx: what pandoc's DOCX writer cannot do.

- the 目录: pandoc's TOC field is empty (Word asks to update it, LibreOffice shows nothing), so
  its result is filled with one hyperlinked entry per outline heading (TOC 1..3 styles,
  PAGEREF fields), on pages of its own with their own numbering;
- page numbers of those entries, from a LibreOffice layout of the document when `soffice` is
  installed (else left for the reader's field update);
- run-in headings: a hidden paragraph mark (Word's style separator) sets them run-in in Word and
  WPS, and each stays a heading paragraph with its outline level everywhere;
- the title block's spacing; core properties with dates from the document, never the clock.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import io
import logging
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from . import ziputil
from .model import Div, Document, Heading
from .outline import with_anchors
from .theme import Theme

log = logging.getLogger(__name__)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'
TWIPS_PER_MM = 1440 / 25.4
TOC_MAX_ENTRIES = 80  # deeper levels are left out of the 目录 beyond this many entries
TITLE_CLASSES = ("occasion", "speaker")
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


def qn(tag: str) -> str:
    """`w:name` as a Clark name."""
    prefix, _, local = tag.partition(":")
    assert prefix == "w", tag
    return f"{{{W_NS}}}{local}"


def _local(element: Any) -> str:
    return element.tag.rpartition("}")[2]


def set_child(parent: Any, tag: str, attrs: dict[str, str] | None = None) -> Any:
    """The child `tag` of `parent` (created in schema order if missing), with `attrs` set."""
    from lxml import etree

    child = parent.find(qn(tag))
    if child is None:
        child = etree.SubElement(parent, qn(tag))
        order = ORDER.get(_local(parent), "").split()
        name = tag.partition(":")[2]
        if name in order:
            later = set(order[order.index(name) + 1:])
            for sibling in parent:
                if _local(sibling) in later:
                    sibling.addprevious(child)
                    break
    for key, value in (attrs or {}).items():
        child.set(qn(key), value)
    return child


def parse(xml: str) -> Any:
    """An element from WordprocessingML text whose root has the w: prefix."""
    from docx.oxml import parse_xml

    return parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {NSDECL}", xml, count=1))


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


def set_default_fonts(doc: Any, family: str) -> None:
    """docDefaults: explicit fonts instead of theme fonts, Chinese as the language."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = set_child(set_child(defaults, "w:rPrDefault"), "w:rPr")
    fonts = set_child(rpr, "w:rFonts")
    for attr in list(fonts.attrib):
        if attr.lower().endswith("theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)
    set_child(rpr, "w:lang", {"w:val": "zh-CN", "w:eastAsia": "zh-CN"})
    # Explicit overflowPunct: without it LibreOffice 7.4 hangs a line-end ， into the margin and
    # leaves it out of its PDF (measured); with it, it moves the last character down instead.
    ppr = set_child(set_child(defaults, "w:pPrDefault"), "w:pPr")
    set_child(ppr, "w:overflowPunct", {"w:val": "1"})
    set_child(doc.settings.element, "w:themeFontLang", {"w:val": "zh-CN", "w:eastAsia": "zh-CN"})


# --- the 目录 ---------------------------------------------------------------------------------
def toc_depth(doc: Document, theme: Theme) -> int:
    """How many heading levels the 目录 lists: 0 without one, else 3, or fewer when the
    deepest level would make it a list of every article (a law's 第X条)."""
    if not theme.data.get("toc", True) or not doc.headings:
        return 0
    depth = int(theme.data.get("toc_depth", 3))
    while depth > 1 and sum(h.level <= depth for h in doc.headings) > TOC_MAX_ENTRIES:
        depth -= 1
    return depth


@dataclasses.dataclass
class TocEntry:
    index: int  # of the heading in the document's headings
    paragraph: Any
    number: Any = None  # the w:t of its PAGEREF result


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def _field(instr: str, result: str = "") -> str:
    res = _run(result) if result else ""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{res}'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _entry(h: Heading, tab_twips: int, first: str, last: str) -> Any:
    level = min(h.level, 3)
    pageref = _field(f"PAGEREF {h.anchor} \\h", "0")
    xml = (f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/><w:tabs><w:tab w:val="right" '
           f'w:leader="dot" w:pos="{tab_twips}"/></w:tabs></w:pPr>{first}'
           f'<w:hyperlink w:anchor="{h.anchor}" w:history="1">{_run(h.outline_text)}'
           f'<w:r><w:tab/></w:r>{pageref}</w:hyperlink>'
           f'{last}</w:p>')
    return parse(xml)


def fill_toc(body: Any, headings: list[Heading], depth: int, theme: Theme) -> list[TocEntry]:
    """Put the entries into pandoc's TOC field and end its pages with a section break."""
    sdt = body.find(qn("w:sdt"))
    if sdt is None:
        return []
    content = sdt.find(qn("w:sdtContent"))
    for fld in content.iter(qn("w:fldChar")):
        fld.attrib.pop(qn("w:dirty"), None)  # w:dirty makes Word prompt for an update
    field_p = [p for p in content.findall(qn("w:p")) if p.find(f".//{qn('w:instrText')}") is not None]
    wanted = [(i, h) for i, h in enumerate(headings) if h.level <= depth]
    if not field_p or not wanted:
        return []
    page = theme.page
    tab = round((page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"])
                * TWIPS_PER_MM)
    begin = _field(f'TOC \\o "1-{depth}" \\h \\z \\u').rpartition(
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>')[0]
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    entries = []
    anchor = field_p[0]
    for n, (i, h) in enumerate(wanted):
        p = _entry(h, tab, begin if n == 0 else "", end if n == len(wanted) - 1 else "")
        anchor.addprevious(p)
        entries.append(TocEntry(i, p, p.findall(f".//{qn('w:t')}")[-1]))
    content.remove(anchor)
    _toc_section(body, sdt)
    return entries


def _toc_section(body: Any, sdt: Any) -> None:
    """The 目录 on pages of its own, numbered I, II …; the text restarts at page 1."""
    final = body.find(qn("w:sectPr"))
    if final is None:
        return
    toc_sect = copy.deepcopy(final)
    set_child(toc_sect, "w:pgNumType", {"w:fmt": "upperRoman", "w:start": "1"})
    set_child(final, "w:pgNumType", {"w:start": "1"})
    brk = parse("<w:p><w:pPr/></w:p>")
    brk.find(qn("w:pPr")).append(toc_sect)
    sdt.addnext(brk)


def set_page_numbers(entries: list[TocEntry], pages: list[int] | None) -> None:
    """Write the computed page numbers, or drop the leader and PAGEREF for the reader's update."""
    for i, entry in enumerate(entries):
        if pages is not None:
            entry.number.text = str(pages[i])
            continue
        link = entry.paragraph.find(qn("w:hyperlink"))
        for run in link.findall(qn("w:r"))[1:]:
            link.remove(run)
        tabs = entry.paragraph.find(f"{qn('w:pPr')}/{qn('w:tabs')}")
        tabs.getparent().remove(tabs)


# --- headings, title block ---------------------------------------------------------------------
def heading_paragraphs(body: Any) -> list[Any]:
    out = []
    for p in body.iter(qn("w:p")):
        style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and re.fullmatch(r"Heading\d", style.get(qn("w:val")) or ""):
            out.append(p)
    return out


def _ensure_bookmarks(body: Any, paragraphs: list[Any], headings: list[Heading]) -> None:
    names = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    ids = [int(b.get(qn("w:id"), "0")) for b in body.iter(qn("w:bookmarkStart"))]
    next_id = max(ids, default=0) + 1
    for p, h in zip(paragraphs, headings, strict=True):
        if h.anchor in names:
            continue
        ppr = p.find(qn("w:pPr"))
        start = parse(f'<w:bookmarkStart w:id="{next_id}" w:name="{h.anchor}"/>')
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(parse(f'<w:bookmarkEnd w:id="{next_id}"/>'))
        next_id += 1


def _run_in(paragraphs: list[Any], headings: list[Heading]) -> None:
    """Word's style separator: a hidden paragraph mark runs the next paragraph on."""
    for p, h in zip(paragraphs, headings, strict=True):
        if h.run_in:
            rpr = set_child(set_child(p, "w:pPr"), "w:rPr")
            set_child(rpr, "w:vanish")
            set_child(rpr, "w:specVanish")
            set_child(p.find(qn("w:pPr")), "w:keepNext", {"w:val": "0"})


def _title_block(body: Any, doc: Document, theme: Theme) -> None:
    """Space after the title and after the occasion/speaker lines that follow it."""
    block = []
    for b in doc.blocks:
        if (isinstance(b, Heading) and not block) or (isinstance(b, Div)
                                                       and b.cls in TITLE_CLASSES):
            block.append(b)
        else:
            break
    paragraphs = [p for p in body.iterchildren(qn("w:p"))
                  if p.find(f".//{qn('w:t')}") is not None][:len(block)]
    line = str(round(theme["body"]["line_pt"] * 20))
    for i, (p, b) in enumerate(zip(paragraphs, block, strict=False)):
        ppr = set_child(p, "w:pPr")
        set_child(ppr, "w:keepNext")
        last = i == len(block) - 1
        if (isinstance(b, Heading) and len(block) > 1) or last:
            set_child(ppr, "w:spacing", {"w:after": line})


# --- core properties ---------------------------------------------------------------------------
def document_date(doc: Document, source_date_epoch: int | None) -> dt.datetime | None:
    """The document's own date (meta.date, ISO 8601, possibly YYYY or YYYY-MM), else
    SOURCE_DATE_EPOCH, else none: never the clock."""
    m = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", doc.meta.date or "")
    if m:
        y, mo, d = (int(x) if x else 1 for x in m.groups())
        try:
            return dt.datetime(y, mo, d, tzinfo=dt.UTC)
        except ValueError:
            pass
    if source_date_epoch is not None:
        return dt.datetime.fromtimestamp(source_date_epoch, dt.UTC)
    return None


def _core_properties(d: Any, doc: Document, source_date_epoch: int | None) -> None:
    cp = d.core_properties
    m = doc.meta
    cp.title = m.title
    cp.author = m.author
    cp.subject = m.subtitle
    cp.language = m.lang or "zh-CN"
    cp.keywords = ""
    when = document_date(doc, source_date_epoch)
    if when is not None:
        cp.created = cp.modified = when.replace(tzinfo=None)
        return
    element = cp._element
    for tag in ("created", "modified"):
        for child in element.findall(f"{{http://purl.org/dc/terms/}}{tag}"):
            element.remove(child)


# --- page numbers from a LibreOffice layout ---------------------------------------------------
def layout_available() -> bool:
    """LibreOffice is installed, so the document can be laid out to number the 目录."""
    return shutil.which("soffice") is not None


def heading_pages(data: bytes, doc: Document) -> list[int] | None:
    """The page number shown on each heading's page when LibreOffice lays out `data`; None when
    that fails. The text's numbering starts at 1 on the first page after the 目录."""
    import pypdfium2 as pdfium

    with tempfile.TemporaryDirectory(prefix="zhpress-lo-") as tmp:
        src = Path(tmp) / "doc.docx"
        src.write_bytes(data)
        cmd = [shutil.which("soffice") or "soffice", f"-env:UserInstallation={Path(tmp).as_uri()}/p",
               "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=600, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            log.warning("no page numbers in the DOCX 目录: LibreOffice failed (%s)", exc)
            return None
        if not (Path(tmp) / "doc.pdf").is_file():
            log.warning("no page numbers in the DOCX 目录: LibreOffice wrote no PDF")
            return None
        pdf = pdfium.PdfDocument(str(Path(tmp) / "doc.pdf"))
        try:
            marks = [_dest_page(item) for item in pdf.get_toc()]
            if len(marks) != len(doc.headings) or None in marks:
                log.warning("no page numbers in the DOCX 目录: %d PDF bookmarks for %d headings",
                            len(marks), len(doc.headings))
                return None
            first = _first_text_page(pdf, doc, marks)
        finally:
            pdf.close()
    return [m - first + 1 for m in marks]


def _dest_page(bookmark: Any) -> int | None:
    dest = bookmark.get_dest()
    return None if dest is None else dest.get_index()


def _first_text_page(pdf: Any, doc: Document, marks: list[int]) -> int:
    """The page where the text (after the 目录) begins."""
    first = doc.blocks[0]
    if isinstance(first, Heading):
        return marks[0]
    probe = "".join(c for c in first.text if c.isalnum())[:12]  # type: ignore[union-attr]
    for index, page in enumerate(pdf):
        text = page.get_textpage().get_text_bounded()
        if probe and probe in "".join(c for c in text if c.isalnum()):
            return index
    return 0


# --- the whole pass ------------------------------------------------------------------------------
def _save(d: Any) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def postprocess(data: bytes, doc: Document, theme: Theme, source_date_epoch: int | None,
                depth: int, page_numbers: bool = False) -> bytes:
    """Finish pandoc's DOCX `data` of `doc`; returns byte-reproducible DOCX bytes."""
    import docx

    d = docx.Document(io.BytesIO(data))
    body = d.element.body
    headings = with_anchors(doc).headings
    paragraphs = heading_paragraphs(body)
    if len(paragraphs) != len(headings):
        raise RuntimeError(f"pandoc wrote {len(paragraphs)} headings, expected {len(headings)}")
    _ensure_bookmarks(body, paragraphs, headings)
    _run_in(paragraphs, headings)
    _title_block(body, doc, theme)
    entries = fill_toc(body, headings, depth, theme)
    settings = d.settings.element
    for child in settings.findall(qn("w:updateFields")):
        settings.remove(child)
    _core_properties(d, doc, source_date_epoch)
    if entries:
        pages = heading_pages(_save(d), doc) if page_numbers and layout_available() else None
        set_page_numbers(entries, None if pages is None else [pages[e.index] for e in entries])
    return ziputil.normalize(_save(d))
