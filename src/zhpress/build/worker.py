"""An optional fork server that keeps WeasyPrint and friends imported between jobs.

`import weasyprint` alone costs ~1.3 s, more than rendering a short document. A build starts one
worker (`zhpress worker`, from the Snakefile's onstart); each rule's `run_job` (and a `zhpress`
command started by hand, zhpress/build/client.py) hands its arguments and stdin/stdout/stderr file
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
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable
from typing import Any

from zhpress.build.protocol import (
    GO,
    LENGTH,
    PASSED_ENV,
    STARTED,
    decode_request,
    peer_uid,
    recv_exact,
)

#: A command runner (zhpress.cli.run) and its argument parser, handed to `serve` by the CLI.
Runner = Callable[[list[str]], int]


class Refused(Exception):
    """A request the worker does not run: another user's, or not one of its commands."""


def _read_request(conn: socket.socket) -> tuple[list[int], str, list[str], dict[str, str]]:
    """The client's descriptors and its (cwd, argv, env); Refused unless the client is this
    user's process asking for a served subcommand with only the passed variables."""
    if peer_uid(conn) != os.getuid():  # checked before a byte of the request is read
        raise Refused(f"a process of user {peer_uid(conn)} connected")
    _, fds, _, _ = socket.recv_fds(conn, 1, 3)
    try:
        if len(fds) != 3:
            raise Refused("the request did not carry three descriptors")
        size = LENGTH.unpack(recv_exact(conn, LENGTH.size))[0]
        if size > MAX_REQUEST:
            raise Refused(f"a request of {size} bytes")
        cwd, argv, env = decode_request(recv_exact(conn, size))
    except (Refused, ValueError, UnicodeError, ConnectionError) as exc:
        for fd in fds:
            os.close(fd)
        raise Refused(str(exc)) from None
    return fds, cwd, argv, env


# A request is a few paths; anything longer is not one of ours.
MAX_REQUEST = 1 << 20


def _serve_one(conn: socket.socket, started: Callable[[], bool], run: Runner) -> int:
    """In the forked child: take over the client's stdio and run its command; `started()` is
    called just before the command (the worker then forks the next spare: not earlier, so that
    the fork does not compete with this job's start for a core), and says whether the client
    still wants it run (a client that gave up waiting runs it itself)."""
    try:
        fds, cwd, argv, env = _read_request(conn)
    except Refused as exc:
        print(f"zhpress worker: request refused ({exc})", file=sys.stderr)
        return 2
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
    if not started():
        return 0
    try:
        code = run(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code if isinstance(exc.code, int) else 2
    sys.stdout.flush()
    sys.stderr.flush()
    conn.sendall(LENGTH.pack(code))
    return code


def preload(themes: list[str], parser: Callable[[], Any]) -> None:
    """Import what the jobs need and render once per theme, so fonts and caches are warm."""
    import docx  # noqa: F401
    import ebooklib  # noqa: F401
    import fontTools.subset  # noqa: F401
    import pypdfium2  # noqa: F401
    import weasyprint  # noqa: F401

    from zhpress.model import Document, Heading, Meta, Paragraph, Text
    from zhpress.outline import with_anchors
    from zhpress.publish import site  # noqa: F401
    from zhpress.readers import markdown, normalize  # noqa: F401
    from zhpress.style.theme import check_cjk_fonts, load_theme
    from zhpress.writers import WriterOptions, epub, pdf
    from zhpress.writers import docx as docx_writer

    doc = with_anchors(Document(Meta(title="预热"),
                                (Heading(1, "预热"), Paragraph((Text("预热文字。"),)))))
    for name in themes:
        theme = load_theme(name)
        pdf.write(doc, WriterOptions(theme))
        docx_writer.reference_bytes(theme)
        epub.warm(theme)  # open font faces, the cover's fonts
    parser()  # cached: every job parses its arguments with it
    check_cjk_fonts()  # cached fontconfig answer, asked by every format job


# Children forked ahead of the jobs, each waiting in accept(): a job never waits for a fork.
SPARES = 2
_PID = struct.Struct("!i")


def serve(path: str, parent_pid: int, themes: list[str], idle_seconds: float,
          run: Runner, parser: Callable[[], Any], own_folder: bool = False) -> None:
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
    umask = os.umask(0o177)  # the socket is this user's alone, whatever the folder allows
    try:
        server.bind(path)
    finally:
        os.umask(umask)
    server.listen(1024)
    spares: set[int] = set()
    busy: set[int] = set()
    orphaned = False
    try:
        try:
            preload(themes, parser)
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
                spares.add(_fork_spare(server, tell, run, parser))
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
            orphaned = not _alive(parent_pid)
            if orphaned or time.monotonic() - last > idle_seconds:
                break
    finally:
        for pid in spares:  # idle in accept()
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        if orphaned:  # Snakemake was killed: nobody waits for the running jobs' results
            _stop_jobs(busy)
        server.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        if own_folder:  # made for this worker (zhpress.build.jobs), also when Snakemake was killed
            with contextlib.suppress(OSError):
                os.rmdir(os.path.dirname(path))


def _stop_jobs(busy: set[int], grace: float = 5.0) -> None:
    """Interrupt running jobs (a job interrupted writes nothing and removes its temporary
    file), and kill what is still running after `grace` seconds."""
    for pid in busy:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)
    deadline = time.monotonic() + grace
    while busy and time.monotonic() < deadline:
        busy.difference_update(_reap())
        time.sleep(0.05)
    for pid in busy:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _get_ready(parser: Callable[[], Any]) -> None:
    """What every job does before its command, done while the spare waits for one."""
    import logging
    import resource  # noqa: F401 - the timing log's

    parser().parse_args(["outline", "ready.md", "-o", "ready.json"])
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


def _fork_spare(server: socket.socket, tell: int, run: Runner, parser: Callable[[], Any]) -> int:
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
        _get_ready(parser)
        conn, _ = server.accept()
        _die_with_parent(0)
        server.close()

        def started() -> bool:
            try:
                conn.sendall(STARTED)
                go = conn.recv(1) == GO
            except OSError:
                return False
            if go:
                os.write(tell, _PID.pack(os.getpid()))
            return go

        code = _serve_one(conn, started, run)
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
