"""Structured Markdown (design.md): the Document written as pandoc Markdown with YAML front
matter, the one editable source. Literal characters Markdown would read as syntax are escaped.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from zhpress.model import (
    META_KEYS,
    Block,
    Div,
    Document,
    Heading,
    Inline,
    ListBlock,
    Paragraph,
    Span,
    Strong,
    Text,
)

_ESCAPE = re.compile(r"([\\`*_\[\]<>#|$~^@&{}])")
_LEADING = re.compile(r"^(\d+)([.)])|^([-+:=%>])")


def escape(text: str) -> str:
    """Escape characters pandoc Markdown would read as syntax (anywhere in a line)."""
    return _ESCAPE.sub(r"\\\1", text)


def _escape_start(md: str) -> str:
    """Escape what is syntax only at the start of a block: 1. 1) - + : = % >."""
    m = _LEADING.match(md)
    if not m:
        return md
    if m.group(1):
        return f"{m.group(1)}\\{m.group(2)}{md[m.end():]}"
    return "\\" + md


def _inline(i: Inline) -> str:
    match i:
        case Text():
            return escape(i.text)
        case Strong():
            return f"**{escape(i.text)}**"
        case Span():
            return f"[{escape(i.text)}]{{.{i.cls}}}"
    raise AssertionError(i)


def _block(b: Block) -> str:
    match b:
        case Heading():
            attrs = ([f"#{b.anchor}"] if b.anchor else []) + ([f".{b.role}"] if b.role else []) \
                + ([".run-in"] if b.run_in else [])
            suffix = f" {{{' '.join(attrs)}}}" if attrs else ""
            return f"{'#' * b.level} {escape(b.text)}{suffix}"
        case Paragraph():
            return _escape_start("".join(_inline(i) for i in b.inlines))
        case Div():
            return f"::: {{.{b.cls}}}\n{_escape_start(escape(b.text))}\n:::"
        case ListBlock():
            # a nested item is indented to its parent's text (pandoc: two spaces after "- ")
            return "\n".join(f"{'  ' * b.depth(i)}- {_escape_start(escape(it))}"
                             for i, it in enumerate(b.items))
    raise AssertionError(b)


def write_markdown(doc: Document) -> str:
    """The Document as pandoc Markdown with YAML front matter (one paragraph per line)."""
    meta: dict[str, Any] = {k: getattr(doc.meta, k) for k in META_KEYS if getattr(doc.meta, k)}
    if doc.meta.source:
        meta["source"] = dict(doc.meta.source)
    if doc.meta.gongwen:
        meta["gongwen"] = dict(doc.meta.gongwen)
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000,
                           default_flow_style=None)
    parts = [f"---\n{front}---"] + [_block(b) for b in doc.blocks]
    return "\n\n".join(parts) + "\n"


