"""EPUB 3 writer: ebooklib, from the same HTML writer and theme as the PDF.

One XHTML document per level-1 heading; nav.xhtml and toc.ncx come from the outline; a cover
image drawn from the title block; the theme's faces embedded as subsets of the book's characters.
Everything is derived from the document (identifier, dates, cover, fonts) and the zip is
written with fixed timestamps, so the same source always gives the same bytes.

`warm(theme)` prepares, once per process, what every book of a theme reuses (the open font
faces, the cover's fonts); a worker calls it before forking its jobs.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
import threading
import uuid
import zipfile

from zhpress import gongwen
from zhpress.dates import document_date_or_fallback
from zhpress.errors import BadInput
from zhpress.model import UNTITLED, Block, Document, Heading, Meta, Paragraph, Text
from zhpress.outline import outline, with_anchors
from zhpress.punctuation import NO_LINE_START
from zhpress.style import css
from zhpress.style.coverage import document_chars
from zhpress.style.theme import Theme
from zhpress.typeset import titles
from zhpress.writers import html, ziputil
from zhpress.writers.epub import fonts as epub_fonts
from zhpress.writers.epub import layout as epub_layout
from zhpress.writers.options import WriterOptions

NAMESPACE = uuid.UUID("5d3c63a8-8f53-4b8e-9d8e-7a1c0c3b9f10")
CSS_NAME = "styles/zhpress.css"
COVER_IMAGE = "images/cover.png"
COVER_PAGE = "text/cover.xhtml"
NAV_TITLE = "目录"
LANDMARKS_TITLE = "导览"
UI_TEXT = NAV_TITLE + LANDMARKS_TITLE + "封面正文"
COVER_SIZE = (1200, 1600)
COVER_MARGIN = COVER_SIZE[0] // 10
COVER_TITLE_PX = 76
PAPER, RED = "#fbf8f1", "#b22222"
# Text inks (title; subtitle and author; date), each drawn in AA_LEVELS anti-aliasing steps over
# the paper: with the paper and the red, 32 colours, an 8-bit palette PNG a third the size of RGB.
INKS = ("#1a1a1a", "#333333", "#555555")
AA_LEVELS = 10
# zlib level of the cover PNG: 9 takes 3-6x as long for ~8% fewer bytes (~2 KB of a 1 MB book).
COVER_PNG_LEVEL = 6
COVER_CSS = (
    "body.cover { margin: 0; padding: 0; max-width: none; text-align: center; }\n"
    "body.cover img { max-width: 100%; max-height: 100vh; }\n"
)
# Closing punctuation never starts a line (GB/T 15834 4.1.3, clreq 3.1.7); used on the cover.


def split_level(doc: Document) -> int:
    """The level of the top-level sections: the shallowest level with more than one heading
    (a novel's one title heading is not a section; its 回 below it are)."""
    counts: dict[int, int] = {}
    for h in doc.headings:
        counts[h.level] = counts.get(h.level, 0) + 1
    return min((level for level, n in counts.items() if n > 1), default=1)


def chapters(doc: Document) -> list[list[Block]]:
    """One XHTML document per top-level section (split_level): a long novel is one file per 回,
    not one 4 MB file an e-reader must lay out at once. What comes before the first section
    (the title block, a preface without a heading of that level) is a document of its own."""
    level = split_level(doc)
    parts: list[list[Block]] = [[]]
    for block in doc.blocks:
        if isinstance(block, Heading) and block.level <= level and parts[-1]:
            parts.append([])
        parts[-1].append(block)
    return [p for p in parts if p]


def _blocks_html(blocks: list[Block], title: str) -> str:
    """The shared HTML of `blocks`, the title's words kept whole (typeset.titles)."""

    def heading_text(text: str) -> str:
        return titles.wbr_html(text, html.escape) if text == title else html.escape(text)

    return "".join(html.block_html(b, title, heading_text if isinstance(b, Heading)
                                   else html.escape) for b in blocks)


def identifier(doc: Document, body: bytes) -> str:
    """A content-derived, stable identifier: the same text gives the same dc:identifier."""
    m = doc.meta
    head = "\n".join((m.title, m.subtitle, m.author, m.date, m.lang)).encode("utf-8")
    digest = hashlib.sha256(head + b"\0" + body).hexdigest()
    return "urn:uuid:" + str(uuid.uuid5(NAMESPACE, digest))


# --- cover ---------------------------------------------------------------------------------------
def _wrap(text: str, font, width: float) -> list[str]:
    """Lines of at most `width` px, balanced in length, no line starting with closing marks."""
    if not text:
        return []
    count = max(1, -(-int(font.getlength(text)) // int(width)))
    target = font.getlength(text) / count + font.size  # even lines; the last one may be short
    lines, line = [], ""
    for char in text:
        if line and font.getlength(line + char) > min(target, width) and char not in NO_LINE_START:
            lines.append(line)
            line = ""
        line += char
    return [*lines, line] if line else lines


@functools.cache
def _cover_palette() -> tuple[int, ...]:
    """Palette index 0 the paper, 1 the red, then for each ink AA_LEVELS blends, paper to ink."""
    from PIL import ImageColor

    paper = ImageColor.getrgb(PAPER)
    colours = [paper, ImageColor.getrgb(RED)]
    for ink in INKS:
        rgb = ImageColor.getrgb(ink)
        colours += [tuple(round(p + (c - p) * k / AA_LEVELS) for p, c in zip(paper, rgb,
                                                                             strict=True))
                    for k in range(1, AA_LEVELS + 1)]
    return tuple(v for colour in colours for v in colour)


def coverage_indices(ink: int) -> list[int]:
    """Lookup table: text coverage 0-255 -> palette index of `ink`'s nearest blend (0: paper)."""
    return [2 + ink * AA_LEVELS + level - 1 if (level := round(v * AA_LEVELS / 255)) else 0
            for v in range(256)]


@functools.lru_cache(maxsize=16)
def _cover_font(file: str, index: int, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(file, size, index=index)


_COVER_LOCK = threading.Lock()  # the cached FreeType faces draw one text at a time


def _paint(plane, layer, origin: tuple[int, int], ink: int) -> None:
    """Paint the text coverage `layer` into the palette-index `plane` at `origin` in `ink`."""
    box = layer.getbbox()
    if box:
        region = layer.crop(box)
        lut = coverage_indices(ink)
        plane.paste(region.point(lut), (origin[0] + box[0], origin[1] + box[1]),
                    region.point([255 if i else 0 for i in lut]))


def cover_title_lines(title: str, size: int = COVER_TITLE_PX) -> list[str]:
    """The cover's title lines: balanced, broken at word ends (typeset.titles), as many
    `size`-px characters a line as the cover's measure holds."""
    return titles.title_lines(title, (COVER_SIZE[0] - 2 * COVER_MARGIN) // size)


def cover_png(doc: Document, theme: Theme) -> bytes:
    """The cover: title, subtitle and author set in the theme's title and kai faces.

    Drawn straight into palette indices: each block of text is drawn as coverage into a layer
    of its own size, then mapped to its ink's blends (no RGB image, no quantizing)."""
    from PIL import Image, ImageDraw

    width, height = COVER_SIZE
    margin = COVER_MARGIN
    plane = Image.new("L", COVER_SIZE, 0)  # palette indices; 0 is the paper
    draw = ImageDraw.Draw(plane)

    def block(text: str, role: str, size: int, y: float, ink: int, gap: float = 1.45,
              words_whole: bool = False) -> float:
        face = theme.face(role)
        f = _cover_font(face.file, face.index, size)
        lines = []
        wrapped = (cover_title_lines(text, size) if words_whole
                   else _wrap(text, f, width - 2 * margin))
        for line in wrapped:
            lines.append((y, line, f.getbbox(line, anchor="ma")))
            y += size * gap
        if lines:
            # An integer shift keeps each line's sub-pixel position, so its rendering.
            top = math.floor(min(at + box[1] for at, _, box in lines)) - 1
            bottom = math.ceil(max(at + box[3] for at, _, box in lines)) + 1
            layer = Image.new("L", (width, bottom - top), 0)
            pen = ImageDraw.Draw(layer)
            for at, line, _ in lines:
                pen.text((width / 2, at - top), line, font=f, fill=255, anchor="ma")
            _paint(plane, layer, (0, top), ink)
        return y

    draw.rectangle((margin // 2, margin // 2, width - margin // 2, height - margin // 2),
                   outline=1, width=4)
    with _COVER_LOCK:
        y = block(doc.meta.title or " ", "title", COVER_TITLE_PX, height * 0.2, 0, 1.4,
                  words_whole=True)
        y += 40
        draw.line((width * 0.3, y, width * 0.7, y), fill=1, width=5)
        y = block(doc.meta.subtitle, "kai", 40, y + 60, 1)
        block(doc.meta.author, "kai", 44, max(y + 60, height * 0.68), 1)
        block(doc.meta.date, "song", 36, height * 0.86, 2)
    plane.putpalette(_cover_palette())
    buf = io.BytesIO()
    plane.save(buf, format="PNG", compress_level=COVER_PNG_LEVEL)
    return buf.getvalue()


def _cover_items(doc: Document, theme: Theme, lang: str) -> list:
    from ebooklib import epub

    image = epub.EpubCover(uid="cover-img", file_name=COVER_IMAGE)
    image.media_type = "image/png"
    image.content = cover_png(doc, theme)
    page = epub.EpubHtml(uid="cover", title="封面", file_name=COVER_PAGE, lang=lang)
    alt = "，".join(v for v in (doc.meta.title, doc.meta.subtitle, doc.meta.author) if v)
    page.content = (f'<html><head></head><body class="cover"><img src="../{COVER_IMAGE}" '
                    f'alt="{html.escape(alt or "封面")}"/></body></html>')
    page.add_link(href=f"../{CSS_NAME}", rel="stylesheet", type="text/css")
    return [image, page]


# --- navigation ----------------------------------------------------------------------------------
def _nav_tree(heads: list[dict], href_of: dict[str, str]) -> list:
    """Nested ebooklib toc (Section/Link tuples) from the flat outline list."""
    from ebooklib import epub

    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for h in heads:
        link = epub.Link(f"{href_of[h['anchor']]}#{h['anchor']}", h["text"], h["anchor"])
        while stack[-1][0] >= h["level"]:
            stack.pop()
        children: list = []
        stack[-1][1].append([link, children])
        stack.append((h["level"], children))

    def build(nodes: list) -> list:
        return [(epub.Section(n[0].title, n[0].href), build(n[1])) if n[1] else n[0]
                for n in nodes]

    return build(root)


def _hide_landmarks(nav: bytes) -> bytes:
    """The landmarks nav is for reading systems, not readers: mark it hidden (EPUB 3 §5.4.2)."""
    return nav.replace(b'<nav epub:type="landmarks"',
                       b'<nav epub:type="landmarks" hidden="hidden"', 1)


class _FixedZip(zipfile.ZipFile):
    """A zip written as ziputil.normalize rewrites one (fixed timestamps and attributes, mimetype
    stored, the rest deflated at ziputil.LEVEL), so no second pass through zlib is needed. Entries
    keep ebooklib's order, which starts with the mimetype."""

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        info, level = ziputil.entry_info(getattr(zinfo_or_arcname, "filename", zinfo_or_arcname))
        super().writestr(info, data, compresslevel=level)


@functools.cache
def _writer_class():
    """ebooklib's EpubWriter writing a normalized zip, with the landmarks nav hidden."""
    from ebooklib import epub

    class Writer(epub.EpubWriter):
        def write(self) -> None:  # EpubWriter.write, into a _FixedZip
            self.out = _FixedZip(self.file_name, "w")
            self.out.writestr("mimetype", "application/epub+zip")
            self._write_container()
            self._write_opf()
            self._write_items()
            self.out.close()

        def _get_nav(self, item) -> bytes:
            return _hide_landmarks(super()._get_nav(item))

    return Writer


# --- the book ------------------------------------------------------------------------------------
def _metadata(book, doc: Document, body: bytes, when: dt.datetime, lang: str) -> None:
    book.set_identifier(identifier(doc, body))
    book.set_title(doc.meta.title or UNTITLED)
    book.set_language(lang)
    if doc.meta.author:
        book.add_author(doc.meta.author)
    book.add_metadata("DC", "date", doc.meta.date or when.strftime("%Y-%m-%d"))
    if doc.meta.subtitle:
        book.add_metadata("DC", "description", doc.meta.subtitle)
    if doc.meta.source.get("file"):
        book.add_metadata("DC", "source", doc.meta.source["file"])
    for prop, value in (("schema:accessMode", "textual"), ("schema:accessModeSufficient", "textual"),
                        ("schema:accessibilityFeature", "structuralNavigation"),
                        ("schema:accessibilityFeature", "tableOfContents"),
                        ("schema:accessibilityHazard", "none")):
        book.add_metadata(None, "meta", value, {"property": prop})
    book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-img"})
    book.set_direction("ltr")


def write(doc: Document, options: WriterOptions) -> bytes:
    from ebooklib import epub

    theme = options.theme
    if not doc.blocks:
        raise BadInput("the document has no text; nothing to put in an EPUB")
    doc = gongwen.as_blocks(doc)  # a 公文's 版头/版记 elements as text in reading order
    lang = doc.meta.lang or "zh-CN"
    book = epub.EpubBook()
    items, href_of = [], {}
    for n, blocks in enumerate(chapters(doc), start=1):
        name = f"text/ch{n:03d}.xhtml"
        title = next((b.outline_text for b in blocks if isinstance(b, Heading)), doc.meta.title)
        item = epub.EpubHtml(uid=f"ch{n:03d}", title=title, file_name=name, lang=lang)
        item.content = (f"<html><head></head><body>{_blocks_html(blocks, doc.meta.title)}"
                        "</body></html>")
        item.add_link(href=f"../{CSS_NAME}", rel="stylesheet", type="text/css")
        items.append(item)
        href_of.update({b.anchor: name for b in blocks if isinstance(b, Heading)})
    body = "".join(str(i.content) for i in items).encode("utf-8")
    when = document_date_or_fallback(doc.meta.date, options.source_date_epoch)
    _metadata(book, doc, body, when, lang)

    heads = outline(doc)["headings"]
    stylesheet = epub_layout.pt_to_em(css.epub_css(theme), theme) + epub_layout.em_rules(theme)
    chars = document_chars(doc) | set("".join(h["text"] for h in heads)) | set(UI_TEXT)
    fonts = epub_fonts.embed(theme, stylesheet, chars)
    for i, font in enumerate(fonts, start=1):
        book.add_item(epub.EpubItem(uid=f"font{i}", file_name=font.file_name,
                                    media_type=font.media_type, content=font.data))
    stylesheet = epub_fonts.font_face_css(fonts) + stylesheet + COVER_CSS
    book.add_item(epub.EpubItem(uid="style", file_name=CSS_NAME, media_type="text/css",
                                content=stylesheet.encode("utf-8")))
    cover_image, cover_page = _cover_items(doc, theme, lang)
    for item in (cover_image, cover_page, *items):
        book.add_item(item)

    # A document without headings still needs one nav entry (an empty <ol> is invalid EPUB).
    book.toc = _nav_tree(heads, href_of) or [epub.Link(items[0].file_name, items[0].title, "t")]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav(title=NAV_TITLE)
    nav.add_link(href=CSS_NAME, rel="stylesheet", type="text/css")
    book.add_item(nav)
    book.guide = [{"type": "cover", "href": COVER_PAGE, "title": "封面"},
                  {"type": "toc", "href": "nav.xhtml", "title": NAV_TITLE},
                  {"type": "text", "href": items[0].file_name, "title": "正文"}]
    book.spine = [cover_page, nav, *items]
    out = io.BytesIO()
    options = {"mtime": when, "raise_exceptions": True, "epub3_pages": False,
               "landmark_title": LANDMARKS_TITLE}
    try:
        writer = _writer_class()(out, book, options)
        writer.process()
        writer.write()
    except Exception as exc:  # ebooklib raises bare exceptions for malformed content
        raise BadInput(f"EPUB packaging failed: {exc}") from exc
    return out.getvalue()


def warm(theme: Theme) -> None:
    """Build, in this process, what every EPUB of `theme` reuses: the open HarfBuzz faces, the
    cover's fonts, ebooklib and its templates. A worker calls it before forking, so each job
    starts with them."""
    epub_fonts.prepare(theme, css.epub_css(theme))
    doc = Document(Meta(title="预热", subtitle="预热", author="预热", date="2024-01-01"),
                   (Heading(1, "预热"), Paragraph((Text("预热文字。"),))))
    write(with_anchors(doc), WriterOptions(theme, source_date_epoch=0))
