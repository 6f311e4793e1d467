"""The normalization report: what changed, where, under which rule, and what to look at."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace

from zhpress.limits import LISTED_PER_RULE, SHOWN_CHARS
from zhpress.readers.normalize.labels import label

PUNCTUATION_RULES = frozenset(
    {"ascii_parens_to_fullwidth", "ascii_punct_to_fullwidth", "straight_quotes_to_curly",
     "dashes_and_ellipses", "interpunct"}
)


@dataclass(frozen=True)
class Where:
    line: int
    col: int


@dataclass(frozen=True)
class Change:
    rule: str
    where: Where
    before: str
    after: str
    note: str = ""  # why the rule made this change, when the rule weighs evidence (joins)


@dataclass(frozen=True)
class ReportWarning:
    rule: str
    where: Where
    message: str


@dataclass
class Report:
    file: str = ""
    encoding: str = "utf-8"
    bom: bool = False
    line_ends: str = "LF"
    line_end_counts: dict[str, int] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)  # rule name -> clause it applies
    # The first LISTED_PER_RULE changes and warnings of each rule, with their positions; the
    # counts cover all of them. Listing every one made a 5 MB file of punctuation a 627 MB
    # report that took 2.5 GB to write.
    changes: list[Change] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    change_counts: dict[str, int] = field(default_factory=dict)
    warning_counts: dict[str, int] = field(default_factory=dict)
    # every warning seen: the inline rules run in passes until nothing changes, and a pass
    # re-finds the warnings of the pass before (697 of one file's 4,594 were exact repeats)
    _seen: set[tuple[str, int, int, str]] = field(default_factory=set, repr=False,
                                                   compare=False)

    def add_change(self, change: Change) -> None:
        if _counted(self.change_counts, change.rule):
            self.changes.append(replace(change, before=_clip(change.before),
                                        after=_clip(change.after)))

    def add_warning(self, warning: ReportWarning) -> None:
        key = (warning.rule, warning.where.line, warning.where.col, warning.message)
        if key in self._seen:  # the same finding at the same place: said once
            return
        self._seen.add(key)
        if _counted(self.warning_counts, warning.rule):
            self.warnings.append(replace(warning, message=_clip(warning.message)))

    def count(self, rule: str) -> int:
        return self.change_counts.get(rule, 0)

    def total_changes(self) -> int:
        return sum(self.change_counts.values())

    def total_warnings(self) -> int:
        return sum(self.warning_counts.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "decoding": {"encoding": self.encoding, "bom": self.bom,
                         "line_ends": self.line_ends, "line_end_counts": self.line_end_counts},
            "rules": self.rules,
            "counts": {"changes": self.change_counts, "warnings": self.warning_counts},
            "warning_groups": [g.to_dict() for g in self.warning_groups()],
            "listed_per_rule": LISTED_PER_RULE,
            "changes": [asdict(c) for c in self.changes],
            "warnings": [asdict(w) for w in self.warnings],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def summary(self) -> str:
        joins = self.count("rejoin_page_breaks")
        wraps = self.count("rejoin_hard_wraps")
        punct = sum(self.count(rule) for rule in PUNCTUATION_RULES)
        space = self.count("whitespace")
        other = self.total_changes() - joins - wraps - punct - space
        rewrap = f"{wraps} hard-wrapped lines rejoined, " if wraps else ""
        return (f"{self.file}: {self.encoding}{' (BOM)' if self.bom else ''}, {self.line_ends}; "
                f"{rewrap}{joins} joins, {punct} punctuation fixes, {space} whitespace fixes, "
                f"{other} other changes, {self.total_warnings()} warnings")

    def warning_groups(self) -> list[WarningGroup]:
        """The warnings by kind: the ones to act on first (labels.py priority), then the most
        frequent; each with its count and its first positions."""
        firsts: dict[str, list[ReportWarning]] = {}
        for w in self.warnings:
            shown = firsts.setdefault(w.rule, [])
            if len(shown) < FIRST_SHOWN:
                shown.append(w)
        groups = [WarningGroup(rule, n, tuple(firsts.get(rule, ())))
                  for rule, n in self.warning_counts.items()]
        return sorted(groups, key=lambda g: (label(g.rule).priority, -g.count, g.rule))

    def warning_lines(self) -> list[str]:
        """The grouped warnings for the build log, one line a kind."""
        return [f"  {g.count} x {g.rule} ({label(g.rule).name}), first at "
                + ", ".join(f"{w.where.line}:{w.where.col}" for w in g.first)
                for g in self.warning_groups()]


FIRST_SHOWN = 5  # positions a warning group names in the JSON and the build log


@dataclass(frozen=True)
class WarningGroup:
    rule: str
    count: int
    first: tuple[ReportWarning, ...]

    def to_dict(self) -> dict[str, object]:
        lab = label(self.rule)
        return {"rule": self.rule, "label": lab.name, "clause": lab.clause, "count": self.count,
                "first": [{"line": w.where.line, "col": w.where.col, "message": w.message}
                          for w in self.first]}


def _counted(counts: dict[str, int], rule: str) -> bool:
    """Count one more for `rule`; True while it is among the first LISTED_PER_RULE."""
    counts[rule] = counts.get(rule, 0) + 1
    return counts[rule] <= LISTED_PER_RULE


def _clip(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"
