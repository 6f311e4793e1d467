"""The editions archive (design.md): append-only, content-addressed, never overwritten.

The end-to-end test drives the real `zhpress normalize | epub | archive` commands, one process
each, as the Snakefile does, so reproducibility is checked across processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import CORPUS

from zhpress.errors import BadInput
from zhpress.publish import archive

ZHPRESS = str(Path(sys.executable).parent / "zhpress")
SAMPLES = {"leshan": "leshan-cppcc-2023.txt", "hailar": "hailar-gov-report-2017.gbk.txt",
           "constitution": "constitution.txt"}
ENV = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def zhpress(*args: str | Path) -> None:
    proc = subprocess.run([ZHPRESS, *map(str, args)], capture_output=True, text=True, env=ENV)
    assert proc.returncode == 0, proc.stderr


def build(out: Path, name: str) -> dict:
    """epub + archive for one publication (its Markdown already in out/md); its latest record."""
    md, book = out / "md" / f"{name}.md", out / "epub" / f"{name}.epub"
    zhpress("epub", md, "-o", book, "--theme", "gongwen")
    zhpress("archive", book, "--dir", out / "archive" / name, "--source", md)
    return json.loads((out / "archive" / name / "latest.json").read_text(encoding="utf-8"))


def build_all(out: Path) -> dict[str, dict]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(SAMPLES, pool.map(lambda n: build(out, n), SAMPLES), strict=True))


def snapshot(out: Path) -> dict[str, str]:
    """sha256 of every file under output/archive (the lock file aside)."""
    return {p.relative_to(out).as_posix(): sha(p) for p in sorted((out / "archive").rglob("*"))
            if p.is_file() and p.name != archive.LOCK}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("archive") / "output"
    for name, sample in SAMPLES.items():
        zhpress("normalize", CORPUS / sample, "-o", out / "md" / f"{name}.md",
                "--report", out / "report" / f"{name}.json")
    return out


@pytest.mark.slow
def test_rebuild_edit_and_revert(tree):
    out = tree
    first = build_all(out)
    epubs = {n: (out / "epub" / f"{n}.epub").read_bytes() for n in SAMPLES}
    before = snapshot(out)
    for name, record in first.items():
        assert record["id"] == f"{name}-{record['date']}-{record['sha256'][:8]}"
        assert record["sha256"] == hashlib.sha256(epubs[name]).hexdigest()
        assert record["size"] == len(epubs[name])
        assert record["source_sha256"] == sha(out / "md" / f"{name}.md")
    assert first["leshan"]["date"] == "20230221"

    # Unchanged sources: identical EPUB bytes, no new edition, no archive file touched.
    again = build_all(out)
    assert again == first
    assert {n: (out / "epub" / f"{n}.epub").read_bytes() for n in SAMPLES} == epubs
    assert snapshot(out) == before

    # Edit one document: exactly one new edition, for that publication only.
    md = out / "md" / "constitution.md"
    original = md.read_bytes()
    md.write_bytes(original + "\n本段为测试新增的内容。\n".encode())
    edited = build(out, "constitution")
    after = snapshot(out)
    assert edited["sha256"] != first["constitution"]["sha256"]
    added = set(after) - set(before)
    assert added == {f"archive/constitution/{edited['file']}"}
    for path, digest in before.items():  # every older edition (and other index) unchanged
        if not path.endswith(("constitution/editions.json", "constitution/latest.json")):
            assert after[path] == digest, path
    editions = archive.load_editions(out / "archive" / "constitution")
    assert [e["sha256"] for e in editions] == [first["constitution"]["sha256"], edited["sha256"]]
    for name in ("leshan", "hailar"):
        assert len(archive.load_editions(out / "archive" / name)) == 1

    # Reverting the edit gives the first edition's bytes again: still two editions.
    md.write_bytes(original)
    reverted = build(out, "constitution")
    assert reverted == first["constitution"]
    assert len(archive.load_editions(out / "archive" / "constitution")) == 2
    for name in SAMPLES:
        assert archive.verify(out / "archive" / name) == []


def _source(tmp_path: Path, date: str = "2023-02-21") -> Path:
    md = tmp_path / "x.md"
    md.write_text(f"---\ntitle: 标题\ndate: {date}\n---\n\n# 标题\n", encoding="utf-8")
    return md


def test_an_edition_file_is_never_overwritten(tmp_path):
    source = _source(tmp_path)
    book = tmp_path / "x.epub"
    book.write_bytes(b"edition one")
    digest = hashlib.sha256(b"edition one").hexdigest()
    directory = tmp_path / "archive"
    directory.mkdir()
    squatter = directory / f"x-20230221-{digest[:8]}.epub"
    squatter.write_bytes(b"something else")
    with pytest.raises(BadInput, match="never overwritten"):
        archive.add_edition(book, directory, source, "2023-02-21")
    assert squatter.read_bytes() == b"something else"
    assert archive.load_editions(directory) == []


def test_an_orphaned_edition_with_the_same_bytes_is_adopted(tmp_path):
    """A build that stopped between writing the edition and editions.json is completed."""
    source = _source(tmp_path)
    book = tmp_path / "x.epub"
    book.write_bytes(b"edition one")
    directory = tmp_path / "archive"
    directory.mkdir()
    digest = hashlib.sha256(b"edition one").hexdigest()
    (directory / f"x-20230221-{digest[:8]}.epub").write_bytes(b"edition one")
    record = archive.add_edition(book, directory, source, "2023-02-21")
    assert record["sha256"] == digest
    assert archive.verify(directory) == []


def test_date_from_the_document_or_source_date_epoch(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert archive.edition_date("2023-02-21") == "20230221"
    assert archive.edition_date("") == "19800101"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert archive.edition_date("") == "20231114"
    assert archive.edition_date("2023-02-21") == "20230221"  # the stated date wins


def test_a_tampered_edition_is_reported(tmp_path):
    source = _source(tmp_path)
    book = tmp_path / "x.epub"
    book.write_bytes(b"edition one")
    directory = tmp_path / "archive"
    record = archive.add_edition(book, directory, source, "2023-02-21")
    (directory / record["file"]).write_bytes(b"changed")
    assert archive.verify(directory) == [f"{record['file']}: sha256 differs from editions.json"]
