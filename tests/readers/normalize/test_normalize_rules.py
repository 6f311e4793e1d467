"""Data-driven fixture tests: one table row per rule behaviour (input, expected, report)."""

from __future__ import annotations

import pytest
import yaml
from helpers import FIXTURES

from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.report import Report
from zhpress.readers.normalize.rules import RULES, run_inline

CASES = yaml.safe_load((FIXTURES / "normalize" / "rules.yaml").read_text("utf-8"))
BY_NAME = {r.name: r for r in RULES}


@pytest.mark.parametrize("case", CASES, ids=[f"{c['rule']}:{c['input']}" for c in CASES])
def test_rule(case: dict) -> None:
    rule = BY_NAME[case["rule"]]
    report = Report()
    p = Para.from_line(case["input"], 7, 3)
    run_inline(rule, p, report)
    assert p.text == case["expected"]
    want = case.get("changes", [])
    if isinstance(want, int):
        assert len(report.changes) == want
    else:
        assert [[c.before, c.after] for c in report.changes] == want
    assert len(report.warnings) == case.get("warnings", 0), report.warnings
    assert all(c.rule == rule.name and c.where.line == 7 for c in report.changes)


def test_rules_are_idempotent_on_their_output() -> None:
    for case in CASES:
        rule = BY_NAME[case["rule"]]
        report = Report()
        run_inline(rule, Para.from_line(case["expected"], 1, 1), report)
        assert report.changes == [], case


def test_every_rule_cites_a_clause() -> None:
    for r in RULES:
        assert r.clause and (r.inline or r.block)
        fn = r.inline or r.block
        assert fn.__doc__ and ("GB/T" in fn.__doc__ or "clreq" in fn.__doc__
                               or "design" in fn.__doc__.lower())


def test_positions_follow_edits() -> None:
    p = Para.from_line("(一) 牢牢(扩大)", 5, 3)
    report = Report()
    for r in RULES:
        if r.inline:
            run_inline(r, p, report)
    assert p.text == "（一）牢牢（扩大）"
    assert [(c.rule, c.where.col) for c in report.changes] == [
        ("ascii_parens_to_fullwidth", 3), ("ascii_parens_to_fullwidth", 9), ("whitespace", 6)]
