"""The outline: heading anchors and the outline JSON every format's navigation is made from."""

from __future__ import annotations

import dataclasses
import json

from zhpress.model import Document, Heading


def with_anchors(doc: Document) -> Document:
    """Give every heading a stable ASCII anchor from its position in the hierarchy (s1, s1-2 …).

    Anchors depend on structure only, so they survive edits of heading text, and they are valid
    XML ids and DOCX bookmark names.
    """
    counters: list[int] = []
    blocks = []
    for block in doc.blocks:
        if isinstance(block, Heading):
            depth = max(block.level, 1)
            counters = counters[:depth] + [0] * (depth - len(counters))
            counters[depth - 1] += 1
            anchor = "s" + "-".join(str(n) for n in counters)
            block = dataclasses.replace(block, anchor=anchor)
        blocks.append(block)
    return dataclasses.replace(doc, blocks=tuple(blocks))


def outline(doc: Document) -> dict:
    """`{"title": str, "headings": [{"level", "text", "anchor"}]}` in document order."""
    doc = with_anchors(doc)
    return {
        "title": doc.meta.title,
        "headings": [
            {"level": h.level, "text": h.outline_text, "anchor": h.anchor} for h in doc.headings
        ],
    }


def outline_json(doc: Document) -> str:
    return json.dumps(outline(doc), ensure_ascii=False, indent=1) + "\n"

