"""The normalization report: what changed, where, under which rule, and what to look at."""

from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass, field, replace

from zhpress.limits import LISTED_PER_RULE, SHOWN_CHARS

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

    def add_change(self, change: Change) -> None:
        if _counted(self.change_counts, change.rule):
            self.changes.append(replace(change, before=_clip(change.before),
                                        after=_clip(change.after)))

    def add_warning(self, warning: ReportWarning) -> None:
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

    def to_html(self) -> str:
        e = html.escape
        rows = []
        for c in self.changes:
            rows.append(
                f"<tr><td>{c.where.line}:{c.where.col}</td><td>{e(c.rule)}</td>"
                f"<td class=b>{_show(c.before)}</td><td class=a>{_show(c.after)}</td></tr>")
        warns = [f"<tr><td>{w.where.line}:{w.where.col}</td><td>{e(w.rule)}</td>"
                 f"<td colspan=2>{e(w.message)}</td></tr>" for w in self.warnings]
        more = [f"{e(rule)}: {n - LISTED_PER_RULE}" for counts in (self.change_counts,
                self.warning_counts) for rule, n in counts.items() if n > LISTED_PER_RULE]
        summary = self.summary() + (f"（每条规则只列出前 {LISTED_PER_RULE} 处；未列出："
                                    f"{'，'.join(more)}）" if more else "")
        return _PAGE.format(
            title=e(self.file), summary=e(summary), rows="\n".join(rows) or _NONE,
            warns="\n".join(warns) or _NONE,
            rules="".join(f"<li><code>{e(k)}</code>: {e(v)}</li>" for k, v in self.rules.items()))


def _counted(counts: dict[str, int], rule: str) -> bool:
    """Count one more for `rule`; True while it is among the first LISTED_PER_RULE."""
    counts[rule] = counts.get(rule, 0) + 1
    return counts[rule] <= LISTED_PER_RULE


def _clip(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


_VISIBLE = {"\n": "⏎", "\u3000": "□", " ": "␣", "\t": "⇥"}


def _show(s: str) -> str:
    """Escape, and make invisible characters visible (spaces, line breaks)."""
    # one pass, so a marker's own markup is never rewritten by a later replacement
    return "".join(
        f'<span class="ws">{_VISIBLE[c]}</span>' if c in _VISIBLE else html.escape(c)
        for c in s
    )


_NONE = "<tr><td colspan=4>（无）</td></tr>"
_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>规范化报告：{title}</title>
<style>
body{{font-family:sans-serif;margin:2em;line-height:1.5}}
table{{border-collapse:collapse;width:100%}} td,th{{border:1px solid #ccc;padding:.3em .5em;
vertical-align:top}} th{{background:#eee}} td.b{{background:#fee}} td.a{{background:#efe}}
.ws{{color:#999}}
</style></head><body>
<h1>规范化报告：{title}</h1>
<p>{summary}</p>
<h2>修改（原文 / 规范化后）</h2>
<table><tr><th>行:列</th><th>规则</th><th>原文</th><th>规范化后</th></tr>
{rows}
</table>
<h2>需人工检查</h2>
<table><tr><th>行:列</th><th>规则</th><th colspan=2>说明</th></tr>
{warns}
</table>
<h2>规则</h2><ul>{rules}</ul>
</body></html>
"""
