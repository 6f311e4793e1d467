"""Byte-reproducible zip containers (DOCX, EPUB): fixed order, timestamps and attributes."""

from __future__ import annotations

import io
import zipfile

# 1980-01-01, the earliest time a zip entry can hold: the same for every build.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)
# zlib's default, which ebooklib and pandoc use too; level 9 takes ~30 % longer on the embedded
# font subsets for 0.1 % smaller files.
LEVEL = 6


# Every entry: Unix, mode 0644.
UNIX_SYSTEM = 3
MODE_0644 = 0o644 << 16


def entry_info(name: str) -> tuple[zipfile.ZipInfo, int | None]:
    """The fixed ZipInfo of entry `name` and its compression level: EPUB's mimetype stored,
    everything else deflated at LEVEL."""
    info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
    stored = name == "mimetype"
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.external_attr = MODE_0644
    info.create_system = UNIX_SYSTEM
    return info, None if stored else LEVEL


def normalize(data: bytes, first: tuple[str, ...] = ("mimetype", "[Content_Types].xml")) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, keeping the original entry order
    except that `first` entries lead (EPUB's mimetype must be first and stored)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    names = src.namelist()
    order = [n for n in first if n in names] + [n for n in names if n not in first]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info, level = entry_info(name)
            dst.writestr(info, src.read(name), compresslevel=level)
    return out.getvalue()
