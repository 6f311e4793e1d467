"""Byte-reproducible builds: two clean builds in different folders, seconds apart, are equal."""

from __future__ import annotations

import hashlib
import time

import pytest
from helpers import make_build

# slow: two real Snakemake builds
pytestmark = pytest.mark.slow

SAMPLES = ["leshan-cppcc-2023.txt", "hailar-gov-report-2017.gbk.txt"]


def digests(root):
    out = root / "output"
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.parts[-2] != "logs"
    }


def test_two_clean_builds_are_byte_identical(tmp_path):
    first = digests(make_build(tmp_path / "a", SAMPLES).root)
    time.sleep(2)
    second = digests(make_build(tmp_path / "elsewhere" / "b", SAMPLES).root)
    kinds = {k.split("/")[0] for k in first}
    assert {"md", "report", "outline", "pdf", "docx", "epub", "index.html", "archive"} <= kinds
    differing = sorted(k for k in first if first[k] != second.get(k))
    assert differing == []
    assert first.keys() == second.keys()
