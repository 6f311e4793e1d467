"""Record dumps -> paragraphs: each record a headline (Para.hint 'headline') and its body.

A news dump is a list of articles, not one text: one article per line (`headline!!!!body`),
articles between marker lines (`■`, `======`), or articles in XML-like markup (the Sogou news
corpus: `<doc><url>…<docno>…<contenttitle>…<content>…</doc>`), or JSON lines
(`{"title": …, "content": …}`). Separators, markup and a
record's metadata fields (url, docno, date) are structure: they are removed, never set as text,
and every removal is reported with its rule, its count and its first positions.
"""

from __future__ import annotations

import json
import re

from zhpress.readers.normalize.decode import Decoded, Line
from zhpress.readers.normalize.layout import (
    TAG_LINE,
    Layout,
    field_line,
    headline_like,
    marker_symbol,
)
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.report import Change, Report, Where

SEPARATOR_RULE = "record_separator"
MARKUP_RULE = "record_markup"
CLAUSES = {
    SEPARATOR_RULE: "issue 13: a record dump's separators are structure, not text (removed, "
                    "reported)",
    MARKUP_RULE: "issue 13: a record dump's markup and metadata fields (url, docno) are "
                 "structure, not text (removed, reported)",
}
# field names that hold a record's title or its text; any other field is metadata
_TITLE_WORDS = ("title", "headline", "标题")
_BODY_WORDS = ("content", "body", "text", "正文")


_CLOSE_AT_END = re.compile(r"</[A-Za-z][\w.-]*>$")


def _is(name: str, words: tuple[str, ...]) -> bool:
    low = name.lower()
    return any(w in low for w in words)


class _Out:
    """Paragraphs being made, with exact source positions, and the report of removals."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.paras: list[Para] = []
        self.gap = 0

    def para(self, ln: Line, start: int, text: str, hint: str = "") -> None:
        """`text` starts at offset `start` of the line's text (after its indent)."""
        lead = len(text) - len(text.lstrip(" \u3000\t"))
        text = text.strip(" \u3000\t")
        if not text:
            return
        col = len(ln.indent) + start + lead + 1
        p = Para.from_line(text, ln.number, col, "", self.gap)
        p.hint = hint
        self.paras.append(p)
        self.gap = 0

    def removed(self, rule: str, ln: Line, start: int, text: str) -> None:
        self.report.add_change(Change(rule, Where(ln.number, len(ln.indent) + start + 1), text,
                                      ""))

    def next_record(self) -> None:
        if self.paras:
            self.gap = max(self.gap, 1)


def record_paragraphs(dec: Decoded, layout: Layout, report: Report) -> list[Para]:
    """The paragraphs of a record dump of the given layout."""
    report.rules.update(CLAUSES)
    out = _Out(report)
    split = {"records-inline": _inline, "records-separated": _separated,
             "records-markup": _markup, "records-json": _json}[layout.kind]
    split(dec.lines, layout.mark, out)
    return out.paras


def _inline(lines: list[Line], sep: str, out: _Out) -> None:
    """One record per line, `headline<sep>body`; the separator again inside the body separates
    its paragraphs (`headline!!!!para!!!!para`); a line without the separator continues the
    record before it."""
    for ln in lines:
        t = ln.text
        if not t:
            out.gap += 1
            continue
        at = t.find(sep)
        if at < 0:
            out.para(ln, 0, t)
            continue
        out.next_record()
        head = t[:at]
        out.para(ln, 0, head, "headline" if headline_like(head) else "")
        while at >= 0:
            out.removed(SEPARATOR_RULE, ln, at, sep)
            start = at + len(sep)
            at = t.find(sep, start)
            out.para(ln, start, t[start:at] if at >= 0 else t[start:])


def _separated(lines: list[Line], sym: str, out: _Out) -> None:
    """Records between marker lines; a record's first line is its headline when it reads like
    one (a record may have none)."""
    first = True
    for ln in lines:
        t = ln.text
        if not t:
            out.gap += 1
            continue
        if marker_symbol(t) == sym:
            out.removed(SEPARATOR_RULE, ln, 0, t)
            out.next_record()
            first = True
            continue
        out.para(ln, 0, t, "headline" if first and headline_like(t) else "")
        first = False


def _markup(lines: list[Line], element: str, out: _Out) -> None:
    """XML-like records: the title field is the headline, the body field and any untagged line
    inside a record are its paragraphs, tags and metadata fields are removed."""
    for ln in lines:
        t = ln.text
        if not t:
            out.gap += 1
            continue
        m = TAG_LINE.fullmatch(t)
        if m:
            out.removed(MARKUP_RULE, ln, 0, t)
            if m.group(2) == element and not m.group(1):
                out.next_record()
            continue
        f = field_line(t)
        if f is None:  # a body field's later line, perhaps closing it
            close = _CLOSE_AT_END.search(t)
            out.para(ln, 0, t[:close.start()] if close else t)
            if close:
                out.removed(MARKUP_RULE, ln, close.start(), close.group())
            continue
        name, value = f
        open_tag = f"<{name}>"
        if not (_is(name, _TITLE_WORDS) or _is(name, _BODY_WORDS)):
            out.removed(MARKUP_RULE, ln, 0, t)  # metadata: url, docno, date …
            continue
        out.removed(MARKUP_RULE, ln, 0, open_tag)
        out.para(ln, len(open_tag), value, "headline" if _is(name, _TITLE_WORDS) else "")
        close = t[len(open_tag) + len(value):]
        if close:
            out.removed(MARKUP_RULE, ln, len(open_tag) + len(value), close)


def _json(lines: list[Line], key: str, out: _Out) -> None:
    """JSON lines: the title key's value is the headline, a body key's value (content, text …)
    its paragraphs (split at its line breaks); the other keys (url, id, date …) and the JSON
    syntax are removed and reported. A line that is not a JSON object is kept as text."""
    for ln in lines:
        t = ln.text
        if not t:
            continue
        try:
            obj = json.loads(t)
        except ValueError:
            obj = None
        if not isinstance(obj, dict):
            out.para(ln, 0, t)
            continue
        out.next_record()
        body_key = next((k for k, v in obj.items() if k != key and isinstance(v, str)
                         and _is(k, _BODY_WORDS)), None)
        for k, v in obj.items():
            at = max(t.find(json.dumps(k, ensure_ascii=False)), 0)
            if k == key and isinstance(v, str):
                out.para(ln, _value_at(t, at), v, "headline")
            elif k == body_key and isinstance(v, str):
                start = _value_at(t, at)
                for piece in v.split("\n"):  # positions inside a value are its start's
                    out.para(ln, start, piece)
            else:
                out.removed(MARKUP_RULE, ln, at, json.dumps({k: v}, ensure_ascii=False)[1:-1])


def _value_at(t: str, key_at: int) -> int:
    """Where the string value after the key at key_at starts (inside its quote)."""
    colon = t.find(":", key_at)
    quote = t.find('"', colon)
    return quote + 1 if colon >= 0 and quote >= 0 else key_at


def layout_roles(paras: list[Para], inferred: dict[int, str]) -> dict[int, str]:
    """The structure stage's roles (paragraph index -> role) given what the layout stated
    (Para.hint). A record dump's roles are all stated: each record's headline, and the lead
    (the body's first paragraph: its dateline and byline become spans, news.py); nothing is
    inferred between records. A scrape states some (its bare headlines, its source notes) on
    top of the roles inferred from the text."""
    if any(p.hint == "headline" for p in paras):
        roles: dict[int, str] = {}
        for i, p in enumerate(paras):
            if p.hint:
                roles[i] = p.hint
            elif i and paras[i - 1].hint == "headline":
                roles[i] = "lead"
        return roles
    stated = {i: _SCRAPE_ROLE.get(p.hint, p.hint) for i, p in enumerate(paras)
              if p.hint and p.hint != "body"}
    return {**inferred, **stated} if stated else inferred


_SCRAPE_ROLE = {"scrape-headline": "headline"}


def starts_with_stated_role(paras: list[Para]) -> bool:
    """The first paragraph has a role the layout states (a record's headline, a source note):
    it is no title block. ('body' states a paragraph's bounds, not a role.)"""
    return bool(paras) and paras[0].hint not in ("", "body")
