"""The warm worker's protocol: a job's command handed over a Unix socket (zhpress.build.worker
is the server, `delegate` the client side used by the `zhpress` script and by Snakemake's jobs).

The client connects to the worker's Unix socket and sends its stdin/stdout/stderr descriptors
(SCM_RIGHTS) with one request: an 8-byte length, then NUL-separated UTF-8 fields: the working
directory, the argument count, the arguments, and KEY=VALUE for each variable of PASSED_ENV the
job has set (no field can contain a NUL). The worker's child answers STARTED when it is ready to
run the command, the client confirms with GO, and the child answers the exit code (8 bytes). A
worker that fails before STARTED, or does not send it within the client's timeout, is as good as
none (the command runs in the caller's process instead, and a child that then sees no GO never
runs it); a child that dies after GO is the job's failure (a job is never run twice).

Trust: the socket lives in a private folder (mode 0700, zhpress.build.jobs), and each side checks
the other's credentials (SO_PEERCRED) before it sends or reads anything: only the build's own user
drives the worker, and a job never hands its arguments or log descriptors to another user's
socket. The worker runs only the subcommands of DELEGATED and sets only the variables of
PASSED_ENV, none of which changes what code runs.

Only the standard library's `_socket` is imported: this module is on the path of every job.
"""

from __future__ import annotations

import _socket  # not `socket`: socket.py imports enum and selectors, ~3 ms more per job
import os
import struct

# The environment a job may set for itself and the child must see: data, never a variable that
# chooses code (PATH, PYTHONPATH, LD_PRELOAD...), which a request can therefore not set.
PASSED_ENV = ("SOURCE_DATE_EPOCH", "ZHPRESS_FAILURE_LOG", "ZHPRESS_TIMING_LOG")
# The subcommands the worker runs: those that import heavy libraries (not `worker` itself).
DELEGATED = frozenset({"normalize", "pdf", "docx", "epub", "entry", "site", "outline", "archive"})
# Set by a build for a job it runs as a process of its own: the pid of the Snakemake process,
# with which the job must stop (zhpress.build.client).
DIE_WITH = "ZHPRESS_DIE_WITH"
LENGTH = struct.Struct("!Q")
STARTED = b"+"
GO = b"!"
# Seconds a client waits for a worker to take its job before running the command itself: the
# worker listens before its ~2 s of imports, so a job may wait that long in the backlog.
TIMEOUT = 60.0
_CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid
# The exit code when the worker's child died during the command (killed, out of memory).
CHILD_DIED = 70


def encode_request(cwd: str, argv: list[str], env: dict[str, str]) -> bytes:
    fields = [cwd, str(len(argv)), *argv, *(f"{k}={v}" for k, v in env.items())]
    return "\0".join(fields).encode("utf-8", "surrogateescape")


def decode_request(data: bytes) -> tuple[str, list[str], dict[str, str]]:
    """(cwd, argv, env) of a request made by encode_request; ValueError for a request that asks
    for anything but a DELEGATED subcommand and PASSED_ENV variables."""
    cwd, count, *rest = data.decode("utf-8", "surrogateescape").split("\0")
    argv, pairs = rest[: int(count)], rest[int(count):]
    if not argv or argv[0] not in DELEGATED:
        raise ValueError(f"subcommand {argv[:1]} is not served by the worker")
    env = dict(item.split("=", 1) for item in pairs)
    if not env.keys() <= set(PASSED_ENV):
        raise ValueError(f"variables {sorted(env.keys() - set(PASSED_ENV))} are not passed")
    return cwd, argv, env


def peer_uid(conn) -> int:
    """The user id of the process at the other end of a connected Unix socket."""
    creds = conn.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, _CREDENTIALS.size)
    return _CREDENTIALS.unpack(creds)[1]


def recv_exact(conn, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("worker connection closed")
        data += chunk
    return data


def delegate(path: str, argv: list[str], fds: tuple[int, int, int] = (0, 1, 2),
             timeout: float = TIMEOUT) -> int | None:
    """Run `argv` in the worker at `path`, with `fds` as its stdin, stdout and stderr, and return
    its exit code; None when there is no usable worker (none, another user's, or none that
    takes the job within `timeout` seconds)."""
    if not argv or argv[0] not in DELEGATED:
        return None
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.settimeout(timeout)
        conn.connect(path)
        if peer_uid(conn) != os.getuid():  # never hand a job to another user's socket
            raise ConnectionError("the worker socket belongs to another user")
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        request = encode_request(os.getcwd(), argv, env)
        rights = struct.pack("3i", *fds)
        conn.sendmsg([b"!"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
        conn.sendall(LENGTH.pack(len(request)) + request)
        if recv_exact(conn, 1) != STARTED:
            raise ConnectionError("worker answered out of protocol")
        conn.sendall(GO)  # from here the command is the worker's: it runs there or fails there
        conn.settimeout(None)  # a job takes as long as its document needs
    except (OSError, ConnectionError, UnicodeError):
        conn.close()
        return None  # no worker, or none started the command: run it here
    try:
        return LENGTH.unpack(recv_exact(conn, LENGTH.size))[0]
    except (OSError, ConnectionError):
        os.write(fds[2], f"zhpress {argv[0]}: the worker's process running this command died "
                 "(killed, or out of memory?); no output was written\n".encode())
        return CHILD_DIED
    finally:
        conn.close()
