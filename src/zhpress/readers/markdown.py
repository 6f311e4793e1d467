"""Structured Markdown (design.md) read back through real pandoc into a Document.

The reader disables every pandoc extension that could turn text into raw markup, math,
citations or links to fetch; anything it does not map is flattened to text.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pypandoc
import yaml

from zhpress.dates import stated_date_problem
from zhpress.errors import BadInput
from zhpress.gongwen import check_gongwen, read_gongwen
from zhpress.limits import MAX_FRONT_MATTER_BYTES, MAX_NESTING, check_line, check_nesting
from zhpress.model import (
    HEADING_ROLES,
    META_KEYS,
    Block,
    Div,
    Document,
    Heading,
    Inline,
    ListBlock,
    Meta,
    Paragraph,
    Span,
    Strong,
    Text,
)

_OFF = ("raw_html raw_tex raw_attribute tex_math_dollars tex_math_single_backslash "
        "tex_math_double_backslash smart auto_identifiers citations emoji pandoc_title_block "
        "yaml_metadata_block native_divs native_spans markdown_in_html_blocks implicit_figures "
        "link_attributes footnotes inline_notes superscript subscript strikeout example_lists "
        "fancy_lists startnum definition_lists pipe_tables simple_tables multiline_tables "
        "grid_tables table_captions line_blocks implicit_header_references mmd_title_block "
        "autolink_bare_uris abbreviations")
READER_FORMAT = "markdown" + "".join(f"-{x}" for x in _OFF.split())

# A BCP 47 language tag (RFC 5646 `langtag` or private use): it becomes the lang attribute of
# every format and the EPUB's dc:language, where a reader picks fonts and hyphenation by it.
BCP47 = re.compile(
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language (extlang)
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|\d{3}))?"  # region
    r"(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"  # variants
    r"(?:-[\dA-WYZa-wyz](?:-[A-Za-z\d]{2,8})+)*"  # extensions
    r"(?:-x(?:-[A-Za-z\d]{1,8})+)?"  # private use
    r"|x(?:-[A-Za-z\d]{1,8})+",
    re.ASCII,
)
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


class _FrontMatterLoader(yaml.SafeLoader):
    """yaml.safe_load without aliases. An alias (`*a`) repeats what an anchor (`&a`) names, so
    nine nested levels of them ("billion laughs") made 387 bytes of front matter take 2.2 GB;
    front matter never needs one."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise BadInput(f"the YAML front matter uses an alias (*{event.anchor}, line "
                           f"{event.start_mark.line + 2}); write the value out instead")
        return super().compose_node(parent, index)


# Dates stay text: YAML would make `date: 2024-02-21` a date object, and fail on `2024-13-45`
# with an error that names neither the key nor the fix; the one date policy reads the text.
_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _meta(front: str) -> Meta:
    if len(front.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise BadInput(f"the YAML front matter is over {MAX_FRONT_MATTER_BYTES // 1024} KiB "
                       "(a title, a date and a source take a few hundred bytes); shorten it")
    try:
        data = yaml.load(front, Loader=_FrontMatterLoader) or {}  # noqa: S506 - safe, no aliases
    except yaml.YAMLError as e:
        raise BadInput(f"the YAML front matter does not parse ({e.__class__.__name__}); "
                       "fix the block between the --- lines") from None
    except RecursionError:
        raise BadInput("the YAML front matter is nested too deeply; write key: value "
                       "lines") from None
    if not isinstance(data, dict):
        raise BadInput("the YAML front matter is not a mapping; write key: value lines")
    fields = {k: str(data[k]) for k in META_KEYS if data.get(k) is not None}
    problem = stated_date_problem(fields.get("date", ""))
    if problem:
        raise BadInput(problem)
    if "lang" in fields and not BCP47.fullmatch(fields["lang"]):
        raise BadInput(f"the front matter lang {fields['lang'][:40]!r} is not a BCP 47 language "
                       "tag; write one such as zh-CN, zh-Hans-CN or en")
    src = data.get("source") or {}
    source = {str(k): str(v) for k, v in src.items()} if isinstance(src, dict) else {}
    gongwen = read_gongwen(data["gongwen"]) if data.get("gongwen") is not None else {}
    if gongwen:
        check_gongwen(gongwen)
    return Meta(**fields, source=source, gongwen=gongwen)


def _text(inlines: list[dict[str, Any]]) -> str:
    out: list[str] = []
    for el in inlines:
        t, c = el["t"], el.get("c")
        if t == "Str":
            out.append(c)
        elif t in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif t in ("Code", "Math", "RawInline"):
            out.append(c[1])
        elif t in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript",
                   "SmallCaps"):
            out.append(_text(c))
        elif t in ("Span", "Link", "Image"):
            out.append(_text(c[1]))
        elif t == "Quoted":
            q = "“”" if c[0]["t"] == "DoubleQuote" else "‘’"
            out.append(q[0] + _text(c[1]) + q[1])
        elif t == "Cite":
            out.append(_text(c[1]))
        elif t == "Note":
            out.append(_blocks_text(c))
    return "".join(out)


def _blocks_text(blocks: list[dict[str, Any]]) -> str:
    return "".join(_text(b["c"]) if b["t"] in ("Para", "Plain") else
                   "".join(_plain_of(x) for x in _map_blocks([b])) for b in blocks)


def _plain_of(b: Block) -> str:
    if isinstance(b, ListBlock):
        return "".join(b.items)
    return b.text


def _inlines(inlines: list[dict[str, Any]]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for el in inlines:
        t, c = el["t"], el.get("c")
        if t == "Strong":
            out.append(Strong(_text(c)))
        elif t == "Span" and c[0][1]:
            out.append(Span(_text(c[1]), c[0][1][0]))
        else:
            s = _text([el])
            if out and type(out[-1]) is Text:
                out[-1] = Text(out[-1].text + s)
            else:
                out.append(Text(s))
    return tuple(i for i in out if i.text)


_LISTS = ("BulletList", "OrderedList")


def _list_items(lst: dict[str, Any], depth: int, texts: list[str], levels: list[int]) -> None:
    """A pandoc list as flat items with their nesting depth (a 目录's 编 > 章 > 节)."""
    for item in lst["c"] if lst["t"] == "BulletList" else lst["c"][1]:
        texts.append(_blocks_text([x for x in item if x["t"] not in _LISTS]))
        levels.append(depth)
        for x in item:
            if x["t"] in _LISTS:
                _list_items(x, depth + 1, texts, levels)


def _map_blocks(blocks: list[dict[str, Any]]) -> list[Block]:
    out: list[Block] = []
    for b in blocks:
        t, c = b["t"], b.get("c")
        if t == "Header":
            level, (ident, classes, _), inl = c
            role = next((c for c in classes if c in HEADING_ROLES), "")
            out.append(Heading(level, _text(inl), run_in="run-in" in classes, anchor=ident,
                               role=role))
        elif t in ("Para", "Plain"):
            inl = _inlines(c)
            if inl:
                out.append(Paragraph(inl))
        elif t == "Div":
            (_, classes, _), inner = c
            if classes:
                out.append(Div(classes[0], _blocks_text(inner)))
            else:
                out += _map_blocks(inner)
        elif t in ("BulletList", "OrderedList"):
            texts: list[str] = []
            levels: list[int] = []
            _list_items(b, 0, texts, levels)
            out.append(ListBlock(tuple(texts), levels=tuple(levels) if any(levels) else ()))
        elif t == "BlockQuote":
            out += _map_blocks(c)
        elif t in ("CodeBlock", "RawBlock"):
            out.append(Paragraph((Text(c[1]),)))
        elif t == "LineBlock":
            out += [Paragraph((Text(_text(line)),)) for line in c]
        elif t == "Table" or t == "DefinitionList" or t == "Figure":
            out.append(Paragraph((Text(json.dumps(c, ensure_ascii=False)),)))
    return out


def pandoc_ast(body: str) -> dict[str, Any]:
    """Parse Markdown (without front matter) with pandoc; returns pandoc's JSON AST."""
    ast: dict[str, Any] = json.loads(pypandoc.convert_text(body, "json", format=READER_FORMAT))
    return ast


def split_front_matter(text: str) -> tuple[str, str]:
    m = _FRONT.match(text)
    return (m.group(1), text[m.end():]) if m else ("", text)


def read_markdown(text: str) -> Document:
    """Structured Markdown -> Document (via pandoc's AST; never raw markup)."""
    for number, line in enumerate(text.split("\n"), 1):  # before pandoc spends minutes on one
        check_line(len(line), f"line {number}")
        check_nesting(line, number)
    front, body = split_front_matter(text)
    meta = _meta(front) if front else Meta()
    try:
        return Document(meta, tuple(_map_blocks(pandoc_ast(body)["blocks"])))
    except RecursionError:  # nesting the line check did not see (pandoc nests more kinds)
        raise BadInput(f"the Markdown nests blocks too deeply (more than about {MAX_NESTING} "
                       "levels); flatten it") from None
