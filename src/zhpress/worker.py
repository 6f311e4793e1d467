"""An optional fork server that keeps WeasyPrint and friends imported between jobs.

`import weasyprint` alone costs ~1.3 s, more than rendering a short document; Snakemake starts a
new process per job. A build may start one worker per machine (`zhpress worker`, started by the
Snakefile's onstart); every `zhpress` command then hands its arguments and its stdin/stdout/stderr
file descriptors to the worker over a Unix socket, and a forked child of the warm worker runs the
command. Each child exits after one job, so memory does not grow, and a command that finds no
worker (another node of a cluster, a stale socket) simply runs in its own process: the worker is
never required and changes no result.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import socket
import sys
import time
from pathlib import Path

from .client import LENGTH, PASSED_ENV, decode_request, recv_exact


def _serve_one(conn: socket.socket) -> int:
    """In the forked child: take over the client's stdio and run its command."""
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

    from . import cli, epub, markdown, normalize, pdf, site  # noqa: F401
    from . import docx as docx_writer
    from .model import Document, Heading, Meta, Paragraph, Text
    from .theme import check_cjk_fonts, load_theme

    doc = Document(Meta(title="预热"), (Heading(1, "预热"), Paragraph((Text("预热文字。"),))))
    for name in themes:
        theme = load_theme(name)
        pdf.write(doc, theme)
        docx_writer.reference_bytes(theme)
        epub.warm(theme)  # HarfBuzz's preprocessed faces, the cover's fonts
    cli.build_parser()  # cached: every job parses its arguments with it
    check_cjk_fonts()  # cached fontconfig answer, asked by every format job


def serve(path: str, parent_pid: int, themes: list[str], idle_seconds: float = 600) -> None:
    """Accept jobs until the parent (the Snakemake process) exits or nothing comes for a while.

    The socket listens before the imports start: jobs that arrive meanwhile wait in the backlog
    instead of each paying the imports in a process of their own.
    """
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # stop cleanly: remove the socket
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1024)
    last = time.monotonic()
    children: set[int] = set()
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
        server.settimeout(0.5)
        while True:
            for pid in list(children):
                if os.waitpid(pid, os.WNOHANG)[0]:
                    children.discard(pid)
            if children:
                last = time.monotonic()
            if not _alive(parent_pid) or time.monotonic() - last > idle_seconds:
                break
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            pid = os.fork()
            if pid == 0:
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                server.close()
                code = 1
                try:
                    code = _serve_one(conn)
                finally:
                    os._exit(code)
            conn.close()
            children.add(pid)
            last = time.monotonic()
    finally:
        server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


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


def start_worker(path: str, theme: str) -> None:
    """Start `zhpress worker` detached; it exits with this (the Snakemake) process."""
    import shutil
    import subprocess

    exe = shutil.which("zhpress") or sys.executable
    args = [exe] if exe != sys.executable else [exe, "-m", "zhpress"]
    subprocess.Popen(
        [*args, "worker", "--socket", path, "--parent-pid", str(os.getpid()), "--theme", theme],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


class BuildEnvironment:
    """What a Snakemake run sets up for its jobs (see the Snakefile): the failure log every job
    appends its one-line error to, and the warm worker's socket, both passed by environment."""

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
            start_worker(os.environ["ZHPRESS_WORKER"], theme)

    def failures(self) -> list[str]:
        if not self.failure_log.exists():
            return []
        return self.failure_log.read_text(encoding="utf-8").splitlines()

