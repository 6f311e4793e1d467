"""What a Snakemake run sets up for its jobs: the failure log, the warm worker, and `run_job`,
which every rule of the Snakefile calls.

Rules are `run:` blocks in threads of the Snakemake process (`force-use-threads` in the
profiles); `run_job` hands each rule's `zhpress` command to the warm worker (zhpress.build.worker)
over its socket: no shell, no interpreter, no imports per job. Where no worker answers (none
started, another node of a cluster) the command runs as its own process, with the same result.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from zhpress.build.protocol import DIE_WITH, delegate


def private_socket_path() -> str:
    """A socket path in a new folder only this user can enter (mkdtemp: mode 0700, a random
    name): no other local user can connect to the worker, or put a socket of their own where
    the jobs look for it (a predictable path in /tmp allowed both). Short, as Unix socket paths
    are limited to ~100 bytes."""
    import tempfile

    return os.path.join(tempfile.mkdtemp(prefix="zhpress-"), "worker.sock")


def remove_socket(path: str) -> None:
    """Remove a worker's socket and its private folder (gone already: nothing to do)."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    with contextlib.suppress(OSError):
        os.rmdir(os.path.dirname(path))


def _zhpress_command() -> list[str]:
    import shutil

    exe = shutil.which("zhpress")
    return [exe] if exe else [sys.executable, "-m", "zhpress"]


def start_worker(path: str, theme: str, log: Path) -> subprocess.Popen:
    """Start `zhpress worker`; it exits with this (the Snakemake) process. It stays in the build's
    process group, so a Ctrl-C stops its running jobs as it stops Snakemake."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as errors:
        return subprocess.Popen(
            [*_zhpress_command(), "worker", "--socket", path, "--parent-pid", str(os.getpid()),
             "--theme", theme, "--own-folder"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=errors,
            env=worker_environment(os.environ),
        )


def worker_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The worker's environment: `environ`, with glibc's malloc asked for transparent huge pages.

    Each job runs in a fresh fork, so all the memory a job uses is new to it: with 4 KiB pages a
    sample PDF took ~33,000 page faults and ~15 % more CPU than the same render in a long-lived
    process; with huge pages ~11,000 and no measurable difference (glibc >= 2.35; older glibc
    ignores the setting).
    """
    tunables = [t for t in environ.get("GLIBC_TUNABLES", "").split(":") if t]
    if not any(t.startswith("glibc.malloc.hugetlb=") for t in tunables):
        tunables.append("glibc.malloc.hugetlb=1")
    return {**environ, "GLIBC_TUNABLES": ":".join(tunables)}


# Exit codes whose one-line error the command itself adds to the build's summary (zhpress.cli
# fail): a bad input, an interrupt. Any other failure (a worker child killed, CHILD_DIED, a usage
# error) is recorded by run_job.
RECORDED = frozenset({1, 130})


class JobFailed(Exception):
    """A job's zhpress command failed; the message is its one-line error."""


class BuildEnvironment:
    """What a Snakemake run sets up for its jobs (see the Snakefile): the failure log every job
    appends its one-line error to, the warm worker's socket, both passed by environment, and
    `run_job`, which every rule calls."""

    def __init__(self, workdir: Path, worker: bool) -> None:
        workdir = workdir.resolve()
        self.failure_log = workdir / ".snakemake" / "zhpress-failures.txt"
        os.environ["ZHPRESS_FAILURE_LOG"] = str(self.failure_log)
        # a worker the caller started (e.g. the benchmark) is used as it is
        self.own_worker = worker and "ZHPRESS_WORKER" not in os.environ
        self.worker: subprocess.Popen | None = None

    def start(self, problems: list[str], theme: str) -> None:
        self.failure_log.parent.mkdir(parents=True, exist_ok=True)
        self.failure_log.write_text("".join(f"{p}\n" for p in problems), encoding="utf-8")
        if self.own_worker:
            path = private_socket_path()
            os.environ["ZHPRESS_WORKER"] = path
            atexit.register(remove_socket, path)  # also after a worker that was killed
            self.worker = start_worker(path, theme,
                                       self.failure_log.with_name("zhpress-worker.log"))
            # The worker listens before its imports, within ~0.2 s; until then a job would find
            # no socket and pay the imports in a process of its own.
            deadline = time.monotonic() + 5
            while not os.path.exists(path) and time.monotonic() < deadline:
                if self.worker.poll() is not None:  # it could not start: jobs run on their own
                    break
                time.sleep(0.01)

    def _worker_gone(self, path: str) -> None:
        """A job found no worker at `path`: if ours has ended (killed, say), remove its socket,
        and let the other jobs run on their own without looking for it again."""
        if self.worker is not None and self.worker.poll() is not None \
                and os.environ.get("ZHPRESS_WORKER") == path:
            os.environ.pop("ZHPRESS_WORKER", None)
            remove_socket(path)

    def run_job(self, argv: list[str], log: str) -> None:
        """Run `zhpress ARGV` for a rule, its stdout and stderr going to `log`.

        Rules run in threads of the Snakemake process (`force-use-threads` in the profiles), and
        this hands the command to the warm worker: no shell, no interpreter, no imports per job
        (~16 ms of CPU a job, measured). Where no worker answers (none started, another node of
        a cluster) the command runs as its own process, with the same result.
        """
        argv = [str(a) for a in argv]
        Path(log).parent.mkdir(parents=True, exist_ok=True)
        with open(log, "w", encoding="utf-8") as out, open(os.devnull, "rb") as nothing:
            out.write(f"zhpress {shlex.join(argv)}\n")
            out.flush()
            path = os.environ.get("ZHPRESS_WORKER")
            code = delegate(path, argv, (nothing.fileno(), out.fileno(), out.fileno())) \
                if path else None
            if code is None:  # the process need not look for the worker again
                if path:
                    self._worker_gone(path)
                alone = {k: v for k, v in os.environ.items() if k != "ZHPRESS_WORKER"}
                alone[DIE_WITH] = str(os.getpid())  # stopped with Snakemake, if it is killed
                code = subprocess.run([*_zhpress_command(), *argv], stdin=nothing, stdout=out,
                                      stderr=out, env=alone).returncode
        if code:
            lines = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
            line = lines[-1] if len(lines) > 1 else f"zhpress {argv[0]} failed ({code})"
            if code < 0:  # run on its own and killed by a signal
                line = (f"zhpress {shlex.join(argv[:2])}: killed by signal {-code} (out of "
                        "memory?); no output was written")
            if code not in RECORDED:  # the command did not record it: the summary must list it
                self.record_failure(line)
            raise JobFailed(line)

    def record_failure(self, line: str) -> None:
        """Add a line to the closing summary of the build (one short append)."""
        with contextlib.suppress(OSError), open(self.failure_log, "a", encoding="utf-8") as f:
            f.write(line.replace("\n", " ") + "\n")

    def failures(self) -> list[str]:
        if not self.failure_log.exists():
            return []
        return self.failure_log.read_text(encoding="utf-8").splitlines()

