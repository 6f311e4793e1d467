"""The one document model in the middle of the pipeline.

Readers (the normalizer for raw text, the Markdown reader for structured sources) produce a
`Document`; writers (Markdown, HTML for PDF/EPUB, pandoc JSON for DOCX, outline JSON) consume it.
This module imports nothing else from the package, so every stage can depend on it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any


# --- inlines ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Text:
    """Plain text, exactly as it will be shown (no markup, never interpreted)."""

    text: str


@dataclass(frozen=True)
class Strong:
    """Strong emphasis: a bold lead sentence such as 提升思想自觉。"""

    text: str


@dataclass(frozen=True)
class Span:
    """A classed span inside a paragraph, e.g. a byline that runs into the lead."""

    text: str
    cls: str


Inline = Text | Strong | Span


# --- blocks ----------------------------------------------------------------------------------
# What a heading is, independent of its Markdown depth (design.md: the Markdown contract's
# heading classes). Styles give each role one look per document in every format.
HEADING_ROLES: dict[str, str] = {
    "title": "the document's title",
    "headline": "an article's title in a newspaper page or a compilation",
    "rubric": "a newspaper rubric (栏目) above headlines",
    "subhead": "a sub-head inside a newspaper article (小标题)",
    "front": "序言 前言 后记 附则 … (unnumbered named parts)",
    "volume": "卷",
    "part": "第X编",
    "subpart": "第X分编",
    "chapter": "第X章",
    "section": "第X节",
    "law-article": "第X条",
    "novel-chapter": "第X回",
    "num-cn": "一、",
    "num-paren-cn": "（一）",
    "num-arabic": "1.",
    "num-paren-arabic": "（1）",
}


@dataclass(frozen=True)
class Heading:
    """A heading; `text` keeps the author's numbering marker (一、 （一） 第一章 …)."""

    level: int
    text: str
    run_in: bool = False
    anchor: str = ""
    line: int = 0
    role: str = ""  # what the heading is (HEADING_ROLES), whatever its depth; styles key on it

    @property
    def outline_text(self) -> str:
        """The text shown in outlines: a run-in heading loses its closing 。."""
        if self.run_in and self.text.endswith("。"):
            return self.text[:-1]
        return self.text


@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    line: int = 0

    @property
    def text(self) -> str:
        return "".join(i.text for i in self.inlines)


@dataclass(frozen=True)
class Div:
    """A classed block: occasion, speaker, salutation, byline, caption, dateline."""

    cls: str
    text: str
    line: int = 0


@dataclass(frozen=True)
class ListBlock:
    """A list kept as a list, e.g. a law's 目录 (which must not become duplicate headings).
    `levels` gives each item's nesting depth (0 = top; 第一编 > 第一章 > 第一节 in a 目录); empty
    means a flat list."""

    items: tuple[str, ...]
    line: int = 0
    levels: tuple[int, ...] = ()

    def depth(self, i: int) -> int:
        return self.levels[i] if self.levels else 0


Block = Heading | Paragraph | Div | ListBlock


#: The front-matter keys of the Markdown form that map to `Meta` fields (besides `source`).
META_KEYS = ("title", "subtitle", "author", "date", "lang")
#: What is shown where a title must be shown and the document has none: never the file name,
#: which is not a title (the normalizer warns and says how to give one).
UNTITLED = "（无标题）"


@dataclass(frozen=True)
class Meta:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    date: str = ""
    lang: str = "zh-CN"
    source: dict[str, str] = field(default_factory=dict)
    #: 公文 elements (GB/T 9704) from the `gongwen:` front matter, keyed by the standard's names
    #: (zhpress.gongwen, gongwen.schema.yaml); empty for any other document
    gongwen: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]


# --- the model as JSON (output/model/<name>.json, the parsed form every writer reads) ----------
_BLOCKS: dict[str, type] = {"heading": Heading, "paragraph": Paragraph, "div": Div,
                            "list": ListBlock}
_INLINES: dict[str, type] = {"text": Text, "strong": Strong, "span": Span}
_KIND = {cls: kind for kind, cls in (_BLOCKS | _INLINES).items()}
#: The JSON form's version: a file of another version is read from the Markdown instead.
MODEL_VERSION = 3


def _node_dict(node: Block | Inline) -> dict[str, Any]:
    out: dict[str, Any] = {"type": _KIND[type(node)]}
    for f in fields(node):
        value = getattr(node, f.name)
        if f.name == "inlines":
            value = [_node_dict(i) for i in value]
        elif f.name in ("items", "levels"):
            value = list(value)
        out[f.name] = value
    return out


def _node(data: dict[str, Any], kinds: dict[str, type]) -> Any:
    data = dict(data)
    cls = kinds[data.pop("type")]
    if "inlines" in data:
        data["inlines"] = tuple(_node(i, _INLINES) for i in data["inlines"])
    for key in ("items", "levels"):
        if key in data:
            data[key] = tuple(data[key])
    return cls(**data)


def document_json(doc: Document) -> str:
    """`doc` as JSON: {"version", "meta", "blocks": [{"type": ..., fields...}]}."""
    data = {"version": MODEL_VERSION, "meta": asdict(doc.meta),
            "blocks": [_node_dict(b) for b in doc.blocks]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def load_document(text: str) -> Document:
    """The Document of :func:`document_json`'s output. Raises ValueError on another shape."""
    try:
        data = json.loads(text)
        if data.get("version") != MODEL_VERSION:
            raise ValueError(f"model version {data.get('version')!r}, not {MODEL_VERSION}")
        meta = Meta(**data["meta"])
        return Document(meta, tuple(_node(b, _BLOCKS) for b in data["blocks"]))
    except (KeyError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a zhpress document model ({type(exc).__name__}: {exc})") from exc
