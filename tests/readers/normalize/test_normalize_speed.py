"""The normalizer is linear in its input: joining the lines of a hard-wrapped text into one
paragraph copied the whole paragraph per join (64,000 joins: 287 s; now well under a second),
and it stays above 10 MB/s on the largest corpus text (issue 13; bench/bench_normalize.py prints
the table for every text). Times are CPU seconds: the machine may be shared."""

from __future__ import annotations

import time

import pytest
from helpers import CORPUS

from zhpress.readers.normalize import normalize_bytes
from zhpress.readers.normalize.para import Para

TARGET_MBS = 10.0
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


def test_joining_lines_is_linear() -> None:
    para = Para.from_line("中" * 40, 1, 1)
    lines = [Para.from_line("文" * 40, i, 1) for i in range(2, 32_002)]

    def join_all() -> None:
        for p in lines:
            para.join(p)

    # quadratic (a copy of the paragraph per join) this took about 70 s
    assert cpu(join_all) < 3.0
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


@pytest.mark.slow
def test_largest_corpus_text_above_10_mb_per_s() -> None:
    path = max((p for p in CORPUS.rglob("*.txt") if not p.name.endswith(".outline.txt")),
               key=lambda p: p.stat().st_size)
    raw = path.read_bytes()
    seconds = cpu(lambda: normalize_bytes(raw, path.name), runs=3)
    assert len(raw) / 1e6 / seconds >= TARGET_MBS, (path.name, seconds)
