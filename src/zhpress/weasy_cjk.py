"""Chinese (clreq) line layout for WeasyPrint 70: justification, punctuation, line breaks.

WeasyPrint 70 only stretches U+0020/U+00A0 when justifying (``layout/inline.py``
``justify_line``), so Chinese lines stay ragged. It never compresses adjacent
punctuation, and Pango's UAX #14 rules let ``·～／－`` start a line. This module
fixes the three problems in two ways:

* **Text preprocessing (pure functions).** The HTML writer applies these to text nodes.
  :func:`protect_line_breaks` puts U+2060 WORD JOINER before marks that must not
  start a line, and U+200B ZERO WIDTH SPACE where Chinese allows a break next to
  quotes but Pango does not. :func:`compress_punctuation_html` wraps some marks of each run of
  adjacent punctuation in ``<span class="zp-halt">``, which needs
  :data:`HALT_CSS`. Both work before line breaking and add no visible character:
  PDF text extraction does not show WORD JOINER, and ``halt`` only changes glyph
  advances.
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

    def emit(segment: str, flag: bool) -> None:
        if not segment:
            return
        if out and out[-1][1] == flag:
            out[-1] = (out[-1][0] + segment, flag)
        else:
            out.append((segment, flag))

    pos = 0
    for match in _PUNCT_RUN.finditer(text):
        emit(text[pos : match.start()], False)
        run = match.group()
        marks = [i for i, char in enumerate(run) if char not in _INVISIBLE]
        halt = [False] * len(run)
        for left, right in zip(marks, marks[1:], strict=False):
            if run[left] in CLOSING_MARKS:
                halt[left] = True
            elif run[right] in OPENING_MARKS:
                halt[right] = True
        for char, flag in zip(run, halt, strict=True):
            emit(char, flag)
        pos = match.end()
    emit(text[pos:], False)
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
    """Turn one plain text node into HTML with both fixes applied: :func:`protect_line_breaks`, then
    :func:`compress_punctuation_html`."""
    return compress_punctuation_html(protect_line_breaks(text))


# --------------------------------------------------------------------------- layout hook
# In its own module (kept under 400 lines); it needs the constants above, hence the late import.
from .weasy_cjk_hook import (  # noqa: E402, F401  (re-exported; the tests use the private two)
    _char_class,
    _gap_allowed,
    install,
    is_installed,
    justify_line_cjk,
    uninstall,
)
