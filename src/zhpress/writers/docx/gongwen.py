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
from typing import Any

from lxml import etree

from zhpress import gongwen as gw
from zhpress.model import Document
from zhpress.style.theme import Theme
from zhpress.writers.docx.fonts import libreoffice_env
from zhpress.writers.docx.gongwen_parts import (
    ATTACHMENT,
    DRAWING_NS,
    Ctx,
    attachment_note,
    attendance,
    colophon,
    head,
    para,
    run,
    sign,
    twips,
)
from zhpress.writers.docx.package import Package
from zhpress.writers.docx.pandoc_ast import style_name
from zhpress.writers.docx.wordml import PARSER, parse, qn, set_child

log = logging.getLogger("zhpress")

def _parse(xml: str) -> Any:
    return etree.fromstring(xml.replace("<w:p>", f"<w:p {DRAWING_NS}>", 1), PARSER)


def _text(p: Any) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _style_of(p: Any) -> str:
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return "" if style is None else style.get(qn("w:val"), "")


def _restyle_label(p: Any, c: Ctx) -> None:
    """An attachment's 附件N heading: new page, 3号黑体, flush left (7.3.7)."""
    ppr = set_child(p, "w:pPr")
    set_child(ppr, "w:pageBreakBefore")
    set_child(ppr, "w:ind", {"w:firstLine": "0", "w:firstLineChars": "0"})
    set_child(ppr, "w:jc", {"w:val": "left"})
    _set_run_fonts(p, c.family("hei"))


def _restyle_title(p: Any, c: Ctx) -> None:
    """An attachment's title heading set as the title: centred 2号 title face, on the 3rd line."""
    ppr = set_child(p, "w:pPr")
    set_child(ppr, "w:spacing", {"w:before": twips(c.line), "w:after": "0"})
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


def no_first_page_folio(body: Any) -> None:
    """GB/T 9704 10.1: a 信函's first page has no folio. w:titlePg on the first section with no
    first-page footer of its own: Word and LibreOffice then give page 1 a blank footer."""
    first = next(body.iter(qn("w:sectPr")), None)
    if first is None:
        return
    for ref in list(first.iterchildren(qn("w:footerReference"))):
        if ref.get(qn("w:type")) == "first":
            first.remove(ref)
    set_child(first, "w:titlePg")


def arrange(body: Any, doc: Document, theme: Theme, colophon_on_new_page: bool = False) -> None:
    """Add the 公文 elements to pandoc's w:body of `doc`."""
    g, c = doc.meta.gongwen, Ctx(theme)
    if g.get("kind") == "信函":
        no_first_page_folio(body)
    skip = {style_name(cls).replace(" ", "") for cls in gw.PAGE_SKIP_CLASSES}
    for p in list(body.iterchildren(qn("w:p"))):  # shown from the front matter, or no part of the 公文
        if _style_of(p) in skip:
            body.remove(p)
    paragraphs = [p for p in body.iterchildren(qn("w:p")) if _text(p)]
    title_p = next((p for p in paragraphs if _text(p) == doc.meta.title), None)
    first = title_p if title_p is not None else (paragraphs[0] if paragraphs else None)
    anchor = first if first is not None else body.find(qn("w:sectPr"))
    if anchor.getprevious() is not None and anchor.getprevious().tag == qn("w:bookmarkStart"):
        anchor = anchor.getprevious()
    if title_p is not None:  # any other paragraph above the title follows it
        for p in [p for p in paragraphs[:paragraphs.index(title_p)]]:
            title_p.addnext(p)
    for xml in head(g, c):
        anchor.addprevious(_parse(xml))
    if title_p is not None:  # 7.3.1: two lines below the red line
        spacing = title_p.find(f"{qn('w:pPr')}/{qn('w:spacing')}")
        if spacing is None:
            spacing = etree.SubElement(title_p.find(qn("w:pPr")), qn("w:spacing"))
        spacing.set(qn("w:before"), twips(2 * c.line))
        set_child(title_p.find(qn("w:pPr")), "w:snapToGrid", {"w:val": "0"})
        if g.get("主送机关"):
            to = g["主送机关"].rstrip("：:，。") + "："
            new = _parse(para(run(to, c.family("fangsong"), c.size), c.line, style="Addressee"))
            title_p.addnext(new)
    attachment_style = style_name(gw.ATTACHMENT_CLASS).replace(" ", "")
    labels = [p for p in paragraphs if (ATTACHMENT.fullmatch(_text(p).strip())
                                        and _style_of(p).startswith("Heading"))
              or _style_of(p) == attachment_style]
    end = body.find(qn("w:sectPr"))
    before_attachments = labels[0] if labels else end
    if before_attachments.getprevious() is not None and \
            before_attachments.getprevious().tag == qn("w:bookmarkStart"):
        before_attachments = before_attachments.getprevious()
    for xml in attachment_note(g, c) + attendance(g, c) + sign(g, c):
        before_attachments.addprevious(_parse(xml))
    titles = gw.attachment_labels(g)
    for index, label in enumerate(labels):
        if _style_of(label) == attachment_style:  # 附： in the source: 附件, 附件2 … (7.3.7)
            ts = list(label.iter(qn("w:t")))
            for t in ts:
                t.text = ""
            if ts:
                ts[0].text = titles[index][0] if index < len(titles) else "附件"
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
    count = page_count(out, theme)
    if count is not None and count % 2 == 1:
        out = build(True)
    return out


def page_count(data: bytes, theme: Theme) -> int | None:
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
            with libreoffice_env(theme) as env:  # the DOCX's font names as the PDF's faces
                subprocess.run([soffice, f"-env:UserInstallation={Path(tmp).as_uri()}/p",
                                "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                               capture_output=True, timeout=600, check=False, env=env)
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
