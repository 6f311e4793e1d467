"""Publication names: input file stems made safe for file names (design.md).

Chinese is kept; path separators, control characters, quotes and shell-special characters are
replaced, and leading dots and dashes removed, so a name is safe as a file name and as an
argument. A name is also bounded (MAX_NAME_BYTES), and never ends in a run Snakemake takes for
a runaway wildcard; such a name is cut and given a short hash of the original, which the
download page still shows. Two inputs that map to one name are an error naming both.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import unicodedata
from pathlib import Path

SUFFIXES = (".txt", ".md")
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"'<>|$`;&(){}\[\]!#~^\s]+")
#: UTF-8 bytes of a publication name (50 Han characters). The longest file made from a name, a
#: temporary archive edition `.<name>-<date>-<hash>.epub.<pid>.tmp`, adds about 45 bytes, and
#: file names end at 255 bytes (a 78-character Han name failed with "File name too long").
MAX_NAME_BYTES = 150
# A name ending in 20 repetitions of anything stops every Snakemake run (PeriodicWildcardError:
# Snakemake takes such a wildcard value for a rule that recurses without end).
_PERIODIC = re.compile(r"(.+)\1{19,}$")


def safe_name(stem: str) -> str:
    """`a b/c` -> `a_b_c`; `-rf` -> `rf`; `$(x)` -> `x`; control characters dropped; a name over
    MAX_NAME_BYTES, or periodic at its end, is cut and ends in `-<8 hex digits of its stem>`."""
    stem = unicodedata.normalize("NFC", stem)
    cleaned = "".join(c for c in stem if unicodedata.category(c) not in ("Cc", "Cf"))
    cleaned = _UNSAFE.sub("_", cleaned).strip("_")
    name = cleaned.lstrip(".-_") or "untitled"
    if len(name.encode("utf-8")) > MAX_NAME_BYTES or _PERIODIC.search(name):
        digest = hashlib.sha256(stem.encode("utf-8", "surrogateescape")).hexdigest()[:8]
        head = name.encode("utf-8")[:MAX_NAME_BYTES - 9].decode("utf-8", "ignore")
        name = f"{head.rstrip('_-.')}-{digest}"
    return name


def shown(path: Path | str) -> str:
    """A path for a one-line message: bytes that are not UTF-8 escaped, line breaks visible."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return text.replace("\n", "\\n").replace("\r", "\\r")


def discover_inputs(folder: str | Path) -> tuple[dict[str, str], list[str]]:
    """Safe name -> input path for every .txt and .md file in `folder` (hidden files skipped),
    and one line per input that cannot be used: two files that map to one name are both left out,
    so neither silently wins."""
    sources: dict[str, str] = {}
    clashes: dict[str, list[str]] = {}
    undecodable: list[str] = []
    unusable: list[str] = []
    for path in sorted(Path(folder).iterdir()) if Path(folder).is_dir() else []:
        if path.name.startswith(".") or path.suffix.lower() not in SUFFIXES:
            continue
        try:
            path.name.encode("utf-8")
        except UnicodeEncodeError:  # bytes the file system gave that are not UTF-8 (e.g. GBK)
            undecodable.append(f"zhpress: {shown(path)}: the file name is not UTF-8 (perhaps GBK "
                               "from an old zip); rename the file")
            continue
        why = not_a_regular_input(path, Path(folder))
        if why:
            unusable.append(f"zhpress: {shown(path)}: {why}")
            continue
        name = safe_name(path.stem)
        if name in sources or name in clashes:
            clashes.setdefault(name, [sources.pop(name)] if name in sources else [])
            clashes[name].append(str(path))
            continue
        sources[name] = str(path)
    problems = [
        f"zhpress: {' and '.join(paths)} all map to the publication name {name!r}; rename all "
        "but one of them"
        for name, paths in clashes.items()
    ]
    return sources, unusable + undecodable + problems


def not_a_regular_input(path: Path, folder: Path) -> str | None:
    """Why `path` cannot be an input (its cause and fix), or None for a regular file directly
    inside `folder`.

    A symbolic link is refused wherever it points: followed, `input/x.txt -> /etc/passwd` would
    publish the password file in every format and, for good, in the append-only archive; and
    what a link points to can change between this check and the job that reads it.
    """
    try:
        info = path.lstat()
    except FileNotFoundError:
        return "the file disappeared while the inputs were listed; run the build again"
    if stat.S_ISLNK(info.st_mode):
        return (f"is a symbolic link (to {shown(os.readlink(path))}); inputs must be regular files "
                f"inside {folder}/: copy the file in instead of linking it")
    if stat.S_ISDIR(info.st_mode):
        return (f"is a folder, not a text file; move it out of {folder}/ or rename it "
                "(inputs are files ending in .txt or .md)")
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file (a FIFO, socket or device); replace it with the text file"
    if path.absolute().parent.resolve() != folder.resolve():
        return f"is not inside {folder}/; copy the file in"
    return None
