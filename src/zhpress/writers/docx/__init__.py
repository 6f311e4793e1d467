"""DOCX writer: pandoc (from our pandoc AST) with a reference document made from the theme.

python-docx sets only the Latin font name; Word, WPS and LibreOffice pick the face for Chinese
text from `w:eastAsia`, and theme-font attributes override explicit names, so the reference
document is edited at the XML level (reference/docx-epub.md). What pandoc cannot write (the
filled 目录, run-in headings, title block, core properties) is done in `docx_post`.
"""

from __future__ import annotations

import fcntl
import functools
import json
import math
import os
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from zhpress.errors import BadInput
from zhpress.model import Document
from zhpress.style.div_classes import LINES, TITLE_BLOCK
from zhpress.style.theme import MM_PER_PT, Theme
from zhpress.typeset import titles
from zhpress.writers import ziputil
from zhpress.writers.docx import fonts as docx_fonts
from zhpress.writers.docx import gongwen as docx_gongwen
from zhpress.writers.docx import grid as docx_grid
from zhpress.writers.docx import pandoc_ast
from zhpress.writers.docx import post as docx_post
from zhpress.writers.docx import roles as docx_roles
from zhpress.writers.docx import wordml as docx_xml
from zhpress.writers.options import WriterOptions

TWIPS_PER_PT = 20
BODY_STYLES = ("Normal", "Body Text", "First Paragraph", "Compact")
# title-block lines and official-document lines: one table with the CSS (style/div_classes.py)
CLASS_STYLES = ("occasion", "speaker", "salutation", "byline", "caption", "dateline",
                *TITLE_BLOCK[2:], *LINES)
KAI_CLASSES = ("occasion", "speaker", "byline", "caption", *TITLE_BLOCK[2:])
CENTERED_CLASSES = ("occasion", "speaker", "caption", *TITLE_BLOCK[2:])
TOC_LEVELS = 3
TOC_NUMBER_CHARS = 3  # room for a leader and a page number of up to three digits
# Word's built-in names (LibreOffice maps them to its "Contents N" styles).
TOC_STYLES = {level: (f"TOC{level}", f"toc {level}") for level in range(1, TOC_LEVELS + 1)}
# pandoc's GHC runtime: an 8 MiB allocation area instead of the binary's built-in 64 MiB heap
# (-H64m), whose first touch costs more CPU time than the collections it saves (measured:
# -25% CPU for a 20-50k character document, -14% for a 1.8M character novel).
PANDOC_RTS = "-A8m -H8m -O32m"


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def find_style(doc: Any, name: str) -> Any:
    """The style called `name` (or with that id), without python-docx's deprecated id lookup."""
    wanted = name.lower()
    ident = name.replace(" ", "")
    for style in doc.styles:
        if (style.name or "").lower() == wanted or style.style_id == ident:
            return style
    return None


def _style(doc: Any, name: str, para: bool = True, style_id: str | None = None) -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    style = find_style(doc, style_id or name)
    if style is None:
        kind = WD_STYLE_TYPE.PARAGRAPH if para else WD_STYLE_TYPE.CHARACTER
        style = doc.styles.add_style(name, kind)
        if style_id:
            style.element.set(docx_xml.qn("w:styleId"), style_id)
        if para:
            style.base_style = find_style(doc, "Normal")
    return style


def _set_fonts(style: Any, family: str, size_pt: float | None = None,
               bold: bool | None = None) -> None:
    from docx.oxml import OxmlElement
    from docx.shared import Pt

    qn = docx_xml.qn
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme") or attr.endswith("theme"):  # would override the names
            del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attr}"), family)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    if size_pt is not None:
        style.font.size = Pt(size_pt)
        docx_xml.set_child(rpr, "w:szCs", {"w:val": str(round(size_pt * 2))})
    if bold is not None:
        style.font.bold = bold
        style.font.cs_bold = bold


def _paragraph_format(style: Any, theme: Theme, indent_chars: float, align: str,
                      size_pt: float | None = None) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    body = theme["body"]
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(max(body["line_pt"], (size_pt or 0) * 1.25))
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
    }.get(align, WD_ALIGN_PARAGRAPH.LEFT)
    size = size_pt or body["size_pt"]
    # LibreOffice ignores firstLineChars alone; Word prefers it: write both.
    docx_xml.set_child(style.element.get_or_add_pPr(), "w:ind", {
        "w:firstLineChars": str(int(indent_chars * 100)),
        "w:firstLine": str(int(indent_chars * size * TWIPS_PER_PT)),
    })


def _outline_level(style: Any, level: int | None) -> None:
    """`level` 1..9 puts the style in the outline; None takes it out (body text level)."""
    value = 9 if level is None else level - 1
    docx_xml.set_child(style.element.get_or_add_pPr(), "w:outlineLvl", {"w:val": str(value)})


def _heading_styles(doc: Any, theme: Theme) -> None:
    faces = docx_fonts.word_faces(theme)
    styles = [(f"Heading {level}", None, level, theme.heading_style(level))
              for level in range(1, 10)]
    styles += [(docx_roles.style_name(level, role), docx_roles.style_id(level, role), level, spec)
               for (level, role), spec in docx_roles.role_styles(theme).items()]
    for name, ident, level, spec in styles:
        style = _style(doc, name, style_id=ident)
        if ident:  # a role's style: a kind of its level's heading
            style.base_style = find_style(doc, f"Heading {level}")
        _set_fonts(style, faces[spec["role"]].family, spec["size_pt"],
                   spec.get("weight") == "bold")
        style.font.color.rgb = None
        style.font.italic = False
        _paragraph_format(style, theme, spec.get("indent_chars", 0), spec.get("align", "left"),
                          spec["size_pt"])
        style.paragraph_format.keep_with_next = True
        _outline_level(style, level)


def _class_styles(doc: Any, theme: Theme) -> None:
    body, faces = theme["body"], docx_fonts.word_faces(theme)
    for name, spec in (("Title", theme["title"]), ("Subtitle", theme["subtitle"]),
                       ("Author", theme["subtitle"]), ("Date", theme["subtitle"])):
        style = _style(doc, name)
        _set_fonts(style, faces[spec["role"]].family, spec["size_pt"], spec.get("weight") == "bold")
        style.font.color.rgb = None
        _paragraph_format(style, theme, 0, spec.get("align", "center"), spec["size_pt"])
    for cls in CLASS_STYLES:
        spec = theme["subtitle"] if cls in TITLE_BLOCK else body
        style = _style(doc, pandoc_ast.style_name(cls))
        role, align = LINES.get(cls, ("", ""))
        role = role or ("kai" if cls in KAI_CLASSES else body["role"])
        align = align or ("center" if cls in CENTERED_CLASSES else "left")
        _set_fonts(style, faces[role].family, spec["size_pt"], False)
        style.font.italic = False
        style.font.color.rgb = None
        _paragraph_format(style, theme, 0, align)
        _outline_level(style, None)
        char = _style(doc, pandoc_ast.style_name(cls) + " Char", para=False)
        _set_fonts(char, faces[role].family)


def _news_styles(doc: Any, theme: Theme) -> None:
    """Newspaper furniture (byline, credit, caption, dateline, source, box-label, deck): one
    paragraph style and one character style each, as the theme's `news` section says (the CSS
    reads the same section). Runs after _class_styles, so the theme overrides its defaults."""
    body, faces = theme["body"], theme.faces()
    for cls, spec in theme.data.get("news", {}).items():
        size = spec.get("size_pt", body["size_pt"])
        family = faces[spec["role"]].family
        style = _style(doc, pandoc_ast.style_name(cls))
        _set_fonts(style, family, size, spec.get("weight") == "bold")
        style.font.italic = False
        style.font.color.rgb = None
        _paragraph_format(style, theme, 0, spec.get("align", "left"), size)
        _outline_level(style, None)
        _set_fonts(_style(doc, pandoc_ast.style_name(cls) + " Char", para=False), family)


def _toc_styles(doc: Any, theme: Theme) -> None:
    body, faces = theme["body"], docx_fonts.word_faces(theme)
    heading = _style(doc, "TOC Heading")
    heading.base_style = find_style(doc, "Normal")  # pandoc's is based on Heading 1
    _set_fonts(heading, faces["hei"].family, theme["title"]["size_pt"] - 6, False)
    heading.font.color.rgb = None
    _paragraph_format(heading, theme, 0, "center", theme["title"]["size_pt"] - 6)
    _outline_level(heading, None)
    for level, (ident, name) in TOC_STYLES.items():
        style = _style(doc, name, style_id=ident)
        _set_fonts(style, faces[body["role"]].family, body["size_pt"], False)
        _paragraph_format(style, theme, 0, "left")
        style.paragraph_format.left_indent = int((level - 1) * body["size_pt"] * 12700)
        # An entry's text wraps TOC_NUMBER_CHARS before the margin, so that its leader and page
        # number (a right tab at the margin, past the indent, as Word's own 目录) end its last
        # line instead of taking a line of their own.
        style.paragraph_format.right_indent = int(TOC_NUMBER_CHARS * body["size_pt"] * 12700)


def _footer_paragraph(paragraph: Any, theme: Theme, side: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    folio = theme["folio"]
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(folio["size_pt"] * 1.2)
    fmt.first_line_indent = Pt(0)
    gap = Pt(folio.get("gap_chars", 0) * folio["size_pt"])
    fmt.alignment = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "left": WD_ALIGN_PARAGRAPH.LEFT}.get(
        side, WD_ALIGN_PARAGRAPH.CENTER)
    if side == "right":
        fmt.right_indent = gap
    elif side == "left":
        fmt.left_indent = gap
    before, _, after = folio["format"].partition("{page}")
    family = docx_fonts.word_name(theme, folio["role"])
    for text in (before, None, after):
        if text is None:
            paragraph._p.append(docx_xml.page_field(family, folio["size_pt"]))
        elif text:
            docx_xml.run_font(paragraph.add_run(text)._r, family, folio["size_pt"])


def _page(doc: Any, theme: Theme) -> None:
    from docx.shared import Mm

    page, folio = theme.page, theme["folio"]
    alternate = bool(folio.get("alternate"))
    doc.settings.odd_and_even_pages_header_footer = alternate
    for section in doc.sections:
        section.page_width, section.page_height = Mm(page["width_mm"]), Mm(page["height_mm"])
        section.top_margin, section.bottom_margin = (Mm(page["margin_top_mm"]),
                                                     Mm(page["margin_bottom_mm"]))
        section.left_margin, section.right_margin = (Mm(page["margin_left_mm"]),
                                                     Mm(page["margin_right_mm"]))
        # The folio's top sits offset_mm below the text block (GB/T 9704 7.5).
        distance = (page["margin_bottom_mm"] - folio.get("offset_mm", 7)
                    - folio["size_pt"] * 1.2 * MM_PER_PT)
        section.footer_distance = Mm(max(distance, 3))
        docx_xml.set_child(section._sectPr, "w:docGrid", docx_grid.doc_grid(theme))
        section.footer.is_linked_to_previous = False
        _footer_paragraph(section.footer.paragraphs[0], theme, "right" if alternate else "center")
        if alternate:
            section.even_page_footer.is_linked_to_previous = False
            _footer_paragraph(section.even_page_footer.paragraphs[0], theme, "left")


def _sweep_fonts(doc: Any, family: str) -> None:
    """Every style's fonts: no theme fonts, an East Asian face (a linked character style takes
    its paragraph style's fonts)."""
    qn = docx_xml.qn
    styles = {s.get(qn("w:styleId")): s for s in doc.styles.element.iterchildren(qn("w:style"))}
    for style in styles.values():
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        if fonts is None:
            continue
        for attr in list(fonts.attrib):
            if attr.lower().endswith("theme"):
                del fonts.attrib[attr]
        link = style.find(qn("w:link"))
        linked = styles.get(link.get(qn("w:val"))) if link is not None else None
        source = linked.find(f"{qn('w:rPr')}/{qn('w:rFonts')}") if linked is not None else None
        if source is not None and source.get(qn("w:eastAsia")):
            fonts.attrib.update(dict(source.attrib))
        if not fonts.get(qn("w:eastAsia")):
            fonts.set(qn("w:eastAsia"), family)


def _font_table(doc: Any, theme: Theme) -> None:
    """The named faces in word/fontTable.xml, with alternatives for Word's substitution."""
    for rel in doc.part.rels.values():
        if not rel.is_external and rel.target_part.partname == "/word/fontTable.xml":
            part = rel.target_part
            part._blob = docx_fonts.add_to_font_table(part.blob, theme)


def build_reference(theme: Theme, path: Path) -> None:
    """Write a reference.docx whose styles all come from the theme."""
    import docx

    subprocess.run(
        [pandoc_path(), "-o", str(path), "--print-default-data-file", "reference.docx"],
        check=True,
    )
    doc = docx.Document(str(path))
    body = theme["body"]
    faces = docx_fonts.word_faces(theme)
    for name in BODY_STYLES:
        style = _style(doc, name)
        _set_fonts(style, faces[body["role"]].family, body["size_pt"], False)
        indent = body["indent_chars"] if name not in ("Compact", "Normal") else 0
        _paragraph_format(style, theme, indent, body["align"])
    docx_xml.set_default_fonts(doc, faces[body["role"]].family, body["size_pt"],
                               docx_grid.char_spacing_twips(theme))
    _heading_styles(doc, theme)
    _class_styles(doc, theme)
    _news_styles(doc, theme)
    _toc_styles(doc, theme)
    _sweep_fonts(doc, faces[body["role"]].family)
    _page(doc, theme)
    _font_table(doc, theme)
    doc.save(str(path))


@functools.lru_cache(maxsize=4)
def reference_bytes(theme: Theme) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "reference.docx"
        build_reference(theme, path)
        return ziputil.normalize(path.read_bytes())


@functools.cache  # one per theme (load_theme returns one per name), open for the process' life
def _reference_fd(theme: Theme) -> int | None:
    """An anonymous in-memory file holding the theme's reference.docx, which pandoc opens as
    /dev/fd/N (a fresh read each time): nothing is rebuilt or written to disk per document.
    None where Linux's memfd or /dev/fd is missing."""
    try:
        fd = os.memfd_create("zhpress-reference.docx")
    except (AttributeError, OSError):
        return None
    if fd < 3:  # never a stdio descriptor, which a forked job replaces with its client's
        fd, low = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 3), fd
        os.close(low)
    with open(fd, "wb", closefd=False) as f:
        f.write(reference_bytes(theme))
    if not os.path.exists(f"/dev/fd/{fd}"):
        os.close(fd)
        return None
    return fd


def title_lines(theme: Theme) -> Callable[[str], list[str]]:
    """The title's lines on the page: balanced, broken at word ends, as in the PDF."""
    per_line = math.floor(theme.text_width_mm / MM_PER_PT / theme["title"]["size_pt"])
    return functools.partial(titles.title_lines, per_line=per_line)


def pandoc_json(doc: Document, theme: Theme | None = None) -> str:
    """The pandoc AST without the metadata that pandoc would set as a title block: the title
    is the body's first heading already (design.md), broken into the theme's title lines; core
    properties are set afterwards."""
    ast = pandoc_ast.to_pandoc(doc, title_lines(theme) if theme is not None else None)
    ast["meta"] = {"lang": ast["meta"]["lang"]}
    return json.dumps(ast, ensure_ascii=False)


def _pandoc_docx(doc: Document, theme: Theme, source_date_epoch: int | None, depth: int,
                 reference: str, pass_fds: tuple[int, ...] = ()) -> bytes:
    """pandoc's DOCX of `doc` (to stdout) with `reference` as reference document."""
    env = {"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": str(source_date_epoch or 0),
           "GHCRTS": PANDOC_RTS}
    toc = ["--toc", f"--toc-depth={depth}", "-M", "toc-title=目录"] if depth else []
    proc = subprocess.run(
        # --no-highlight: no code-highlighting styles (a document has no code); deprecated
        # since pandoc 3.8 in favour of --syntax-highlighting=none, which older ones lack.
        [pandoc_path(), "-f", "json", "-t", "docx", "--no-highlight", "--reference-doc",
         reference, *toc, "-o", "-"],
        input=pandoc_json(doc, theme).encode("utf-8"),
        capture_output=True,
        env=env,
        pass_fds=pass_fds,
    )
    if proc.returncode != 0:
        raise BadInput(f"pandoc could not write DOCX: {proc.stderr.decode(errors='replace')}")
    return proc.stdout


def write(doc: Document, options: WriterOptions) -> bytes:
    """DOCX bytes of `doc`. With `options.docx_page_numbers` the 目录 gets page numbers from one
    LibreOffice layout of the document (2-3 s more); without, its entries are links whose page
    numbers a reader's "update field" fills in."""
    theme, source_date_epoch = options.theme, options.source_date_epoch
    depth = 0 if doc.meta.gongwen else docx_post.toc_depth(doc, theme)  # a 公文 has no 目录
    fd = _reference_fd(theme)
    if fd is not None:
        data = _pandoc_docx(doc, theme, source_date_epoch, depth, f"/dev/fd/{fd}", (fd,))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            ref = Path(tmp) / "reference.docx"
            ref.write_bytes(reference_bytes(theme))
            data = _pandoc_docx(doc, theme, source_date_epoch, depth, str(ref))
    data = docx_post.postprocess(data, doc, theme, source_date_epoch, depth,
                                 options.docx_page_numbers)
    if doc.meta.gongwen:  # 版头, 主体 and 版记 (writers/docx/gongwen.py)
        data = docx_gongwen.apply(data, doc, theme)
    return data
