"""Pandoc's DOCX package in, a byte-reproducible one out (the rules of `ziputil.normalize`:
fixed timestamps and attributes, [Content_Types].xml first).

Only the parts the post-processing changes are compressed again: the others keep the deflate
stream pandoc wrote (deterministic for one pandoc), so nothing is inflated or deflated twice.
"""

from __future__ import annotations

import dataclasses
import io
import struct
import zipfile
import zlib

from zhpress.writers import ziputil
from zhpress.writers.ziputil import FIXED_TIME, MODE_0644, UNIX_SYSTEM

FIRST = "[Content_Types].xml"
_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # structCentralDir
_END = struct.Struct("<4s4H2LH")  # structEndArchive
_VERSION = 20  # what zipfile writes for deflated entries
_TIME = (FIXED_TIME[3] << 11) | (FIXED_TIME[4] << 5) | (FIXED_TIME[5] // 2)
_DATE = ((FIXED_TIME[0] - 1980) << 9) | (FIXED_TIME[1] << 5) | FIXED_TIME[2]


@dataclasses.dataclass(frozen=True)
class Member:
    crc: int
    size: int
    method: int  # zipfile.ZIP_STORED or ZIP_DEFLATED
    stream: bytes  # the data as stored in the zip


class Package:
    """The parts of a DOCX, in their order; `read` them, `replace` the changed ones."""

    def __init__(self, data: bytes) -> None:
        self._zip = zipfile.ZipFile(io.BytesIO(data))
        self._data = data
        self.members: dict[str, Member] = {}
        for info in self._zip.infolist():
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise ValueError(f"{info.filename}: compression {info.compress_type}")
            head = _LOCAL.unpack_from(data, info.header_offset)
            if head[0] != zipfile.stringFileHeader:
                raise ValueError(f"{info.filename}: bad local header")
            start = info.header_offset + _LOCAL.size + head[-2] + head[-1]
            self.members[info.filename] = Member(info.CRC, info.file_size, info.compress_type,
                                                 data[start:start + info.compress_size])

    def read(self, name: str) -> bytes:
        return self._zip.read(name)

    def replace(self, name: str, content: bytes) -> None:
        deflate = zlib.compressobj(ziputil.LEVEL, zlib.DEFLATED, -15)  # as pandoc
        self.members[name] = Member(zlib.crc32(content), len(content), zipfile.ZIP_DEFLATED,
                                    deflate.compress(content) + deflate.flush())

    def to_bytes(self) -> bytes:
        """The zip, [Content_Types].xml first, every entry dated 1980-01-01, mode 0644."""
        names = [n for n in self.members if n == FIRST] + [n for n in self.members if n != FIRST]
        out, central = io.BytesIO(), []
        for name in names:
            m = self.members[name]
            encoded, flags = _encode(name)
            fields = (_VERSION, 0, flags, m.method, _TIME, _DATE, m.crc, len(m.stream), m.size,
                      len(encoded))
            central.append(_CENTRAL.pack(zipfile.stringCentralDir, _VERSION, UNIX_SYSTEM, *fields,
                                         0, 0, 0, 0, MODE_0644, out.tell()) + encoded)
            out.write(_LOCAL.pack(zipfile.stringFileHeader, *fields, 0) + encoded)
            out.write(m.stream)
        start = out.tell()
        directory = b"".join(central)
        out.write(directory)
        out.write(_END.pack(zipfile.stringEndArchive, 0, 0, len(names), len(names),
                            len(directory), start, 0))
        return out.getvalue()


def _encode(name: str) -> tuple[bytes, int]:
    """The entry name's bytes and flag bits, as zipfile writes them."""
    try:
        return name.encode("ascii"), 0
    except UnicodeEncodeError:
        return name.encode("utf-8"), 0x800
