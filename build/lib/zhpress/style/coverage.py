"""Glyph coverage: find the characters no installed font can show, before rendering.

A renderer draws such a character as a blank box (.notdef) without a word. We check the theme's
faces first (fast, via their cmap tables) and ask fontconfig only about the few characters they
lack, since WeasyPrint falls back to any installed font that has the glyph.
"""

from __future__ import annotations

import functools
import subprocess
import unicodedata

from zhpress.model import Document
from zhpress.style.theme import Face, Theme


@functools.cache
def face_charset(face: Face) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(face.file, fontNumber=face.index, lazy=True)
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


@functools.cache
def installed_font_has(codepoint: int) -> bool:
    out = subprocess.run(["fc-list", f":charset={codepoint:x}", "family"],
                         capture_output=True, text=True, check=False).stdout
    return bool(out.strip())


def document_chars(doc: Document) -> set[str]:
    chars: set[str] = set()
    for value in (doc.meta.title, doc.meta.subtitle, doc.meta.author):
        chars.update(value)
    for block in doc.blocks:
        text = getattr(block, "text", None)
        if text is None:  # ListBlock
            text = "".join(getattr(block, "items", ()))
        chars.update(text)
    return chars


def uncovered(doc: Document, theme: Theme) -> list[str]:
    """Characters of `doc` that no installed font covers, as `U+XXXX 'c' NAME` strings."""
    covered: set[int] = set()
    for face in {theme.face(role) for role in theme["fonts"]}:
        covered |= face_charset(face)
    missing = []
    for char in sorted(document_chars(doc)):
        cp = ord(char)
        if cp in covered or unicodedata.category(char) in ("Zs", "Cc", "Cf", "Zl", "Zp"):
            continue
        if not installed_font_has(cp):
            missing.append(f"U+{cp:04X} {char!r} {unicodedata.name(char, 'unnamed')}")
    return missing
