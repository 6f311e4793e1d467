"""zhpress.style.subset: HarfBuzz subsets from faces kept open are the bytes a freshly opened
face gives, and HarfBuzz's character map of a subset is the one fontTools reads."""

from __future__ import annotations

from helpers import every_node_document

from zhpress.style.theme import load_theme
from zhpress.writers.epub import fonts as epub_fonts


def _uncached_subset(path: str, index: int, codepoints: set[int]) -> bytes:
    """A subset from a freshly opened face: what hbsubset did before it kept faces."""
    from zhpress.style import subset as hbsubset

    loaded = hbsubset.libs()
    face = hbsubset._open_face(loaded, path, index)
    try:
        return hbsubset._subset_face(loaded, face, hbsubset._codepoints_spec(loaded, codepoints))[0]
    finally:
        loaded[1].hb_face_destroy(face)


def test_kept_faces_subset_to_the_same_bytes_as_fresh_ones():
    from zhpress.style import css
    from zhpress.style import subset as hbsubset

    assert hbsubset.libs() is not None, "libharfbuzz-subset0 missing: `make setup` installs it"
    theme = load_theme("gongwen")
    texts = ["中", "".join(sorted(set("".join(str(b) for b in every_node_document().blocks)))),
             "".join(chr(c) for c in range(0x4E00, 0x5200)) + "ＡＢＣ，。「」🙂\u3000"]
    for face in epub_fonts.used_faces(theme, css.epub_css(theme)):
        for text in texts:
            codepoints = {ord(c) for c in text}
            uncached = _uncached_subset(face.file, face.index, codepoints)
            data, mapped = hbsubset.subset_with_charset(face.file, face.index, codepoints)
            assert data == uncached, face
            assert mapped == epub_fonts.charset(data), face  # HarfBuzz's cmap = fontTools'
