"""Shrink the fonts that WeasyPrint embeds: keep only the glyphs a PDF draws.

WeasyPrint 70 subsets each font with HarfBuzz keeping glyph IDs (``RETAIN_GIDS``), then keeps
every glyph slot up to the highest one used: one Noto CJK glyph near the end of the font (风 is
glyph 44285) costs ~44,000 empty slots, about 2/3 of a short report's PDF. Noto/Source Han CJK
are CID-keyed CFF (Adobe-Identity-0, CID == original glyph ID), embedded as CIDFontType0 whose
content-stream codes are CIDs; a CID-keyed CFF maps CIDs to glyphs through its charset, so the
glyphs can be renumbered as long as the charset keeps each glyph's CID (HarfBuzz's CFF
subsetter does). :func:`shrink` does that to every embedded CID-keyed CFF font program, in the
PDF's bytes: the other objects are copied unchanged, and the cross-reference stream is rebuilt
with the new offsets. Same input, same output (no time stamp, no randomness).

Which glyphs are drawn is read from the font itself: WeasyPrint's subset left the unused glyphs
empty (a lone ``endchar``). A drawn glyph that is empty too (a space) maps to ``.notdef``
afterwards, which draws nothing as well; fonts whose ``.notdef`` has an outline are left alone.
TrueType (``FontFile2``) and name-keyed CFF programs are left alone: their glyph IDs are the
content-stream codes.
"""

from __future__ import annotations

import re
import struct
import zlib

from zhpress.style import subset as hbsubset

__all__ = ["shrink"]

#: HB_SUBSET_FLAGS_: keep every table we do not know (as WeasyPrint does), keep the charstrings
#: as they are (already desubroutinized).
_FLAGS = 0x20  # PASSTHROUGH_UNRECOGNIZED


# --------------------------------------------------------------------------- CFF reading


def _cff_table(font: bytes) -> bytes | None:
    """The 'CFF ' table of an OpenType font, or the data itself if it is a bare CFF."""
    if font[:4] != b"OTTO":
        return font if font[:1] == b"\x01" else None
    (count,) = struct.unpack_from(">H", font, 4)
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * index)
        if tag == b"CFF ":
            return font[offset : offset + length]
    return None


def _index(data: bytes, pos: int) -> tuple[list[int], int]:
    """Offsets (absolute, count + 1 of them) of the CFF INDEX at `pos`, and the position after it."""
    (count,) = struct.unpack_from(">H", data, pos)
    if count == 0:
        return [], pos + 2
    size = data[pos + 2]
    start = pos + 3
    base = start + (count + 1) * size - 1
    raw = data[start : start + (count + 1) * size]
    offsets = [base + int.from_bytes(raw[i : i + size], "big") for i in range(0, len(raw), size)]
    return offsets, offsets[-1]


def _top_dict(data: bytes, start: int, end: int) -> dict[int, list[float]]:
    """Operators (12 x as 1200 + x) and operands of a CFF DICT."""
    out: dict[int, list[float]] = {}
    operands: list[float] = []
    pos = start
    while pos < end:
        b0 = data[pos]
        if b0 <= 21:
            op = 1200 + data[pos + 1] if b0 == 12 else b0
            pos += 2 if b0 == 12 else 1
            out[op], operands = operands, []
        elif b0 == 28:
            operands.append(struct.unpack_from(">h", data, pos + 1)[0])
            pos += 3
        elif b0 == 29:
            operands.append(struct.unpack_from(">i", data, pos + 1)[0])
            pos += 5
        elif b0 == 30:  # real number: skip its nibbles, up to the 0xf end nibble
            pos += 1
            while data[pos] & 0x0F != 0x0F and data[pos] >> 4 != 0x0F:
                pos += 1
            pos += 1
            operands.append(0.0)
        elif b0 <= 246:
            operands.append(b0 - 139)
            pos += 1
        elif b0 <= 250:
            operands.append((b0 - 247) * 256 + data[pos + 1] + 108)
            pos += 2
        else:
            operands.append(-(b0 - 251) * 256 - data[pos + 1] - 108)
            pos += 2
    return out


def glyph_count(font: bytes) -> int | None:
    """The number of glyphs of a CID-keyed CFF font (bare or in OpenType), or None when the font
    is not one."""
    cff = _cff_table(font)
    if cff is None:
        return None
    _, pos = _index(cff, cff[2])  # Name INDEX, after the header
    top, _ = _index(cff, pos)
    if len(top) != 2:
        return None
    entries = _top_dict(cff, top[0], top[1])
    if 1230 not in entries or 17 not in entries:  # ROS: CID-keyed; CharStrings
        return None
    (count,) = struct.unpack_from(">H", cff, int(entries[17][0]))
    return count


def subset_cid_font(font: bytes, drawn: set[int]) -> bytes | None:
    """`font` (CID-keyed CFF) with only the `drawn` glyph IDs (and .notdef), renumbered, each
    keeping its CID; None if that is not possible or not smaller."""
    count = glyph_count(font)
    if count is None:
        return None
    glyphs = sorted({0, *(gid for gid in drawn if gid < count)})
    data = hbsubset.subset_glyphs(font, glyphs, _FLAGS)
    if data is None:
        return None
    return data if 0 < len(data) < len(font) else None


# --------------------------------------------------------------------------- PDF rewriting

_OBJECT = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length (\d+)")
_TO_UNICODE = b"/CIDInit /ProcSet findresource begin"
_BFCHAR = re.compile(rb"<([0-9a-fA-F]{4})> <")
_XREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class _Unsupported(Exception):
    """The PDF is not laid out as WeasyPrint writes it: it is returned unchanged."""


def _stream_at(pdf: bytes, offset: int) -> tuple[re.Match[bytes], int, int] | None:
    """The object header at `offset` if it is a stream, with the span of its data and the end of
    the object (after ``endobj`` and its end of line)."""
    match = _OBJECT.match(pdf, offset)
    if match is None or b"/Length " not in match.group(2):
        return None
    length = _LENGTH.search(match.group(2))
    if length is None or b" R" in match.group(2)[length.end() : length.end() + 6]:
        raise _Unsupported("indirect /Length")
    data_end = match.end() + int(length.group(1))
    end = pdf.index(b"endobj", data_end) + len(b"endobj")
    while end < len(pdf) and pdf[end : end + 1] in b"\r\n":
        end += 1
    return match, match.end(), data_end


def _xref(pdf: bytes) -> tuple[int, re.Match[bytes], list[list[int]], list[int], bytes]:
    """Offset, header, entries, field widths and decoded data of the PDF's only xref stream."""
    found = _XREF.search(pdf[-64:])
    if found is None:
        raise _Unsupported("no startxref")
    offset = int(found.group(1))
    stream = _stream_at(pdf, offset)
    if stream is None:
        raise _Unsupported("classic xref table")
    header, start, end = stream
    info = header.group(2)
    if b"/XRef" not in info or b"/Prev" in info or b"/DecodeParms" in info:
        raise _Unsupported("incremental update or predictor")
    widths = [int(w) for w in re.search(rb"/W\s*\[([\d\s]+)\]", info).group(1).split()]
    data = zlib.decompress(pdf[start:end])
    step = sum(widths)
    entries = []
    for pos in range(0, len(data), step):
        fields, at = [], pos
        for width in widths:
            fields.append(int.from_bytes(data[at : at + width], "big") if width else 1)
            at += width
        entries.append(fields)
    return offset, header, entries, widths, data


def shrink(pdf: bytes) -> bytes:
    """`pdf` (as WeasyPrint writes it) with each embedded CID-keyed CFF font re-subset to the
    glyphs the document draws (those in its ToUnicode maps). Anything unexpected: `pdf` as is."""
    try:
        return _shrink(pdf)
    except (_Unsupported, ValueError, AttributeError, zlib.error, struct.error, IndexError):
        return pdf


def _shrink(pdf: bytes) -> bytes:
    xref_offset, xref_header, entries, widths, _ = _xref(pdf)
    streams = []  # (header, data start, data end, object end) of the uncompressed streams
    for kind, offset, _ in entries:
        if kind == 1 and offset != xref_offset and (stream := _stream_at(pdf, offset)):
            streams.append(stream)
    drawn: dict[int, set[int]] = {}  # ToUnicode object -> the glyph IDs it maps
    fonts, packed = [], {}
    for header, start, end in streams:
        info = header.group(2)
        if b"/Subtype /OpenType" in info or b"/Subtype /CIDFontType0C" in info:
            fonts.append((header, start, end))
        elif b"/Type /ObjStm" in info or b"/Type/ObjStm" in info:
            packed.update(_packed_objects(info, zlib.decompress(pdf[start:end])))
        elif (b"/Subtype" not in info and b"/FlateDecode" in info
              and zlib.decompressobj().decompress(pdf[start:end], 64).startswith(_TO_UNICODE)):
            text = zlib.decompress(pdf[start:end])
            drawn[int(header.group(1))] = {int(code, 16) for code in _BFCHAR.findall(text)}
    users = _font_file_users(packed)
    everything = set().union(*drawn.values())
    replaced: list[tuple[int, int, bytes]] = []  # (object start, object end, new object)
    for header, start, end in fonts:
        compressed = b"/FlateDecode" in header.group(2)
        font = zlib.decompress(pdf[start:end]) if compressed else pdf[start:end]
        maps = users.get(int(header.group(1)))
        glyphs = set().union(*(drawn[m] for m in maps)) if maps and maps <= drawn.keys() else None
        smaller = subset_cid_font(font, everything if glyphs is None else glyphs)
        if smaller is None:
            continue
        # The bare CFF, as /CIDFontType0C: viewers look CIDs up in its charset (with the
        # OpenType wrapper, poppler and pdfium take the codes for glyph IDs).
        smaller = _cff_table(smaller) or b""
        data = zlib.compress(smaller, 9) if compressed else smaller
        info = _LENGTH.sub(b"/Length %d" % len(data), header.group(2), count=1)
        info = info.replace(b"/Subtype /OpenType", b"/Subtype /CIDFontType0C")
        tail_end = pdf.index(b"endobj", end) + len(b"endobj")
        new = b"%s 0 obj\n%s\nstream\n%s%s" % (header.group(1), info, data, pdf[end:tail_end])
        replaced.append((header.start(), tail_end, new))
    if not replaced:
        return pdf
    return _reassemble(pdf, replaced, xref_offset, xref_header, entries, widths)


def _packed_objects(info: bytes, data: bytes) -> dict[int, bytes]:
    """The objects of an object stream (``/Type /ObjStm``), by number."""
    count = int(re.search(rb"/N (\d+)", info).group(1))
    first = int(re.search(rb"/First (\d+)", info).group(1))
    numbers = [int(n) for n in data[:first].split()[: 2 * count]]
    starts = [first + offset for offset in numbers[1::2]] + [len(data)]
    return {numbers[2 * i]: data[starts[i] : starts[i + 1]] for i in range(count)}


_REFERENCE = rb"\s*(\d+) 0 R"


def _font_file_users(objects: dict[int, bytes]) -> dict[int, set[int]]:
    """Font program object -> the ToUnicode streams of the fonts that use it, following
    Type0 font -> /DescendantFonts -> /FontDescriptor -> /FontFile3 in the packed objects."""
    descendant, descriptor, program = {}, {}, {}
    for number, body in objects.items():
        if (to_unicode := re.search(rb"/ToUnicode" + _REFERENCE, body)) and (
                kids := re.search(rb"/DescendantFonts\s*\[" + _REFERENCE, body)):
            descendant.setdefault(int(kids.group(1)), set()).add(int(to_unicode.group(1)))
        if found := re.search(rb"/FontDescriptor" + _REFERENCE, body):
            descriptor[number] = int(found.group(1))
        if found := re.search(rb"/FontFile[23]?" + _REFERENCE, body):
            program[number] = int(found.group(1))
    users: dict[int, set[int]] = {}
    for cid_font, maps in descendant.items():
        if (file := program.get(descriptor.get(cid_font, -1))) is not None:
            users.setdefault(file, set()).update(maps)
    return users


def _reassemble(pdf: bytes, replaced: list[tuple[int, int, bytes]], xref_offset: int,
                xref_header: re.Match[bytes], entries: list[list[int]],
                widths: list[int]) -> bytes:
    """Splice the new objects in, then write a new xref stream with the moved offsets."""
    replaced.sort()
    pieces, shifts, position, shift = [], [], 0, 0
    for start, end, new in replaced:
        pieces += [pdf[position:start], new]
        shift += len(new) - (end - start)
        shifts.append((end, shift))
        position = end
    pieces.append(pdf[position:xref_offset])
    body = b"".join(pieces)

    def moved(offset: int) -> int:
        delta = 0
        for end, total in shifts:
            if offset >= end:
                delta = total
        return offset + delta

    new_xref = len(body)
    out = bytearray()
    for fields in entries:
        if fields[0] == 1:
            fields = [1, new_xref if fields[1] == xref_offset else moved(fields[1]), fields[2]]
        for value, width in zip(fields, widths, strict=True):
            if width:
                out += value.to_bytes(width, "big")
    data = zlib.compress(bytes(out), 9)
    info = _LENGTH.sub(b"/Length %d" % len(data), xref_header.group(2), count=1)
    return b"%s%s 0 obj\n%s\nstream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (
        body, xref_header.group(1), info, data, new_xref)
