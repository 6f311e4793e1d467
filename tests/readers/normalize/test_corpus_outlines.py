"""Every text in the corpus that has an expected outline (`X.outline.txt` beside `X.txt`,
written by reading the text; format in tests/corpus/leshan-cppcc-2023.outline.txt) normalizes to
exactly that outline: heading levels and texts in order."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from helpers import CORPUS

from zhpress.model import Document
from zhpress.readers.normalize import normalize_bytes

OUTLINES = sorted(CORPUS.rglob("*.outline.txt"))


@cache
def normalized(text: Path) -> Document:
    return normalize_bytes(text.read_bytes(), text.name)[0]


def expected(path: Path) -> list[tuple[int, str]]:
    rows = [ln.split("\t") for ln in path.read_text("utf-8").splitlines()
            if ln and not ln.startswith("#")]
    return [(int(level), text) for level, text in rows]


@pytest.mark.parametrize("outline", OUTLINES, ids=lambda p: p.name)
def test_outline_as_expected(outline: Path) -> None:
    text = outline.with_name(outline.name.removesuffix(".outline.txt") + ".txt")
    doc = normalized(text)
    got = [(h.level, h.outline_text) for h in doc.headings]
    want = expected(outline)
    # compare as text first: a failure shows the first differing heading, not a 500-item list
    diff = next(((i, g, w) for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
                None)
    assert diff is None, f"heading {diff[0]}: got {diff[1]}, expected {diff[2]}"
    assert len(got) == len(want)
