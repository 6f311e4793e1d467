"""Chinese punctuation classes (GB/T 15834, clreq), defined once for the normalizer, the line
layout and every writer."""

from __future__ import annotations

#: Opening brackets and quotes. In zh-Hans fonts their ink sits on the right half of the em box,
#: so ``halt`` removes the blank half on their left.
OPENING_MARKS = "“‘（《「『【〈〔〖〘［｛"
#: Closing brackets and quotes, plus the pause and stop marks. In zh-Hans fonts (Noto CJK SC,
#: measured) their ink sits on the left half, so ``halt`` removes the blank half on their right.
CLOSING_MARKS = "，。、；：？！”’）》」』】〉〕〗〙］｝"
#: Marks that Pango lets start a line but clreq forbids at line start.
NO_LINE_START_EXTRA = "·～／－"
#: Marks that come in pairs of two (——, ……) and are never split or spread apart.
DOUBLED_MARKS = "—…"
WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
#: The invisible characters the line layout inserts (never in the Markdown).
INVISIBLE = WORD_JOINER + ZERO_WIDTH_SPACE
#: clreq 避头: characters that must not start a line.
NO_LINE_START = frozenset(CLOSING_MARKS + NO_LINE_START_EXTRA + DOUBLED_MARKS + "%")
#: clreq 避尾: characters that must not end a line.
NO_LINE_END = frozenset(OPENING_MARKS)
#: Paired brackets and quotes (GB/T 15834 4.2, 4.9), whose balance the normalizer checks.
PAIRED_OPENING = "“‘（《〈【〔「『"
PAIRED_CLOSING = "”’）》〉】〕」』"
