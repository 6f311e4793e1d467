"""Stage 1: bytes -> text lines. Encoding detection, line ends, control characters, indentation.

Never replaces undecodable bytes with U+FFFD: such input raises `BadInput`.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer

from zhpress.errors import BadInput

SUPPORTED = "UTF-8, GB18030/GBK, Big5 (with HKSCS), UTF-16 with BOM"
_BIG5_FAMILY = {"big5", "big5hkscs", "cp950"}
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "hz", "cp936"}
INDENT_CHARS = " \t\u3000\u00a0"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\ufeff\ufffe]")
_LINE_BREAK = re.compile(r"[\x0c\u2028\u2029\x85]")


@dataclass
class Line:
    """One source line, indentation split off (it is layout, not text)."""

    number: int  # 1-based
    indent: str
    text: str
    trail: str = ""  # whitespace after the text (kept for hard-wrap joins)


@dataclass
class Decoded:
    encoding: str
    bom: bool
    line_ends: str
    line_end_counts: dict[str, int]
    lines: list[Line]
    removed: list[tuple[int, int, str]] = field(default_factory=list)  # (line, col, char)


def _fail_offset(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_at = e.start
    else:
        return -1
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError as e:
        return max(utf8_at, e.start)
    return utf8_at


def _bad(raw: bytes, why: str) -> BadInput:
    off = _fail_offset(raw)
    where = f"bytes at offset {off} " if off >= 0 else "the bytes "
    return BadInput(
        f"{where}{why} under no supported encoding ({SUPPORTED}); re-save the file as UTF-8"
    )


def detect(raw: bytes) -> tuple[str, str, bool]:
    """Return (codec, reported encoding name, bom) or raise BadInput."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8", True
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", "utf-32", True
    if raw.startswith(codecs.BOM_UTF16_LE):
        return "utf-16", "utf-16-le", True
    if raw.startswith(codecs.BOM_UTF16_BE):
        return "utf-16", "utf-16-be", True
    if b"\x00" in raw:
        raise BadInput(
            f"NUL byte at offset {raw.index(0)}: binary data or UTF-16 without BOM; "
            "re-save the file as UTF-8"
        )
    try:
        raw.decode("utf-8")
        return "utf-8", "utf-8", False
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        # charset_normalizer gives up on text with much nonsense in it (a news dump whose lost
        # bytes shift the rest of a line: valid GBK, wrong characters); a strict decode that
        # still reads as mostly Han is taken, and the nonsense is left for the report's checks
        codec = _strict_cjk(raw)
        if codec:
            return codec, codec, False
        raise _bad(raw, "decode")
    enc = best.encoding.lower().replace("-", "").replace("_", "")
    if enc in _GB_FAMILY or enc.startswith("gb"):
        return "gb18030", "gb18030", False
    if enc in _BIG5_FAMILY:
        # Big5-HKSCS is a superset of Big5 and cp950's common part; it also holds the radical
        # components (灬 扌 犭) and HKSCS characters that Taiwanese and Hong Kong texts use
        return "big5hkscs", "big5hkscs", False
    raise BadInput(
        f"the text looks like {best.encoding}, which is not supported ({SUPPORTED}); "
        "re-save the file as UTF-8"
    )


_HAN_OR_CJK_PUNCT = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
STRICT_HAN_SHARE = 0.9  # share of non-ASCII characters that must be Han or CJK punctuation


def _strict_cjk(raw: bytes) -> str:
    """gb18030 or big5hkscs when `raw` decodes under it without error and its non-ASCII
    characters are nearly all Han and CJK punctuation; else ''."""
    for codec in ("gb18030", "big5hkscs"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = sum(1 for ch in text if ord(ch) > 0x7F)
        if wide and len(_HAN_OR_CJK_PUNCT.findall(text)) >= STRICT_HAN_SHARE * wide:
            return codec
    return ""


def _line_ends(text: str) -> tuple[str, dict[str, int]]:
    crcrlf = text.count("\r\r\n")
    crlf = text.count("\r\n") - crcrlf
    cr = text.count("\r") - crlf - 2 * crcrlf
    lf = text.count("\n") - crlf - crcrlf
    counts = {k: v for k, v in (("LF", lf), ("CRLF", crlf), ("CR", cr), ("CRCRLF", crcrlf)) if v}
    if not counts:
        return "none", counts
    name = next(iter(counts)) if len(counts) == 1 else "mixed"
    return name, counts


def decode(raw: bytes) -> Decoded:
    codec, name, bom = detect(raw)
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as e:
        raise _bad(raw, f"(0x{raw[e.start]:02x}) decode as {name} but") from None
    text = text.removeprefix("\ufeff")
    ends, counts = _line_ends(text)
    text = text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")
    text = _LINE_BREAK.sub("\n", text)
    out = Decoded(name, bom, ends, counts, [])
    for n, line in enumerate(text.split("\n"), start=1):
        if _CONTROL.search(line):
            kept = []
            for col, ch in enumerate(line, start=1):
                if _CONTROL.match(ch):
                    out.removed.append((n, col, ch))
                else:
                    kept.append(ch)
            line = "".join(kept)
        body = line.lstrip(INDENT_CHARS)
        text = body.rstrip(INDENT_CHARS)
        out.lines.append(Line(n, line[: len(line) - len(body)], text, body[len(text):]))
    return out


def control_name(ch: str) -> str:
    return unicodedata.name(ch, f"U+{ord(ch):04X}")
