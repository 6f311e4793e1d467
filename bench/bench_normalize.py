"""Throughput and peak memory of normalization (+ Markdown writing) on the largest corpus file.

Run: .venv/bin/python bench/bench_normalize.py [FILE]   (targets: >= 2 MB/s, peak < 10x size)
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

from zhpress.readers.normalize import normalize_bytes
from zhpress.writers.markdown import write_markdown

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "sanguo-yanyi.txt"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    raw = path.read_bytes()
    mb = len(raw) / 1e6
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        doc, _ = normalize_bytes(raw, path.name)
        write_markdown(doc)
        times.append(time.perf_counter() - t0)
    best = min(times)
    tracemalloc.start()
    doc, report = normalize_bytes(raw, path.name)
    write_markdown(doc)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{path.name}: {mb:.2f} MB, best of 3 {best:.3f} s -> {mb / best:.2f} MB/s "
          f"(target >= 2); peak traced memory {peak / 1e6:.1f} MB = {peak / len(raw):.1f}x "
          f"file size (target < 10x)")
    print(report.summary())


if __name__ == "__main__":
    main()
