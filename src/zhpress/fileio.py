"""Output files are written whole or not at all; input files are read only when they are what
they claim to be."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write via a temporary file in the same folder and rename: never a partial output, even
    when the build is interrupted or the process is killed mid-write."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except OSError as exc:  # a write error names no file (a full disk): name the output
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    finally:
        with contextlib.suppress(OSError):  # also on a read-only or vanished folder
            tmp.unlink(missing_ok=True)


def read_input(path: Path, regular: bool = False) -> bytes:
    """The bytes of an input file of at most MAX_INPUT_BYTES (checked before it is read); with
    `regular`, only of a regular file that is not a symbolic link.

    A build checks its inputs when it lists them (zhpress.build.inputs: regular files directly
    in the input folder); this checks again as the file is opened, without following a symbolic
    link (O_NOFOLLOW) and without blocking on a FIFO, so a link put in place after the listing
    is refused too. (Not the folder: a storage provider hands the job a staged copy elsewhere.)
    """
    from zhpress.errors import BadInput
    from zhpress.limits import check_size

    flags = os.O_RDONLY | (os.O_NOFOLLOW | os.O_NONBLOCK if regular else 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise BadInput("is a symbolic link; inputs must be regular files in the input folder: "
                       "copy the file in instead of linking it") from None
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode) or regular and not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise BadInput("is not a regular file (a folder, FIFO, socket or device); "
                       "replace it with the text file")
    with os.fdopen(fd, "rb") as handle:
        check_size(info.st_size)
        return handle.read()


# errno -> what to do about it, for errors writing an output (zhpress.cli prints one line).
WRITE_FIXES = {
    errno.ENOSPC: "free space on that disk, then run the build again",
    errno.EDQUOT: "free space within your disk quota, then run the build again",
    errno.EFBIG: "raise the file size limit (ulimit -f), then run the build again",
    errno.EROFS: "make it writable, or set output_dir/archive_dir to a writable folder",
    errno.EACCES: "make the folder writable for this user, or set output_dir/archive_dir to "
                  "a writable folder",
    errno.EPERM: "make the folder writable for this user, or set output_dir/archive_dir to "
                 "a writable folder",
}


def os_error_line(exc: OSError) -> str | None:
    """One line (the file, the cause, the fix) for an error the user can fix; None for others."""
    fix = WRITE_FIXES.get(exc.errno or 0)
    if fix is None:
        return None
    where = f"cannot write {exc.filename}" if exc.filename else "cannot write an output"
    return f"{where}: {exc.strerror}; {fix}"
