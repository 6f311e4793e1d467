"""The append-only, content-addressed archive of EPUB editions (design.md, editions archive).

`output/archive/<name>/<name>-<YYYYMMDD>-<hash8>.epub` plus `editions.json` (edition id, date,
sha256, source sha256, size). Builds are byte-reproducible, so an unchanged source adds nothing;
an edition file is created exclusively (a hard link from a finished temporary file), so it is
never overwritten, and nothing here ever deletes one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from zhpress.dates import document_date_or_fallback, source_date_epoch
from zhpress.errors import BadInput
from zhpress.fileio import write_atomic

INDEX = "editions.json"
LATEST = "latest.json"
LOCK = ".editions.lock"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def edition_date(stated: str | None) -> str:
    """YYYYMMDD of an edition: the document's date by the one date policy (zhpress.dates)."""
    return document_date_or_fallback(stated, source_date_epoch()).strftime("%Y%m%d")


def load_editions(directory: Path) -> list[dict]:
    """The editions of one publication, oldest first (empty when there are none yet)."""
    index = directory / INDEX
    if not index.exists():
        return []
    try:
        return json.loads(index.read_text(encoding="utf-8"))["editions"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadInput(f"{index} is damaged ({exc}); restore it from a backup") from exc


def verify(directory: Path) -> list[str]:
    """Problems with an archive (empty when sound): every listed file present and unchanged."""
    problems = []
    for edition in load_editions(directory):
        path = directory / edition["file"]
        if not path.is_file():
            problems.append(f"{path.name}: listed in {INDEX} but missing")
        elif _sha256(path) != edition["sha256"]:
            problems.append(f"{path.name}: sha256 differs from {INDEX}")
    return problems


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One writer per archive folder at a time (two builds of one publication never race)."""
    import fcntl

    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _create_exclusive(target: Path, data: bytes) -> None:
    """Write `target` complete or not at all, failing if it exists (never an overwrite)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, target)  # atomic, and raises FileExistsError instead of replacing
    finally:
        tmp.unlink(missing_ok=True)


def add_edition(epub: Path, directory: Path, source: Path, stated_date: str | None,
                latest: Path | None = None) -> dict:
    """Add `epub` (made from the Markdown `source`, whose document states `stated_date`) as a new
    edition unless an edition with the same bytes exists.

    Returns the edition's record, and writes it to `latest` when given.
    """
    data = epub.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    with _locked(directory):
        editions = load_editions(directory)
        record = next((e for e in editions if e["sha256"] == digest), None)
        if record is None:
            record = _new_edition(epub.stem, data, digest, directory, source, stated_date)
            editions.append(record)
            write_atomic(directory / INDEX,
                         json.dumps({"editions": editions}, ensure_ascii=False, indent=1) + "\n")
        if latest is not None:
            write_atomic(latest, json.dumps(record, ensure_ascii=False) + "\n")
    return record


def _new_edition(name: str, data: bytes, digest: str, directory: Path, source: Path,
                 stated_date: str | None) -> dict:
    date = edition_date(stated_date)
    edition_id = f"{name}-{date}-{digest[:8]}"
    target = directory / f"{edition_id}.epub"
    try:
        _create_exclusive(target, data)
    except FileExistsError:
        # Left by a build that stopped before updating editions.json: adopt it if it is ours.
        if _sha256(target) != digest:
            raise BadInput(f"edition file {target} exists with other content; the archive is "
                           "damaged (editions are never overwritten)") from None
    return {
        "id": edition_id,
        "file": target.name,
        "date": date,
        "sha256": digest,
        "source_sha256": _sha256(source),
        "size": len(data),
    }
