"""Chinese (clreq) line layout for WeasyPrint 70: justification, punctuation, line breaks.

WeasyPrint 70 only stretches U+0020/U+00A0 when justifying (``layout/inline.py``
``justify_line``), so Chinese lines stay ragged. It never compresses adjacent
punctuation, and Pango's UAX #14 rules let ``·～／－`` start a line. This module
fixes the three problems in two ways:

* **Text preprocessing (pure functions).** The HTML writer applies these to text nodes.
  :func:`protect_line_breaks` puts U+2060 WORD JOINER before marks that must not
  start a line, and U+200B ZERO WIDTH SPACE where Chinese allows a break next to
  quotes but Pango does not. It adds no visible character: PDF text extraction does not
  show WORD JOINER.
* **Punctuation compression** needs no markup: the layout hook shapes the marks that
  :func:`halt_indices` picks with the OpenType ``halt`` feature, as Pango attributes set on each
  text it lays out (before line breaking; ``halt`` only changes glyph advances).
  :func:`compress_punctuation_html` and :data:`HALT_CSS` (one ``<span>`` per mark) remain for
  other renderers, but cost WeasyPrint ~90% more layout time on dialogue-heavy text.
* **A layout hook** (:func:`install` / :func:`uninstall`). It replaces
  ``justify_line`` with :func:`justify_line_cjk`. On lines that contain CJK text, this
  function spreads the missing width over the gaps between characters. It also
  trims a full-width closing mark at the end of the line to half width (clreq,
  GB/T 15834 5.1.10). The extra space is stored per text box as glyph-advance
  deltas and applied when the box is drawn (``Layout.reactivate``). This is the
  same moment at which WeasyPrint applies its own ``justification_spacing``.
  Glyphs move, but the text is unchanged, so copy/paste and pdftotext stay exact.
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = [
    "CLOSING_MARKS",
    "HALT_CLASS",
    "HALT_CSS",
    "NO_LINE_START_EXTRA",
    "OPENING_MARKS",
    "WORD_JOINER",
    "ZERO_WIDTH_SPACE",
    "compress_punctuation",
    "compress_punctuation_html",
    "halt_indices",
    "install",
    "is_installed",
    "justify_line_cjk",
    "prepare_text_html",
    "protect_line_breaks",
    "uninstall",
]

WORD_JOINER = "\u2060"
#: Opening brackets and quotes. Their ink sits on the right half of the em box
#: (zh-Hans fonts), so ``halt`` removes the blank half on their left.
OPENING_MARKS = "“‘（《「『【〈〔〖〘［｛"
#: Closing brackets and quotes, plus the pause and stop marks. In zh-Hans fonts
#: (Noto CJK SC, measured) their ink sits on the left half, so ``halt`` removes the
#: blank half on their right.
CLOSING_MARKS = "，。、；：？！”’）》」』】〉〕〗〙］｝"
#: Marks that Pango lets start a line but clreq forbids at line start. U+2060 is
#: inserted before them.
NO_LINE_START_EXTRA = "·～／－"
HALT_CLASS = "zp-halt"
#: CSS for the spans made by :func:`compress_punctuation_html`. It needs a font
#: with the OpenType ``halt`` feature (Noto/Source Han CJK have it).
HALT_CSS = f".{HALT_CLASS} {{ font-feature-settings: 'halt'; }}"

ZERO_WIDTH_SPACE = "\u200b"
_INVISIBLE = WORD_JOINER + ZERO_WIDTH_SPACE
_QUOTES_OPEN = "“‘"
_QUOTES_CLOSE = "”’"
_NO_START = frozenset(CLOSING_MARKS + NO_LINE_START_EXTRA + _INVISIBLE + "—…")
_NO_END = frozenset(OPENING_MARKS + _INVISIBLE)
_MARK = f"[{OPENING_MARKS}{CLOSING_MARKS}]"
_PUNCT_RUN = re.compile(f"{_MARK}(?:[{_INVISIBLE}]*{_MARK})+")
_OPEN, _INV = f"[{OPENING_MARKS}]", f"[{_INVISIBLE}]"
#: The marks that halt_indices() picks, found by one search: a closing mark followed by a mark, or
#: an opening mark that follows an opening mark.
_HALT = re.compile(
    f"[{CLOSING_MARKS}](?={_INV}*{_MARK})"
    f"|(?:(?<={_OPEN})|(?<={_OPEN}{_INV})|(?<={_OPEN}{_INV}{_INV})){_OPEN}"
)


# --------------------------------------------------------------------------- pure text functions


def protect_line_breaks(text: str) -> str:
    """Fix the line-break opportunities that Pango's UAX #14 rules get wrong for Chinese.

    * ``·～／－`` may start a line in Pango but not in clreq (basic level).
      WORD JOINER (U+2060) is put before them. For footnote references, the
      HTML writer should put :data:`WORD_JOINER` just before the ``<sup>``.
    * Pango treats ``“ ” ‘ ’`` as ambiguous quotes (class QU) and never breaks next
      to them. ``围绕“345”工作`` can then only break before ``围``, and whole
      words are pushed to the next line. In Chinese, ``“`` is an opening mark and
      ``”`` a closing one. ZERO WIDTH SPACE (U+200B) is put before ``“``/``‘`` and
      after ``”``/``’``, but only where the neighbouring character may end or
      start a line.

    Neither character is visible or shows up in pdftotext/pdfium text extraction
    (tested). The function is idempotent and changes nothing else.
    """
    out: list[str] = []
    previous = ""
    for char in text:
        if char in NO_LINE_START_EXTRA and previous != WORD_JOINER:
            out.append(WORD_JOINER)
        elif (previous and previous in _QUOTES_CLOSE and _may_start_line(char)) or (
            char in _QUOTES_OPEN and previous and _may_end_line(previous)
        ):
            out.append(ZERO_WIDTH_SPACE)
        out.append(char)
        previous = char
    return "".join(out)


def _may_start_line(char: str) -> bool:
    return not (char.isspace() or char in _NO_START)


def _may_end_line(char: str) -> bool:
    return not (char.isspace() or char in _NO_END)


def compress_punctuation(text: str) -> list[tuple[str, bool]]:
    """Split ``text`` into ``(segment, compress)`` pieces for adjacent-punctuation compression.

    Between two adjacent full-width marks, the blank halves add up to a visible
    1 em gap (e.g. ``。”`` or ``）、（``). clreq reduces each pair to 1.5 em. At
    each boundary exactly one blank half is removed: the right half of a closing
    mark, or else the left half of an opening mark that follows. The ``True``
    segments are to be rendered with ``halt``. Joined together, the segments
    always give back ``text``. Invisible joiners/spaces between marks are ignored.
    """
    out: list[tuple[str, bool]] = []
    pos = 0
    for index in halt_indices(text):
        if index > pos:
            out.append((text[pos:index], False))
        if out and out[-1][1] and pos == index:
            out[-1] = (out[-1][0] + text[index], True)
        else:
            out.append((text[index], True))
        pos = index + 1
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def halt_indices(text: str, checked: bool = False) -> list[int]:
    """Indices (in ``text``) of the marks that lose a blank half: one per adjacent pair, the
    closing mark on the left, or else the opening mark on the right (see
    :func:`compress_punctuation`). The layout hook renders these with ``halt``. `checked`: the
    caller knows that ``text`` has a pair (a faster search, exact with up to two invisible
    characters between two opening marks)."""
    if checked:
        return [match.start() for match in _HALT.finditer(text)]
    out: list[int] = []
    for match in _PUNCT_RUN.finditer(text):
        run, start = match.group(), match.start()
        marks = [i for i, char in enumerate(run) if char not in _INVISIBLE]
        for left, right in zip(marks, marks[1:], strict=False):
            if run[left] in CLOSING_MARKS:
                out.append(start + left)
            elif run[right] in OPENING_MARKS:
                out.append(start + right)
    return out


def compress_punctuation_html(text: str) -> str:
    """Escape plain ``text`` as HTML and wrap the marks to compress in ``<span class="zp-halt">``."""
    return "".join(
        f'<span class="{HALT_CLASS}">{html.escape(seg, quote=False)}</span>'
        if flag
        else html.escape(seg, quote=False)
        for seg, flag in compress_punctuation(text)
    )


def prepare_text_html(text: str) -> str:
    """Turn one plain text node into HTML with :func:`protect_line_breaks` applied. Punctuation
    compression needs no markup: the layout hook applies ``halt`` to the marks that
    :func:`halt_indices` picks (an inline span per mark cost WeasyPrint ~90% more layout time on
    dialogue-heavy text)."""
    return html.escape(protect_line_breaks(text), quote=False)


# --------------------------------------------------------------------------- Pango attributes
# Installed on weasyprint's Layout.set_text by the layout hook (weasy_cjk_hook.install).


def _halt_ranges(text: str) -> tuple[tuple[int, int], ...]:
    """UTF-8 byte ranges of the marks of ``text`` to shape with ``halt`` (adjacent ones merged)."""
    ranges: list[tuple[int, int]] = []
    position = offset = 0
    for match in _HALT.finditer(text):  # as halt_indices(text, checked=True)
        index = match.start()
        offset += len(text[position:index].encode())
        end = offset + 3  # every mark is a 3-byte UTF-8 sequence
        if ranges and ranges[-1][1] == offset:
            ranges[-1] = (ranges[-1][0], end)
        else:
            ranges.append((offset, end))
        position, offset = index + 1, end
    return tuple(ranges)


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
    ffi, pango = _hook._wp.ffi, _hook._wp.pango  # imported by install()
    cached = self.__dict__.get("zp_cache")
    if cached is not None and cached[0] is text:  # reactivate() sets the same text again
        halts = cached[1]
    else:
        newline = text.find("\n")
        halts = _halt_ranges(text if newline == -1 else text[: newline + 2])
        self.zp_cache = (text, halts)
    previous = self.__dict__.get("zp_halts", ())
    if previous and previous != halts:
        pango.pango_layout_set_attributes(self.layout, _base_attributes(self))
    _hook._originals["set_text"](self, text, justify)
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


# --------------------------------------------------------------------------- layout hook
# In its own module (kept under 400 lines); it needs the constants above, hence the late import.
from . import weasy_cjk_hook as _hook  # noqa: E402
from .weasy_cjk_hook import (  # noqa: E402, F401  (re-exported; the tests use the private two)
    _char_class,
    _gap_allowed,
    install,
    is_installed,
    justify_line_cjk,
    uninstall,
)
