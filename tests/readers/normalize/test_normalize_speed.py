"""The normalizer is linear in its input: joining the lines of a hard-wrapped text into one
paragraph copied the whole paragraph per join (64,000 joins: 287 s; now well under a second),
and its speed on the largest corpus text against issue 13's 10 MB/s is measured, not asserted:
bench/bench_normalize.py prints the table for every text. Times are CPU seconds: the machine
may be shared."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhpress.readers.normalize import normalize_bytes, rules
from zhpress.readers.normalize import rules_text as rt
from zhpress.readers.normalize.para import Para

SENTENCE = "中华人民共和国刑法规定的犯罪行为，应当依法追究刑事责任，并且不得有任何例外情况发生在此"


def cpu(fn, runs: int = 1) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        best = min(best, time.process_time() - t0)
    return best


def hard_wrapped(lines: int, width: int = 40) -> str:
    """One long sentence cut at a fixed width, as text copied out of a PDF: every line joins."""
    text = SENTENCE * (lines * width // len(SENTENCE) + 1)
    return "\n".join(text[i * width:(i + 1) * width] for i in range(lines)) + "。\n"


def _join(count: int) -> Para:
    para = Para.from_line("中" * 40, 1, 1)
    for i in range(2, count + 2):
        para.join(Para.from_line("文" * 40, i, 1))
    return para


def test_joining_lines_is_linear() -> None:
    # 8x the joins: about 8x the time when linear, 64x when quadratic (a copy per join)
    t_small, t_large = cpu(lambda: _join(4_000), 3), cpu(lambda: _join(32_000), 1)
    assert t_large < 24 * max(t_small, 0.005), (t_small, t_large)
    para = _join(32_000)
    assert len(para.text) == 40 * 32_001 and para.where(len(para.text) - 1) == (32_001, 40)


@pytest.mark.slow
def test_a_hard_wrapped_text_normalizes_in_linear_time() -> None:
    small, large = hard_wrapped(2_000).encode(), hard_wrapped(16_000).encode()
    reports = []

    def run(raw: bytes):
        return lambda: reports.append(normalize_bytes(raw, "wrapped.txt")[1])

    t_small, t_large = cpu(run(small), 2), cpu(run(large), 2)
    assert reports[-1].count("rejoin_hard_wraps") == 15_999  # every line joined: the worst case
    # 8x the text: about 8x the time when linear, 64x when quadratic
    assert t_large < 20 * max(t_small, 0.01), (t_small, t_large)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="“”‘’（）《》【】「」『』〔〕甲乙", max_size=16))
def test_the_nesting_shortcut_never_hides_an_unbalanced_pair(text: str) -> None:
    """unbalanced_pairs skips its walk when the marks nest properly; whenever it does, the walk
    finds nothing either (the shortcut is only a speed-up)."""
    walked = _walk_warnings(text)
    if rt._nested(text):
        assert walked == []
    assert rt.unbalanced_pairs(text)[1] == walked


def _walk_warnings(text: str) -> list[tuple[int, str]]:
    shortcut = rt._nested
    rt._nested = lambda _text: False
    try:
        return rt.unbalanced_pairs(text)[1]
    finally:
        rt._nested = shortcut


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="?？中文αжㄅ①─ＡＢ１２a1，。", max_size=12))
def test_the_mojibake_prefilter_never_hides_a_sign(text: str) -> None:
    """suspected_mojibake looks for the signs only in a paragraph holding one of their
    characters: every sign holds one."""
    if rules._MOJIBAKE.search(text):
        assert rules._MOJIBAKE_ANY.search(text)
