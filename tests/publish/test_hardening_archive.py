"""Issue 15, point 4: the archive checks itself, and a failed entry recovers.

Every build verifies the editions each archive lists (sha256): a missing edition whose bytes
the built EPUB still has is restored (not in a dry run); one that cannot be is reported with one
line and listed on the download page without a link; a document whose entry failed (a damaged
editions.json) is built again once the file is repaired, and its new edition enters the archive.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from helpers import run_snakemake

from zhpress.errors import BadInput
from zhpress.publish import archive

pytestmark = pytest.mark.slow  # real Snakemake builds or a zhpress worker


TEXT = "测试文件标题\n\n一、第一部分\n\n这是正文，内容完整。\n"
EDITED = TEXT.replace("这是正文", "这是改过的正文")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def editions(root: Path, name: str = "a") -> list[dict]:
    return archive.load_editions(root / "output" / "archive" / name)


def build(root: Path, *args: str, rc: int = 0) -> str:
    proc = run_snakemake(root, *args, check=False)
    assert proc.returncode == rc, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    return proc.stderr


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "input" / "b.txt").write_text("另一文件\n\n正文。\n", encoding="utf-8")
    build(tmp_path)
    return tmp_path


def test_a_failed_entry_is_built_again_once_the_archive_is_repaired(root):
    index = root / "output" / "archive" / "a" / "editions.json"
    good = index.read_bytes()
    index.write_text("garbage", encoding="utf-8")
    (root / "input" / "a.txt").write_text(EDITED, encoding="utf-8")
    stderr = build(root, rc=1)
    summary = stderr[stderr.rfind("problem(s):"):]
    assert f"{index.relative_to(root)} is damaged" in summary and "restore it" in summary
    page = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert 'id="b"' in page and 'id="a"' not in page  # the others are still published
    index.write_bytes(good)
    build(root)
    page = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert 'id="a"' in page
    assert [e["sha256"] for e in editions(root)][-1] == sha(root / "output" / "epub" / "a.epub")
    assert len(editions(root)) == 2


def test_a_deleted_current_edition_is_restored_from_the_built_epub(root):
    (record,) = editions(root)
    edition = root / "output" / "archive" / "a" / record["file"]
    edition.unlink()
    build(root, "--dry-run")
    assert not edition.exists()  # a dry run changes nothing
    stderr = build(root)
    assert f"{record['file']}: was missing; restored from output/epub/a.epub" in stderr
    assert sha(edition) == record["sha256"]
    assert archive.verify(edition.parent) == []
    build(root)  # the entry runs once more (the archive's state is one of its parameters)
    assert "Nothing to be done" in build(root)


def test_an_edition_that_cannot_be_restored_is_reported_and_not_linked(root):
    (first,) = editions(root)
    (root / "input" / "a.txt").write_text(EDITED, encoding="utf-8")
    build(root)
    first_file = root / "output" / "archive" / "a" / first["file"]
    first_file.unlink()  # the old edition: no built EPUB has its bytes
    second = root / "output" / "archive" / "a" / editions(root)[1]["file"]
    second.chmod(0o644)
    second.write_bytes(b"replaced")  # the current one, damaged
    stderr = build(root, rc=1)
    summary = stderr[stderr.rfind("problem(s):"):].splitlines()[1:]
    assert len(summary) == 2, summary
    assert any(f"{first['file']}: listed in editions.json but missing" in x for x in summary)
    assert any(f"{second.name}: its sha256 differs" in x for x in summary)
    assert all("restore it from a backup" in x for x in summary)
    entry = json.loads((root / "output" / "site" / "a.json").read_text(encoding="utf-8"))
    assert [e.get("missing", False) for e in entry["editions"]] == [True, True]
    assert all("href" not in e for e in entry["editions"])
    page = (root / "output" / "index.html").read_text(encoding="utf-8")
    assert first["file"] not in page and "文件缺失" in page
    # repaired from a backup: linked again
    shutil.copyfile(root / "output" / "epub" / "a.epub", second)
    build(root, rc=1)  # the first edition is still lost
    entry = json.loads((root / "output" / "site" / "a.json").read_text(encoding="utf-8"))
    assert [e.get("missing", False) for e in entry["editions"]] == [True, False]


@pytest.mark.parametrize("content", [
    "[]", '{"editions": {}}', '{"editions": [1]}', '{"editions": [{"id": "x"}]}',
    '{"editions": [{"id": "x", "file": "../../../etc/passwd", "date": "1", "sha256": "0", '
    '"source_sha256": "0", "size": 1}]}',
    '{"editions": [{"id": "x", "file": "x.epub", "date": "1", "sha256": "0", '
    '"source_sha256": "0", "size": "big"}]}',
])
def test_a_wrong_shaped_index_is_one_line_naming_it(tmp_path, content):
    (tmp_path / archive.INDEX).write_text(content, encoding="utf-8")
    with pytest.raises(BadInput, match=r"is not an editions index \(.*\); restore it from a "):
        archive.load_editions(tmp_path)
