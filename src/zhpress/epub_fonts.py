"""Fonts embedded in an EPUB: the theme's faces, subset to exactly the characters of the book.

A full CJK face is 17–25 MB; a subset of the ~1,000–2,000 characters a report uses is a few
hundred KB (reference/docx-epub.md §4). Faces are subset straight from the collection with the
face index (never extracted first), keep every name record (copyright, licence, licence URL) and
keep their head timestamps, so the same text always gives the same bytes.
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from . import hbsubset
from .theme import ROLES, Face, Theme

log = logging.getLogger("zhpress")

# Printable ASCII is always embedded: digits and Latin letters in a report are common, cheap,
# and a reader's fallback Latin face would not match the CJK face's metrics.
ASCII = "".join(chr(c) for c in range(0x21, 0x7F))
MEDIA_TYPES = {"otf": "font/otf", "ttf": "font/ttf"}


@dataclass(frozen=True)
class EmbeddedFont:
    """One subset face as it goes into the EPUB (file name relative to the package folder)."""

    family: str
    file_name: str
    media_type: str
    data: bytes
    charset: frozenset[int]


def shown(char: str) -> bool:
    """Whether a character needs a glyph (spaces and format/control characters do not)."""
    return unicodedata.category(char) not in ("Zs", "Zl", "Zp", "Cc", "Cf")


def used_faces(theme: Theme, css_text: str) -> list[Face]:
    """The theme's faces that the stylesheet names, each once, in role order."""
    faces: list[Face] = []
    for role in ROLES:
        face = theme.face(role)
        if f'"{face.family}"' in css_text and face not in faces:
            faces.append(face)
    return faces


@functools.lru_cache(maxsize=8)
def _subset(face: Face, text: str) -> tuple[bytes, str, str]:
    """(font bytes, PostScript name, extension) of `face` subset to the characters of `text`."""
    from fontTools.ttLib import TTFont

    data = hbsubset.subset(face.file, face.index, {ord(c) for c in text})
    if data is None:  # no libharfbuzz-subset0: the (25x slower) fontTools subsetter
        data = _fonttools_subset(face, text)
    font = TTFont(io.BytesIO(data), lazy=True)
    try:
        postscript = str(font["name"].getDebugName(6) or face.family)
    finally:
        font.close()
    return data, postscript, "otf" if data[:4] == b"OTTO" else "ttf"


def _fonttools_subset(face: Face, text: str) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.font_number = face.index
    options.name_IDs = ["*"]  # keep copyright, licence and licence URL records
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    options.recalc_timestamp = False  # the face's own head.modified: reproducible bytes
    options.drop_tables += ["DSIG"]
    font = TTFont(face.file, fontNumber=face.index, lazy=True, recalcTimestamp=False)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        return buf.getvalue()
    finally:
        font.close()


def charset(data: bytes) -> frozenset[int]:
    """The code points a font file maps to glyphs (its best cmap)."""
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def embed(theme: Theme, css_text: str, chars: Iterable[str]) -> list[EmbeddedFont]:
    """Subsets of every face the CSS names, each holding every character of the book it has."""
    text = "".join(sorted({c for c in chars if shown(c)} | set(ASCII)))
    fonts: list[EmbeddedFont] = []
    used_names: set[str] = set()
    for face in used_faces(theme, css_text):
        data, postscript, ext = _subset(face, text)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "", postscript) or "font"
        while stem in used_names:
            stem += "_"
        used_names.add(stem)
        fonts.append(EmbeddedFont(face.family, f"fonts/{stem}.{ext}", MEDIA_TYPES[ext], data,
                                  charset(data)))
    missing = [c for c in text if not any(ord(c) in f.charset for f in fonts)]
    if missing:
        log.warning("EPUB: %d character(s) in no embedded font, a reader shows them in a fallback "
                    "font or as boxes: %s", len(missing),
                    ", ".join(f"U+{ord(c):04X} {c}" for c in missing[:10]))
    return fonts


def font_face_css(fonts: Iterable[EmbeddedFont], css_dir: str = "styles") -> str:
    """@font-face rules naming each embedded subset by the family the stylesheet asks for."""
    depth = "../" * len([p for p in css_dir.split("/") if p])
    return "".join(
        f'@font-face {{ font-family: "{f.family}"; font-style: normal; font-weight: normal; '
        f'src: url("{depth}{f.file_name}"); }}\n'
        for f in fonts
    )
