"""A web page saved as text -> paragraphs, with a real HTML parser (stdlib html.parser).

Input text never becomes markup: an evidently-HTML file is parsed and only its text is kept.
Tags, comments and the contents of clutter elements (script, style, nav, head …) are removed;
entities are decoded; block elements and line ends separate paragraphs, as do the runs of
ideographic spaces that stood for paragraph indents when a page's paragraphs were flattened into
one line; a block repeated word for word (the article pasted twice) is kept once. Every removal
is reported. A page with no article-like text left is refused with one line saying what it is.
"""

from __future__ import annotations

import html as stdlib_html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from zhpress.errors import BadInput
from zhpress.readers.normalize.decode import Decoded
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.patterns import han_re
from zhpress.readers.normalize.report import Change, Report, Where

MARKUP_RULE = "html_markup"
CLUTTER_RULE = "html_clutter"
DUPLICATE_RULE = "html_duplicate_block"
ENTITY_RULE = "html_entity"
CLAUSES = {
    MARKUP_RULE: "issue 13: a web page saved as text: tags, comments and entities are markup, "
                 "not text (parsed with html.parser; removed, reported)",
    CLUTTER_RULE: "issue 13: a web page's script, style, navigation and head are not the "
                  "article (removed, reported)",
    ENTITY_RULE: "issue 13: a web page's character references (&gt; &nbsp; &#12354;) are "
                 "decoded (reported)",
    DUPLICATE_RULE: "issue 13: a block repeated word for word in a scraped page is kept once "
                    "(removed, reported)",
}

_HTML_NAMES = (r"html|head|body|title|meta|link|script|style|div|span|p|br|a|img|table|tbody|"
               r"thead|tr|td|th|ul|ol|li|h[1-6]|iframe|form|input|nav|header|footer|section|"
               r"article|aside|strong|em|b|i|u|font|center|hr|dl|dt|dd|blockquote|pre|noscript")
_HTML_TAG = re.compile(rf"</?({_HTML_NAMES})(?=[\s/>])[^<>]*>", re.I)
# signs of a page's own layout, which a text quoting tags does not hold: comments, a doctype,
# the page skeleton, line-break tags, the non-breaking-space entity (and lines of nothing but
# tags, counted in looks_like_html)
_STRONG = re.compile(r"<!--|<!doctype|<(?:html|body|head)\b|<br\s*/?>|&nbsp;", re.I)
# signs of markup that a text about HTML (or a hostile one) may quote as words
_WEAK = re.compile(r"<(?:script|style)\b|\b(?:href|src)\s*=", re.I)
SIGNS_MIN = 2  # signs of HTML needed, at least one of them strong ...
NAMES_MIN = 2  # ... and distinct HTML element names (a lone <b> in a text is not a web page)

_CLUTTER = frozenset({"script", "style", "nav", "head", "noscript", "iframe", "form", "select",
                      "button", "template", "svg", "object", "aside", "footer"})
# (<header> is not clutter: an article's <header> holds its title)
_BLOCK = frozenset({"p", "div", "br", "li", "ul", "ol", "tr", "table", "tbody", "thead", "td",
                    "th", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote",
                    "pre", "hr", "dd", "dt", "dl", "body", "html", "center"})
# class or id of a page's furniture: navigation, menus, breadcrumbs, sidebars, footers, share
# and comment boxes, related-link lists, ads (not "header": an article's header holds its title)
_CLUTTER_NAME = re.compile(r"nav|menu|breadcrumb|sidebar|side-bar|footer|copyright|"
                           r"share|comment|related|recommend|advert|\bads?\b|banner|toolbar",
                           re.I)


def _clutter_named(attrs: list[tuple[str, str | None]]) -> bool:
    return any(k in ("class", "id") and v and _CLUTTER_NAME.search(v) for k, v in attrs)


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed",
                   "source", "wbr"})
# a paragraph indent left inside a flattened line: two or more ideographic (or no-break) spaces
_INDENT_RUN = re.compile(r"[\u3000\u00a0]{2,}")
DUPLICATE_MIN = 30  # shorter repeats are speech refrains (同胞们、同志们、朋友们！), kept
ARTICLE_MIN_HAN = 20  # fewer Han characters than this left: no article in the page


def looks_like_html(lines: list[str]) -> bool:
    """Evidently HTML: a page's own layout shows (a comment, a doctype, <html>/<body>, <br>,
    &nbsp;, a line of nothing but tags), with at least one more sign (those, href=/src=,
    <script>/<style>) and at least two distinct HTML element names. A text that quotes tags
    in its sentences stays text, its tags visible words. Only lines with '<' or '&' are
    searched, so running text costs one character scan."""
    strong = weak = 0
    names: set[str] = set()
    for t in lines:
        if "<" not in t and "&" not in t:
            continue
        strong += len(_STRONG.findall(t))
        weak += len(_WEAK.findall(t))
        tags = list(_HTML_TAG.finditer(t))
        names.update(m.group(1).lower() for m in tags)
        if tags and sum(m.end() - m.start() for m in tags) == len(t.replace(" ", "")):
            strong += 1  # a line of nothing but tags
        if strong and strong + weak >= SIGNS_MIN and len(names) >= NAMES_MIN:
            return True
    return False


@dataclass
class _Block:
    parts: list[tuple[str, int, int]] = field(default_factory=list)  # (text, line, col)
    heading: bool = False  # the page marks it as a heading (<h1>…<h6>)


class _Reducer(HTMLParser):
    """Collects text blocks with their source positions; reports what it drops, each removal
    with its exact source text (so the report accounts for every character that went)."""

    def __init__(self, source: str, report: Report, lines_are_paragraphs: bool) -> None:
        super().__init__(convert_charrefs=False)  # entities one by one, each reported
        self.source = source
        self.starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.report = report
        self.lines_are_paragraphs = lines_are_paragraphs
        self.blocks: list[_Block] = [_Block()]
        self.clutter: list[str] = []  # the open elements since a clutter element began

    def _raw(self, end_mark: str) -> str:
        """The source text of the construct starting here, up to and including end_mark."""
        line, col = self.getpos()
        off = self.starts[line - 1] + col
        end = self.source.find(end_mark, off)
        return self.source[off:end + len(end_mark) if end >= 0 else len(self.source)]

    def _where(self) -> Where:
        line, col = self.getpos()
        return Where(line, col + 1)

    def _break(self) -> None:
        if self.blocks[-1].parts:
            self.blocks.append(_Block())

    def _markup(self, text: str) -> None:
        self.report.add_change(Change(MARKUP_RULE, self._where(), text, ""))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._markup(self.get_starttag_text() or self._raw(">"))
        if tag in _VOID:
            pass
        elif self.clutter:
            self.clutter.append(tag)  # every element inside clutter, to find where it ends
        elif tag in _CLUTTER or _clutter_named(attrs):
            self.clutter = [tag]
        if tag in _BLOCK:
            self._break()
            self.blocks[-1].heading = tag in _HEADINGS

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._markup(self.get_starttag_text() or self._raw(">"))
        if tag in _BLOCK:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        self._markup(self._raw(">"))
        if tag in self.clutter:  # an end tag also closes the elements left open inside it
            while self.clutter and self.clutter.pop() != tag:
                pass
        if tag in _BLOCK:
            self._break()

    def handle_comment(self, data: str) -> None:
        self._markup(self._raw("-->"))

    def handle_decl(self, decl: str) -> None:
        self._markup(self._raw(">"))

    def handle_pi(self, data: str) -> None:
        self._markup(self._raw(">"))

    def unknown_decl(self, data: str) -> None:
        self._markup(self._raw("]]>"))

    def handle_entityref(self, name: str) -> None:
        self._entity(name)

    def handle_charref(self, name: str) -> None:
        self._entity("#" + name)

    def _entity(self, name: str) -> None:
        raw = self._raw(";")
        if raw != f"&{name};":
            raw = f"&{name}"  # written without its semicolon
        if self.clutter:
            self.report.add_change(Change(CLUTTER_RULE, self._where(), raw, ""))
            return
        text = stdlib_html.unescape(raw)
        self.report.add_change(Change(ENTITY_RULE, self._where(), raw, text))
        line, col = self.getpos()
        self.blocks[-1].parts.append((text, line, col))

    def handle_data(self, data: str) -> None:
        line, col = self.getpos()
        for i, piece in enumerate(data.split("\n")):
            if i:
                line, col = line + 1, 0
                if self.clutter:
                    pass
                elif self.lines_are_paragraphs:
                    self._break()
                else:
                    self.blocks[-1].parts.append((" ", line, 0))
            if self.clutter and piece.strip():
                lead = len(piece) - len(piece.lstrip())
                self.report.add_change(Change(CLUTTER_RULE, Where(line, col + lead + 1),
                                              piece.strip(), ""))
            elif piece and not self.clutter:
                self.blocks[-1].parts.append((piece, line, col))
            col += len(piece)


def _lines_are_paragraphs(text: str) -> bool:
    """Text with leftover tags (a scrape) keeps one paragraph a line; a real page's source
    lines are wrapped freely and its paragraphs are <p>, <div>, <br> …"""
    blocks = len(re.findall(r"<(?:p|div|br|li|h[1-6]|tr)\b", text, re.I))
    text_lines = sum(1 for ln in text.split("\n") if han_re.search(ln))
    return blocks < text_lines / 2


def _paras_of(block: _Block) -> list[Para]:
    """A block's paragraphs: split at paragraph-indent runs, stripped, positions kept."""
    text = "".join(t for t, _, _ in block.parts)
    segs: list[tuple[int, int, int]] = []
    off = 0
    for t, line, col in block.parts:
        segs.append((off, line, col + 1))
        off += len(t)
    whole = Para(text, segs[0][1] if segs else 0, segs=segs)
    out: list[Para] = []
    start = 0
    k = 0  # segs before this one start before the current piece (pieces come in order)
    for m in [*_INDENT_RUN.finditer(text), None]:
        end = m.start() if m else len(text)
        piece = text[start:end]
        lead = len(piece) - len(piece.lstrip())
        body = piece.strip()
        if body:
            at = start + lead
            line, col = whole.where(at)
            p = Para.from_line(body, line, col)
            while k < len(segs) and segs[k][0] <= at:
                k += 1
            j = k
            while j < len(segs) and segs[j][0] < at + len(body):
                j += 1
            p.segs = [(0, line, col)] + [(o - at, ln, c) for o, ln, c in segs[k:j]]
            k = j
            # boundaries the page states: never joined as hard wraps or page breaks
            p.hint = "scrape-headline" if block.heading else "body"
            out.append(p)
        if m:
            start = m.end()
    return out


def html_paragraphs(dec: Decoded, report: Report) -> list[Para]:
    """The text paragraphs of a web page saved as text. Raises BadInput when none is left."""
    report.rules.update(CLAUSES)
    source = "\n".join(ln.indent + ln.text + ln.trail for ln in dec.lines)
    parser = _Reducer(source, report, _lines_are_paragraphs(source))
    parser.feed(source)
    parser.close()
    raw_lines = source.split("\n")

    def dec_line(n: int) -> str:
        return raw_lines[n - 1] if 0 < n <= len(raw_lines) else ""

    seen: set[str] = set()
    paras: list[Para] = []
    for block in parser.blocks:
        for p in _paras_of(block):
            key = re.sub(r"\s+", "", p.text)
            if len(key) >= DUPLICATE_MIN and key in seen:
                (line, col), (end_line, end) = p.where(0), p.where(len(p.text) - 1)
                # the source text when it is on one line (entities undecoded), else the text
                before = dec_line(line)[col - 1:end] if end_line == line else p.text
                report.add_change(Change(DUPLICATE_RULE, Where(line, col), before, ""))
                continue
            seen.add(key)
            paras.append(p)
    mark_scrape_roles(paras)
    if paras and paras[0].hint == "scrape-headline":
        paras[0].hint = "body"  # the page's first heading is the title block's to judge
    han = sum(len(han_re.findall(p.text)) for p in paras)
    if han < ARTICLE_MIN_HAN:
        tags = report.count(MARKUP_RULE)
        raise BadInput(f"this is a web page (HTML, {tags} tags) with no article text in it "
                       f"({han} Han characters outside the markup): save the article's text "
                       "from the browser and convert that")
    return paras


_SOURCE_NOTE = re.compile(r"^原(?:标题|题)[：:]")
_CLAUSE_MARK = re.compile(r"[。！？；，：!?;,:]")
SCRAPE_HEAD_MAX = 40  # a bare headline in a scrape is at most this long ...
SCRAPE_HEAD_RUN = 3  # ... in a run of at most this many before the body it heads
SCRAPE_BODY_MIN = 60  # the body paragraph after it is at least this long


def scrape_headline(t: str) -> bool:
    """A paragraph of a flattened page that can only be a headline or sub-head: short, and no
    clause or sentence mark at all (a salutation ends in ！ or ：, a sentence in 。)."""
    return 0 < len(t) <= SCRAPE_HEAD_MAX and not _CLAUSE_MARK.search(t)


def mark_scrape_roles(paras: list[Para]) -> None:
    """Roles a scrape's layout states (Para.hint): a `原标题：…` line is a source note (the
    reposted article's original title; never the document's title or a heading), and a run of
    at most SCRAPE_HEAD_RUN bare short lines right before a body paragraph are headlines (the
    page's <h1>/<h2> flattened into text)."""
    run: list[Para] = []
    for p in paras:
        if p.hint == "scrape-headline":  # the page's own <h1>…<h6>
            run = []
        elif _SOURCE_NOTE.match(p.text):
            p.hint = "note"
            run = []
        elif scrape_headline(p.text):
            run.append(p)
        else:
            if 0 < len(run) <= SCRAPE_HEAD_RUN and len(p.text) >= SCRAPE_BODY_MIN:
                for h in run:
                    h.hint = "scrape-headline"
            run = []
