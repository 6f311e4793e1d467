"""The change report speaks to Chinese editors: every rule id the normalizer's code can emit has
a Chinese label, a standard's clause and advice (read from the code, so a rule added without a
label fails here by name); the HTML shows no rule id, no design-document name and no known
English message; warnings are grouped by kind, exact repeats said once, actionable first."""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import CORPUS

import zhpress.readers.normalize as normalize_pkg
from zhpress.errors import BadInput
from zhpress.readers.normalize import Report, ReportWarning, Where, normalize_bytes, normalize_text
from zhpress.readers.normalize.labels import LABELS, UNLABELLED, label, message_zh
from zhpress.readers.normalize.report_html import report_html

PACKAGE = Path(normalize_pkg.__file__).parent
ALL_TEXTS = sorted(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.txt")
                   if not p.name.endswith(".outline.txt"))
_EMITTERS = {"Rule", "Change", "ReportWarning"}


def _module_constants(trees: list[ast.Module]) -> dict[str, set[str]]:
    """NAME = "snake_case" at module level, over the package: a rule id is often a constant."""
    consts: dict[str, set[str]] = {}
    for tree in trees:
        for node in tree.body:
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) \
                    and isinstance(node.value.value, str) \
                    and re.fullmatch(r"[a-z]+(?:_[a-z]+)+", node.value.value):
                for t in node.targets:
                    if isinstance(t, ast.Name):
                        consts.setdefault(t.id, set()).add(node.value.value)
    return consts


def rule_ids_in_code() -> set[str]:
    """Rule ids as the normalizer's code writes them: the first argument of Rule(...),
    Change(...) and ReportWarning(...) (a string, or a constant naming one), the keys of a
    *_RULES or CLAUSES dict, the strings of a *_RULES tuple, constants named *RULE, and
    report.rules[...] keys."""
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in PACKAGE.rglob("*.py")]
    consts = _module_constants(trees)

    def ids(node: ast.AST) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        name = node.id if isinstance(node, ast.Name) else getattr(node, "attr", None)
        return consts.get(name, set()) if isinstance(name, str) else set()

    found: set[str] = set()
    for name, values in consts.items():
        if name == "RULE" or name.endswith("_RULE"):
            found |= values
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and node.args:
                if getattr(node.func, "id", getattr(node.func, "attr", "")) in _EMITTERS:
                    found |= ids(node.args[0])
            elif isinstance(node, ast.Assign) and any(
                    getattr(t, "id", "").endswith("_RULES") or getattr(t, "id", "") == "CLAUSES"
                    for t in node.targets):
                if isinstance(node.value, ast.Dict):
                    for k in node.value.keys:
                        found |= ids(k) if k is not None else set()
                elif isinstance(node.value, ast.Tuple):
                    for e in node.value.elts:
                        found |= ids(e) if isinstance(e, ast.Constant) else set()
            elif isinstance(node, ast.Subscript) and getattr(node.value, "attr", "") == "rules":
                found |= ids(node.slice)
    return found


def test_the_scan_finds_the_rules_it_should() -> None:
    # the scan is not vacuous: the rule table, the block rules, the warnings of other stages
    assert {"rejoin_page_breaks", "unbalanced_pairs", "check_short_join", "title_block",
            "remove_control_characters", "heading_levels"} <= rule_ids_in_code()


@pytest.mark.parametrize("rule", sorted(rule_ids_in_code()))
def test_every_rule_in_the_code_has_a_chinese_label_and_clause(rule: str) -> None:
    lab = LABELS.get(rule)
    assert lab is not None, f"{rule}: add a row to readers/normalize/labels.py LABELS"
    for text in (lab.name, lab.clause, lab.advice):
        assert re.search(r"[\u4e00-\u9fff]", text), (rule, text)
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|design\.md", text), (rule, text)
    # the clause names a standard (GB/T 15834/15835/9704, clreq) or says it is this system's own
    assert re.search(r"GB/T \d{4,5}-\d{4}|clreq|本系统规范", lab.clause), (rule, lab.clause)


def test_a_rule_without_a_row_still_reads_as_chinese() -> None:
    assert label("a_rule_nobody_labelled") is UNLABELLED
    assert re.search(r"[\u4e00-\u9fff]", UNLABELLED.name)


class Visible(HTMLParser):
    """The text a reader sees: no <style>, no attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = False

    def handle_starttag(self, tag, attrs):
        self.skip = tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip = False

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(page: str) -> str:
    parser = Visible()
    parser.feed(page)
    return "".join(parser.parts)


def run(name: str) -> Report:
    try:
        return normalize_bytes((CORPUS / name).read_bytes(), name)[1]
    except BadInput as exc:  # a refused file has no report; its refusal is one line
        assert "\n" not in str(exc)
        pytest.skip(f"{name} is refused: {exc}")


@pytest.mark.parametrize("name", ALL_TEXTS)
def test_report_page_is_chinese_and_actionable_first(name: str) -> None:
    report = run(name)
    used = set(report.rules) | set(report.change_counts) | set(report.warning_counts)
    assert not [r for r in used if r not in LABELS], "rules without a label in labels.py"
    page = report_html(report)
    text = visible(page)
    for rule in used:
        assert rule not in text, rule
    assert "design.md" not in text
    for english in ("left as is", "never closed", "without an opening", "looks garbled",
                    "no title line", "joined a"):
        assert english not in text, english
    assert '<meta name="viewport" content="width=device-width' in page
    # the warnings section comes before the changes, each group under its Chinese label
    changes_at = text.index("已自动修改（原文")
    assert text.index("需要人工检查（请先处理）") < changes_at
    for g in report.warning_groups():
        assert f"{label(g.rule).name}{g.count} 处" in text
        assert text.index(label(g.rule).name) < changes_at
    for rule, n in report.change_counts.items():
        assert f"{label(rule).name}{n} 处" in text


def test_exact_repeats_of_a_warning_are_said_once() -> None:
    # the full-width Ａ makes the inline rules run a second pass, which finds the odd straight
    # quote again at the same place
    _, rep = normalize_text('他说"你好"吗"，型号ＡＢ。\n', "t.txt")
    quotes = [w for w in rep.warnings if w.rule == "straight_quotes_to_curly"]
    assert len(quotes) == 1 and rep.warning_counts["straight_quotes_to_curly"] == 1
    report = Report()
    for col in (1, 1, 2):
        report.add_warning(ReportWarning("unbalanced_pairs", Where(3, col), "m"))
    assert report.warning_counts == {"unbalanced_pairs": 2}  # another place is another warning


def test_warnings_group_by_kind_with_counts_and_first_positions() -> None:
    report = Report(file="x.txt")
    for i in range(1, 9):
        report.add_warning(ReportWarning("unbalanced_pairs", Where(i, 1), f"m{i}"))
    report.add_warning(ReportWarning("suspected_mojibake", Where(20, 4), "g"))
    groups = report.warning_groups()
    # mojibake (the text itself is damaged) is to be acted on before quote pairs
    assert [(g.rule, g.count) for g in groups] == [("suspected_mojibake", 1),
                                                    ("unbalanced_pairs", 8)]
    assert [w.where.line for w in groups[1].first] == [1, 2, 3, 4, 5]
    data = json.loads(report.to_json())
    assert data["warning_groups"][1] == {
        "rule": "unbalanced_pairs", "label": "引号、括号不成对", "clause": LABELS[
            "unbalanced_pairs"].clause, "count": 8,
        "first": [{"line": i, "col": 1, "message": f"m{i}"} for i in range(1, 6)]}
    assert len(data["warnings"]) == 9  # the details stay
    assert report.warning_lines() == [
        "  1 x suspected_mojibake (疑似乱码), first at 20:4",
        "  8 x unbalanced_pairs (引号、括号不成对), first at 1:1, 2:1, 3:1, 4:1, 5:1"]


@pytest.mark.parametrize("message, chinese", [
    ("closing ” without an opening “: …转型升级”开展…", "有 ” 而无与之配对的 “：…转型升级”开展…"),
    ("opening 《 never closed in this paragraph: …《三国…", "《 在本段中没有闭合：…《三国…"),
    ("odd number (3) of straight \" quotes: left as is", "直引号 \" 共3个，无法配对，保留原样"),
    ("unpaired ASCII '(' left as is", "半角括号“(”不成对，保留原样"),
    ("something new", "something new"),  # unknown wording: shown as written, never dropped
])
def test_known_messages_read_in_chinese(message: str, chinese: str) -> None:
    assert message_zh(message) == chinese


_ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'()-]+[A-Za-z]{2,}){3,}")  # four English words in a row


@pytest.mark.parametrize("name", ALL_TEXTS)
def test_every_warning_on_the_corpus_reads_in_chinese(name: str) -> None:
    """labels.message_zh knows the wording of every warning the corpus raises (a new message
    without a row shows here, by its text)."""
    report = run(name)
    english = sorted({w.message for w in report.warnings if _ENGLISH.search(message_zh(w.message))})
    assert english == [], english


def test_a_join_shows_its_evidence_in_chinese() -> None:
    # xingfa (a PDF's text): page-number lines between the halves of cut sentences
    report = run("dev/xingfa_pdf_wrapped.txt")
    notes = {c.note for c in report.changes if getattr(c, "note", "")}
    assert notes, "the page-break joins give their evidence"
    text = visible(report_html(report))
    for note in notes:
        assert re.search(r"[\u4e00-\u9fff]", note) and not _ENGLISH.search(note), note
        assert note in text


def test_build_log_groups_the_warnings_by_kind(tmp_path) -> None:
    """What Snakemake's normalize log receives: the summary line, then one line per kind of
    warning with its count and first positions, as the report JSON groups them."""
    import subprocess
    import sys

    zhpress = Path(sys.executable).parent / "zhpress"
    src = CORPUS / "leshan-cppcc-2023.txt"
    proc = subprocess.run([str(zhpress), "normalize", str(src), "-o", str(tmp_path / "x.md"),
                           "--report", str(tmp_path / "x.json")],
                          capture_output=True, text=True, check=True)
    lines = proc.stderr.strip().splitlines()
    data = json.loads((tmp_path / "x.json").read_text(encoding="utf-8"))
    assert lines[0].startswith("zhpress normalize: leshan-cppcc-2023.txt: utf-8")
    assert lines[1:] == [
        f"  {g['count']} x {g['rule']} ({g['label']}), first at "
        + ", ".join(f"{w['line']}:{w['col']}" for w in g["first"])
        for g in data["warning_groups"]]
    assert [g["rule"] for g in data["warning_groups"]] == ["unbalanced_pairs",
                                                            "run_in_subhead_mid_paragraph"]
