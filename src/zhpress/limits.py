"""The documented limits on what one input may cost (README, "Bad input").

An input within them builds in time and memory linear in its size; one beyond them is refused
with one line naming the limit, before any expensive stage runs. Each was set from a hostile
input that otherwise ran a build for minutes or gigabytes (issue 15).
"""

from __future__ import annotations

import re

#: Bytes of one input file. A build's memory grows with the document (the PDF renderer holds
#: every page until it writes): about 0.3 GB per MB of text.
MAX_INPUT_BYTES = 8 * 1024 * 1024

#: Characters of one line (one paragraph) of text. The PDF renderer re-encodes the rest of a
#: paragraph for each line it sets, so a paragraph costs time quadratic in its length: a 50 MB
#: single line ran the PDF job past 600 s (and broke the EPUB's XML, "too many characters in
#: string"). At this length a paragraph costs at most about twice what ordinary text does per
#: character, so time stays linear in the size of the input.
MAX_LINE_CHARS = 50_000

#: Bytes of a Markdown input's YAML front matter (a title, a date, a source: a few hundred).
MAX_FRONT_MATTER_BYTES = 64 * 1024

#: Levels of block quotes and lists in Markdown input (real documents use a few). pandoc's time
#: grows faster than the depth: 1,000 nested list levels took it 43 s.
MAX_NESTING = 50

#: Changes (and warnings) the report lists per rule with their positions; it counts them all.
LISTED_PER_RULE = 1000

#: Characters of one quoted before/after text or message in the report.
SHOWN_CHARS = 200


def check_size(size: int) -> None:
    """BadInput for an input file over MAX_INPUT_BYTES."""
    from zhpress.errors import BadInput

    if size > MAX_INPUT_BYTES:
        raise BadInput(f"{size:,} bytes is over the limit of {MAX_INPUT_BYTES // 2**20} MiB an "
                       "input; split it into several documents")


def check_line(length: int, where: str) -> None:
    """BadInput for a line (a paragraph) of `length` characters over MAX_LINE_CHARS; `where`
    says which (`line 3`, `the paragraph starting 「…」`)."""
    if length > MAX_LINE_CHARS:  # called for every line: the import only when it fails
        from zhpress.errors import BadInput

        raise BadInput(f"{where} has {length:,} characters, over the limit of "
                       f"{MAX_LINE_CHARS:,} a paragraph; break it into paragraphs (a blank "
                       "line between them)")


# A line's container markers: block quote `>`, list bullets and numbers, each followed by a space.
_CONTAINERS = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))")


def nesting(line: str) -> int:
    """How many block quotes and lists a Markdown line opens or continues, at least: one per
    container marker at its start, and one per four columns of indentation (a nested list's
    items are indented)."""
    pos = depth = 0
    while m := _CONTAINERS.match(line, pos):
        depth += 1
        pos = m.end()
    indent = len(line) - len(line.lstrip(" \t"))
    return depth + len(line[:indent].expandtabs(4)) // 4


def check_nesting(line: str, number: int) -> None:
    from zhpress.errors import BadInput

    depth = nesting(line)
    if depth > MAX_NESTING:
        raise BadInput(f"line {number} nests block quotes or lists {depth} levels deep, over "
                       f"the limit of {MAX_NESTING}; flatten it")


def check_blocks(blocks) -> None:  # noqa: ANN001 - zhpress.model blocks (not imported here)
    """BadInput for a paragraph, heading or list item over MAX_LINE_CHARS: lines that the
    normalizer joined (page breaks, hard wraps) can make one."""
    for block in blocks:
        for text in getattr(block, "items", None) or (block.text,):
            check_line(len(text), f"the paragraph starting 「{text[:12]}」")
