"""The optional warm worker: a command it serves gives the same bytes as one run on its own, a
command that finds no worker runs on its own, and the worker ends with its parent."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import BIN, sample_path

ZHPRESS = str(BIN / "zhpress")


def _wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while not path.exists():
        assert time.time() < deadline, "worker socket did not appear"
        time.sleep(0.05)


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
