"""The one module that patches WeasyPrint: Chinese justification and punctuation compression.

:func:`install` replaces WeasyPrint's ``justify_line`` with
:func:`zhpress.typeset.justify.justify_line_cjk`, wraps ``text_align`` so that full lines ending
in a closing mark get it trimmed, ``Layout.set_text`` so that adjacent punctuation is shaped with
``halt``, and ``Layout.reactivate`` so that the stored glyph-advance deltas are applied when a
text box is drawn. These are WeasyPrint internals: :func:`install` checks the installed version
and every patched name first, and on a mismatch leaves WeasyPrint as it is and returns the reason
(the PDF writer then typesets ragged and says so in one warning line).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

from zhpress.typeset.justify import (
    ENGINE,
    _ends_with_closing_mark,
    _should_justify,
    justify_line_cjk,
)
from zhpress.typeset.linebreak import halt_ranges

__all__ = ["SUPPORTED", "install", "is_installed", "uninstall"]

#: The WeasyPrint versions whose internals these patches were written and measured against.
SUPPORTED = ("70.",)
_originals: dict[str, Any] = {}


# --------------------------------------------------------------------------- Pango attributes


def _base_attributes(layout: Any) -> Any:
    """A fresh attribute list with what ``Layout.setup`` puts there (the style's font features),
    or NULL: the state before ``set_text`` adds letter-spacing."""
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.fonts import font_features

    style = layout.style
    features = font_features(
        style["font_kerning"], style["font_variant_ligatures"], style["font_variant_position"],
        style["font_variant_caps"], style["font_variant_numeric"],
        style["font_variant_alternates"], style["font_variant_east_asian"],
        style["font_feature_settings"])
    if not features:
        return ffi.NULL
    attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    value = ",".join(f"{key} {value}" for key, value in features.items()).encode()
    pango.pango_attr_list_insert(attr_list, pango.pango_attr_font_features_new(value))
    return attr_list


def _set_text(self: Any, text: str, justify: bool = False) -> None:
    """Wrap ``Layout.set_text``: shape the marks picked by ``halt_indices`` with ``halt``.

    This is adjacent-punctuation compression before line breaking, as ``<span>``s with
    ``font-feature-settings: 'halt'`` would do, without the cost of one inline box per mark:
    Pango attributes only split the shaping runs. WeasyPrint sets the text of one layout several
    times (the draft paragraph, then the first line alone), so halts left from an earlier text
    are cleared first. A line's last mark has no partner in its own text and keeps its full width
    (it is trimmed at line end by ``justify_line_cjk``).
    """
    ffi, pango = ENGINE.ffi, ENGINE.pango  # imported by install()
    cached = self.__dict__.get("zp_cache")
    if cached is not None and cached[0] is text:  # reactivate() sets the same text again
        halts = cached[1]
    else:
        newline = text.find("\n")
        halts = halt_ranges(text if newline == -1 else text[: newline + 2])
        self.zp_cache = (text, halts)
    previous = self.__dict__.get("zp_halts", ())
    if previous and previous != halts:
        pango.pango_layout_set_attributes(self.layout, _base_attributes(self))
    _originals["set_text"](self, text, justify)
    self.zp_halts = halts
    if not halts or previous == halts:
        return
    attr_list = pango.pango_layout_get_attributes(self.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for start, end in halts:
        attr = pango.pango_attr_font_features_new(b"halt 1")
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_insert(attr_list, attr)  # font features accumulate in Pango
    pango.pango_layout_set_attributes(self.layout, attr_list)


def _text_align(context: Any, line: Any, available_width: float, last: bool) -> float:
    """Wrap ``text_align`` so that full lines also get a line-end mark trimmed and re-spread.

    WeasyPrint returns early when a line is already full, but a full line that
    ends in ``。`` still looks ½ em short.
    """
    if line.width >= available_width and _should_justify(line, last):
        boxes = ENGINE.boxes
        # A line over by a hair (letter-spacing rounded in Pango units) is squeezed back too.
        # (A full line's trailing letter-spacing, -0.2 pt on a GB/T 9704 grid, is left alone:
        # scanning every full line would cost more than that hair is worth.)
        if _ends_with_closing_mark(line, boxes) or line.width - available_width > 0.01:
            justify_line_cjk(context, line, available_width - line.width)
        return 0
    return _originals["text_align"](context, line, available_width, last)


_GLYPH_INFO_SIZE = 20  # sizeof(PangoGlyphInfo): checked against the cdef by install()
_GLYPH_INFO_INTS = _GLYPH_INFO_SIZE // 4


def _apply_glyph_adjustments(layout: Any) -> None:
    """Add the stored advance deltas to the glyphs that end at each stored offset."""
    ffi, pango = ENGINE.ffi, ENGINE.pango
    adjust: dict[int, int] = layout.zp_adjust
    get = adjust.get
    # draw_first_line() sets this; setting it afterwards would re-lay out the text
    # and lose the changes made below.
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    run = line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        item, glyphs = glyph_item.item, glyph_item.glyphs
        count, base = glyphs.num_glyphs, item.offset
        starts = ffi.unpack(glyphs.log_clusters, count)
        # PangoGlyphInfo as int32s: glyph, then geometry.width (index 1 of each 5), ...
        infos = memoryview(ffi.buffer(glyphs.glyphs, count * _GLYPH_INFO_SIZE)).cast("i")
        widths = infos[1::_GLYPH_INFO_INTS]
        # The last glyph of each cluster ends where the next cluster starts.
        infos[1::_GLYPH_INFO_INTS] = array(
            "i",
            [width + get(base + stop, 0) if stop != start else width
             for width, start, stop in zip(widths.tolist(), starts, [*starts[1:], item.length],
                                           strict=True)])


def _reactivate(self: Any, style: Any) -> None:
    self.zp_halts = ()  # setup() makes a new PangoLayout, with no attribute of ours
    _originals["reactivate"](self, style)
    if getattr(self, "zp_adjust", None):
        _apply_glyph_adjustments(self)


# --------------------------------------------------------------------------- install / uninstall


def _targets() -> list[tuple[Any, str, Callable[..., Any]]]:
    from weasyprint.layout import inline
    from weasyprint.text.line_break import Layout

    return [
        (inline, "justify_line", justify_line_cjk),
        (inline, "text_align", _text_align),
        (Layout, "reactivate", _reactivate),
        (Layout, "set_text", _set_text),
    ]


def mismatch() -> str | None:
    """Why the patches do not fit the installed WeasyPrint, or None when they do."""
    import weasyprint

    version = weasyprint.__version__
    if not version.startswith(SUPPORTED):
        return f"WeasyPrint {version} is installed; the patches fit {', '.join(SUPPORTED)}x"
    try:
        from weasyprint.formatting_structure import boxes  # noqa: F401
        from weasyprint.text.ffi import TO_UNITS, ffi, pango  # noqa: F401

        targets = _targets()
        layout = (ffi.sizeof("PangoGlyphInfo"), ffi.offsetof("PangoGlyphInfo", "geometry"))
    except (ImportError, AttributeError) as exc:
        return f"WeasyPrint {version} lacks an internal the patches need ({exc})"
    for owner, name, _ in targets:
        if not callable(getattr(owner, name, None)):
            return f"WeasyPrint {version} has no {owner.__name__}.{name}"
    if layout != (_GLYPH_INFO_SIZE, 4):
        return f"Pango's PangoGlyphInfo layout is {layout}, not ({_GLYPH_INFO_SIZE}, 4)"
    return None


def install() -> str | None:
    """Patch WeasyPrint (process-wide); calling it again has no effect. Returns None when the
    patches are in effect, else why they are not (WeasyPrint is then left unpatched).

    After this, ``text-align: justify`` justifies Chinese lines, as
    :func:`~zhpress.typeset.justify.justify_line_cjk` explains, and adjacent punctuation is
    compressed (``halt`` on the marks :func:`~zhpress.typeset.linebreak.halt_indices` picks). The
    line-break fixes still need :func:`~zhpress.typeset.linebreak.prepare_text_html` in the HTML.
    """
    if _originals:
        return None
    reason = mismatch()
    if reason:
        return reason
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    ENGINE.boxes, ENGINE.ffi, ENGINE.pango, ENGINE.TO_UNITS = boxes, ffi, pango, TO_UNITS
    ENGINE.justify_line = inline.justify_line
    for owner, name, replacement in _targets():
        _originals[name] = getattr(owner, name)
        setattr(owner, name, replacement)
    return None


def uninstall() -> None:
    """Restore WeasyPrint's original functions. Does nothing if not installed."""
    if not _originals:
        return
    for owner, name, _ in _targets():
        setattr(owner, name, _originals[name])
    _originals.clear()


def is_installed() -> bool:
    """Return whether :func:`install` is in effect."""
    return bool(_originals)
