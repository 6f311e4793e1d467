"""The `zhpress` command's entry point.

Run by hand or by a cluster job, a `zhpress` process imports only what handing a command to a
warm worker needs (zhpress.build.protocol, ~1 ms on top of the interpreter's own start);
`zhpress.cli`, with argparse and the subcommands, is imported only when the command runs in this
process. (Rules of a local build do not start this process at all: they call `delegate` from
Snakemake's job threads, zhpress.build.jobs.)
"""

from __future__ import annotations

import os
import sys

from zhpress.build.protocol import DELEGATED, DIE_WITH, delegate


def main() -> None:
    argv = sys.argv[1:]
    parent = os.environ.pop(DIE_WITH, "")
    if parent.isdigit():
        die_with(int(parent))
    worker = os.environ.get("ZHPRESS_WORKER")
    if worker and argv and argv[0] in DELEGATED and not {"-h", "--help"} & set(argv):
        code = delegate(worker, argv)
        if code is not None:
            sys.exit(code)
    from zhpress.cli import run

    sys.exit(run(argv))


def die_with(parent: int) -> None:
    """Get a SIGINT when the process that started this one ends (Linux PR_SET_PDEATHSIG): a job
    of a Snakemake process that was killed stops with it, writing nothing (an interrupted
    command removes its temporary file)."""
    import ctypes
    import signal

    # a build started in the background (`snakemake &`) passes SIGINT on as ignored
    signal.signal(signal.SIGINT, signal.default_int_handler)
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGINT, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before the line above
        sys.exit(130)
