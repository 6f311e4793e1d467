"""The warm worker's protocol: a job's command handed over a Unix socket (zhpress.build.worker
is the server, `delegate` the client side used by the `zhpress` script and by Snakemake's jobs).

The client connects to the worker's Unix socket and sends its stdin/stdout/stderr descriptors
(SCM_RIGHTS) with one request: an 8-byte length, then NUL-separated UTF-8 fields: the working
directory, the argument count, the arguments, and KEY=VALUE for each variable of PASSED_ENV the
job has set (no field can contain a NUL). The worker's child answers STARTED when the command
starts, then the exit code (8 bytes). A worker that fails before STARTED is as good as none (the
command runs in the caller's process instead); a child that dies after it is the job's failure
(a job is never run twice).

Only the standard library's `_socket` is imported: this module is on the path of every job.
"""

from __future__ import annotations

import _socket  # not `socket`: socket.py imports enum and selectors, ~3 ms more per job
import os
import struct

# The environment a job may set for itself and the child must see.
PASSED_ENV = ("SOURCE_DATE_EPOCH", "ZHPRESS_FAILURE_LOG", "ZHPRESS_TIMING_LOG")
LENGTH = struct.Struct("!Q")
STARTED = b"+"
# The exit code when the worker's child died during the command (killed, out of memory).
CHILD_DIED = 70


def encode_request(cwd: str, argv: list[str], env: dict[str, str]) -> bytes:
    fields = [cwd, str(len(argv)), *argv, *(f"{k}={v}" for k, v in env.items())]
    return "\0".join(fields).encode("utf-8", "surrogateescape")


def decode_request(data: bytes) -> tuple[str, list[str], dict[str, str]]:
    """(cwd, argv, env) of a request made by encode_request."""
    cwd, count, *rest = data.decode("utf-8", "surrogateescape").split("\0")
    argv, env = rest[: int(count)], rest[int(count):]
    return cwd, argv, dict(item.split("=", 1) for item in env)


def recv_exact(conn, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise ConnectionError("worker connection closed")
        data += chunk
    return data


def delegate(path: str, argv: list[str], fds: tuple[int, int, int] = (0, 1, 2)) -> int | None:
    """Run `argv` in the worker at `path`, with `fds` as its stdin, stdout and stderr, and return
    its exit code; None when there is no usable worker."""
    conn = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        conn.connect(path)
        env = {k: os.environ[k] for k in PASSED_ENV if k in os.environ}
        request = encode_request(os.getcwd(), argv, env)
        rights = struct.pack("3i", *fds)
        conn.sendmsg([b"!"], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
        conn.sendall(LENGTH.pack(len(request)) + request)
        if recv_exact(conn, 1) != STARTED:
            raise ConnectionError("worker answered out of protocol")
    except (OSError, ConnectionError, UnicodeError):
        conn.close()
        return None  # no worker, or it went away before starting the command: run it here
    try:
        return LENGTH.unpack(recv_exact(conn, LENGTH.size))[0]
    except (OSError, ConnectionError):
        os.write(fds[2], f"zhpress {argv[0]}: the worker's process running this command died "
                 "(killed, or out of memory?); no output was written\n".encode())
        return CHILD_DIED
    finally:
        conn.close()
