"""Chinese (clreq) line breaking and punctuation compression: pure text functions.

WeasyPrint lays out text with Pango, whose UAX #14 rules let ``·～／－`` start a line and never
break next to ``“ ” ‘ ’``; and it never compresses adjacent punctuation. The HTML writer applies
:func:`prepare_text_html` to every text node: :func:`protect_line_breaks` puts U+2060 WORD JOINER
before marks that must not start a line, and U+200B ZERO WIDTH SPACE where Chinese allows a break
next to quotes but Pango does not (neither shows in PDF text extraction). :func:`halt_indices`
picks the marks that adjacent-punctuation compression shapes with the OpenType ``halt`` feature;
the layout hook (:mod:`zhpress.typeset.weasyprint`) applies it as Pango attributes, and
:func:`compress_punctuation_html` with :data:`HALT_CSS` does the same with markup for other
renderers. Justification is :mod:`zhpress.typeset.justify`.
"""

from __future__ import annotations

import html
import re

from zhpress.punctuation import (
    CLOSING_MARKS,
    INVISIBLE,
    NO_LINE_END,
    NO_LINE_START,
    NO_LINE_START_EXTRA,
    OPENING_MARKS,
    WORD_JOINER,
    ZERO_WIDTH_SPACE,
)

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
    "halt_ranges",
    "keep_last_two",
    "prepare_text_html",
    "protect_line_breaks",
]

HALT_CLASS = "zp-halt"
#: CSS for the spans made by :func:`compress_punctuation_html`. It needs a font
#: with the OpenType ``halt`` feature (Noto/Source Han CJK have it).
HALT_CSS = f".{HALT_CLASS} {{ font-feature-settings: 'halt'; }}"
_INVISIBLE = INVISIBLE
_QUOTES_OPEN = "“‘"
_QUOTES_CLOSE = "”’"
_NO_START = NO_LINE_START | frozenset(INVISIBLE)
_NO_END = NO_LINE_END | frozenset(INVISIBLE)
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


def keep_last_two(text: str) -> str:
    """Glue the last two content characters (Han characters, letters, digits) of a paragraph's or
    a heading's text, and the marks between them, with WORD JOINER: its last line then never
    holds one character alone (clreq 孤字; 。 and ” already cannot start a line). The line before
    gives up one more character and the justification spreads it (zhpress.typeset.justify).
    The text reads the same: U+2060 shows in no PDF text extraction (tested)."""
    content = [i for i, char in enumerate(text) if char.isalnum()]
    if len(content) < 2 or text[content[-2] + 1 : content[-1]].strip(_INVISIBLE + "".join(
            OPENING_MARKS + CLOSING_MARKS)) != "":
        return text  # one character, or a space or a word break between the last two
    start, end = content[-2], content[-1]
    middle = [char for char in text[start + 1 : end] if char not in _INVISIBLE]
    glued = WORD_JOINER.join([text[start], *middle, text[end]])
    return text[:start] + glued + text[end + 1 :]


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
# Used by the layout hook's Layout.set_text (zhpress.typeset.weasyprint).


def halt_ranges(text: str) -> tuple[tuple[int, int], ...]:
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
