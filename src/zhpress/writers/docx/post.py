"""DOCX post-processing with lxml on pandoc's parts: what pandoc's DOCX writer cannot do.

- the 目录: pandoc's TOC field is empty (Word asks to update it, LibreOffice shows nothing), so
  its result is filled with one hyperlinked entry per outline heading (TOC 1..3 styles,
  PAGEREF fields), on pages of its own with their own numbering;
- page numbers of those entries, from a LibreOffice layout of the document when `soffice` is
  installed (else left for the reader's field update; `docx_pages`);
- run-in headings: a hidden paragraph mark (Word's style separator) sets them run-in in Word and
  WPS, and each stays a heading paragraph with its outline level everywhere;
- the title block's spacing; core properties with dates from the document, never the clock.

Only word/document.xml, docProps/core.xml and (when needed) word/settings.xml and
word/styles.xml (the role styles the document does not use are dropped) are parsed and written
again; every other part stays as pandoc wrote it (`docx_package`).
"""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any
from xml.sax.saxutils import escape

from lxml import etree

from zhpress.dates import document_date
from zhpress.model import Div, Document, Heading
from zhpress.style.div_classes import TITLE_BLOCK
from zhpress.style.theme import Theme
from zhpress.writers.docx import pages as docx_pages
from zhpress.writers.docx import roles as docx_roles
from zhpress.writers.docx.package import Package
from zhpress.writers.docx.wordml import PARSER, W_NS, parse, parse_many, qn, set_child

TWIPS_PER_MM = 1440 / 25.4
TOC_MAX_ENTRIES = 80  # deeper levels are left out of the 目录 beyond this many entries
TITLE_CLASSES = TITLE_BLOCK  # the lines under the title (style/div_classes.py)
HEADING_STYLE = re.compile(r"Heading\d")
CORE_NS = {"cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
           "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
           "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
_HEADING_STYLES = etree.XPath(".//w:p/w:pPr/w:pStyle[starts-with(@w:val, 'Heading')]",
                              namespaces={"w": W_NS})


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


def _entry(h: Heading, tab_twips: int, first: str, last: str, numbered: bool) -> str:
    """A 目录 entry: the heading's text linked to it, and with `numbered` a dot leader and a
    PAGEREF field to its page (else the reader's field update adds them)."""
    level = min(h.level, 3)
    tabs = number = ""
    if numbered:
        tabs = (f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{tab_twips}"/></w:tabs>')
        number = "<w:r><w:tab/></w:r>" + _field(f"PAGEREF {h.anchor} \\h", "0")
    return (f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/>{tabs}</w:pPr>{first}'
            f'<w:hyperlink w:anchor="{h.anchor}" w:history="1">{_run(h.outline_text)}'
            f'{number}</w:hyperlink>{last}</w:p>')


def fill_toc(body: Any, headings: list[Heading], depth: int, theme: Theme,
             numbered: bool = True) -> list[TocEntry]:
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
    last = len(wanted) - 1
    paragraphs = parse_many("".join(
        _entry(h, tab, begin if n == 0 else "", end if n == last else "", numbered)
        for n, (_, h) in enumerate(wanted)))
    anchor = field_p[0]
    entries = []
    for (i, _), p in zip(wanted, paragraphs, strict=True):
        anchor.addprevious(p)
        entries.append(TocEntry(i, p, p.findall(f".//{qn('w:t')}")[-1] if numbered else None))
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
    """The paragraphs in a Heading N style, in document order."""
    val = qn("w:val")
    return [s.getparent().getparent() for s in _HEADING_STYLES(body)
            if HEADING_STYLE.fullmatch(s.get(val))]


def _ensure_bookmarks(body: Any, paragraphs: list[Any], headings: list[Heading]) -> None:
    name, ident = qn("w:name"), qn("w:id")
    marks = list(body.iter(qn("w:bookmarkStart")))
    names = {b.get(name) for b in marks}
    next_id = max((int(b.get(ident, "0")) for b in marks), default=0) + 1
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
            ppr = set_child(p, "w:pPr")
            rpr = set_child(ppr, "w:rPr")
            set_child(rpr, "w:vanish")
            set_child(rpr, "w:specVanish")
            set_child(ppr, "w:keepNext", {"w:val": "0"})


def _role_styles(paragraphs: list[Any], headings: list[Heading], theme: Theme) -> set[str]:
    """Each heading in its role's style where the role has a look of its own (docx_roles);
    returns the ids of the role styles used."""
    used = set()
    for p, ident in zip(paragraphs, docx_roles.paragraph_style_ids(headings, theme), strict=True):
        if ident:
            set_child(set_child(p, "w:pPr"), "w:pStyle", {"w:val": ident})
            used.add(ident)
    return used


def _prune_role_styles(package: Package, used: set[str], theme: Theme) -> None:
    """The reference holds a style for every (level, role) pair; keep only the document's (a
    Word user's style list shows those, not a hundred unused ones)."""
    unused = {docx_roles.style_id(level, role) for level, role in docx_roles.role_styles(theme)}
    unused -= used
    if not unused:
        return
    name = "word/styles.xml"
    root = etree.fromstring(package.read(name), PARSER)
    ident = qn("w:styleId")
    for style in root.findall(qn("w:style")):
        if style.get(ident) in unused:
            root.remove(style)
    package.replace(name, etree.tostring(root, encoding="UTF-8", standalone=True))


def _title_block(body: Any, doc: Document, theme: Theme) -> None:
    """Space after the title and after the occasion/speaker lines that follow it."""
    blocks = list(doc.blocks)
    lead = 0  # a compiler's label above the title is not part of its block
    while lead < len(blocks) and isinstance(blocks[lead], Div) \
            and blocks[lead].cls == "compiler-title":
        lead += 1
    block = []
    for b in blocks[lead:]:
        if (isinstance(b, Heading) and not block) or (isinstance(b, Div)
                                                       and b.cls in TITLE_CLASSES):
            block.append(b)
        else:
            break
    paragraphs: list[Any] = []
    text = f".//{qn('w:t')}"
    for p in body.iterchildren(qn("w:p")):
        if len(paragraphs) == len(block):
            break
        if p.find(text) is not None:
            if lead:
                lead -= 1
                continue
            paragraphs.append(p)
    line = str(round(theme["body"]["line_pt"] * 20))
    for i, (p, b) in enumerate(zip(paragraphs, block, strict=False)):
        ppr = set_child(p, "w:pPr")
        set_child(ppr, "w:keepNext")
        last = i == len(block) - 1
        if (isinstance(b, Heading) and len(block) > 1) or last:
            set_child(ppr, "w:spacing", {"w:after": line})


# --- core properties ---------------------------------------------------------------------------
def core_properties(xml: bytes, doc: Document, source_date_epoch: int | None) -> bytes:
    """pandoc's docProps/core.xml with the document's metadata and dates (created, modified:
    none rather than the clock)."""
    root = etree.fromstring(xml, PARSER)
    m = doc.meta
    for tag, value in (("dc:title", m.title), ("dc:creator", m.author),
                       ("dc:subject", m.subtitle), ("dc:language", m.lang or "zh-CN"),
                       ("cp:keywords", "")):
        _core_child(root, tag).text = value
    when = document_date(doc.meta.date, source_date_epoch)
    for tag in ("dcterms:created", "dcterms:modified"):
        if when is None:
            for child in root.findall(tag, CORE_NS):
                root.remove(child)
            continue
        child = _core_child(root, tag)
        child.text = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        child.set(f"{{{CORE_NS['xsi']}}}type", "dcterms:W3CDTF")
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _core_child(root: Any, tag: str) -> Any:
    child = root.find(tag, CORE_NS)
    if child is None:
        prefix, _, local = tag.partition(":")
        child = etree.SubElement(root, f"{{{CORE_NS[prefix]}}}{local}")
    return child


# --- the whole pass ------------------------------------------------------------------------------
def _settings(package: Package) -> None:
    """No w:updateFields: it makes Word ask to update the fields on opening."""
    name = "word/settings.xml"
    xml = package.read(name)
    if b"updateFields" not in xml:
        return
    root = etree.fromstring(xml, PARSER)
    for child in root.findall(qn("w:updateFields")):
        root.remove(child)
    package.replace(name, etree.tostring(root, encoding="UTF-8", standalone=True))


def postprocess(data: bytes, doc: Document, theme: Theme, source_date_epoch: int | None,
                depth: int, page_numbers: bool = False) -> bytes:
    """Finish pandoc's DOCX `data` of `doc`; returns byte-reproducible DOCX bytes."""
    package = Package(data)
    root = etree.fromstring(package.read("word/document.xml"), PARSER)
    body = root.find(qn("w:body"))
    headings = doc.headings
    paragraphs = heading_paragraphs(body)
    if len(paragraphs) != len(headings):
        raise RuntimeError(f"pandoc wrote {len(paragraphs)} headings, expected {len(headings)}")
    _ensure_bookmarks(body, paragraphs, headings)
    _run_in(paragraphs, headings)
    _prune_role_styles(package, _role_styles(paragraphs, headings, theme), theme)
    _title_block(body, doc, theme)
    numbered = page_numbers and docx_pages.layout_available()
    if page_numbers and not numbered:
        docx_pages.log.warning("no page numbers in the DOCX 目录: LibreOffice (soffice) is not "
                               "installed; install libreoffice-writer-nogui, or pass "
                               "--no-page-numbers")
    entries = fill_toc(body, headings, depth, theme, numbered)
    _settings(package)
    core = "docProps/core.xml"
    package.replace(core, core_properties(package.read(core), doc, source_date_epoch))
    if entries and numbered:
        package.replace("word/document.xml", _serialize(root))
        pages = docx_pages.heading_pages(package.to_bytes(), doc, theme)
        set_page_numbers(entries, None if pages is None else [pages[e.index] for e in entries])
    package.replace("word/document.xml", _serialize(root))
    return package.to_bytes()


def _serialize(root: Any) -> bytes:
    return etree.tostring(root, encoding="UTF-8", standalone=True)
