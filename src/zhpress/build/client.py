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

from zhpress.build.protocol import DELEGATED, delegate


def main() -> None:
    argv = sys.argv[1:]
    worker = os.environ.get("ZHPRESS_WORKER")
    if worker and argv and argv[0] in DELEGATED and not {"-h", "--help"} & set(argv):
        code = delegate(worker, argv)
        if code is not None:
            sys.exit(code)
    from zhpress.cli import run

    sys.exit(run(argv))
