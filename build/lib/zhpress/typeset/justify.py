"""Chinese inter-character justification (clreq) of WeasyPrint line boxes.

WeasyPrint only stretches U+0020/U+00A0 when justifying (``layout/inline.py`` ``justify_line``),
so Chinese lines stay ragged. :func:`justify_line_cjk` spreads a line's missing width over the
gaps between characters and trims a full-width closing mark at line end to half width (clreq,
GB/T 15834 5.1.10). The extra space is stored per text box as glyph-advance deltas, applied
when the box is drawn: glyphs move, the text is unchanged, so copy/paste and pdftotext stay
exact. The functions work on WeasyPrint's boxes but patch nothing: the one module that patches
WeasyPrint is :mod:`zhpress.typeset.weasyprint`, which fills :data:`ENGINE` when it installs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from zhpress.punctuation import CLOSING_MARKS, DOUBLED_MARKS, INVISIBLE

__all__ = ["ENGINE", "justify_line_cjk"]

#: WeasyPrint's modules and constants and its own ``justify_line`` (for lines with no CJK),
#: set by :func:`zhpress.typeset.weasyprint.install`: an import statement in a function that
#: runs for every line costs more than the rest of some of them.
ENGINE = SimpleNamespace()
_INVISIBLE = INVISIBLE

# --------------------------------------------------------------------------- character classes

_CJK_AMBIGUOUS = frozenset("“”‘’·—…―⸺⋯")
_UNBREAKABLE_PAIRS = frozenset(DOUBLED_MARKS + "―⸺⋯")
#: No space is ever added next to connectors and solidi (clreq §justification).
_NO_SPACE_AROUND = frozenset("／－～/")


@lru_cache(maxsize=4096)
def _char_class(char: str) -> str:
    """Return 'c' for CJK (Han, kana, full-width punctuation), 's' for a space,
    'z' for an invisible format or combining character, and 'l' otherwise (Latin,
    digits, …)."""
    if char in " \u00a0\u3000":
        return "s"
    if unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return "z"
    if char in _CJK_AMBIGUOUS or unicodedata.east_asian_width(char) in ("W", "F"):
        return "c"
    return "l"


@lru_cache(maxsize=65536)
def _gap_allowed(left: str, right: str) -> bool:
    """May justification add space between the two adjacent visible characters?"""
    if left == right and left in _UNBREAKABLE_PAIRS:
        return False  # never inside —— or ……
    if left in _NO_SPACE_AROUND or right in _NO_SPACE_AROUND:
        return False
    left_class, right_class = _char_class(left), _char_class(right)
    if left_class == "s":
        return True  # real spaces stretch (one gap per space)
    if right_class == "s":
        return False
    # CJK on either side: between Han and punctuation, and at Han/Latin boundaries.
    # Latin words and numbers (l/l) keep their internal spacing.
    return left_class == "c" or right_class == "c"


@dataclass(slots=True)
class _Unit:
    """One visible character of a line: its text box and the UTF-8 offset where it ends."""

    box: Any
    end: int
    char: str


@dataclass(slots=True)
class _LineScan:
    """What justification needs to know about a line, collected in one pass."""

    gaps: list[tuple[Any, list[int]]]  # (text box, UTF-8 offsets) where space may be added
    last: _Unit | None  # last visible character (None if the line ends with an atomic box)
    has_cjk: bool
    sizes: set[float]  # font sizes of the text boxes with a visible character


def _iter_line_leaves(box: Any, boxes: Any) -> Iterator[Any]:
    """Yield in-flow text boxes in visual (LTR) order. Yield ``None`` for atomic inlines."""
    if isinstance(box, boxes.TextBox):
        yield box
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                yield from _iter_line_leaves(child, boxes)
    else:
        yield None  # images, inline-blocks: no gap is added next to them


def _simple_chars() -> str:
    """The characters of :data:`_SIMPLE_RUN`: CJK (class 'c'), three bytes in UTF-8, and allowing
    a gap on both sides next to any other such character."""
    small = [*range(0x3001, 0x3100), *range(0xFF01, 0xFF61), *map(ord, "“”‘’")]
    chars = (chr(code) for code in small)
    out = [c for c in chars if _char_class(c) == "c" and c not in _UNBREAKABLE_PAIRS
           and c not in _NO_SPACE_AROUND]
    return "".join(out) + "\u3400-\u4dbf\u4e00-\u9fff"


#: Runs of characters between which every gap is allowed, each three UTF-8 bytes long: most of
#: a Chinese line, scanned without a Python step per character.
_SIMPLE_RUN = re.compile(f"[{_simple_chars()}]+")


def _scan_line(line: Any, boxes: Any) -> _LineScan:
    # Runs once per justified line: plain locals and tuples keep it cheap.
    gaps: list[tuple[Any, list[int]]] = []  # consecutive gaps of one box share an entry
    has_cjk = False
    box: Any = None  # box, end offset and character of the previous visible character
    end = 0
    previous = ""
    sizes: set[float] = set()
    children = line.children
    simple = len(children) == 1 and type(children[0]) is boxes.TextBox  # most lines: one box
    for leaf in children if simple else _iter_line_leaves(line, boxes):
        if leaf is None:
            box, previous = None, ""
            continue
        text = leaf.text
        sizes.add(leaf.style["font_size"])
        offset = position = 0
        for run in (*_SIMPLE_RUN.finditer(text), None):
            stop = run.start() if run is not None else len(text)
            for char in text[position:stop]:  # the other characters, one by one
                code = ord(char)  # UTF-8 length, without encoding each character
                offset += 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
                char_class = _char_class(char)
                if char_class == "z":
                    if box is leaf:
                        end = offset  # the gap goes after the joiner/combining mark
                    continue
                if char_class == "c":
                    has_cjk = True
                if previous and _gap_allowed(previous, char):
                    if gaps and gaps[-1][0] is box:
                        gaps[-1][1].append(end)
                    else:
                        gaps.append((box, [end]))
                box, end, previous = leaf, offset, char
            if run is None:
                break
            chars = run.group()
            if previous and _gap_allowed(previous, chars[0]):
                if gaps and gaps[-1][0] is box:
                    gaps[-1][1].append(end)
                else:
                    gaps.append((box, [end]))
            if len(chars) > 1:
                if not (gaps and gaps[-1][0] is leaf):
                    gaps.append((leaf, []))
                gaps[-1][1].extend(range(offset + 3, offset + 3 * len(chars), 3))
            offset += 3 * len(chars)
            box, end, previous, position, has_cjk = leaf, offset, chars[-1], run.end(), True
    last = _Unit(box, end, previous) if previous else None
    return _LineScan(gaps, last, has_cjk, sizes)


def _ends_with_closing_mark(box: Any, boxes: Any) -> bool:
    """Cheap test on the last in-flow text of a line, to skip most full lines quickly."""
    while isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        children = [child for child in box.children if child.is_in_normal_flow()]
        if not children:
            return False
        box = children[-1]
    if not isinstance(box, boxes.TextBox):
        return False
    text = box.text.rstrip(_INVISIBLE)
    return bool(text) and text[-1] in CLOSING_MARKS


def _is_zh_hans(lang: str | None) -> bool:
    lang = (lang or "").lower()
    return lang.startswith("zh") and not any(t in lang for t in ("tw", "hk", "mo", "hant"))


def _trim_amount(unit: _Unit, context: Any) -> float:
    """Width that a full-width closing mark at line end gives back (½ em), or 0."""
    style = unit.box.style
    if unit.char not in CLOSING_MARKS or not _is_zh_hans(style["lang"]):
        return 0
    if "halt" in str(style["font_feature_settings"]):
        return 0  # already half width
    width = _glyph_width(unit.char, style, context)
    font_size = style["font_size"]
    # 0.9: the width includes letter-spacing (-0.21 pt on a GB/T 9704 grid); a halved mark
    # is about 0.5 em.
    return font_size / 2 if width >= 0.9 * font_size else 0


_glyph_width_cache: dict[tuple[Any, ...], float] = {}


def _glyph_width(char: str, style: Any, context: Any) -> float:
    """Width of ``char`` as laid out with ``style``. The result is cached because
    lines end in the same few marks."""
    key = (
        char,
        tuple(style["font_family"]),
        style["font_size"],
        style["font_weight"],
        style["font_style"],
        style["font_stretch"],
        style["lang"],
        str(style["font_feature_settings"]),
        str(style["font_variant_east_asian"]),
    )
    if key not in _glyph_width_cache:
        from weasyprint.text.line_break import create_layout, line_size

        layout = create_layout(char, style, context, None, 0)
        line, _ = layout.get_first_line()
        _glyph_width_cache[key] = line_size(line, style)[0]
    return _glyph_width_cache[key]


def justify_line_cjk(context: Any, line: Any, extra_width: float) -> None:
    """Justify ``line`` by adding ``extra_width`` between characters (clreq inter-character).

    Lines with no CJK character are left to WeasyPrint's own ``justify_line``
    (stretching spaces only). Otherwise:

    1. a full-width closing mark at line end is trimmed to ½ em (its blank right
       half). The line's ink then meets the right edge, and the ½ em is added to
       the width to distribute;
    2. the width is spread evenly over every allowed gap (see
       ``_gap_allowed``): between Han characters and punctuation, at Han/Latin
       boundaries, and after real spaces. It is never added inside ——/…… or
       Latin words, and never around connectors/solidi.

    Deltas are whole thousandths of an em. WeasyPrint's PDF writer turns a glyph's
    advance change into a ``TJ`` adjustment with ``int()``, which truncates, so other
    values would lose up to 1/1000 em per gap. The deltas are stored per text box
    as ``pango_layout.zp_adjust`` (``{utf8_end_offset: pango_units}``). Widths and
    positions are updated here; the glyph advances are changed when the box is
    drawn. Expansion only: a line is never squeezed to pull in more text.
    """
    boxes = ENGINE.boxes
    scan = _scan_line(line, boxes)
    if line.style["direction"] == "rtl" or not scan.has_cjk:
        if extra_width > 0:
            ENGINE.justify_line(context, line, extra_width)
        return

    deltas: dict[int, dict[int, int]] = {}  # id(box) -> {end offset: 1/1000 em}
    if scan.last is not None and (spacing := _letter_spacing(scan.last.box)):
        extra_width += spacing  # the last glyph's trailing letter-spacing is not ink: the
        # glyph itself, not its advance, meets the right edge
    if scan.last is not None and (trim := _trim_amount(scan.last, context)):
        deltas.setdefault(id(scan.last.box), {})[scan.last.end] = -500
        extra_width += trim

    gaps = scan.gaps
    if not gaps or extra_width < -0.05 * line.style["font_size"]:
        return  # nothing can stretch, or a real overflow: leave it as WeasyPrint made it
    count = sum(len(ends) for _, ends in gaps)
    if len(scan.sizes) == 1:
        # One font size (the common case): gap i gets round(c·i) - round(c·(i-1)) thousandths.
        step = extra_width * 1000 / (count * scan.sizes.pop())
        totals = [round(step * index) for index in range(count + 1)]
        position = 0
        for box, ends in gaps:  # a gap never falls on the trimmed last character's offset
            part = totals[position : position + len(ends) + 1]
            position += len(ends)
            added = {end: b - a for end, a, b in zip(ends, part, part[1:], strict=False) if b != a}
            if added:
                deltas.setdefault(id(box), {}).update(added)
    else:
        allocated = 0.0
        flat = [(box, end) for box, ends in gaps for end in ends]
        for index, (box, end) in enumerate(flat):
            # Error diffusion: every gap gets extra/n, rounded to its own font's 1/1000 em.
            em = box.style["font_size"] / 1000
            thousandths = round((extra_width * (index + 1) / count - allocated) / em)
            allocated += thousandths * em
            if thousandths:
                box_deltas = deltas.setdefault(id(box), {})
                box_deltas[end] = box_deltas.get(end, 0) + thousandths
    if deltas and len(line.children) == 1 and type(line.children[0]) is boxes.TextBox:
        line.width += _store_deltas(line.children[0], deltas.get(id(line.children[0])))
    elif deltas:
        _apply_deltas(line, boxes, deltas, 0)


def _store_deltas(box: Any, box_deltas: dict[int, int] | None) -> float:
    """Store a text box's glyph deltas (1/1000 em) for drawing; grow it; return the width added."""
    if not box_deltas:
        return 0
    em = box.style["font_size"] / 1000
    # 0.2/1000 em more in magnitude, so that int() in draw_first_line lands on the intended
    # whole number, whatever the float rounding.
    units = {k: round((k + (0.2 if k > 0 else -0.2)) * em * ENGINE.TO_UNITS)
             for k in set(box_deltas.values())}
    box.pango_layout.zp_adjust = {end: units[k] for end, k in box_deltas.items()}
    added = sum(box_deltas.values()) * em
    box.width += added
    return added


def _apply_deltas(
    box: Any, boxes: Any, deltas: dict[int, dict[int, int]], x_advance: float
) -> float:
    """Shift boxes and grow widths like WeasyPrint's ``add_word_spacing``; store glyph deltas."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        x_advance += _store_deltas(box, deltas.get(id(box)))
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        before = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _apply_deltas(child, boxes, deltas, x_advance)
        box.width += x_advance - before
    else:
        box.translate(x_advance, 0)
    return x_advance


def _letter_spacing(box: Any) -> float:
    spacing = box.style["letter_spacing"]
    return 0 if spacing == "normal" else spacing


def _should_justify(line: Any, last: bool) -> bool:
    """Same test as WeasyPrint's ``text_align`` for choosing justification."""
    align = line.style["text_align_all"]
    if last and line.style["text_align_last"] != "auto":
        align = line.style["text_align_last"]
    return align == "justify" and line.style["white_space"] in ("normal", "nowrap", "pre-line")
