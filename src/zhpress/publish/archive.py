"""The append-only, content-addressed archive of EPUB editions (design.md, editions archive).

`output/archive/<name>/<name>-<YYYYMMDD>-<hash8>.epub` plus `editions.json` (edition id, date,
sha256, source sha256, size). Builds are byte-reproducible, so an unchanged source adds nothing;
an edition file is created exclusively (a hard link from a finished temporary file), so it is
never overwritten, and nothing here ever deletes one.

The archive checks itself: every build verifies the editions each index lists (sha256, `check`),
re-creates a missing one whose bytes the built EPUB still has (`restore`), and reports the others,
which the download page then lists without a link.
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


# An edition record: each key and the type of its value.
RECORD = {"id": str, "file": str, "date": str, "sha256": str, "source_sha256": str, "size": int}
_DAMAGED = "restore it from a backup (or move the folder away to start a new archive)"


def load_editions(directory: Path) -> list[dict]:
    """The editions of one publication, oldest first (empty when there are none yet).
    BadInput when editions.json does not parse or is not shaped as this module writes it."""
    index = directory / INDEX
    if not index.exists():
        return []
    try:
        data = json.loads(index.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput(f"{index} is damaged ({exc}); {_DAMAGED}") from exc
    problem = _shape_problem(data)
    if problem:
        raise BadInput(f"{index} is not an editions index ({problem}); {_DAMAGED}")
    return data["editions"]


def _shape_problem(data: object) -> str | None:
    """What is wrong with the shape of a parsed editions.json, or None."""
    if not isinstance(data, dict) or not isinstance(data.get("editions"), list):
        return 'expected {"editions": [...]}'
    for n, record in enumerate(data["editions"], 1):
        if not isinstance(record, dict):
            return f"edition {n} is not an object"
        for key, kind in RECORD.items():
            if not isinstance(record.get(key), kind) or isinstance(record.get(key), bool):
                return f"edition {n}: {key!r} is missing or not a {kind.__name__}"
        if Path(record["file"]).name != record["file"] or record["file"] in ("", ".", ".."):
            return f"edition {n}: file {record['file']!r} is not a file name in the folder"
    return None


def check(directory: Path) -> dict[str, str]:
    """Edition file name -> what is wrong with it ("missing", "differs"), for every edition
    the index lists that is not present with its recorded sha256 (empty when sound)."""
    wrong = {}
    for edition in load_editions(directory):
        path = directory / edition["file"]
        if not path.is_file():
            wrong[edition["file"]] = "missing"
        elif _sha256(path) != edition["sha256"]:
            wrong[edition["file"]] = "differs"
    return wrong


def verify(directory: Path) -> list[str]:
    """Problems with an archive (empty when sound): every listed file present and unchanged."""
    return [f"{name}: listed in {INDEX} but missing" if how == "missing"
            else f"{name}: sha256 differs from {INDEX}" for name, how in check(directory).items()]


def restore(directory: Path, epub: Path) -> tuple[list[str], list[str]]:
    """Re-create listed edition files that are missing and whose bytes `epub` (the built EPUB)
    has. Returns the files restored, and one line for each edition still missing or damaged
    (file, cause, fix)."""
    wrong = check(directory)
    data = epub.read_bytes() if wrong and epub.is_file() else b""
    digest = hashlib.sha256(data).hexdigest()
    restored = []
    for edition in load_editions(directory) if data else []:
        if wrong.get(edition["file"]) == "missing" and edition["sha256"] == digest:
            with _locked(directory), contextlib.suppress(FileExistsError):  # made meanwhile
                _create_exclusive(directory / edition["file"], data)
            del wrong[edition["file"]]
            restored.append(edition["file"])
    return restored, [f"zhpress: {directory / name}: " + (
        f"listed in {INDEX} but missing, and no built EPUB has its bytes" if how == "missing"
        else f"its sha256 differs from {INDEX} (damaged or replaced)")
        + "; restore it from a backup (the download page lists it without a link)"
        for name, how in wrong.items()]


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
        if record is not None and not (directory / record["file"]).exists():
            _create_exclusive(directory / record["file"], data)  # deleted: these are its bytes
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


def status(directory: Path) -> str:
    """The archive's state, checked before a build's jobs: '' when sound, else which editions
    are missing or damaged (or that the index is). A parameter of the entry rule: a change runs
    the entry, which restores what it can and lists the rest without a link."""
    try:
        wrong = check(directory)
    except BadInput as exc:  # the entry job fails on it, with its one line
        return f"damaged index: {exc}"
    return "; ".join(f"{name} {how}" for name, how in sorted(wrong.items()))
