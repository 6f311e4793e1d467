"""The document model as JSON (output/model/<name>.json): the one parsed document the format
stages, the outline and the download page read, declared as a Snakemake output."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import MARKDOWN_DOC as DOC
from helpers import sample_path

from zhpress.model import MODEL_VERSION, document_json, load_document
from zhpress.outline import with_anchors
from zhpress.readers.markdown import read_markdown
from zhpress.readers.normalize import normalize_bytes
from zhpress.writers.markdown import write_markdown

ZHPRESS = str(Path(sys.executable).parent / "zhpress")


@pytest.mark.parametrize("doc", [DOC, with_anchors(DOC)], ids=["plain", "anchored"])
def test_round_trip(doc):
    text = document_json(doc)
    assert load_document(text) == doc
    assert document_json(load_document(text)) == text


@pytest.mark.parametrize("sample", ["leshan-cppcc-2023.txt", "constitution.txt"])
def test_round_trip_of_a_real_document(sample):
    doc, _ = normalize_bytes(sample_path(sample).read_bytes(), sample)
    assert load_document(document_json(doc)) == doc


@pytest.mark.parametrize("bad", [
    "[]", "{}", '{"version": 99, "meta": {}, "blocks": []}',
    '{"version": 1, "meta": {"nope": 1}, "blocks": []}',
    '{"version": 1, "meta": {}, "blocks": [{"type": "table"}]}',
    '{"version": 1, "meta": {}, "blocks": [{"type": "heading", "level": 1}]}',
])
def test_another_shape_is_refused(bad):
    with pytest.raises(ValueError):
        load_document(bad)


@pytest.mark.slow
def test_normalize_writes_the_markdown_as_read_back(tmp_path):
    """The model is exactly what reading the Markdown gives: a format stage that reads the model
    writes the bytes it would write from the Markdown (and `zhpress pdf x.md` still works)."""
    src = sample_path("leshan-cppcc-2023.txt")
    md, model = tmp_path / "x.md", tmp_path / "x.json"
    subprocess.run([ZHPRESS, "normalize", str(src), "-o", str(md), "--model", str(model)],
                   check=True, capture_output=True)
    from_model = load_document(model.read_text(encoding="utf-8"))
    assert from_model == read_markdown(md.read_text(encoding="utf-8"))
    assert json.loads(model.read_text(encoding="utf-8"))["version"] == MODEL_VERSION
    assert write_markdown(from_model) == md.read_text(encoding="utf-8")
    outlines = []
    for source in (md, model):
        out = tmp_path / f"{source.suffix[1:]}.docx"
        subprocess.run([ZHPRESS, "docx", str(source), "-o", str(out)], check=True,
                       capture_output=True)
        outlines.append(out.read_bytes())
    assert outlines[0] == outlines[1]


def test_a_damaged_model_is_one_line(tmp_path):
    model = tmp_path / "x.json"
    model.write_text('{"version": 1, "meta": {}, "blocks": [{"type": "x"}]}', encoding="utf-8")
    proc = subprocess.run([ZHPRESS, "outline", str(model), "-o", str(tmp_path / "o.json")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "not a zhpress document model" in proc.stderr
    assert "x.json" in proc.stderr and not (tmp_path / "o.json").exists()
