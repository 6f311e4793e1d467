"""The parsed form of each structured Markdown file, kept for the format stages of one build.

Reading Markdown runs pandoc (40–100 ms a document), and the PDF, DOCX and EPUB stages all read
the same file. So the normalize stage, which has just written the Markdown, reads it back once
and keeps the Document here; the format stages use it when the Markdown's bytes are still the
ones it was read from, and read the file themselves otherwise (a Markdown edited by hand, a
cluster node without this folder). The cached value is always exactly what reading those bytes
gives, so a hit and a miss produce the same output; the key is the bytes' sha256 together with the
reader's own sources and the pandoc and PyYAML that reading uses.

The cache is on only where the build asks for it: ZHPRESS_CACHE_DIR (set by the Snakefile to a
folder under .snakemake/). One file per publication name, replaced atomically, so the folder
holds no more entries than there are publications.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
from pathlib import Path

from .fileio import write_atomic
from .model import Document

# Entries written by other reader code are never used: the key includes the reader's sources.
_READER_SOURCES = ("markdown.py", "model.py", "doccache.py")


@functools.cache
def reader_version() -> str:
    """What reading depends on besides the bytes: the reader's code, pandoc, PyYAML."""
    import pypandoc
    import yaml

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in _READER_SOURCES:
        digest.update((here / name).read_bytes())
    pandoc = Path(pypandoc.get_pandoc_path()).resolve()
    info = pandoc.stat()
    digest.update(f"{pandoc}\0{info.st_size}\0{info.st_mtime_ns}\0{yaml.__version__}".encode())
    return digest.hexdigest()


def enabled() -> bool:
    return bool(os.environ.get("ZHPRESS_CACHE_DIR"))


def _entry(markdown: Path) -> Path | None:
    folder = os.environ.get("ZHPRESS_CACHE_DIR")
    return Path(folder) / f"{markdown.stem}.pickle" if folder else None


def _key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest() + reader_version()


def read(markdown: Path, data: bytes, parse) -> Document:
    """The Document of `data` (the bytes of `markdown`): from the cache, else `parse(data)`."""
    entry = _entry(markdown)
    if entry is not None:
        try:
            key, doc = pickle.loads(entry.read_bytes())
            if key == _key(data) and isinstance(doc, Document):
                return doc
        except (OSError, pickle.UnpicklingError, ValueError, TypeError, EOFError,
                AttributeError, ImportError):
            pass  # no entry, or one from another version: read the file
    return parse(data)


def store(markdown: Path, data: bytes, doc: Document) -> None:
    """Keep `doc`, the Document read from `data`, for the stages that read `markdown` next."""
    entry = _entry(markdown)
    if entry is not None:  # only a speed-up: a cache that cannot be written is no error
        with contextlib.suppress(OSError, pickle.PicklingError):
            entry.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(entry, pickle.dumps((_key(data), doc),
                                             protocol=pickle.HIGHEST_PROTOCOL))
