"""After an interrupted build: Snakemake's own lock is released by a clean stop (Ctrl-C, an
error), but not when its process is killed (kill -9, out of memory, power loss); the next run
then stops with "Directory cannot be locked" until `snakemake --unlock`.

Every build holds an advisory lock of its own (flock on .snakemake/zhpress-build.lock) for as
long as its process runs; the kernel releases it however the process ends. A build that gets
it knows no other build is running in that folder, so Snakemake locks it finds there were left
by an interrupted one, and it removes them.
"""

from __future__ import annotations

import fcntl
import sys
from pathlib import Path
from typing import IO

# The lock file held open by this process (closing it would release the lock).
_HELD: list[IO[str]] = []


def claim_workdir(workdir: Path) -> bool:
    """Hold the build lock of `workdir` for the life of this process and remove the Snakemake
    locks of an interrupted build; False (nothing removed) when another build holds it."""
    meta = workdir / ".snakemake"
    meta.mkdir(parents=True, exist_ok=True)
    handle = open(meta / "zhpress-build.lock", "a")  # noqa: SIM115 - held until the process ends
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # another build runs here: its locks are real
        handle.close()
        return False
    _HELD.append(handle)
    stale = sorted((meta / "locks").glob("*.lock"))
    for path in stale:
        path.unlink(missing_ok=True)
    if stale:
        print("zhpress: removed the lock of an interrupted build (no other build is running "
              "here)", file=sys.stderr)
    return True
