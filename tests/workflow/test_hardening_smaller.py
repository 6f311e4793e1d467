"""Issue 15, point 7: the smaller cases.

The front matter's `lang` is a BCP 47 tag; SOURCE_DATE_EPOCH adds no archive edition for a dated
document; jobs orphaned by a killed Snakemake stop with it (with the warm worker and without);
and the lock a killed build leaves is removed by the next one, unless another build is running.
(The worker's socket removed when the worker dies: test_hardening_worker.py.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from helpers import BIN, ROOT, run_snakemake, sample_path

pytestmark = pytest.mark.slow  # real Snakemake builds or a zhpress worker


ZHPRESS = str(BIN / "zhpress")
ALONE = {k: v for k, v in os.environ.items() if k != "ZHPRESS_WORKER"}


@pytest.mark.parametrize("lang", ["zh_CN", "中文", 'zh-CN" onload="x', "zh-", "toolongtag1"])
def test_a_lang_that_is_not_bcp47_is_one_line(tmp_path, lang):
    md = tmp_path / "x.md"
    md.write_text(f"---\ntitle: 标题\nlang: '{lang}'\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    for command in ("normalize", "epub"):
        proc = subprocess.run([ZHPRESS, command, str(md), "-o", str(tmp_path / f"x.{command}")],
                              capture_output=True, text=True, env=ALONE)
        assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
        assert str(md) in proc.stderr and "is not a BCP 47 language tag" in proc.stderr
        assert "zh-CN" in proc.stderr.split("tag;")[1]  # the fix names an example


@pytest.mark.parametrize("lang", ["zh-CN", "zh-Hans-CN", "zh-cmn-Hans", "en", "x-local"])
def test_a_bcp47_lang_is_accepted(tmp_path, lang):
    md = tmp_path / "x.md"
    md.write_text(f"---\ntitle: 标题\nlang: {lang}\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    proc = subprocess.run([ZHPRESS, "outline", str(md), "-o", str(tmp_path / "x.json")],
                          capture_output=True, text=True, env=ALONE)
    assert proc.returncode == 0, proc.stderr


def test_source_date_epoch_adds_no_edition_for_a_dated_document(tmp_path):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "dated.md").write_text(
        "---\ntitle: 标题\ndate: 2023-02-21\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    env_without = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.run(
        [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory", str(tmp_path),
         "--cores", "2"], capture_output=True, text=True,
        env={**env_without, "PATH": f"{BIN}:{env_without['PATH']}"})
    assert proc.returncode == 0, proc.stderr[-2000:]
    index = tmp_path / "output" / "archive" / "dated" / "editions.json"
    before = index.read_bytes()
    epub = (tmp_path / "output" / "epub" / "dated.epub").read_bytes()
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    try:  # every stage again, with the variable set
        run_snakemake(tmp_path, "--forceall")
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH")
        if "SOURCE_DATE_EPOCH" in env_without:
            os.environ["SOURCE_DATE_EPOCH"] = env_without["SOURCE_DATE_EPOCH"]
    assert (tmp_path / "output" / "epub" / "dated.epub").read_bytes() == epub
    assert index.read_bytes() == before  # still one edition


# --- a killed build -----------------------------------------------------------------------------
def _start_build(tmp_path: Path, *args: str) -> subprocess.Popen:
    (tmp_path / "input").mkdir(exist_ok=True)
    unit = sample_path("leshan-cppcc-2023.txt").read_bytes()
    (tmp_path / "input" / "big.txt").write_bytes(unit * 40)  # a PDF job of about 30 s
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    return subprocess.Popen(
        [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory", str(tmp_path),
         "--cores", "2", *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        with contextlib.suppress(FileNotFoundError):
            for task in Path(f"/proc/{parent}/task").iterdir():
                with contextlib.suppress(FileNotFoundError):
                    children = {int(c) for c in (task / "children").read_text().split()}
                    todo += children - found
                    found |= children
    return found


def _running_pdf_job(build: subprocess.Popen, log: Path) -> set[int]:
    """Once the PDF job runs: every process of the build but Snakemake itself."""
    deadline = time.time() + 120
    while time.time() < deadline and build.poll() is None:
        processes = _descendants(build.pid)
        for pid in processes:
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/2") == str(log):
                    return processes
        time.sleep(0.05)
    raise AssertionError("the PDF job did not start")


def _socket_of(pid: int) -> str | None:
    """The socket path a `zhpress worker` process serves, None for another process."""
    with contextlib.suppress(OSError):
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().decode().split("\0")
        if "worker" in argv and "--socket" in argv:
            return argv[argv.index("--socket") + 1]
    return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.parametrize("worker", ["true", "false"])
def test_jobs_stop_with_a_killed_snakemake_and_the_next_build_unlocks(tmp_path, worker):
    build = _start_build(tmp_path, "--config", f"worker={worker}")
    log = tmp_path / "output" / "logs" / "big.pdf.log"
    processes = _running_pdf_job(build, log)
    locks = tmp_path / ".snakemake" / "locks"
    assert list(locks.glob("*.lock"))
    # a second build meanwhile is refused by Snakemake, and leaves the running one's locks alone
    second = run_snakemake(tmp_path, check=False)
    assert second.returncode != 0 and "lock" in second.stderr.lower()
    assert list(locks.glob("*.lock"))
    sockets = {_socket_of(pid) for pid in processes} - {None}
    assert len(sockets) == (worker == "true")
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.time() + 5  # long before the PDF job would end on its own
    while any(_alive(pid) for pid in processes):
        assert time.time() < deadline, [p for p in processes if _alive(p)]
        time.sleep(0.1)
    assert not any(os.path.exists(os.path.dirname(path)) for path in sockets)  # nothing left
    assert not (tmp_path / "output" / "pdf" / "big.pdf").exists()
    assert not list((tmp_path / "output").rglob("*.tmp"))  # interrupted jobs clean up
    assert list(locks.glob("*.lock"))  # what kill -9 leaves behind
    (tmp_path / "input" / "big.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    again = run_snakemake(tmp_path, check=False)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "removed the lock of an interrupted build" in again.stderr
    assert (tmp_path / "output" / "pdf" / "big.pdf").stat().st_size > 0
