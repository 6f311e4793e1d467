"""tests/corpus/dev holds real texts byte-identical to its README's table; whole files match the
sha256 in MANIFEST.tsv as received, excerpts are contiguous runs of the source's bytes."""

from __future__ import annotations

import csv
import hashlib
import re

from helpers import CORPUS

DEV = CORPUS / "dev"


def _table() -> list[tuple[str, str, str, int, str]]:
    text = (DEV / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| `([^`]+)` \| (\w+) \| ([^|]+) \| (\d+) \| `([0-9a-f]{64})` \|$", text,
                      re.MULTILINE)
    return [(n, sid, what.strip(), int(size), digest) for n, sid, what, size, digest in rows]


def test_dev_files_match_the_table() -> None:
    rows = _table()
    texts = sorted(p.name for p in DEV.glob("*.txt") if not p.name.endswith(".outline.txt"))
    assert sorted(r[0] for r in rows) == texts and len(texts) >= 12
    manifest = {r["id"]: r for r in csv.DictReader(
        (DEV / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t")}
    assert {r[1] for r in rows} == set(manifest)  # every source is represented
    for name, sid, what, size, digest in rows:
        data = (DEV / name).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, digest), name
        if what == "whole file":
            assert (len(data), digest) == (int(manifest[sid]["bytes"]), manifest[sid]["sha256"])
        else:
            assert len(data) < int(manifest[sid]["bytes"])
