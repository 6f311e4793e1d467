"""A promulgated document flattened into one paragraph (a web page or a database that lost the
line breaks of a 司法解释, a 条例 or a 规定 published with its 公告).

A promulgation has a fixed order (最高人民法院公告; 国务院令; a ministry's 令):

    关于…的决定  法释〔2013〕2号                       title, 发文字号
    《关于…的决定》已于…通过，现予公布，自…起施行。      the notice sentence
    最高人民法院  二〇一三年一月十四日                  署名, 成文日期
    关于…的决定  （2012年11月19日…会议通过）           the document itself: its title, its
    正文 …  附件：X                                     adoption note, its text, 附件说明
    附件：X  …                                          the attachment: its title, its text

so a flattened copy can be cut back into its parts from text alone: the notice cites the title
in 《》 (the title is what the paragraph starts with), the document's title comes back after
the date, and an attachment's title is stated twice (附件说明, then the attachment itself).
Nothing is dropped: the pieces hold every character of the paragraph, in order.
"""

from __future__ import annotations

import re

from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.titles import DATE_TEXT, DOC_NUMBER, is_title_like

_NOTICE_VERB = re.compile(r"公布|发布|發布|印发|印發")
_SIGNED = re.compile(f"([^。；，：:]{{0,24}}?)\\s*({DATE_TEXT})")
_ADOPTION = re.compile(r"\s*[（(][^（）()]{0,80}?(?:通过|通過|修正|修订|修訂|公布)[）)]")
_ATTACHMENT = re.compile(r"附件\s*[一二三四五六七八九十\d]*\s*[：:]")
ATTACHMENT_TITLE_MAX = 100
# the number of a 令 (国务院令第588号, 中华人民共和国公安部令 第 120 号), beside 发文字号
_ORDER_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,16}令\s*第?\s*\d{1,5}\s*[号號]")
FLAT_MIN = 60  # shorter than this, a paragraph holds no notice, signature and title again

# (kind, start, end): kinds are "title", "doc-number", "body" (left to the structure stage),
# "signature", "doc-date", "document" (the promulgated document's title), "date" (its adoption
# note), "attachment" (附件说明 or the 附件 label) and "attachment-title"
Piece = tuple[str, int, int]


def read_promulgation(text: str) -> list[Piece] | None:
    """The parts of a promulgation flattened into `text`, as (kind, start, end) covering all of
    it in order; None when `text` is not one (it must start with a title that its notice
    sentence cites in 《》 and that comes back after the signature and date)."""
    k = text.find("《")
    close = text.find("》", k)
    if k <= 0 or close < 0:
        return None
    title = text[k + 1:close]
    if not text.startswith(title) or not is_title_like(title, 80):
        return None
    number = text[len(title):k].strip()
    if number and not (DOC_NUMBER.fullmatch(number) or _ORDER_NUMBER.fullmatch(number)):
        return None
    end = text.find("。", close)
    if end < 0 or not _NOTICE_VERB.search(text, close, end):
        return None
    end += 1
    m = _SIGNED.match(text, end)
    if not m or not text.startswith(title, m.end()):
        return None
    pieces: list[Piece] = [("title", 0, len(title))]
    if number:
        pieces.append(("doc-number", text.index(number, len(title)), k))
    pieces.append(("body", k, end))
    if m.group(1).strip():
        pieces.append(("signature", m.start(1), m.start(2)))
    pieces.append(("doc-date", m.start(2), m.end()))
    at = m.end() + len(title)
    pieces.append(("document", m.end(), at))
    note = _ADOPTION.match(text, at)
    if note:
        pieces.append(("date", at, note.end()))
        at = note.end()
    pieces += _attachment(text, at)
    return [p for p in pieces if text[p[1]:p[2]].strip()]


def _attachment(text: str, at: int) -> list[Piece]:
    """The body from `at` on, with its 附件说明 and the attachment's title cut out where the
    title is stated twice (附件：X附件：X…): the first is the 附件说明, the second opens the
    attachment."""
    for m in _ATTACHMENT.finditer(text, at):
        again = _ATTACHMENT.search(text, m.end(), m.end() + ATTACHMENT_TITLE_MAX + 8)
        if not again:
            continue
        name = text[m.end():again.start()].strip()
        if 2 <= len(name) <= ATTACHMENT_TITLE_MAX and "。" not in name \
                and text.startswith(name, again.end()):
            title_at = text.index(name, again.end())
            out = [("body", at, m.start()), ("attachment", m.start(), again.start()),
                   ("attachment", again.start(), again.end()),
                   ("attachment-title", title_at, title_at + len(name)),
                   ("body", title_at + len(name), len(text))]
            return out
    return [("body", at, len(text))]


def cut(p: Para, pieces: list[Piece]) -> list[tuple[str, Para]]:
    """Paragraph p cut into the pieces (surrounding spaces trimmed), each a Para that keeps its
    characters' source positions."""
    out = []
    for kind, start, end in pieces:
        piece = p.text[start:end]
        start += len(piece) - len(piece.lstrip())
        piece = piece.strip()
        line, col = p.where(start)
        segs = [(0, line, col)] + [(o - start, ln, c) for o, ln, c in p.segs
                                   if start < o < start + len(piece)]
        q = Para(piece, line, gap=p.gap if start == 0 else 0, segs=segs)
        out.append((kind, q))
    return out


def split_flattened(paras: list[Para], span: int = 10) -> tuple[list[Para], dict[int, str]]:
    """The paragraphs with a flattened promulgation near the top (within `span`) cut into its
    parts, and the kind of each part by its new index ("body" parts are left out: the structure
    stage reads them as usual; the title block reads the title and 文号 first when it can)."""
    for i, p in enumerate(paras[:span]):
        if len(p.text) < FLAT_MIN:
            continue
        pieces = read_promulgation(p.text)
        if pieces:
            parts = cut(p, pieces)
            kinds = {i + n: kind for n, (kind, _) in enumerate(parts) if kind != "body"}
            return paras[:i] + [q for _, q in parts] + paras[i + 1:], kinds
    return paras, {}
