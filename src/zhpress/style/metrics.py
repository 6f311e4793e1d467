"""Where a character's ink sits in its face, read with HarfBuzz from the mapped font file (a few
table lookups, no parse of a 20 MB CJK collection): what a rule placed by ink needs, such as GB/T
9704 7.5's folio, whose 一字线 (not its em box) is 7 mm below the text block."""

from __future__ import annotations

import functools

from zhpress.style.theme import Face

__all__ = ["ink_below_line_top"]

_CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_font_t hb_font_t;
typedef uint32_t hb_codepoint_t;
typedef int32_t hb_position_t;
typedef struct { hb_position_t x_bearing, y_bearing, width, height; } hb_glyph_extents_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
void hb_blob_destroy (hb_blob_t *blob);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
unsigned int hb_face_get_upem (const hb_face_t *face);
hb_font_t *hb_font_create (hb_face_t *face);
void hb_font_destroy (hb_font_t *font);
int hb_font_get_nominal_glyph (hb_font_t *font, hb_codepoint_t unicode, hb_codepoint_t *glyph);
int hb_font_get_glyph_extents (hb_font_t *font, hb_codepoint_t glyph, hb_glyph_extents_t *ext);
typedef struct { hb_position_t ascender, descender, line_gap; hb_position_t r[9]; }
    hb_font_extents_t;
int hb_font_get_h_extents (hb_font_t *font, hb_font_extents_t *extents);
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


@functools.cache
def ink_below_line_top(face: Face, char: str) -> float | None:
    """How far below the top of its line box, at ``line-height: 1``, the ink of `char` begins,
    in em (the box is centred on the face's ascent + descent, as CSS half-leading does); None
    when it cannot be read."""
    loaded = _harfbuzz()
    if loaded is None:
        return None
    ffi, hb = loaded
    blob = hb.hb_blob_create_from_file_or_fail(face.file.encode())
    if blob == ffi.NULL:
        return None
    hb_face = hb.hb_face_create(blob, face.index)
    hb.hb_blob_destroy(blob)
    font = hb.hb_font_create(hb_face)  # scale = upem: positions in font units
    try:
        glyph = ffi.new("hb_codepoint_t *")
        extents = ffi.new("hb_glyph_extents_t *")
        if not (hb.hb_font_get_nominal_glyph(font, ord(char), glyph)
                and hb.hb_font_get_glyph_extents(font, glyph[0], extents)):
            return None
        metrics = ffi.new("hb_font_extents_t *")
        hb.hb_font_get_h_extents(font, metrics)
        upem = hb.hb_face_get_upem(hb_face)
        baseline = (metrics.ascender + metrics.descender + upem) / 2  # descender is negative
        return (baseline - extents.y_bearing) / upem
    finally:
        hb.hb_font_destroy(font)
        hb.hb_face_destroy(hb_face)
