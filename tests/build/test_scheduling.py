"""The Snakemake scheduler workaround (zhpress/build/snakemake.py), on a toy workflow of short jobs:
the scheduler's passes stay proportional to the jobs (not to jobs × seconds), and the job rate
limit still works (a limited run wakes itself up and finishes)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from helpers import BIN

from zhpress.build.snakemake import coalesce_scheduler_wakeups

TOY = """
from snakemake.scheduling.job_scheduler import JobScheduler
from zhpress.build.snakemake import coalesce_scheduler_wakeups

if config.get("patch", True):
    coalesce_scheduler_wakeups()
PASSES = []
_select = JobScheduler.job_selector

def counting_selector(self, jobs):
    PASSES.append(len(jobs))
    return _select(self, jobs)

JobScheduler.job_selector = counting_selector

onsuccess:
    open("passes.txt", "w").write(str(len(PASSES)))

rule all:
    input: expand("done/{i}", i=range(JOBS))

rule job:
    output: "done/{i}"
    shell: "sleep SECONDS; touch {output}"
"""


def _run(tmp: Path, jobs: int, seconds: float, *args: str) -> tuple[int, float]:
    (tmp / "Snakefile").write_text(TOY.replace("JOBS", str(jobs)).replace("SECONDS", str(seconds)))
    start = time.perf_counter()
    subprocess.run([str(BIN / "snakemake"), "--cores", "2", "--scheduler", "greedy", "--quiet",
                    *args], cwd=tmp, check=True, capture_output=True, timeout=120)
    return int((tmp / "passes.txt").read_text()), time.perf_counter() - start


def test_the_workaround_applies_to_the_installed_snakemake():
    assert coalesce_scheduler_wakeups() is None


def test_another_snakemake_is_left_alone_with_one_line(monkeypatch, capsys):
    """A Snakemake the patches were not measured on runs unpatched, and the build says so."""
    import snakemake
    from snakemake.scheduling.job_scheduler import JobScheduler

    from zhpress.build import snakemake as patches

    before = JobScheduler._schedule_reevalutation
    monkeypatch.setattr(snakemake, "__version__", "10.0.0")
    monkeypatch.setattr(JobScheduler, "_schedule_reevalutation", lambda self, delay: None)
    unpatched = JobScheduler._schedule_reevalutation
    assert coalesce_scheduler_wakeups() == (
        "Snakemake 10.0.0 is installed; the patch fits 9.x")
    assert JobScheduler._schedule_reevalutation is unpatched

    class Workflow:
        is_main_process = True

    lines = patches.apply(Workflow())
    assert capsys.readouterr().err.splitlines() == lines
    assert lines == ["zhpress: scheduler wake-up coalescing is off: Snakemake 10.0.0 is "
                     "installed; the patch fits 9.x; install the Snakemake that pyproject.toml "
                     "pins (pip install -e .)"]
    monkeypatch.setattr(JobScheduler, "_schedule_reevalutation", before)


def test_a_renamed_internal_is_left_alone(monkeypatch):
    from snakemake.scheduling.job_scheduler import JobScheduler

    monkeypatch.delattr(JobScheduler, "_schedule_reevalutation")
    assert coalesce_scheduler_wakeups() == (
        "Snakemake's JobScheduler has no _schedule_reevalutation")


@pytest.mark.slow
def test_scheduler_passes_grow_with_jobs_not_with_jobs_times_seconds(tmp_path):
    jobs = 24
    passes, wall = _run(tmp_path, jobs, 0.4)
    # one pass per finished job (two jobs can finish together) plus at most one timed wake-up
    # a second; unpatched, every finished job adds a wake-up a second until the run ends
    # (about jobs * wall / 2 more passes: ~60 here)
    assert passes <= jobs + 2 * wall + 4, (passes, wall)


@pytest.mark.slow
def test_job_rate_limit_still_wakes_the_scheduler(tmp_path):
    passes, wall = _run(tmp_path, 6, 0, "--max-jobs-per-timespan", "2/1s")
    assert wall >= 2  # 6 instant jobs at 2 per second: the limit held them back...
    assert (tmp_path / "done" / "5").exists() and passes >= 3  # ...and the run finished
