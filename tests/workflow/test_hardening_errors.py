"""Issue 15, point 6: user errors are one line naming the file, the cause and the fix, never
"internal error … please report it"; and every failed job is in the build's closing summary.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import BIN, ROOT, sample_path

ZHPRESS = str(BIN / "zhpress")
ALONE = {k: v for k, v in os.environ.items() if k != "ZHPRESS_WORKER"}
MD = "---\ntitle: 标题\n{front}---\n\n# 标题\n\n{body}正文。\n"
as_root = pytest.mark.skipif(os.getuid() != 0, reason="mounts a file system (root only)")


def run(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([ZHPRESS, *map(str, args)], capture_output=True, text=True, env=ALONE,
                          timeout=timeout)


def assert_one_line(proc: subprocess.CompletedProcess, path: Path | str, *words: str) -> None:
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert proc.stderr.count("\n") == 1 and str(path) in proc.stderr, proc.stderr[-2000:]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.mark.parametrize("date", ["2024-13-45", "2023-02-30", "2024-00"])
def test_an_impossible_date_is_one_line(tmp_path, date):
    md = tmp_path / "x.md"
    md.write_text(MD.format(front=f"date: {date}\n", body=""), encoding="utf-8")
    for command in ("normalize", "pdf", "epub", "outline"):
        proc = run(command, md, "-o", tmp_path / f"x.{command}")
        assert_one_line(proc, md, f"date '{date}' is not a calendar date", "YYYY-MM-DD")


def test_a_real_date_still_builds(tmp_path):
    md = tmp_path / "x.md"
    md.write_text(MD.format(front="date: 2024-02-29\n", body=""), encoding="utf-8")
    assert run("outline", md, "-o", tmp_path / "x.json").returncode == 0


@pytest.mark.parametrize("body", [
    "> " * 500 + "深层引用。\n\n",
    "".join("  " * i + "- 项\n" for i in range(500)) + "\n",
    "- > " * 300 + "交替。\n\n",
])
def test_markdown_nested_500_deep_is_one_line_at_once(tmp_path, body):
    md = tmp_path / "deep.md"
    md.write_text(MD.format(front="", body=body), encoding="utf-8")
    start = time.monotonic()
    proc = run("normalize", md, "-o", tmp_path / "x.md")
    assert_one_line(proc, md, "levels deep, over the limit of 50", "flatten it")
    assert time.monotonic() - start < 15  # before pandoc, which took 43 s on 1,000 list levels


def _model(tmp_path: Path) -> Path:
    md = tmp_path / "x.md"
    md.write_text(MD.format(front="", body=""), encoding="utf-8")
    model = tmp_path / "model.json"
    assert run("normalize", md, "-o", tmp_path / "n.md", "--model", model).returncode == 0
    return model


def _entry(tmp_path: Path, model: Path, archive: Path, epub: Path) -> subprocess.CompletedProcess:
    md = tmp_path / "n.md"
    return run("entry", model, "-o", tmp_path / "site" / "x.json", "--name", "x",
               "--archive-dir", archive, "--files", epub, md)


@pytest.mark.parametrize("content", ["[]", '{"editions": {"a": 1}}', '{"editions": [{"id": 3}]}'])
def test_a_wrong_shaped_editions_json_is_one_line(tmp_path, content):
    model = _model(tmp_path)
    epub = tmp_path / "epub" / "x.epub"
    assert run("epub", model, "-o", epub).returncode == 0
    archive = tmp_path / "archive" / "x"
    archive.mkdir(parents=True)
    (archive / "editions.json").write_text(content, encoding="utf-8")
    proc = _entry(tmp_path, model, archive, epub)
    assert_one_line(proc, model, f"{archive}/editions.json is not an editions index",
                    "restore it from a backup")


@contextlib.contextmanager
def mounted(target: Path, *options: str):
    target.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", *options, str(target)], capture_output=True, text=True)
    if proc.returncode:
        pytest.skip(f"cannot mount here: {proc.stderr.strip()}")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=True)


@as_root
def test_a_full_disk_is_one_line(tmp_path):
    model = _model(tmp_path)
    with mounted(tmp_path / "full", "-t", "tmpfs", "-o", "size=64k", "tmpfs") as full:
        with contextlib.suppress(OSError), open(full / "filler", "wb") as f:
            f.write(bytes(1 << 20))
        for command in ("pdf", "docx", "epub"):
            out = full / f"x.{command}"
            proc = run(command, model, "-o", out)
            assert_one_line(proc, model, f"cannot write {out}: No space left on device",
                            "free space on that disk")
            assert not out.exists()
        assert sorted(p.name for p in full.iterdir()) == ["filler"]  # no temporary file left


@as_root
def test_a_read_only_archive_folder_is_one_line(tmp_path):
    model = _model(tmp_path)
    epub = tmp_path / "epub" / "x.epub"
    assert run("epub", model, "-o", epub).returncode == 0
    archive = tmp_path / "archive" / "x"
    archive.mkdir(parents=True)
    with mounted(archive, "--bind", str(archive)):
        subprocess.run(["mount", "-o", "remount,bind,ro", str(archive)], check=True)
        proc = _entry(tmp_path, model, archive, epub)
    assert_one_line(proc, model, f"cannot write {archive}/", "Read-only file system",
                    "make it writable")


def _holders(path: Path, besides: int) -> list[int]:
    """Processes (other than `besides`) with `path` open as their stdout or stderr."""
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and int(proc.name) != besides:
            with contextlib.suppress(OSError):
                if str(path) in (os.readlink(proc / "fd" / "1"), os.readlink(proc / "fd" / "2")):
                    found.append(int(proc.name))
    return found


def test_a_job_whose_worker_child_is_killed_is_in_the_summary(tmp_path):
    (tmp_path / "input").mkdir()
    unit = sample_path("leshan-cppcc-2023.txt").read_bytes()
    (tmp_path / "input" / "big.txt").write_bytes(unit * 12)  # a PDF job of several seconds
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    build = subprocess.Popen(
        [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory", str(tmp_path),
         "--cores", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    log = tmp_path / "output" / "logs" / "big.pdf.log"
    deadline = time.time() + 120
    victims: list[int] = []
    while not victims:
        assert time.time() < deadline and build.poll() is None, "no PDF job to kill"
        victims = _holders(log, besides=build.pid) if log.exists() else []
        time.sleep(0.05)
    os.kill(victims[0], signal.SIGKILL)
    stderr = build.communicate(timeout=300)[1]
    assert build.returncode == 1
    summary = stderr[stderr.rfind("problem(s):"):]
    assert summary.startswith("problem(s):") and "0 problem(s)" not in stderr
    assert "zhpress pdf: the worker's process running this command died" in summary
    assert not (tmp_path / "output" / "pdf" / "big.pdf").exists()
    shutil.rmtree(tmp_path / "output")
