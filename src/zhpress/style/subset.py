"""Font subsetting with HarfBuzz (libharfbuzz-subset0), through cffi.

fontTools needs ~3.7 s to subset one Noto CJK face from its 26 MB collection; HarfBuzz does it in
a small fraction of that, which matters when every EPUB embeds two or three faces. Returns None
when the library is missing, and the caller falls back to fontTools.

Source faces are opened once per process and kept (`_FACES`): HarfBuzz then parses each table
once, not once per subset. The file is mapped, not read, so a warm worker's forked children share
the kept faces at no cost. HarfBuzz's `hb_subset_preprocess` would make each subset ~3x faster
(3-5 ms instead of 10-17 ms), but a preprocessed Noto CJK face is ~150 MB of heap: kept in the
worker, it made every fork of every job ~17 ms dearer (measured), more than it saves.
"""

from __future__ import annotations

import functools
import threading

CDEF = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
hb_blob_t *hb_blob_create_from_file_or_fail (const char *file_name);
hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode, void *user_data,
                           void *destroy);
void hb_blob_destroy (hb_blob_t *blob);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
void hb_face_destroy (hb_face_t *face);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_face_collect_unicodes (hb_face_t *face, hb_set_t *out);
hb_set_t *hb_set_create (void);
void hb_set_destroy (hb_set_t *set);
unsigned int hb_set_get_population (const hb_set_t *set);
unsigned int hb_set_next_many (const hb_set_t *set, hb_codepoint_t codepoint,
                               hb_codepoint_t *out, unsigned int size);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
void hb_set_add_sorted_array (hb_set_t *set, const hb_codepoint_t *sorted_codepoints,
                              unsigned int num_codepoints);
void hb_set_add_range (hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set (hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""
SETS_NAME_ID, SETS_NAME_LANG_ID, SETS_LAYOUT_FEATURE_TAG = 4, 5, 6
# CJK spacing features HarfBuzz's default feature set drops (it keeps vpal only): half-width
# (halt, vhal) and proportional (palt, vpal) punctuation, contextual half-width spacing (chws,
# vchw) and vertical kerning. Without them a reader cannot compress `。”` or trim line-end
# punctuation with the embedded face (CSS text-spacing-trim, font-feature-settings). fwid: the
# full-width forms (“ ” set full width in a face whose default quotes are proportional).
CJK_LAYOUT_FEATURES = ("halt", "palt", "vhal", "vpal", "chws", "vchw", "vkrn", "fwid")


def hb_tag(tag: str) -> int:
    """A four-letter OpenType tag as HarfBuzz's hb_tag_t."""
    a, b, c, d = tag.encode("ascii")
    return (a << 24) | (b << 16) | (c << 8) | d
FLAG_NAME_LEGACY, FLAG_NOTDEF_OUTLINE = 0x8, 0x40
MODE_READONLY = 1
INVALID_CODEPOINT = 0xFFFFFFFF
# (path, face index) -> hb_face_t; kept (never freed) for the life of the process.
_FACES: dict[tuple[str, int], object] = {}
_LOCK = threading.Lock()


@functools.cache
def libs():
    """(ffi, libharfbuzz, libharfbuzz-subset), or None when either library is missing."""
    try:
        from cffi import FFI

        ffi = FFI()
        ffi.cdef(CDEF)
        return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")
    except (ImportError, OSError):
        return None


def _open_face(loaded, path: str, index: int):
    """A new hb_face_t for face `index` of the file at `path` (it holds its blob), or None."""
    ffi, hb, _ = loaded
    blob = hb.hb_blob_create_from_file_or_fail(path.encode())
    if blob == ffi.NULL:
        return None
    face = hb.hb_face_create(blob, index)
    hb.hb_blob_destroy(blob)  # the face keeps its own reference
    return face


def _source_face(loaded, path: str, index: int):
    """The kept face for (`path`, `index`), opened on first use; None if unreadable."""
    key = (path, index)
    with _LOCK:
        if key not in _FACES:
            face = _open_face(loaded, path, index)
            if face is None:
                return None
            _FACES[key] = face
        return _FACES[key]


def _codepoints_spec(loaded, codepoints: set[int]):
    """configure(spec) for `codepoints`, every name record in every language, .notdef drawn,
    the default layout features plus CJK_LAYOUT_FEATURES."""
    ffi, hb, hbs = loaded
    ordered = sorted(codepoints)

    def configure(spec) -> None:
        unicodes = hbs.hb_subset_input_unicode_set(spec)
        hb.hb_set_add_sorted_array(unicodes, ffi.new("hb_codepoint_t[]", ordered), len(ordered))
        hb.hb_set_add_range(hbs.hb_subset_input_set(spec, SETS_NAME_ID), 0, 0x7FFF)
        hb.hb_set_add_range(hbs.hb_subset_input_set(spec, SETS_NAME_LANG_ID), 0, 0xFFFF)
        features = hbs.hb_subset_input_set(spec, SETS_LAYOUT_FEATURE_TAG)  # HarfBuzz's defaults
        for tag in CJK_LAYOUT_FEATURES:
            hb.hb_set_add(features, hb_tag(tag))
        hbs.hb_subset_input_set_flags(spec, FLAG_NAME_LEGACY | FLAG_NOTDEF_OUTLINE)

    return configure


def subset_with_charset(path: str, index: int,
                        codepoints: set[int]) -> tuple[bytes, frozenset[int]] | None:
    """The face `index` of the font file at `path`, keeping only `codepoints` (plus every name
    record, licence included, in every language), and the code points the subset's cmap maps
    (what fontTools' getBestCmap gives for it). None when HarfBuzz-subset is unavailable or
    fails."""
    loaded = libs()
    if loaded is None:
        return None
    face = _source_face(loaded, path, index)
    if face is None:
        return None
    found = _subset_face(loaded, face, _codepoints_spec(loaded, codepoints), with_charset=True)
    return None if found is None else (found[0], found[1] or frozenset())


def subset_glyphs(font: bytes, glyphs: list[int], flags: int) -> bytes | None:
    """The font in `font` (one face) keeping only the glyph ids `glyphs`, with HarfBuzz subset
    `flags`. None when HarfBuzz-subset is unavailable or fails."""
    loaded = libs()
    if loaded is None:
        return None
    ffi, hb, hbs = loaded
    blob = hb.hb_blob_create(font, len(font), MODE_READONLY, ffi.NULL, ffi.NULL)
    face = hb.hb_face_create(blob, 0)

    def configure(spec) -> None:
        glyph_set = hbs.hb_subset_input_glyph_set(spec)
        for gid in glyphs:
            hb.hb_set_add(glyph_set, gid)
        hbs.hb_subset_input_set_flags(spec, flags)

    try:
        found = _subset_face(loaded, face, configure)
        return None if found is None else found[0]
    finally:
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


def _subset_face(loaded, face, configure,
                 with_charset: bool = False) -> tuple[bytes, frozenset[int] | None] | None:
    """Subset `face` as `configure(spec)` says: (font bytes, the code points its cmap maps if
    `with_charset`), None on failure. Frees everything it made."""
    ffi, hb, hbs = loaded
    spec = hbs.hb_subset_input_create_or_fail()
    try:
        configure(spec)
        result = hbs.hb_subset_or_fail(face, spec)
        if result == ffi.NULL:
            return None
        try:
            charset = _unicodes(loaded, result) if with_charset else None
            out = hb.hb_face_reference_blob(result)
            length = ffi.new("unsigned int *")
            data = ffi.buffer(hb.hb_blob_get_data(out, length), length[0])[:]
            hb.hb_blob_destroy(out)
            return data, charset
        finally:
            hb.hb_face_destroy(result)
    finally:
        hbs.hb_subset_input_destroy(spec)


def _unicodes(loaded, face) -> frozenset[int]:
    """The code points `face`'s cmap maps."""
    ffi, hb, _ = loaded
    found = hb.hb_set_create()
    try:
        hb.hb_face_collect_unicodes(face, found)
        size = hb.hb_set_get_population(found)
        out = ffi.new("hb_codepoint_t[]", max(size, 1))
        count = hb.hb_set_next_many(found, INVALID_CODEPOINT, out, size)
        return frozenset(out[0:count])
    finally:
        hb.hb_set_destroy(found)
