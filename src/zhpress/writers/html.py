"""The HTML writer shared by the PDF and EPUB writers (as pandoc's EPUB reuses its HTML writer).

All text goes through `escape` (or a typography-aware replacement that escapes too): input text
never becomes markup, so it cannot make a renderer load a file or touch the network.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import assert_never

from zhpress.model import Block, Div, Document, Heading, ListBlock, Paragraph, Span, Strong, Text

TextToHtml = Callable[[str], str]


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def inline_html(inline: Text | Strong | Span, text_html: TextToHtml) -> str:
    match inline:
        case Text(text=text):
            return text_html(text)
        case Strong(text=text):
            return f"<strong>{text_html(text)}</strong>"
        case Span(text=text, cls=cls):
            return f'<span class="{escape(cls)}">{text_html(text)}</span>'
        case _:
            assert_never(inline)


def heading_html(h: Heading, title: str, text_html: TextToHtml) -> str:
    classes = []
    if h.level == 1:
        classes.append("doc-title" if h.text == title else "rubric")
    if h.run_in:
        classes.append("run-in")
    if h.role:  # what the heading is: styles key on it (style.css, role rules)
        classes.append(h.role)
    if h.level <= 6:
        tag, extra = f"h{h.level}", ""
    else:  # HTML has six heading elements; deeper levels keep their level for bookmarks
        tag, extra = "div", f' role="heading" aria-level="{h.level}"'
        classes += ["heading", f"level-{h.level}"]
    cls = f' class="{" ".join(classes)}"' if classes else ""
    return (
        f'<{tag} id="{h.anchor}"{cls}{extra} data-outline="{escape(h.outline_text)}">'
        f"{text_html(h.text)}</{tag}>\n"
    )


def block_html(block: Block, title: str, text_html: TextToHtml = escape) -> str:
    match block:
        case Heading():
            return heading_html(block, title, text_html)
        case Paragraph(inlines=inlines):
            return "<p>" + "".join(inline_html(i, text_html) for i in inlines) + "</p>\n"
        case Div(cls=cls, text=text):
            return f'<p class="{escape(cls)}">{text_html(text)}</p>\n'
        case ListBlock():
            return list_html(block, text_html)
        case _:
            assert_never(block)


def list_html(block: ListBlock, text_html: TextToHtml = escape) -> str:
    """A list as <ul>; a nested item (a 目录's 第一章 under 第一编) opens a <ul> inside the
    item before it, so HTML, PDF and EPUB show the 目录's own nesting."""
    out = ['<ul class="list">']
    depth = 0
    for i, item in enumerate(block.items):
        d = block.depth(i)
        if i and d > depth:
            out.append("<ul>" * (d - depth))
        elif i:
            out.append("</li>" + "</ul></li>" * (depth - d))
        out.append(f"<li>{text_html(item)}")
        depth = d
    if block.items:
        out.append("</li>" + "</ul></li>" * depth)
    out.append("</ul>\n")
    return "".join(out)


def blocks_html(blocks: Iterable[Block], title: str, text_html: TextToHtml = escape) -> str:
    return "".join(block_html(b, title, text_html) for b in blocks)


def head_html(doc: Document, css: str, extra: str = "") -> str:
    m = doc.meta
    metas = [f"<title>{escape(m.title)}</title>"]
    for name, value in (("author", m.author), ("description", m.subtitle)):
        if value:
            metas.append(f'<meta name="{name}" content="{escape(value)}">')
    if m.date:
        metas.append(f'<meta name="dcterms.created" content="{escape(m.date)}">')
    return (
        '<head><meta charset="utf-8">' + "".join(metas) + extra + f"<style>{css}</style></head>"
    )
