"""An optional fork server that keeps WeasyPrint and friends imported between jobs.

`import weasyprint` alone costs ~1.3 s, more than rendering a short document. A build starts one
worker (`zhpress worker`, from the Snakefile's onstart); each rule's `run_job` (and a `zhpress`
command started by hand, zhpress/client.py) hands its arguments and stdin/stdout/stderr file
descriptors to it over a Unix socket, and a pre-forked child of the warm worker runs the command.
Each child exits after one job, so memory does not grow, and a command that finds no worker
(another node of a cluster, a stale socket) simply runs in its own process: the worker is never
required and changes no result.
"""

from __future__ import annotations

import contextlib
import gc
import os
import select
import shlex
import signal
import socket
import struct
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from .client import LENGTH, PASSED_ENV, STARTED, decode_request, delegate, recv_exact


def _serve_one(conn: socket.socket, started: Callable[[], object]) -> int:
    """In the forked child: take over the client's stdio and run its command; `started()` is
    called just before the command (the worker then forks the next spare: not earlier, so that
    the fork does not compete with this job's start for a core)."""
    from .cli import run

    _, fds, _, _ = socket.recv_fds(conn, 1, 3)
    size = LENGTH.unpack(recv_exact(conn, LENGTH.size))[0]
    cwd, argv, env = decode_request(recv_exact(conn, size))
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the client's descriptors
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    os.chdir(cwd)
    for key in PASSED_ENV:
        os.environ.pop(key, None)
    os.environ.update(env)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    started()
    try:
        code = run(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    sys.stdout.flush()
    sys.stderr.flush()
    conn.sendall(LENGTH.pack(code))
    return code


def preload(themes: list[str]) -> None:
    """Import what the jobs need and render once per theme, so fonts and caches are warm."""
    import docx  # noqa: F401
    import ebooklib  # noqa: F401
    import fontTools.subset  # noqa: F401
    import pypdfium2  # noqa: F401
    import weasyprint  # noqa: F401

    from . import cli, doccache, epub, markdown, normalize, pdf, site  # noqa: F401
    from . import docx as docx_writer
    from .model import Document, Heading, Meta, Paragraph, Text
    from .theme import check_cjk_fonts, load_theme

    doc = Document(Meta(title="预热"), (Heading(1, "预热"), Paragraph((Text("预热文字。"),))))
    for name in themes:
        theme = load_theme(name)
        pdf.write(doc, theme)
        docx_writer.reference_bytes(theme)
        epub.warm(theme)  # open font faces, the cover's fonts
    cli.build_parser()  # cached: every job parses its arguments with it
    doccache.reader_version()  # cached: every format job checks its parsed-Markdown entry
    check_cjk_fonts()  # cached fontconfig answer, asked by every format job


# Children forked ahead of the jobs, each waiting in accept(): a job never waits for a fork.
SPARES = 2
_PID = struct.Struct("!i")


def serve(path: str, parent_pid: int, themes: list[str], idle_seconds: float = 600) -> None:
    """Serve jobs until the parent (the Snakemake process) exits or nothing comes for a while.

    The socket listens before the imports start: jobs that arrive meanwhile wait in the backlog
    instead of each paying the imports in a process of their own. Then SPARES forked children
    wait in accept(); one that takes a job tells this process (its pid, through a pipe), which
    forks the next spare while the job runs.
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    # Stop cleanly (remove the socket) on SIGTERM, and on the Ctrl-C that the worker, in the
    # build's process group, receives with Snakemake; a running job's child gets it too.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: sys.exit(0))
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1024)
    spares: set[int] = set()
    busy: set[int] = set()
    try:
        try:
            preload(themes)
        except Exception as exc:  # no worker then: queued jobs get no answer and run alone
            print(f"zhpress worker: not started ({type(exc).__name__}: {exc})", file=sys.stderr)
            return
        # What the preload made is shared by every child; keep the collector from touching (and
        # so copying) those pages in each child.
        gc.collect()
        gc.freeze()
        # Jobs and this process yield the CPU at once to the Snakemake process that waits for
        # their exit codes and dispatches the next jobs: on a machine whose cores all run jobs,
        # it otherwise waits a time slice (~10-20 ms a job, measured) for a core.
        os.nice(10)
        taken, tell = os.pipe()
        # From here a stop request only wakes the loop (through `stopped`): raised at any point,
        # it could land in fork()'s own handlers, which swallow it.
        stopped, stop = os.pipe()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: os.write(stop, b"."))
        last = time.monotonic()
        while True:
            while len(spares) < SPARES:
                spares.add(_fork_spare(server, tell))
            ready = select.select([taken, stopped], [], [], 0.5)[0]
            if stopped in ready:
                break
            if taken in ready:
                # 4-byte records, written atomically, read in whole multiples
                for (pid,) in _PID.iter_unpack(os.read(taken, _PID.size * 64)):
                    if pid in spares:  # else it has already ended and been reaped
                        spares.discard(pid)
                        busy.add(pid)
            for pid in _reap():
                busy.discard(pid)
                spares.discard(pid)
            if busy:
                last = time.monotonic()
            if not _alive(parent_pid) or time.monotonic() - last > idle_seconds:
                break
    finally:
        for pid in spares:  # idle in accept(); jobs already taken run to their end
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _get_ready() -> None:
    """What every job does before its command, done while the spare waits for one."""
    import logging
    import resource  # noqa: F401 - the timing log's

    from .cli import build_parser

    build_parser().parse_args(["outline", "ready.md", "-o", "ready.json"])
    logging.basicConfig(level=logging.WARNING, format="zhpress: %(message)s")


def _reap() -> list[int]:
    """The children that have ended since the last call."""
    ended = []
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:  # no children at all
            return ended
        if pid == 0:
            return ended
        ended.append(pid)


def _fork_spare(server: socket.socket, tell: int) -> int:
    """Fork a child that takes the next job from `server`, says so on `tell`, and runs it.

    While it waits, a spare dies with the worker (even a SIGKILLed one), so no orphan keeps
    taking jobs; once it has a job, it finishes it and answers its client whatever happens.
    """
    worker = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    for sig in (signal.SIGTERM, signal.SIGINT):  # a spare without a job just ends
        signal.signal(sig, signal.SIG_DFL)
    code = 1
    try:
        _die_with_parent(signal.SIGTERM)
        if os.getppid() != worker:  # it died before the line above
            return
        _get_ready()
        conn, _ = server.accept()
        _die_with_parent(0)
        server.close()

        def started() -> None:
            conn.sendall(STARTED)
            os.write(tell, _PID.pack(os.getpid()))

        code = _serve_one(conn, started)
    finally:
        os._exit(code)


def _die_with_parent(sig: int) -> None:
    """prctl(PR_SET_PDEATHSIG, sig): Linux sends `sig` to this process when its parent ends."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(1, sig, 0, 0, 0)


def _alive(pid: int) -> bool:
    if pid <= 0:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def socket_path(workdir: Path) -> str:
    """A short per-build socket path (Unix socket paths are limited to ~100 bytes)."""
    import hashlib
    import tempfile

    digest = hashlib.sha256(str(workdir.resolve()).encode()).hexdigest()[:12]
    return os.path.join(tempfile.gettempdir(), f"zhpress-{digest}-{os.getpid()}.sock")


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
             "--theme", theme],
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
        # each Markdown file parsed once per build, not once per format (zhpress/doccache.py)
        os.environ.setdefault("ZHPRESS_CACHE_DIR", str(workdir / ".snakemake" / "zhpress-parsed"))
        # a worker the caller started (e.g. the benchmark) is used as it is
        self.own_worker = worker and "ZHPRESS_WORKER" not in os.environ
        if self.own_worker:
            os.environ["ZHPRESS_WORKER"] = socket_path(workdir)

    def start(self, problems: list[str], theme: str) -> None:
        self.failure_log.parent.mkdir(parents=True, exist_ok=True)
        self.failure_log.write_text("".join(f"{p}\n" for p in problems), encoding="utf-8")
        if self.own_worker:
            path = os.environ["ZHPRESS_WORKER"]
            worker = start_worker(path, theme, self.failure_log.with_name("zhpress-worker.log"))
            # The worker listens before its imports, within ~0.2 s; until then a job would find
            # no socket and pay the imports in a process of its own.
            deadline = time.monotonic() + 5
            while not os.path.exists(path) and time.monotonic() < deadline:
                if worker.poll() is not None:  # it could not start: jobs run on their own
                    break
                time.sleep(0.01)

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
                alone = {k: v for k, v in os.environ.items() if k != "ZHPRESS_WORKER"}
                code = subprocess.run([*_zhpress_command(), *argv], stdin=nothing, stdout=out,
                                      stderr=out, env=alone).returncode
        if code:
            lines = Path(log).read_text(encoding="utf-8", errors="replace").splitlines()
            raise JobFailed(lines[-1] if len(lines) > 1 else f"zhpress {argv[0]} failed ({code})")

    def failures(self) -> list[str]:
        if not self.failure_log.exists():
            return []
        return self.failure_log.read_text(encoding="utf-8").splitlines()

