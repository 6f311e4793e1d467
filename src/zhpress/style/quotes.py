"""Faces whose Chinese quotation marks are proportional unless their ``fwid`` forms are asked for.

A Chinese face draws “ ” ‘ ’ in a full character cell. Some (朱雀仿宋, whose default glyphs serve
Latin text too) map them to narrow Latin-width glyphs and keep the full-width ones behind the
OpenType ``fwid`` feature, with no ``locl`` for Chinese that a ``lang="zh-CN"`` would select. The
PDF layout hook shapes these four marks with ``fwid`` in such faces (never the digits or Latin
letters, which ``fwid`` would widen too). Read with HarfBuzz: a few table lookups in the mapped
file, no parse of a 10-20 MB CJK font.
"""

from __future__ import annotations

import functools

from zhpress.style.theme import Face

__all__ = ["CHINESE_QUOTES", "needs_fullwidth_quotes"]

CHINESE_QUOTES = "“”‘’"

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_font_t hb_font_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
unsigned int hb_face_get_upem (const hb_face_t *face);
hb_font_t *hb_font_create (hb_face_t *face);
void hb_font_destroy (hb_font_t *font);
int hb_font_get_nominal_glyph (hb_font_t *font, hb_codepoint_t unicode, hb_codepoint_t *glyph);
int32_t hb_font_get_glyph_h_advance (hb_font_t *font, hb_codepoint_t glyph);
unsigned int hb_ot_layout_table_get_feature_tags (hb_face_t *face, hb_tag_t table_tag,
    unsigned int start_offset, unsigned int *feature_count, hb_tag_t *feature_tags);
"""


@functools.cache
def _harfbuzz():
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(_CDEF)
        return ffi, ffi.dlopen("libharfbuzz.so.0")
    except (ImportError, OSError):
        return None


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


@functools.cache
def needs_fullwidth_quotes(face: Face) -> bool:
    """Whether `face` draws a Chinese quotation mark narrower than a full cell by default and has
    ``fwid`` forms to ask for instead."""
    loaded = _harfbuzz()
    if loaded is None:
        return False
    ffi, hb = loaded
    blob = hb.hb_blob_create_from_file_or_fail(face.file.encode())
    if blob == ffi.NULL:
        return False
    hb_face = hb.hb_face_create(blob, face.index)
    hb.hb_blob_destroy(blob)
    font = hb.hb_font_create(hb_face)  # scale = upem: advances in font units
    try:
        upem = hb.hb_face_get_upem(hb_face)
        glyph = ffi.new("hb_codepoint_t *")
        narrow = any(hb.hb_font_get_nominal_glyph(font, ord(mark), glyph)
                     and hb.hb_font_get_glyph_h_advance(font, glyph[0]) < upem * 0.9
                     for mark in CHINESE_QUOTES)
        if not narrow:
            return False
        count = ffi.new("unsigned int *", 256)
        tags = ffi.new("hb_tag_t[256]")
        hb.hb_ot_layout_table_get_feature_tags(hb_face, _tag("GSUB"), 0, count, tags)
        return _tag("fwid") in set(tags[0:count[0]])
    finally:
        hb.hb_font_destroy(font)
        hb.hb_face_destroy(hb_face)
