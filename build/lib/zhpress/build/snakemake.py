"""The one module that patches Snakemake: two workarounds, each checked before it is applied.

Both replace private Snakemake internals measured on 9.27. `apply(workflow)` checks the installed
version and every patched name first; on a mismatch it leaves Snakemake as it is and prints one
line saying what is lost and what to do (the build still runs, only slower).

1. The scheduler waking itself up without end (measured on 9.27).

Snakemake's job scheduler (snakemake/scheduling/job_scheduler.py) has a job rate limiter, on by
default (`--max-jobs-per-timespan 100/1s`). After *every* pass of its loop it starts a
`threading.Timer(timespan)` whose only effect is to wake the loop once more; that pass starts
another timer, and so on. Every finished job starts such a chain and no chain ever ends, so by
the end of a build with J jobs the loop runs about J times a second, each pass re-examining the
waiting jobs. At N = 200 documents (1,000 jobs, ~3 minutes) that was roughly 100,000 passes and
most of the build's orchestration overhead; the timers also keep a finished run alive up to a
second (they are non-daemon threads). Upstream: snakemake/snakemake PR #3744 discusses the
same loop.

`coalesce_scheduler_wakeups()` keeps at most one pending wake-up per scheduler. The rate limit
keeps working: a pass that finds the limit reached still gets a wake-up one timespan later,
because the pending timer clears itself before it wakes the loop, so the pass it causes arms the
next one. Only the Snakemake process that runs the Snakefile (and its cluster job processes) is
affected; the jobs themselves are not.
"""

from __future__ import annotations

import sys
import threading

#: The Snakemake versions whose internals these patches were written and measured against.
SUPPORTED = ("9.",)


def apply(workflow) -> list[str]:
    """Apply both workarounds (Snakefile, top); one warning line on stderr per workaround that
    does not fit the installed Snakemake. Returns those lines."""
    warnings = []
    for name, patch in (("scheduler wake-up coalescing", coalesce_scheduler_wakeups),
                        ("threads for a cluster job's rules", lambda: run_rules_in_threads(workflow))):
        reason = patch()
        if reason:
            warnings.append(f"zhpress: {name} is off: {reason}; install the Snakemake that "
                            "pyproject.toml pins (pip install -e .)")
    for line in warnings:
        print(line, file=sys.stderr)
    return warnings


def _version_mismatch() -> str | None:
    import snakemake

    version = getattr(snakemake, "__version__", "?")
    if not version.startswith(SUPPORTED):
        return f"Snakemake {version} is installed; the patch fits {', '.join(SUPPORTED)}x"
    return None


def coalesce_scheduler_wakeups() -> str | None:
    """Patch Snakemake's scheduler as described above; None when the patch is in place, else why
    it is not (Snakemake is then left alone).
    """
    if reason := _version_mismatch():
        return reason
    try:
        from snakemake.scheduling import job_scheduler
    except ImportError as exc:
        return f"no snakemake.scheduling.job_scheduler ({exc})"
    JobScheduler = job_scheduler.JobScheduler  # noqa: N806
    current = getattr(JobScheduler, "_schedule_reevalutation", None)  # sic, Snakemake's spelling
    if current is None:
        return "Snakemake's JobScheduler has no _schedule_reevalutation"
    if getattr(current, "zhpress_coalesced", False):
        return None
    import inspect

    if "self._open_jobs" not in inspect.getsource(JobScheduler.__init__):
        return "Snakemake's JobScheduler has no _open_jobs semaphore"
    lock = threading.Lock()

    def schedule_reevaluation(self, delay: float) -> None:
        with lock:
            if getattr(self, "_zhpress_wakeup", None) is not None:
                return  # a wake-up is already pending; the pass it causes re-arms if needed

            def wake() -> None:
                with lock:
                    self._zhpress_wakeup = None
                self._open_jobs.release()

            timer = threading.Timer(delay, wake)
            timer.daemon = True  # never keeps a finished run waiting
            timer.start()  # if this raises, nothing is marked pending: the next pass retries
            self._zhpress_wakeup = timer

    schedule_reevaluation.zhpress_coalesced = True  # type: ignore[attr-defined]
    JobScheduler._schedule_reevalutation = schedule_reevaluation
    return None


def run_rules_in_threads(workflow) -> str | None:
    """2. In a cluster job's own Snakemake process, run the rules' `run:` blocks in threads.
    None when done or not needed (the main process), else why not.

    The profiles set `force-use-threads` for the Snakemake process a user starts, and Snakemake
    passes it on to a single cluster job, but not to a group job (a document's stages in one
    submission, as the SLURM and Kubernetes profiles make): there each `run:` job would start
    yet another Snakemake process (~2 s). The rules' blocks only wait for a `zhpress` command,
    so threads are right for them everywhere. The job process's settings do not exist yet while
    the Snakefile is read, so its local executor is told when it is made.
    """
    if workflow.is_main_process:
        return None
    if reason := _version_mismatch():
        return reason
    try:
        from snakemake.executors.local import Executor
    except ImportError as exc:
        return f"no snakemake.executors.local ({exc})"
    made = getattr(Executor, "__post_init__", None)
    if made is None:
        return "Snakemake's local Executor has no __post_init__"
    if getattr(made, "zhpress_threads", False):
        return None

    def post_init(self) -> None:
        made(self)
        self.use_threads = True

    post_init.zhpress_threads = True  # type: ignore[attr-defined]
    Executor.__post_init__ = post_init
    return None
