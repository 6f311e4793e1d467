"""Pandoc JSON AST from the document model, for writers that go through pandoc (DOCX).

Building the AST ourselves (instead of letting pandoc re-read the Markdown) means pandoc never
sees raw HTML, raw OpenXML or LaTeX from the input: every string is a `Str`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, assert_never

from zhpress.model import Div, Document, Heading, ListBlock, Paragraph, Span, Strong, Text

PANDOC_API_VERSION = [1, 23, 1, 1]
_SPACE = re.compile(r"( +)")


def inlines(text: str) -> list[dict[str, Any]]:
    """Text as Str and Space elements (pandoc's own tokenization of spaces)."""
    if " " not in text:
        return [{"t": "Str", "c": text}] if text else []
    out: list[dict[str, Any]] = []
    for part in _SPACE.split(text):
        if not part:
            continue
        out.append({"t": "Space"} if part.isspace() else {"t": "Str", "c": part})
    return out


def _attr(ident: str = "", classes: list[str] | None = None, style: str = "") -> list[Any]:
    """Pandoc attributes; `style` names the DOCX style pandoc applies (custom-style)."""
    return [ident, classes or [], [["custom-style", style]] if style else []]


def style_name(cls: str) -> str:
    """The DOCX style of a class of the Markdown form: byline -> Byline."""
    return cls.replace("-", " ").title()


def _inline(node: Text | Strong | Span) -> list[dict[str, Any]]:
    match node:
        case Text(text=text):
            return inlines(text)
        case Strong(text=text):
            return [{"t": "Strong", "c": inlines(text)}]
        case Span(text=text, cls=cls):
            return [{"t": "Span", "c": [_attr("", [cls], style_name(cls) + " Char"), inlines(text)]}]
        case _:
            assert_never(node)


def _meta_string(value: str) -> dict[str, Any]:
    return {"t": "MetaInlines", "c": inlines(value)}


def _bullet_list(block: ListBlock) -> dict[str, Any]:
    """A pandoc BulletList; a nested item goes into a list inside the item before it."""
    root: list[list[dict[str, Any]]] = []
    stack = [root]  # the open lists, outermost first
    for i, text in enumerate(block.items):
        d = block.depth(i)
        del stack[d + 1:]
        while len(stack) <= d:
            if not stack[-1]:
                stack[-1].append([])
            nested: list[list[dict[str, Any]]] = []
            stack[-1][-1].append({"t": "BulletList", "c": nested})
            stack.append(nested)
        stack[-1].append([{"t": "Plain", "c": inlines(text)}])
    return {"t": "BulletList", "c": root}


def _lines(lines: list[str]) -> list[dict[str, Any]]:
    """Lines of text with a LineBreak (w:br) between them."""
    out: list[dict[str, Any]] = []
    for n, line in enumerate(lines):
        out += ([{"t": "LineBreak"}] if n else []) + inlines(line)
    return out


def to_pandoc(doc: Document,
              title_lines: Callable[[str], list[str]] | None = None) -> dict[str, Any]:
    """The pandoc AST of `doc`; `title_lines` breaks the title heading into its lines."""
    blocks: list[dict[str, Any]] = []
    for block in doc.blocks:
        match block:
            case Heading():
                classes = ["run-in"] if block.run_in else []
                is_title = block.level == 1 and block.text == doc.meta.title
                text = (_lines(title_lines(block.text)) if is_title and title_lines
                        else inlines(block.text))
                blocks.append(
                    {"t": "Header", "c": [block.level, _attr(block.anchor, classes), text]}
                )
            case Paragraph(inlines=parts):
                blocks.append({"t": "Para", "c": [x for p in parts for x in _inline(p)]})
            case Div(cls=cls, text=text):
                para = {"t": "Para", "c": inlines(text)}
                blocks.append({"t": "Div", "c": [_attr("", [cls], style_name(cls)), [para]]})
            case ListBlock():
                blocks.append(_bullet_list(block))
            case _:
                assert_never(block)
    m = doc.meta
    meta: dict[str, Any] = {"lang": _meta_string(m.lang or "zh-CN")}
    for key in ("title", "subtitle", "author", "date"):
        value = getattr(m, key)
        if value:
            meta[key] = _meta_string(value)
    return {"pandoc-api-version": PANDOC_API_VERSION, "meta": meta, "blocks": blocks}


def to_json(doc: Document) -> str:
    return json.dumps(to_pandoc(doc), ensure_ascii=False)
