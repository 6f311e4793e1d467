"""Issue 15, point 2: no other local user can drive the warm worker, or stand in for it.

The socket is in a private folder (mode 0700, random name); the worker checks the client's
credentials (SO_PEERCRED) before reading a request, and the client the worker's before sending
one; the worker runs only its subcommands, sets only data variables, and a client that waits
too long runs the command itself. The cases with another user run it with setpriv (as root).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import struct
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import pytest
from helpers import BIN, ROOT

from zhpress.build.protocol import DELEGATED, LENGTH, delegate, encode_request

pytestmark = pytest.mark.slow  # real Snakemake builds or a zhpress worker

ZHPRESS = str(BIN / "zhpress")
MD = "---\ntitle: 标题\nlang: zh-CN\n---\n\n# 标题\n\n正文。\n"
NOBODY = 65534
as_root = pytest.mark.skipif(os.getuid() != 0 or not shutil.which("setpriv"),
                             reason="runs a second user with setpriv, which needs root")


def _wait_for(path: Path | str, seconds: float = 30) -> None:
    deadline = time.time() + seconds
    while not os.path.exists(path):
        assert time.time() < deadline, f"{path} did not appear"
        time.sleep(0.05)


@contextlib.contextmanager
def worker_at(sock: Path, log: Path):
    with open(log, "wb") as errors:
        worker = subprocess.Popen([ZHPRESS, "worker", "--socket", str(sock), "--parent-pid",
                                   str(os.getpid())], stderr=errors)
    try:
        _wait_for(sock)
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)


@pytest.fixture()
def shared_dir():
    """A folder every user may enter and write (as /tmp is): where a socket used to be."""
    folder = Path(tempfile.mkdtemp(prefix="zhpress-test-"))
    folder.chmod(0o777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def raw_request(path: str, argv: list[str], env: dict[str, str] | None = None,
                cwd: str = "/tmp") -> bytes:
    """Speak the protocol by hand, as another program could: returns what the server answered
    (b"" when it closed the connection without taking the job)."""
    conn = socket.socket(socket.AF_UNIX)
    conn.settimeout(60)
    conn.connect(path)
    with open(os.devnull, "r+b") as null:
        rights = struct.pack("3i", null.fileno(), null.fileno(), null.fileno())
        conn.sendmsg([b"!"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, rights)])
    request = encode_request(cwd, argv, env or {})
    try:
        conn.sendall(LENGTH.pack(len(request)) + request)
        answer = conn.recv(1)
    except ConnectionResetError:  # closed without reading all of it: refused
        answer = b""
    if answer == b"+":
        conn.sendall(b"!")
        while len(answer) < 1 + LENGTH.size and (chunk := conn.recv(64)):
            answer += chunk
    conn.close()
    return answer


def test_the_build_socket_is_private_and_removed_when_the_worker_dies(tmp_path, monkeypatch):
    """Even with umask 000 the socket's folder is 0700 and the socket 0600; when the worker is
    killed, the next job removes the socket and runs on its own."""
    from zhpress.build.jobs import BuildEnvironment

    monkeypatch.delenv("ZHPRESS_WORKER", raising=False)
    monkeypatch.setenv("ZHPRESS_FAILURE_LOG", "")  # restored after the test
    (tmp_path / "x.md").write_text(MD, encoding="utf-8")
    umask = os.umask(0)
    try:
        build = BuildEnvironment(tmp_path, worker=True)
        build.start([], "gongwen")
    finally:
        os.umask(umask)
    path = os.environ.pop("ZHPRESS_WORKER")
    monkeypatch.setenv("ZHPRESS_WORKER", path)
    try:
        folder = os.stat(os.path.dirname(path))
        assert stat.S_IMODE(folder.st_mode) == 0o700 and folder.st_uid == os.getuid()
        assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0
        assert str(os.getpid()) not in path  # nothing another user could predict
        build.run_job(["outline", tmp_path / "x.md", "-o", tmp_path / "a.json"],
                      str(tmp_path / "a.log"))
        build.worker.kill()
        build.worker.wait()
        build.run_job(["outline", tmp_path / "x.md", "-o", tmp_path / "b.json"],
                      str(tmp_path / "b.log"))
        assert (tmp_path / "b.json").read_bytes() == (tmp_path / "a.json").read_bytes()
        assert not os.path.exists(path) and not os.path.exists(os.path.dirname(path))
        assert "ZHPRESS_WORKER" not in os.environ
    finally:
        build.worker.kill()
        build.worker.wait()


RAW_CLIENT = r"""
import os, socket, struct, sys
path, md, out = sys.argv[1:4]
conn = socket.socket(socket.AF_UNIX)
conn.settimeout(30)
try:
    conn.connect(path)
except OSError as exc:
    print("connect:", exc.__class__.__name__)
    sys.exit(0)
null = os.open("/dev/null", os.O_RDWR)
conn.sendmsg([b"!"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, struct.pack("3i", null, null, null))])
request = "\0".join(["/tmp", "4", "outline", md, "-o", out]).encode()
try:
    conn.sendall(struct.pack("!Q", len(request)) + request)
    answer = conn.recv(1)
except ConnectionResetError:  # closed without reading: refused
    answer = b""
if answer == b"+":
    conn.sendall(b"!")
    answer += conn.recv(8)
print("answer:", answer)
"""


def _as_nobody(*argv: str, **popen) -> subprocess.Popen:
    return subprocess.Popen(["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}",
                             "--clear-groups", *argv], **popen)


@as_root
def test_another_user_cannot_drive_the_worker(tmp_path, shared_dir):
    """The socket of a worker started by hand in a folder anyone can enter, made 0777 as under
    umask 000: another user connects, and the worker refuses before reading the request."""
    (shared_dir / "x.md").write_text(MD, encoding="utf-8")
    sock, out = shared_dir / "w.sock", shared_dir / "stolen.json"
    with worker_at(sock, tmp_path / "worker.log"):
        sock.chmod(0o777)
        proc = _as_nobody("/usr/bin/python3", "-c", RAW_CLIENT,
                          str(sock), str(shared_dir / "x.md"), str(out),
                          stdout=subprocess.PIPE, text=True)
        answer = proc.communicate(timeout=60)[0]
        assert answer.strip() == "answer: b''", answer
        time.sleep(0.5)
        assert not out.exists()
    assert f"a process of user {NOBODY} connected" in (tmp_path / "worker.log").read_text()


SQUATTER = r"""
import socket, sys, time

path, record = sys.argv[1:3]
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen(8)
print("listening", flush=True)
conn, _ = server.accept()
conn.settimeout(5)
got = b""
try:
    while chunk := conn.recv(4096):
        got += chunk
        open(record, "wb").write(got)
except OSError:
    pass
time.sleep(60)  # never answers
"""


@as_root
def test_a_job_is_never_handed_to_another_users_socket(tmp_path, shared_dir):
    """Another user's process listening where the client looks gets no argument, no
    descriptor, and cannot hold the job up."""
    sock, record = shared_dir / "w.sock", shared_dir / "record.bin"
    squatter = _as_nobody("/usr/bin/python3", "-c", SQUATTER, str(sock), str(record),
                          stdout=subprocess.PIPE, text=True)
    try:
        assert squatter.stdout.readline().strip() == "listening"
        result: dict = {}
        argv = ["outline", str(tmp_path / "secret-name.md"), "-o", str(tmp_path / "o.json")]
        job = threading.Thread(target=lambda: result.update(code=delegate(str(sock), argv)),
                               daemon=True)
        start = time.monotonic()
        job.start()
        job.join(timeout=20)
        assert not job.is_alive(), "the client waited on another user's socket"
        assert result["code"] is None  # so the job runs on its own
        assert time.monotonic() - start < 5
        time.sleep(0.5)
        assert not record.exists() or b"secret-name" not in record.read_bytes()
    finally:
        squatter.kill()
        squatter.wait()


def test_a_client_gives_up_on_a_worker_that_never_answers(tmp_path):
    sock = tmp_path / "silent.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(sock))
    server.listen(8)
    accepted = []
    threading.Thread(target=lambda: accepted.append(server.accept()), daemon=True).start()
    try:
        start = time.monotonic()
        code = delegate(str(sock), ["outline", "x.md", "-o", "y.json"], timeout=1)
        assert code is None and time.monotonic() - start < 5
    finally:
        server.close()


def test_the_worker_runs_only_its_commands_with_data_variables(tmp_path):
    sock, log = tmp_path / "w.sock", tmp_path / "worker.log"
    md = tmp_path / "x.md"
    md.write_text(MD, encoding="utf-8")
    other = tmp_path / "other.sock"
    with worker_at(sock, log):
        refused = [
            (["worker", "--socket", str(other)], {}),
            (["fonts"], {}),
            (["outline", str(md), "-o", str(tmp_path / "a.json")], {"PATH": str(tmp_path)}),
            (["outline", str(md), "-o", str(tmp_path / "b.json")], {"PYTHONPATH": "/tmp"}),
            (["outline", str(md), "-o", str(tmp_path / "c.json")], {"LD_PRELOAD": "/x.so"}),
        ]
        for argv, env in refused:
            assert raw_request(str(sock), argv, env) == b"", (argv, env)
        served = raw_request(str(sock), ["outline", str(md), "-o", str(tmp_path / "ok.json")],
                             {"SOURCE_DATE_EPOCH": "0"})
        assert served == b"+" + LENGTH.pack(0)
        time.sleep(0.5)
    assert (tmp_path / "ok.json").is_file()
    assert not other.exists()
    assert not any((tmp_path / f"{x}.json").exists() for x in "abc")
    assert log.read_text().count("request refused") == len(refused)
    # the client side asks for nothing else either
    assert "worker" not in DELEGATED and delegate(str(sock), ["worker"]) is None


def test_a_theme_is_a_name_never_a_path(tmp_path):
    from zhpress.style.theme import STYLES_DIR

    evil = tmp_path / "evil"
    shutil.copytree(STYLES_DIR / "gongwen", evil)
    (tmp_path / "x.md").write_text(MD, encoding="utf-8")
    relative = os.path.relpath(evil, STYLES_DIR)
    proc = subprocess.run([ZHPRESS, "pdf", str(tmp_path / "x.md"), "-o", str(tmp_path / "x.pdf"),
                           "--theme", relative], capture_output=True, text=True,
                          env={**os.environ, "ZHPRESS_WORKER": ""})
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1, proc.stderr
    assert "no theme" in proc.stderr and not (tmp_path / "x.pdf").exists()


def test_nothing_is_unpickled_or_evaluated():
    """No request can name a file that is then unpickled or run: no such call exists."""
    source = ROOT / "src" / "zhpress"
    banned = ("import pickle", "import marshal", "import shelve", "unsafe_load", "full_load",
              "Loader=yaml.Loader", "UnsafeLoader", "FullLoader", "eval(", "exec(", "import dill",
              "cloudpickle")
    for path in source.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not [b for b in banned if b in text], path
