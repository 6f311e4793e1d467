"""Stage 1b: what kind of file the decoded lines are, before any text rule sees them.

Most inputs are running text. Some are containers of text: a news dump with one record per line
(`headline!!!!body`), records between marker lines (`■`, `======`), records in XML-like markup
(`<doc><contenttitle>…</contenttitle><content>…</content></doc>`), JSON lines, or a web page
saved as text.
In those the separators and the markup are structure, not text: the text rules would otherwise
"correct" `!!!!` into `！！！！` and publish `<!--` as a title. The decision is taken once, from
statistics over all lines (one pass, linear), by pure functions that tests feed directly.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass

from zhpress.readers.normalize.html import looks_like_html

HEAD_MAX = 60  # a record's headline is at most this long ...
_NOT_HEAD_END = "。，；：、,;:"  # ... and does not end like a clause
RECORD_SHARE = 0.8  # share of lines (or records) that must fit a record layout
MIN_RECORDS = 3

# a separator inside a line: one symbol repeated 3+ times (!!!!, ####, ||||); prose marks that
# legitimately repeat (…… —— ... ··· 、、) are not separators
_INLINE_SEP = re.compile(r"([^\w\s\u3000…—.·、。，,\-－_])\1{2,}")
# a marker line: one symbol repeated; ASCII symbols need 3+ (a lone * or - is a list or a
# footnote mark), a CJK block symbol (■ ● ◆ ★ ※) alone is a marker
_MARKER_LINE = re.compile(r"([^\w\s\u3000])\1*")
_BLOCK_SYMBOLS = frozenset("■□●◆◇★☆※▲△▼▽◎")
# XML-like record markup: a tag alone on its line, or a field <name>value</name> on one line
TAG_LINE = re.compile(r"<(/?)([A-Za-z][\w.-]*)>")
_FIELD_LINE = re.compile(r"<([A-Za-z][\w.-]*)>(.*?)(?:</\1>)?", re.S)


@dataclass(frozen=True)
class Layout:
    """kind: 'text' (running text), 'records-inline' (mark = the separator inside each line),
    'records-separated' (mark = the marker line's symbol), 'records-markup' (mark = the record
    element's name), 'records-json' (mark = the title key of JSON lines), 'html' (a web page
    saved as text)."""

    kind: str
    mark: str = ""


TEXT = Layout("text")


def headline_like(t: str) -> bool:
    """A record's first part can be its headline: short, not a clause or a sentence."""
    t = t.strip(" \u3000\t")
    return 0 < len(t) <= HEAD_MAX and "。" not in t[:-1] and t[-1] not in _NOT_HEAD_END


def marker_symbol(t: str) -> str:
    """The symbol of a marker line (`■`, `======`, `!!!!`), or ''."""
    t = t.strip(" \u3000\t")
    m = _MARKER_LINE.fullmatch(t)
    if not m:
        return ""
    ch = m.group(1)
    if ch in _BLOCK_SYMBOLS or (len(t) >= 3 and ch not in "…—·.。、`~"):  # `~: code fences
        return ch
    return ""


def inline_separator(t: str) -> str:
    """The separator after a line's headline (`!!!!` in `headline!!!!body`), or ''."""
    m = _INLINE_SEP.search(t)
    if m is None:
        return ""
    return m.group() if headline_like(t[:m.start()]) or not t[:m.start()].strip() else ""


def field_line(t: str) -> tuple[str, str] | None:
    """(name, value) of a field line `<name>value</name>` (a truncated value may lack the close
    tag), or None."""
    m = _FIELD_LINE.fullmatch(t)
    if not m or TAG_LINE.fullmatch(t):
        return None
    return m.group(1), m.group(2)


def detect_layout(lines: list[str]) -> Layout:
    """The layout of a text given as its lines (indentation stripped). One pass over the lines
    for each candidate layout; a record layout needs MIN_RECORDS records and must fit nearly
    all of them, so running text (a novel with ※ scene breaks, a report with a ====== rule)
    stays text."""
    nonblank = [t for t in lines if t]
    markup = (_markup_layout(nonblank) or _json_layout(nonblank)) \
        if len(nonblank) >= MIN_RECORDS else None
    if markup:
        return markup
    if looks_like_html(nonblank):
        return Layout("html")
    if len(nonblank) < MIN_RECORDS:
        return TEXT
    inline = Counter(s for t in nonblank if (s := inline_separator(t))) \
        if _sample_has_separators(nonblank) else None
    if inline:
        sep, n = inline.most_common(1)[0]
        if n >= max(MIN_RECORDS, RECORD_SHARE * len(nonblank)):
            return Layout("records-inline", sep)
    markers = Counter(s for t in nonblank if not t[0].isalnum() and (s := marker_symbol(t)))
    for sym, n in markers.most_common(2):
        if n >= MIN_RECORDS and _heads_after(nonblank, sym):
            return Layout("records-separated", sym)
    return TEXT


SAMPLE = 64  # lines looked at before scanning every line for an inline separator


def _sample_has_separators(nonblank: list[str]) -> bool:
    """Cheap exit for running text: in an evenly spread sample of lines, a dump of one record
    a line shows a separator in most (the full count decides)."""
    step = max(1, len(nonblank) // SAMPLE)
    sample = nonblank[::step]
    return sum(1 for t in sample if inline_separator(t)) >= RECORD_SHARE * len(sample) - 2


def _heads_after(nonblank: list[str], sym: str) -> bool:
    """Records between `sym` marker lines start with a headline, nearly all of them."""
    firsts: list[str] = []
    want = True
    for t in nonblank:
        if marker_symbol(t) == sym:
            want = True
        elif want:
            firsts.append(t)
            want = False
    return len(firsts) >= MIN_RECORDS and \
        sum(1 for t in firsts if headline_like(t)) >= RECORD_SHARE * len(firsts)


TITLE_KEYS = ("title", "headline", "标题")  # a record's title field or key contains one of these


def title_key(obj: object) -> str:
    """The key of a JSON record's title ('' if none): the first key naming a title."""
    if not isinstance(obj, dict):
        return ""
    return next((k for k, v in obj.items() if isinstance(v, str) and isinstance(k, str)
                 and any(w in k.lower() for w in TITLE_KEYS)), "")


def _json_layout(nonblank: list[str]) -> Layout | None:
    """JSON lines (one object a line, the form of many Chinese news corpora): nearly all lines
    are objects with a title key. Shape first (cheap), then a sample is parsed."""
    shaped = sum(1 for t in nonblank if t[0] == "{" and t[-1] == "}")
    if shaped < RECORD_SHARE * len(nonblank):
        return None
    sample = nonblank[::max(1, len(nonblank) // SAMPLE)]
    keys: Counter[str] = Counter()
    for t in sample:
        try:
            keys[title_key(json.loads(t))] += 1
        except ValueError:
            keys[""] += 1
    key, n = keys.most_common(1)[0]
    return Layout("records-json", key) if key and n >= RECORD_SHARE * len(sample) else None


def _markup_layout(nonblank: list[str]) -> Layout | None:
    tags = 0
    opens: Counter[str] = Counter()
    closes: Counter[str] = Counter()
    fields: Counter[str] = Counter()
    for t in nonblank:
        m = TAG_LINE.fullmatch(t)
        if m:
            tags += 1
            (closes if m.group(1) else opens)[m.group(2)] += 1
        elif (f := field_line(t)) is not None:
            tags += 1
            fields[f[0]] += 1
    titles = sum(n for f, n in fields.items() if "title" in f.lower())
    records = [(n, name) for name, n in opens.items() if closes[name] >= n - 1 and n >= 2]
    if not titles or not records:
        return None
    # nearly all lines markup, or (a body field running over several lines) records that open,
    # close and carry a title field MIN_RECORDS times and more
    if tags < RECORD_SHARE * len(nonblank) and (
            max(records)[0] < MIN_RECORDS or titles < MIN_RECORDS):
        return None
    # the record element is the most frequent one that opens and closes on its own lines
    return Layout("records-markup", max(records)[1])
