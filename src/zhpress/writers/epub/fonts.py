"""Fonts embedded in an EPUB: the theme's faces, subset to exactly the characters of the book.

A full CJK face is 17–25 MB; a subset of the ~1,000–2,000 characters a report uses is a few
hundred KB (reference/docx-epub.md §4). Faces are subset straight from the collection with the
face index (never extracted first), keep every name record (copyright, licence, licence URL) and
keep their head timestamps, so the same text always gives the same bytes. `prepare` makes the
subsets cheap for a whole process (see hbsubset).
"""

from __future__ import annotations

import functools
import io
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from zhpress.style import subset as hbsubset
from zhpress.style.theme import ROLES, Face, Theme

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
def _subset(face: Face, text: str) -> tuple[bytes, str, str, frozenset[int]]:
    """(font bytes, PostScript name, extension, code points mapped) of `face` subset to the
    characters of `text`."""
    found = hbsubset.subset_with_charset(face.file, face.index, {ord(c) for c in text})
    if found is None:  # no libharfbuzz-subset0: the (25x slower) fontTools subsetter
        data = _fonttools_subset(face, text)
        found = data, charset(data)
    data, mapped = found
    return data, _postscript_name(face, data), "otf" if data[:4] == b"OTTO" else "ttf", mapped


_POSTSCRIPT: dict[Face, str] = {}


def _postscript_name(face: Face, data: bytes) -> str:
    """The PostScript name (name ID 6) of `data`, a subset of `face`: every subset keeps the
    face's name records, so it is read once per face."""
    from fontTools.ttLib import TTFont

    if face not in _POSTSCRIPT:
        font = TTFont(io.BytesIO(data), lazy=True)
        try:
            _POSTSCRIPT[face] = str(font["name"].getDebugName(6) or face.family)
        finally:
            font.close()
    return _POSTSCRIPT[face]


# A short text whose subset opens a face (and finds its PostScript name) before any real one.
WARM_TEXT = "".join(chr(c) for c in range(0x20, 0x7F)) + "中华人民共和国，。、；：“”《》（）"


def prepare(theme: Theme, css_text: str) -> None:
    """Open, for the rest of this process and its forked children, the faces of `theme` that
    `css_text` names (kept by hbsubset), and read their PostScript names."""
    for face in used_faces(theme, css_text):
        _subset.__wrapped__(face, WARM_TEXT)


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
    options.layout_features += list(hbsubset.CJK_LAYOUT_FEATURES)
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
        data, postscript, ext, mapped = _subset(face, text)
        stem = re.sub(r"[^A-Za-z0-9_-]+", "", postscript) or "font"
        while stem in used_names:
            stem += "_"
        used_names.add(stem)
        fonts.append(EmbeddedFont(face.family, f"fonts/{stem}.{ext}", MEDIA_TYPES[ext], data,
                                  mapped))
    covered = frozenset().union(*(f.charset for f in fonts))
    missing = [c for c in text if ord(c) not in covered]
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
