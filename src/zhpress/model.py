"""The one document model in the middle of the pipeline.

Readers (the normalizer for raw text, the Markdown reader for structured sources) produce a
`Document`; writers (Markdown, HTML for PDF/EPUB, pandoc JSON for DOCX, outline JSON) consume it.
This module imports nothing else from the package, so every stage can depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
@dataclass(frozen=True)
class Heading:
    """A heading; `text` keeps the author's numbering marker (一、 （一） 第一章 …)."""

    level: int
    text: str
    run_in: bool = False
    anchor: str = ""
    line: int = 0

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
    """A list kept as a list, e.g. a law's 目录 (which must not become duplicate headings)."""

    items: tuple[str, ...]
    line: int = 0


Block = Heading | Paragraph | Div | ListBlock


@dataclass(frozen=True)
class Meta:
    title: str = ""
    subtitle: str = ""
    author: str = ""
    date: str = ""
    lang: str = "zh-CN"
    source: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Document:
    meta: Meta
    blocks: tuple[Block, ...]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]
