"""Inline text rules: pure functions `text -> (edits, warnings)`, one per normalization rule.

Each docstring names the clause it applies (GB/T 15834-2011, clreq). A rule never guesses: an
ambiguous case becomes a warning (offset, message) and the text is left as it is.
"""

from __future__ import annotations

import re

from zhpress.readers.normalize.marks import lost_character
from zhpress.readers.normalize.para import Edit
from zhpress.readers.normalize.patterns import (
    CJK_PUNCT,
    CLOSING,
    CN_NUM,
    HAN,
    OPENING,
    han_or_punct_re,
    han_re,
)

Found = tuple[list[Edit], list[tuple[int, str]]]

_URL = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.-]*://|www\.|mailto:)[^\s\u3000-\u303f\uff00-\uffef"
                  f"{HAN}]*|[\\w.+-]+@[\\w-]+\\.[\\w.-]+")
_LATIN = re.compile(r"[A-Za-z0-9]")


_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")


def _masked(text: str) -> list[tuple[int, int]]:
    """Spans no rule may touch: URLs, e-mail addresses, HTML entities."""
    spans = [m.span() for m in _URL.finditer(text)] if ("/" in text or "@" in text
                                                        or "www." in text) else []
    return spans + [m.span() for m in _ENTITY.finditer(text)] if "&" in text else spans


def _inside(spans: list[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def _cjk(ch: str) -> bool:
    return bool(ch) and bool(han_or_punct_re.match(ch))


# --- N2 ---------------------------------------------------------------------------------------
def ascii_parens_to_fullwidth(text: str) -> Found:
    """N2. GB/T 15834-2011 4.9 (括号 forms); clreq: brackets take the width of the surrounding
    text. Balanced ASCII pairs that enclose or touch Han text become （）; pairs inside a URL or a
    Latin run (f(x)) stay; an unpaired ( or ) is a warning."""
    if "(" not in text and ")" not in text:
        return [], []
    skip = _masked(text)
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    warns: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch not in "()" or _inside(skip, i):
            continue
        if ch == "(":
            stack.append(i)
        elif stack:
            pairs.append((stack.pop(), i))
        else:
            warns.append((i, "unpaired ASCII ')' left as is"))
    warns += [(i, "unpaired ASCII '(' left as is") for i in stack]
    edits: list[Edit] = []
    for a, b in sorted(pairs):
        inner = text[a + 1:b]
        before = text[a - 1] if a else ""
        after = text[b + 1] if b + 1 < len(text) else ""
        if han_or_punct_re.search(inner) or _cjk(before) or _cjk(after):
            span = text[a:b + 1]
            shown = (span, "（" + inner + "）")
            edits.append(Edit(a, a + 1, "（", shown=shown))
            edits.append(Edit(b, b + 1, "）", silent=True))
    return edits, warns


# --- N5 ---------------------------------------------------------------------------------------
_WS = " \t\u3000\u00a0"
_MARKER_SPACE = re.compile(f"^([（(][{CN_NUM}]+[）)]|[{CN_NUM}]+、|[（(]\\d{{1,2}}[）)]|\\d{{1,2}}[.．]"
                           f"(?=[ \t\u3000\u00a0]+[{HAN}])|[①-⑳])([{_WS}]+)")
_CHAPTER_SPACE = re.compile(f"^(第[{CN_NUM}\\d]+[编章节条回])([{_WS}]+)")
_PUNCT_SPACE = re.compile(f"[{_WS}]+(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}])[{_WS}]+")
_INNER_SPACE = re.compile(f"[{_WS}]{{2,}}|[\t\u3000\u00a0]")
_LETTER_SPACED = re.compile(f"^[{HAN}](?:[ \u3000]+[{HAN}]){{1,15}}$")


def whitespace(text: str) -> Found:
    """N5. GB/T 15834-2011 B.3.4 (no mark or space after （一）), B.3.6 (one space after 第X章),
    clreq 3.3 (no spaces around full-width punctuation). Never inserts a space between Han and
    Latin or digits; keeps single spaces in headlines, bylines and speaker lines; letter-spaced
    short titles (政 府 工 作 报 告) are closed up. Indentation is layout and not reported."""
    if not any(c in text for c in _WS):
        return [], []
    if _LETTER_SPACED.match(text):
        return [Edit(m.start(), m.end(), "") for m in re.finditer(f"[{_WS}]+", text)], []
    edits = [Edit(m.start(), m.end(), "") for m in _PUNCT_SPACE.finditer(text)]
    m = _MARKER_SPACE.match(text)
    if m:
        edits.append(Edit(m.start(2), m.end(2), ""))
    m = _CHAPTER_SPACE.match(text)
    if m and m.group(2) != " ":
        edits.append(Edit(m.start(2), m.end(2), " "))
    edits += [Edit(m.start(), m.end(), " ") for m in _INNER_SPACE.finditer(text)]
    return _no_overlap(edits), []


def _no_overlap(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    end = -1
    for e in sorted(edits, key=lambda e: e.start):
        if e.start >= end:
            out.append(e)
            end = e.end
    return out


# --- N6 ---------------------------------------------------------------------------------------
_FULL = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_PUNCT6 = re.compile(r"[,:;!?]")


def ascii_punct_to_fullwidth(text: str) -> Found:
    """N6. GB/T 15834-2011 4.1–4.7 (点号 forms, clreq code points). ASCII , : ; ! ? become
    full width after Han text or CJK punctuation, or before Han text after a number or %.
    Guards: 9:30, 1:500, 3,000 (digits on both sides), URLs and e-mail, Latin runs
    (Latin on the left and not Han on the right), and paragraphs that look like mojibake (? only)."""
    if not any(ch in text for ch in _FULL):  # substring tests: 5x faster than the regex scan
        return [], []
    skip = _masked(text)
    edits: list[Edit] = []
    converted: set[int] = set()
    for m in _PUNCT6.finditer(text):
        i = m.start()
        ch = m.group()
        if _inside(skip, i):
            continue
        left = text[i - 1] if i else ""
        right = text[i + 1] if i + 1 < len(text) else ""
        if _LATIN.match(left or " ") and _LATIN.match(right or " ") or (right and right in "[(<`/\\=&"):
            continue  # 9:30, 1:500, a,b; markup or code follows (![x](y), a:/b)
        if ch == "?" and (left == "?" or right == "?" or lost_character(text, i, i + 1)):
            continue  # ?? or ? before Han: maybe a lost character (marks.question_marks)
        left_cjk = _cjk(left) or (i - 1) in converted
        right_han = bool(han_re.match(right or " ")) or right in OPENING
        if left_cjk or (right_han and left and left not in _WS and left not in "\"'"):
            edits.append(Edit(i, i + 1, _FULL[ch]))
            converted.add(i)
    return edits, []


# --- N7 ---------------------------------------------------------------------------------------
def straight_quotes_to_curly(text: str) -> Found:
    """N7. GB/T 15834-2011 4.2 (引号: “ ” outer, ‘ ’ inner; clreq U+201C/D, U+2018/9). Straight
    quotes are paired within the paragraph only when the pairing is unambiguous (an even count,
    each pair touching or enclosing Han text); otherwise a warning, and nothing changes."""
    edits: list[Edit] = []
    warns: list[tuple[int, str]] = []
    skip = _masked(text)
    for q, (o, c) in (('"', "“”"), ("'", "‘’")):
        if q not in text:
            continue
        pos = [i for i, ch in enumerate(text) if ch == q and not _inside(skip, i)
               and not (q == "'" and _apostrophe(text, i))]
        if not pos:
            continue
        if len(pos) % 2:
            warns.append((pos[0], f"odd number ({len(pos)}) of straight {q} quotes: left as is"))
            continue
        pairs = list(zip(pos[::2], pos[1::2], strict=True))
        if not all(han_or_punct_re.search(text[a:b + 2 if b + 1 < len(text) else b + 1]
                                          + (text[a - 1] if a else "")) for a, b in pairs):
            continue  # a Latin quotation: keep ASCII quotes
        for a, b in pairs:
            edits.append(Edit(a, a + 1, o, shown=(text[a:b + 1], o + text[a + 1:b] + c)))
            edits.append(Edit(b, b + 1, c, silent=True))
    return edits, warns


def _apostrophe(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha() \
        and text[i + 1].isascii() and text[i + 1].isalpha()


# --- N9 / N10 ---------------------------------------------------------------------------------
_H = f"[{HAN}{CJK_PUNCT}]"
_DASH = re.compile(f"(?<={_H})[ ]*(?:-{{2,}}|[—―─－–‐]{{2}})[ ]*(?={_H})")
_ELLIPSIS = re.compile(f"(?<={_H})[ ]*(?:\\.{{3,6}}|。{{3,6}}|⋯{{1,2}}|(?<!…)…(?!…))[ ]*")
_SINGLE_DASH = re.compile(f"(?<=[{HAN}])[―─]|(?<=[{HAN}])—(?!—)(?<!——)(?=[{HAN}])")


def dashes_and_ellipses(text: str) -> Found:
    """N9. GB/T 15834-2011 4.10 (破折号 —— two U+2014) and 4.11 (省略号 …… two U+2026), no
    spaces around them. A single — between Han text may be a connector (4.13): warning only."""
    edits: list[Edit] = []
    warns: list[tuple[int, str]] = []
    if "-" in text or "—" in text or "―" in text or "─" in text or "－" in text or "–" in text:
        for m in _DASH.finditer(text):
            if m.group() != "——":
                edits.append(Edit(m.start(), m.end(), "——"))
        warns += [(m.start(), "single dash between Han text: 破折号 (——) or 连接号? left as is")
                  for m in _SINGLE_DASH.finditer(text)]
    if "." in text or "。。。" in text or "…" in text or "⋯" in text:
        edits += [Edit(m.start(), m.end(), "……") for m in _ELLIPSIS.finditer(text)
                  if m.group() != "……"]
    return _no_overlap(edits), warns


# the mark first, its left neighbour checked behind it: a pattern that starts with a lookbehind
# is tried at every position of the text (5x slower on a novel)
_INTERPUNCT = re.compile(f"[\u2022\u2027\u30fb](?<=[{HAN}0-9][\u2022\u2027\u30fb])(?=[{HAN}0-9])"
                         f"|\uff0e(?<=[{HAN}]\uff0e)(?=[{HAN}])")
_INTERPUNCT_MARKS = "\u2022\u2027\u30fb\uff0e"


def interpunct(text: str) -> Found:
    """N10. GB/T 15834-2011 4.14 (间隔号 ·, half width U+00B7 in the mainland; clreq). Bullets,
    hyphenation points, katakana middle dots and full-width stops between Han become U+00B7."""
    if not any(ch in text for ch in _INTERPUNCT_MARKS):  # most paragraphs have none
        return [], []
    return [Edit(m.start(), m.end(), "·") for m in _INTERPUNCT.finditer(text)], []


# --- N8 ---------------------------------------------------------------------------------------
_FW_ALNUM = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+(?:\uff0e[\uff10-\uff19]+)*")
_FW_ANY = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")  # not ：；？, within that range
_FW_TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def fullwidth_alnum_to_ascii(text: str) -> Found:
    """N8. GB/T 15835-2011 (Arabic numerals are half-width, 'occupying half a Han character';
    Latin letters likewise). In a paragraph with Han text, runs of full-width digits and Latin
    letters (０-９ Ａ-Ｚ ａ-ｚ, with a full-width ． between digits as the decimal point) become
    ASCII: ２０２３年 → 2023年, ５．２万 → 5.2万, Ａ股 → A股. Guards: text without Han (not
    Chinese context), URLs and entities, paragraphs flagged as mojibake (left as they are), and
    a full-width ． after a number at the start (the 1． ordinal marker, kept as written)."""
    if not _FW_ANY.search(text) or not han_re.search(text):  # a regex, not a loop per character
        return [], []
    skip = _masked(text)
    edits = []
    for m in _FW_ALNUM.finditer(text):
        if not _inside(skip, m.start()):
            ascii_run = m.group().translate(_FW_TABLE)
            edits.append(Edit(m.start(), m.end(), ascii_run, shown=(m.group(), ascii_run)))
    return edits, []


# --- N12 --------------------------------------------------------------------------------------
_PAIRS = {"“": "”", "‘": "’", "（": "）", "《": "》", "【": "】", "「": "」", "『": "』"}
_CLOSE_OF = {v: k for k, v in _PAIRS.items()}
_PAIR_CHARS = re.compile(f"[{re.escape(OPENING + CLOSING)}]")


_PAIRED = re.compile("[" + re.escape("".join(_PAIRS) + "".join(_PAIRS.values())) + "]")
_ADJACENT = re.compile("|".join(re.escape(o + c) for o, c in _PAIRS.items()))
_NEST_PASSES = 6  # deeper nesting than this is rare: the walk below decides it


def _nested(text: str) -> bool:
    """The paired marks of `text` nest properly, so each kind is balanced: the common case,
    decided by regex work in C (drop adjacent open-close pairs, innermost first) rather than a
    Python step per mark, which made this check a third of a novel's normalization time."""
    marks = "".join(_PAIRED.findall(text))
    for _ in range(_NEST_PASSES):
        if not marks:
            return True
        marks, n = _ADJACENT.subn("", marks)
        if not n:
            return False
    return not marks


def unbalanced_pairs(text: str) -> Found:
    """N12. GB/T 15834-2011 4.2/4.9/4.12 (quotes, brackets and title marks come in pairs).
    Flag, never fix: a closing mark with no opening one, or an opening mark never closed."""
    if _nested(text):
        return [], []
    stacks: dict[str, list[int]] = {}
    warns: list[tuple[int, str]] = []
    for m in _PAIR_CHARS.finditer(text):
        ch = m.group()
        if ch in _PAIRS:
            stacks.setdefault(ch, []).append(m.start())
        elif ch in _CLOSE_OF:
            st = stacks.get(_CLOSE_OF[ch])
            if st:
                st.pop()
            else:
                warns.append((m.start(), f"closing {ch} without an opening {_CLOSE_OF[ch]}: "
                                         f"…{text[max(0, m.start() - 20):m.start() + 6]}…"))
    for ch, st in stacks.items():
        for i in st:
            warns.append((i, f"opening {ch} never closed in this paragraph: "
                             f"…{text[max(0, i - 6):i + 20]}…"))
    return [], sorted(warns)
