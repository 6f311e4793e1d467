"""The fixture's outputs pass `zhpress check`: every format's outline equals the outline JSON
(the 公文 title broken at word ends and the 附件 pages keep their headings)."""

from __future__ import annotations

import json

import pytest
from helpers import FIXTURES

from zhpress.check import check_outputs
from zhpress.outline import outline_json
from zhpress.readers.markdown import read_markdown
from zhpress.style.theme import load_theme
from zhpress.writers import write_format
from zhpress.writers.options import WriterOptions

pytestmark = pytest.mark.slow


def test_outline_equal_in_every_format(tmp_path):
    doc = read_markdown((FIXTURES / "gongwen" / "complete.md").read_text(encoding="utf-8"))
    options = WriterOptions(theme=load_theme("gongwen"))
    outline = tmp_path / "complete.json"
    outline.write_text(outline_json(doc), encoding="utf-8")
    outputs = []
    for name in ("pdf", "docx", "epub"):
        path = tmp_path / f"complete.{name}"
        path.write_bytes(write_format(name, doc, options))
        outputs.append(path)
    assert check_outputs(outline, outputs) == []
    assert [h["text"] for h in json.loads(outline.read_text())["headings"]][-2:] == \
        ["附件1", "附件2"]
