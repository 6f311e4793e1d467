"""The close of an official document or a letter, and the parts it appends.

Copied from web pages, a 公文 often arrives with its close glued into one paragraph (the body's
last sentence, the 成文日期, 附： and the attachment's title, then the attachment's first
sentence); on lines of its own, its close is the 署名 and the 成文日期 (GB/T 9704-2012 7.3.5).
A form appended to a regulation or an opinion (…文书样式) is a part of its own.
"""

from __future__ import annotations

import re

from zhpress.readers.normalize.titles import DATE_TEXT, DOC_TYPES, TITLE_MAX, is_title_like

# …认真贯彻执行。二〇一二年三月十五日附：最高人民法院关于…的意见为充分发挥… (body, 成文日期,
# 附: and the attachment's title glued to the attachment's first sentence, as copied from a web
# page that lost its line breaks)
_CLOSE = re.compile(f"(.*?[。！])\\s*({DATE_TEXT})\\s*(附件?[：:])\\s*(.+)")
_APPENDIX = re.compile(r"[^，。；：:、\s]{1,24}(?:文书样式|文书格式|样式|格式|范本|式样)")


def split_close(text: str) -> list[tuple[str, str]] | None:
    """The first body paragraph of an official document (one with a 发文字号 or a 主送) cut into
    (kind, text) pieces: body, doc-date (成文日期), attachment (附：), attachment-title, body. None when it
    is not such a glued close."""
    m = _CLOSE.fullmatch(text)
    if not m:
        return None
    rest = m.group(4)
    end = _title_end(rest)
    if not end:
        return None
    pieces = [("body", m.group(1)), ("doc-date", m.group(2)), ("attachment", m.group(3)),
              ("attachment-title", rest[:end])]
    if rest[end:].strip():
        pieces.append(("body", rest[end:].strip()))
    return pieces


def _title_end(text: str) -> int:
    """Where a document title at the start of `text` ends: after the first document-kind word
    (意见, 通知, 办法…) outside 《》, within TITLE_MAX characters; 0 when there is none."""
    depth = 0
    for i, ch in enumerate(text[:TITLE_MAX]):
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth -= 1
        elif ch in "，。；：！？":
            return 0
        elif depth == 0 and any(text.startswith(kind, i + 1 - len(kind)) and i + 1 >= len(kind)
                                for kind in DOC_TYPES) and i + 1 >= 6:
            return i + 1
    return 0


def is_appendix_title(text: str) -> bool:
    """A form appended to a regulation or an opinion (司法建议文书样式, 申请书格式): a part of its
    own, headed by the form's name."""
    return bool(_APPENDIX.fullmatch(text))


# --- the close of a letter or an official document on lines of its own -------------------
_SIGNED_DATE = re.compile(DATE_TEXT)


def closing_kind(texts: list[str], i: int) -> str | None:
    """'doc-date' for a line that is only a full date after the text (成文日期, 落款), and
    'signature' for a short name line right above such a date after a sentence (署名,
    GB/T 9704 7.3.5); None otherwise."""
    t = texts[i]
    if _SIGNED_DATE.fullmatch(t):
        return "doc-date" if i > 0 else None
    if i + 1 < len(texts) and _SIGNED_DATE.fullmatch(texts[i + 1]) and i > 0 \
            and is_title_like(t, 24) and texts[i - 1].endswith(("。", "！", "”", "）")):
        return "signature"
    return None
