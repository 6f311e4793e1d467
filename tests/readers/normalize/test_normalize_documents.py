"""Data-driven whole-document cases (fixtures/normalize/documents.yaml): block rules (hard-wrap
and page-break joins), structure-stage warnings and the front-matter title."""

from __future__ import annotations

import pytest
import yaml
from helpers import FIXTURES

from zhpress.model import Block, Div, Heading, ListBlock, Span, Strong, Text
from zhpress.readers.normalize import normalize_text

CASES = yaml.safe_load((FIXTURES / "normalize" / "documents.yaml").read_text("utf-8"))


def show(b: Block) -> str:
    if isinstance(b, Heading):
        return f"h{b.level} {b.text}"
    if isinstance(b, Div):
        return f"div.{b.cls} {b.text}"
    if isinstance(b, ListBlock):
        return "list " + " | ".join(b.items)
    parts = []
    for i in b.inlines:
        if isinstance(i, Strong):
            parts.append(f"**{i.text}**")
        elif isinstance(i, Span):
            parts.append(f"[{i.text}]{{.{i.cls}}}")
        else:
            assert isinstance(i, Text)
            parts.append(i.text)
    return "p " + "".join(parts)


def _check(entries: list, want: int | list) -> None:
    if isinstance(want, int):
        assert len(entries) == want, entries
    else:
        assert [[e.where.line, e.where.col] for e in entries] == want, entries


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_document(case: dict) -> None:
    doc, rep = normalize_text(case["input"], case.get("file", "case.txt"))
    if "blocks" in case:
        assert [show(b) for b in doc.blocks] == case["blocks"]
    if "title" in case:
        assert doc.meta.title == case["title"]
    for rule, want in case.get("changes", {}).items():
        _check([c for c in rep.changes if c.rule == rule], want)
    for rule, want in case.get("warnings", {}).items():
        _check([w for w in rep.warnings if w.rule == rule], want)
    if case.get("no_changes"):
        assert rep.changes == []
    if case.get("no_warnings"):
        assert rep.warnings == []
    for c in rep.changes:
        assert c.rule in rep.rules
    for w in rep.warnings:
        assert w.rule in rep.rules
