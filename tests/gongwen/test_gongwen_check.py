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


def test_normalized_notice_passes_check_in_every_format(tmp_path):
    """The dev corpus notice, recognised as a 公文 by the normalizer: its PDF, DOCX and EPUB
    have the outline of the Markdown (the 附件 label and the attachment's own title heading)."""
    from helpers import CORPUS

    from zhpress.readers.normalize import normalize_bytes

    raw = (CORPUS / "dev" / "spc_notice_2012_74.txt").read_bytes()
    doc, _ = normalize_bytes(raw, "spc_notice_2012_74.txt")
    assert doc.meta.gongwen["发文字号"] == "法〔2012〕74号"
    options = WriterOptions(theme=load_theme("gongwen"))
    outline = tmp_path / "spc.json"
    outline.write_text(outline_json(doc), encoding="utf-8")
    outputs = []
    for name in ("pdf", "docx", "epub"):
        path = tmp_path / f"spc.{name}"
        path.write_bytes(write_format(name, doc, options))
        outputs.append(path)
    assert check_outputs(outline, outputs) == []
