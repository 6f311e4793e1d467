"""Issue 15, point 1: only regular files inside input/ are ever read, let alone published.

A symbolic link in input/ (to /etc/passwd, to a secret elsewhere, to a folder), a folder named
like an input and a FIFO are each refused with one line naming the file, the cause and the fix;
the other documents build, and no byte of a link's target reaches any output or the archive.
"""

from __future__ import annotations

import os
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import BIN, run_snakemake

from zhpress.build.inputs import discover_inputs

pytestmark = pytest.mark.slow  # real Snakemake builds or a zhpress worker


ZHPRESS = str(BIN / "zhpress")
SMALL_TEXT = "测试文件标题\n\n一、第一部分\n\n这是正文，内容完整。\n"
SECRET = "机密内容-7f3a9c-不得发布"


def _everything_published(out: Path) -> bytes:
    """Every output byte, with the members of the zip formats (EPUB, DOCX) uncompressed."""
    parts = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        parts.append(path.name.encode())
        parts.append(data)
        if data[:2] == b"PK":
            with zipfile.ZipFile(path) as z:
                parts += [z.read(member) for member in z.namelist()]
    return b"\n".join(parts)


def test_links_folders_and_fifos_in_input_are_refused_and_never_published(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n\n{SECRET}。\n", encoding="utf-8")
    (inputs / "good.txt").write_text(SMALL_TEXT, encoding="utf-8")
    (inputs / "passwd.txt").symlink_to("/etc/passwd")
    (inputs / "secret.txt").symlink_to(secret)
    (inputs / "inside.md").symlink_to(inputs / "good.txt")  # even a link to an input
    (inputs / "folder.txt").mkdir()
    (inputs / "linked-folder.md").symlink_to(tmp_path)
    os.mkfifo(inputs / "pipe.txt")
    proc = run_snakemake(tmp_path, check=False)
    assert proc.returncode == 1, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()

    def line_of(name: str) -> str:
        found = [x for x in lines if f"input/{name}:" in x]
        assert found, (name, proc.stderr[-3000:])
        return found[-1]

    for name in ("passwd.txt", "secret.txt", "inside.md", "linked-folder.md"):
        assert "is a symbolic link" in line_of(name) and "copy the file in" in line_of(name)
    assert "is a folder, not a text file" in line_of("folder.txt")
    assert "is not a regular file" in line_of("pipe.txt")
    out = tmp_path / "output"
    assert (out / "pdf" / "good.pdf").stat().st_size > 0
    assert sorted(p.stem for p in (out / "md").iterdir()) == ["good"]
    assert sorted(p.name for p in (out / "archive").iterdir()) == ["good"]
    published = _everything_published(out)
    assert SECRET.encode() not in published
    assert b"root:x:0:0" not in published and b"/usr/sbin/nologin" not in published
    assert "secret" not in (out / "index.html").read_text(encoding="utf-8")


def test_discovery_names_each_unusable_entry_once(tmp_path):
    (tmp_path / "a.txt").write_text(SMALL_TEXT, encoding="utf-8")
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "to-dir.txt").symlink_to(tmp_path / "dir.txt")
    (tmp_path / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "notes.pdf").mkdir()  # not an input at all: no message
    sources, problems = discover_inputs(tmp_path)
    assert sources == {"a": str(tmp_path / "a.txt")}
    assert len(problems) == 3, problems
    assert all(p.startswith(f"zhpress: {tmp_path}/") and "\n" not in p for p in problems)
    assert sum("is a symbolic link" in p for p in problems) == 2
    assert sum("is a folder" in p for p in problems) == 1


def _normalize_regular(path: Path, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [ZHPRESS, "normalize", str(path), "--regular-file", "-o", str(folder / "o.md")],
        capture_output=True, text=True, timeout=60, env={**os.environ, "ZHPRESS_WORKER": ""},
    )


def test_normalize_refuses_what_was_swapped_in_after_the_listing(tmp_path):
    """The job checks again as it opens the file (the link may be made after discovery)."""
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "x.txt").symlink_to("/etc/passwd")
    os.mkfifo(folder / "p.txt")  # would block a plain open() for ever
    (folder / "d.txt").mkdir()
    for path, cause in ((folder / "x.txt", "is a symbolic link"),
                        (folder / "p.txt", "is not a regular file"),
                        (folder / "d.txt", "is not a regular file")):
        proc = _normalize_regular(path, folder)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.count("\n") == 1 and str(path) in proc.stderr, proc.stderr
        assert cause in proc.stderr
    assert not (folder / "o.md").exists()
    (folder / "ok.txt").write_text(SMALL_TEXT, encoding="utf-8")
    assert _normalize_regular(folder / "ok.txt", folder).returncode == 0
