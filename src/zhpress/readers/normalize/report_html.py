"""The change report as a web page for Chinese editors: what to check first, then what was
changed, each kind under its Chinese name and the standard's clause (labels.py). It reads on a
phone (a 375 px wide screen scrolls only down), and no source text ever becomes markup: every
excerpt is escaped, with invisible characters shown as visible marks."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from zhpress.limits import LISTED_PER_RULE
from zhpress.readers.normalize.labels import label, message_zh

if TYPE_CHECKING:
    from zhpress.readers.normalize.report import Change, Report, WarningGroup

_VISIBLE = {"\n": "⏎", "\u3000": "□", " ": "␣", "\t": "⇥"}
_LINE_ENDS = {"LF": "LF（Unix）", "CRLF": "CRLF（Windows）", "CR": "CR（旧版Mac）"}


def _show(s: str) -> str:
    """Escape, and make invisible characters visible (spaces, line breaks)."""
    # one pass, so a marker's own markup is never rewritten by a later replacement
    return "".join(
        f'<span class="ws">{_VISIBLE[c]}</span>' if c in _VISIBLE else html.escape(c)
        for c in s
    )


def _at(line: int, col: int) -> str:
    return f"第{line}行第{col}列"


def _overview(report: Report) -> str:
    e = html.escape
    enc = e(report.encoding.upper()) + ("（带BOM）" if report.bom else "")
    ends = e(_LINE_ENDS.get(report.line_ends, report.line_ends))
    return (f"<p class=meta>原文编码 {enc}，换行符 {ends}。</p>"
            f"<p class=sum><b>需人工检查 {report.total_warnings()} 处</b>，"
            f"已自动修改 {report.total_changes()} 处。"
            f"每类最多列出前 {LISTED_PER_RULE} 处。</p>")


def _warning_group(g: WarningGroup, listed: list[str]) -> str:
    lab = label(g.rule)
    more = g.count - len(listed)
    items = "".join(listed) + (f"<li class=more>另有 {more} 处未列出</li>" if more > 0 else "")
    return (f'<section class=w id="w-{html.escape(g.rule)}"><h3>{html.escape(lab.name)}'
            f"<span class=n>{g.count} 处</span></h3>"
            f"<p class=do>{html.escape(lab.advice)}</p>"
            f"<p class=cl>依据：{html.escape(lab.clause)}</p><ol>{items}</ol></section>")


def _change_group(rule: str, count: int, changes: list[Change]) -> str:
    lab = label(rule)
    rows = "".join(
        f"<li><span class=pos>{_at(c.where.line, c.where.col)}</span>"
        f"<span class=b>{_show(c.before)}</span><span class=to>→</span>"
        f"<span class=a>{_show(c.after)}</span>"
        + (f"<span class=why>{html.escape(c.note)}</span>" if c.note else "")  # joins' evidence
        + "</li>" for c in changes)
    more = count - len(changes)
    rows += f"<li class=more>另有 {more} 处未列出</li>" if more > 0 else ""
    return (f'<details class=c id="c-{html.escape(rule)}"><summary>{html.escape(lab.name)}'
            f"<span class=n>{count} 处</span></summary>"
            f"<p class=do>{html.escape(lab.advice)}</p>"
            f"<p class=cl>依据：{html.escape(lab.clause)}</p><ol>{rows}</ol></details>")


def report_html(report: Report) -> str:
    """The whole page: overview, warnings by kind (act on these first), changes by kind (folded),
    and the clauses applied."""
    e = html.escape
    by_rule: dict[str, list[str]] = {}
    for w in report.warnings:
        by_rule.setdefault(w.rule, []).append(
            f"<li><span class=pos>{_at(w.where.line, w.where.col)}</span>"
            f"{e(message_zh(w.message))}</li>")
    warns = "".join(_warning_group(g, by_rule.get(g.rule, []))
                    for g in report.warning_groups()) or "<p>（无）</p>"
    changed: dict[str, list[Change]] = {}
    for c in report.changes:
        changed.setdefault(c.rule, []).append(c)
    order = sorted(report.change_counts.items(), key=lambda kv: (-kv[1], label(kv[0]).name))
    changes = "".join(_change_group(rule, n, changed.get(rule, []))
                      for rule, n in order) or "<p>（无）</p>"
    clauses = "".join(f"<li><b>{e(label(rule).name)}</b>：{e(label(rule).clause)}</li>"
                      for rule in sorted(report.rules, key=lambda r: label(r).name))
    return _PAGE.format(title=e(report.file), overview=_overview(report), warns=warns,
                        changes=changes, clauses=clauses)


_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>规范化报告：{title}</title>
<style>
*{{box-sizing:border-box}}
body{{font-family:"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:0 auto;
padding:1em;max-width:60em;line-height:1.6;overflow-wrap:anywhere;word-break:break-word}}
h1{{font-size:1.4em}} h2{{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:1.5em}}
h3,summary{{font-size:1.05em;font-weight:bold;margin:.8em 0 .3em}}
summary{{cursor:pointer}} .n{{font-weight:normal;color:#555;margin-left:.6em}}
.w{{border-left:4px solid #c60;padding:0 .8em;margin:1em 0;background:#fff8f0}}
.c{{border-left:4px solid #999;padding:0 .8em;margin:.6em 0}}
.cl{{color:#555;font-size:.9em;margin:.2em 0}} .do{{margin:.2em 0}}
ol{{padding-left:1.6em}} li{{margin:.3em 0}} .more{{list-style:none;color:#555}}
.pos{{color:#555;font-size:.9em;margin-right:.6em;white-space:nowrap}}
.b{{background:#fee}} .a{{background:#efe}} .to{{margin:0 .3em;color:#555}}
.why{{display:block;color:#555;font-size:.9em}}
.ws{{color:#999}}
</style></head><body>
<h1>规范化报告：{title}</h1>
{overview}
<h2>需要人工检查（请先处理）</h2>
{warns}
<h2>已自动修改（原文 → 修改后）</h2>
{changes}
<h2>所依据的规范</h2><ul>{clauses}</ul>
</body></html>
"""
