"""A paragraph of source text that remembers where each character came from.

Rules edit paragraphs through `apply_edits`; positions for the report are looked up in the
original source (1-based line and column), even after joins and earlier edits.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by `repl`. `shown` overrides (before, after) in the report;
    `silent` edits belong to a change reported by another edit (e.g. a bracket's other half)."""

    start: int
    end: int
    repl: str
    shown: tuple[str, str] | None = None
    silent: bool = False


@dataclass(slots=True)
class Para:
    text: str
    line: int
    indent: str = ""
    gap: int = 0  # blank lines before this paragraph
    # (offset in text, source line, source column) for runs of contiguous source characters
    segs: list[tuple[int, int, int]] = field(default_factory=list)
    suspect: bool = False  # looks like mojibake: rules that guess leave it alone
    trail: str = ""  # whitespace after the text on its last source line
    # page furniture (a page-number line, a form feed) stood between this paragraph and the one
    # before it: evidence for a page-break join (set by the furniture rule, read by the joins)
    page_break_before: bool = False
    hint: str = ""  # a role the input's layout states (a record's title: "headline"), or ""

    @classmethod
    def from_line(cls, text: str, line: int, col: int, indent: str = "", gap: int = 0) -> Para:
        return cls(text, line, indent, gap, [(0, line, col)])

    def where(self, offset: int) -> tuple[int, int]:
        if not self.segs:
            return self.line, offset + 1
        i = bisect_right(self.segs, (offset, 1 << 62, 0)) - 1
        off, line, col = self.segs[max(i, 0)]
        return line, col + (offset - off)

    def join(self, other: Para) -> None:
        base = len(self.text)
        # `self.text += …` copies the whole paragraph on every join: a hard-wrapped text whose
        # lines all join one paragraph took quadratic time. A str held only by a local variable
        # is extended in place by CPython (amortized), so the attribute lets go of it first.
        text, self.text = self.text, ""
        text += other.text
        self.text = text
        self.segs += [(o + base, ln, c) for o, ln, c in other.segs]
        self.suspect = self.suspect or other.suspect
        self.trail = other.trail

    def apply(self, edits: list[Edit]) -> None:
        """Apply non-overlapping edits, keeping source positions exact after each edit."""
        if not edits:
            return
        edits = sorted(edits, key=lambda e: e.start)
        parts: list[str] = []
        new_segs: list[tuple[int, int, int]] = []
        pos = 0
        shift = 0
        seg_i = 0
        segs = self.segs
        for e in edits:
            parts.append(self.text[pos:e.start])
            parts.append(e.repl)
            # carry over segments that start before this edit
            while seg_i < len(segs) and segs[seg_i][0] <= e.start:
                o, ln, c = segs[seg_i]
                new_segs.append((o + shift, ln, c))
                seg_i += 1
            shift += len(e.repl) - (e.end - e.start)
            # a new segment where the source resumes after the edit
            while seg_i < len(segs) and segs[seg_i][0] <= e.end:
                seg_i += 1
            ln, c = self.where(e.end)
            new_segs.append((e.end + shift, ln, c))
            pos = e.end
        parts.append(self.text[pos:])
        new_segs += [(o + shift, ln, c) for o, ln, c in segs[seg_i:]]
        self.text = "".join(parts)
        # keep the first entry per offset (the latest wins when offsets coincide)
        dedup: dict[int, tuple[int, int, int]] = {}
        for s in new_segs:
            dedup[s[0]] = s
        self.segs = sorted(dedup.values())
