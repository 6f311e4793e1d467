"""The optional warm worker: a command it serves gives the same bytes as one run on its own, a
command that finds no worker runs on its own, and the worker ends with its parent."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from helpers import BIN, sample_path

from zhpress.build.protocol import CHILD_DIED, delegate

ZHPRESS = str(BIN / "zhpress")


def _wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while not path.exists():
        assert time.time() < deadline, "worker socket did not appear"
        time.sleep(0.05)


@pytest.mark.slow
def test_worker_serves_commands_with_identical_results(tmp_path):
    sock = tmp_path / "w.sock"
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    worker = subprocess.Popen([ZHPRESS, "worker", "--socket", str(sock), "--parent-pid",
                               str(parent.pid)])
    try:
        _wait_for(sock)
        md = tmp_path / "x.md"
        src = sample_path("leshan-cppcc-2023.txt")
        env = {**os.environ, "ZHPRESS_WORKER": str(sock)}
        subprocess.run([ZHPRESS, "normalize", str(src), "-o", str(md)], check=True, env=env)
        outputs, parents = {}, {}
        for label, extra in (("served", {"ZHPRESS_WORKER": str(sock)}), ("alone", {})):
            log = tmp_path / f"timing-{label}.jsonl"
            for fmt in ("pdf", "docx", "epub"):
                out = tmp_path / f"{label}.{fmt}"
                proc = subprocess.run([ZHPRESS, fmt, str(md), "-o", str(out)],
                                      env={**os.environ, **extra, "ZHPRESS_TIMING_LOG": str(log)},
                                      capture_output=True)
                assert proc.returncode == 0, proc.stderr
                outputs[label, fmt] = out.read_bytes()
            parents[label] = {json.loads(x)["ppid"] for x in log.read_text().splitlines()}
        for fmt in ("pdf", "docx", "epub"):
            assert outputs["served", fmt] == outputs["alone", fmt], fmt
        # served commands ran in children of the worker; the others did not
        assert parents["served"] == {worker.pid}
        assert worker.pid not in parents["alone"]
        # an error in a served command still reaches the client as one line and exit 1
        bad = subprocess.run([ZHPRESS, "pdf", str(tmp_path / "missing.md"), "-o",
                              str(tmp_path / "m.pdf")], env=env, capture_output=True, text=True)
        assert bad.returncode == 1 and "missing.md" in bad.stderr
        assert bad.stderr.count("\n") == 1
        # when the parent goes, the worker goes (and removes its socket)
        parent.kill()
        parent.wait()
        assert worker.wait(timeout=10) == 0
        assert not sock.exists()
    finally:
        parent.kill()
        worker.kill()


def test_commands_run_alone_when_the_worker_is_gone(tmp_path):
    stale = tmp_path / "stale.sock"
    stale.write_text("")  # a socket path with nobody listening
    md = tmp_path / "x.md"
    md.write_text("---\ntitle: 标题\nlang: zh-CN\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    proc = subprocess.run([ZHPRESS, "outline", str(md), "-o", str(tmp_path / "x.json")],
                          env={**os.environ, "ZHPRESS_WORKER": str(stale)}, capture_output=True)
    assert proc.returncode == 0, proc.stderr
    assert "标题" in (tmp_path / "x.json").read_text(encoding="utf-8")


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(c) for c in (task / "children").read_text().split()}
        except FileNotFoundError:  # a thread that ended after the listing has no children
            continue
    return found


@pytest.mark.slow
def test_rule_jobs_run_in_spare_children_and_fail_with_one_line(tmp_path, monkeypatch):
    """BuildEnvironment.run_job (every Snakefile rule): the command runs in one of the worker's
    pre-forked spare children (a new spare replaces it), its output goes to the rule's log, and
    a failure raises JobFailed carrying the command's one-line error; with no worker, the same
    happens in a process of its own."""
    from zhpress.build.jobs import BuildEnvironment, JobFailed
    from zhpress.build.worker import SPARES

    sock = tmp_path / "w.sock"
    monkeypatch.setenv("ZHPRESS_WORKER", str(sock))
    monkeypatch.setenv("ZHPRESS_TIMING_LOG", str(tmp_path / "timing.jsonl"))
    md = tmp_path / "x.md"
    md.write_text("---\ntitle: 标题\nlang: zh-CN\n---\n\n# 标题\n\n正文。\n", encoding="utf-8")
    build = BuildEnvironment(tmp_path, worker=True)
    worker = subprocess.Popen([ZHPRESS, "worker", "--socket", str(sock), "--parent-pid",
                               str(os.getpid())])
    try:
        _wait_for(sock)
        deadline = time.time() + 60
        while len(_children(worker.pid)) < SPARES:  # the spares appear after the preload
            assert time.time() < deadline
            time.sleep(0.1)
        spares = _children(worker.pid)
        build.run_job(["outline", md, "-o", tmp_path / "x.json"], str(tmp_path / "a.log"))
        served_by = json.loads((tmp_path / "timing.jsonl").read_text().splitlines()[-1])["ppid"]
        assert served_by == worker.pid
        time.sleep(0.5)
        assert len(_children(worker.pid) - spares) >= 1  # a new spare took the used one's place
        assert (tmp_path / "a.log").read_text().startswith("zhpress outline ")
        with pytest.raises(JobFailed, match="missing.md: file not found"):
            build.run_job(["outline", tmp_path / "missing.md", "-o", tmp_path / "m.json"],
                          str(tmp_path / "b.log"))
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    # no worker: the same, in a process of its own
    monkeypatch.setenv("ZHPRESS_WORKER", str(tmp_path / "gone.sock"))
    build.run_job(["outline", md, "-o", tmp_path / "y.json"], str(tmp_path / "c.log"))
    assert json.loads((tmp_path / "timing.jsonl").read_text().splitlines()[-1])["ppid"] != \
        worker.pid
    assert (tmp_path / "y.json").read_bytes() == (tmp_path / "x.json").read_bytes()
    with pytest.raises(JobFailed, match="missing.md: file not found"):
        build.run_job(["outline", tmp_path / "missing.md", "-o", tmp_path / "m.json"],
                      str(tmp_path / "d.log"))


@pytest.mark.parametrize(("given", "expected"), [
    (None, "glibc.malloc.hugetlb=1"),
    ("glibc.malloc.arena_max=2", "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1"),
    ("glibc.malloc.hugetlb=0", "glibc.malloc.hugetlb=0"),  # a user's own choice stays
])
def test_worker_environment_asks_malloc_for_huge_pages(given, expected):
    from zhpress.build.jobs import worker_environment

    environ = {"PATH": "/bin"} if given is None else {"PATH": "/bin", "GLIBC_TUNABLES": given}
    assert worker_environment(environ) == {"PATH": "/bin", "GLIBC_TUNABLES": expected}


def _start_worker(tmp_path: Path, **popen) -> tuple[subprocess.Popen, Path]:
    from zhpress.build.worker import SPARES

    sock = tmp_path / "w.sock"
    worker = subprocess.Popen([ZHPRESS, "worker", "--socket", str(sock), "--parent-pid",
                               str(os.getpid())], **popen)
    _wait_for(sock)
    deadline = time.time() + 60
    while len(_children(worker.pid)) < SPARES:
        assert time.time() < deadline, "no spares"
        time.sleep(0.05)
    return worker, sock


def _blocked_job(tmp_path: Path, sock: Path) -> tuple[threading.Thread, dict, Path, int]:
    """A job that blocks in its command: normalize reading a FIFO that never ends (this test
    process keeps its writing end open, and writes nothing)."""
    fifo = tmp_path / "never.txt"
    os.mkfifo(fifo)
    writer = os.open(fifo, os.O_RDWR)  # the caller closes it
    result: dict = {}

    def run() -> None:
        with open(tmp_path / "job.log", "w") as log:
            result["code"] = delegate(str(sock), ["normalize", str(fifo), "-o",
                                                  str(tmp_path / "never.md")],
                                      (0, log.fileno(), log.fileno()))

    job = threading.Thread(target=run)
    job.start()
    return job, result, fifo, writer


def _reader_of(parent: int, path: Path) -> int:
    deadline = time.time() + 30
    while time.time() < deadline:
        for pid in _children(parent):
            with contextlib.suppress(OSError):
                if any(os.readlink(f) == str(path) for f in Path(f"/proc/{pid}/fd").iterdir()):
                    return pid
        time.sleep(0.05)
    raise AssertionError("no child opened the FIFO")


@pytest.mark.slow
def test_a_job_whose_child_dies_fails_once_and_is_not_run_again(tmp_path):
    worker, sock = _start_worker(tmp_path)
    try:
        job, result, fifo, writer = _blocked_job(tmp_path, sock)
        os.kill(_reader_of(worker.pid, fifo), signal.SIGKILL)
        job.join(timeout=30)
        os.close(writer)
        assert result["code"] == CHILD_DIED  # not None: the client does not run it itself
        assert "died" in (tmp_path / "job.log").read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=10)


@pytest.mark.slow
def test_ctrl_c_stops_a_running_job_and_the_worker(tmp_path):
    """The worker shares the build's process group: a Ctrl-C (SIGINT to the group) ends the
    running command at once (exit 130, nothing written) and the worker with its spares."""
    worker, sock = _start_worker(tmp_path, start_new_session=True)  # a group of its own here
    job, result, fifo, writer = _blocked_job(tmp_path, sock)
    _reader_of(worker.pid, fifo)
    os.killpg(worker.pid, signal.SIGINT)
    job.join(timeout=10)
    os.close(writer)
    assert result.get("code") == 130
    assert "interrupted" in (tmp_path / "job.log").read_text()
    assert worker.wait(timeout=10) == 0 and not sock.exists()
    assert not (tmp_path / "never.md").exists()


@pytest.mark.slow
def test_spares_do_not_outlive_a_killed_worker(tmp_path):
    worker, sock = _start_worker(tmp_path)
    spares = _children(worker.pid)
    worker.kill()
    worker.wait()
    deadline = time.time() + 10

    def alive(pid: int) -> bool:  # a zombie, or gone, is not alive
        try:
            return "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]
        except FileNotFoundError:
            return False

    while any(alive(pid) for pid in spares):
        assert time.time() < deadline, "a spare outlived its worker"
        time.sleep(0.05)
    assert delegate(str(sock), ["outline", "x.md", "-o", "y.json"]) is None
