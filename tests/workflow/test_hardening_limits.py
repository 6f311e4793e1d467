"""Issue 15, point 3: hostile input has a bounded cost.

An alias bomb in the front matter is refused under a memory limit; a 5 MB punctuation-only file
writes a report of bounded size with bounded memory; inputs beyond the documented limits (input
size, line length, front matter) are refused at once with one line; and what the limits allow
costs time linear in its size. Times and peaks are measured with GNU time, in a process of its
own (no warm worker).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import time
from pathlib import Path

import pytest
from helpers import BIN, run_snakemake, sample_path

from zhpress.limits import MAX_FRONT_MATTER_BYTES, MAX_INPUT_BYTES, MAX_LINE_CHARS

pytestmark = pytest.mark.slow  # real Snakemake builds or a zhpress worker


ZHPRESS = str(BIN / "zhpress")
ALONE = {k: v for k, v in os.environ.items() if k != "ZHPRESS_WORKER"}
# 387 bytes: nine levels of nine aliases, 9**9 (387 million) strings once expanded
ALIAS_BOMB = """---
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
title: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
---

正文。
"""
SENTENCE = "这是一行很长的文字，没有换行。"
PUNCTUATION = "，,。.；;：:！!？?（(）)“\"”\"‘'’'——--……...\u3000 \n"


def measured(*argv: str, memory_limit: int | None = None,
             timeout: float = 300) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run `zhpress ARGV` in a process of its own: (result, CPU seconds, peak RSS in MiB).

    CPU time (user + system), not cpu time: the comparisons below must hold on a loaded
    machine too, where other processes stretch the cpu clock but not the work done."""

    def limit() -> None:
        if memory_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))

    proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", ZHPRESS, *argv],
                          capture_output=True, text=True, env=ALONE, timeout=timeout,
                          preexec_fn=limit)
    *lines, last = proc.stderr.strip().splitlines()
    user, system, peak = last.split()
    proc.stderr = "".join(f"{x}\n" for x in lines if not x.startswith("Command exited"))
    return proc, float(user) + float(system), int(peak) // 1024


def assert_one_line(proc: subprocess.CompletedProcess, path: Path, *words: str) -> None:
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert proc.stderr.count("\n") == 1 and str(path) in proc.stderr, proc.stderr[-2000:]
    assert "internal error" not in proc.stderr and "Traceback" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


def test_an_alias_bomb_in_the_front_matter_is_refused_under_a_memory_limit(tmp_path):
    bomb = tmp_path / "bomb.md"
    bomb.write_text(ALIAS_BOMB, encoding="utf-8")
    assert len(ALIAS_BOMB.split("---")[1].encode()) < 400
    for command in ("normalize", "outline", "epub"):
        proc, cpu, peak = measured(command, str(bomb), "-o", str(tmp_path / f"x.{command}"),
                                    memory_limit=1 << 30, timeout=60)
        assert_one_line(proc, bomb, "alias (*a, line 3)", "write the value out")
        assert cpu < 20 and peak < 300, (cpu, peak)


def test_a_front_matter_over_the_limit_or_nested_too_deep_is_refused(tmp_path):
    cases = {
        "long.md": "---\ntitle: 标题\n" + "".join(f"k{i}: 长长长长\n" for i in range(
            MAX_FRONT_MATTER_BYTES // 10)) + "---\n\n正文。\n",
        "deep.md": "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n\n正文。\n",
    }
    for name, text in cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        proc, _, _ = measured("normalize", str(path), "-o", str(tmp_path / "x.md"), timeout=60)
        assert_one_line(proc, path, "front matter")


def test_a_punctuation_only_file_writes_a_bounded_report(tmp_path):
    """The issue's 5 MB of punctuation: 627 MB of report JSON, 612 MB of HTML, 2.5 GB, 100 s.
    Now the report counts every change and lists the first 1,000 of each rule."""
    src = tmp_path / "punctuation.txt"
    src.write_bytes((PUNCTUATION * (5 * 2**20 // len(PUNCTUATION.encode()) + 1)).encode())
    report = tmp_path / "r.json"
    proc, cpu, peak = measured("normalize", str(src), "-o", str(tmp_path / "p.md"),
                                "--report", str(report))
    assert proc.returncode == 0, proc.stderr[-2000:]
    print(f"\n5 MB of punctuation: normalize {cpu:.1f} s, peak {peak} MiB, report "
          f"{report.stat().st_size:,} B JSON, {report.with_suffix('.html').stat().st_size:,} B "
          "HTML")
    assert report.stat().st_size < 2 * 2**20
    assert report.with_suffix(".html").stat().st_size < 2 * 2**20
    assert peak < 600 and cpu < 120, (cpu, peak)
    data = json.loads(report.read_text(encoding="utf-8"))
    counts = data["counts"]["changes"]
    assert sum(counts.values()) > 500_000  # every change counted ...
    assert len(data["changes"]) <= data["listed_per_rule"] * len(counts)  # ... the first listed
    for rule, n in counts.items():
        assert sum(1 for c in data["changes"] if c["rule"] == rule) == min(n, 1000)


def test_inputs_beyond_the_limits_are_refused_at_once(tmp_path):
    too_big = tmp_path / "too-big.txt"
    with open(too_big, "wb") as f:
        f.truncate(MAX_INPUT_BYTES + 1)  # never read: its size refuses it
    huge_line = tmp_path / "one-line-50mb.txt"
    with open(huge_line, "wb") as f:
        f.write((SENTENCE * (50 * 2**20 // len(SENTENCE.encode()) + 1)).encode()[:50 * 2**20])
    long_line = tmp_path / "long-line.txt"
    long_line.write_text("标题\n\n" + "字" * (MAX_LINE_CHARS + 1) + "\n", encoding="utf-8")
    long_md = tmp_path / "long-line.md"
    long_md.write_text("# 标题\n\n" + "字" * (MAX_LINE_CHARS + 1) + "\n", encoding="utf-8")
    # lines of 40 characters cut mid-sentence: rejoined into one paragraph over the limit
    wrapped = tmp_path / "wrapped.txt"
    body = (SENTENCE.replace("。", "，") * (MAX_LINE_CHARS // 15 + 100))
    wrapped.write_text("\n".join(body[i:i + 40] for i in range(0, len(body), 40)) + "。\n",
                       encoding="utf-8")
    cases = {too_big: "over the limit of 8 MiB", huge_line: "over the limit of 8 MiB",
             long_line: f"line 3 has {MAX_LINE_CHARS + 1:,} characters",
             long_md: f"line 3 has {MAX_LINE_CHARS + 1:,} characters",
             wrapped: "the paragraph starting"}
    for path, words in cases.items():
        proc, cpu, peak = measured("normalize", str(path), "-o", str(tmp_path / "x.md"),
                                    timeout=60)
        assert_one_line(proc, path, words)
        assert cpu < 15 and peak < 400, (path.name, cpu, peak)
    assert not (tmp_path / "x.md").exists()


def _pdf_seconds(tmp_path: Path, name: str, text: str) -> float:
    src = tmp_path / f"{name}.txt"
    src.write_text(text, encoding="utf-8")
    model = tmp_path / f"{name}.json"
    proc, _, _ = measured("normalize", str(src), "-o", str(tmp_path / f"{name}.md"),
                          "--model", str(model))
    assert proc.returncode == 0, proc.stderr
    proc, cpu, _ = measured("pdf", str(model), "-o", str(tmp_path / f"{name}.pdf"))
    assert proc.returncode == 0, proc.stderr
    proc, _, _ = measured("epub", str(model), "-o", str(tmp_path / f"{name}.epub"))
    assert proc.returncode == 0, proc.stderr  # a 50 MB line broke the EPUB's XML
    return cpu


def test_a_paragraph_at_the_limit_costs_at_most_a_few_times_ordinary_text(tmp_path):
    """A paragraph of MAX_LINE_CHARS characters takes the PDF renderer longer per character
    than short paragraphs (it is quadratic in a paragraph's length); at the limit the factor
    stays small, so a document's time is linear in its size."""
    text = (SENTENCE * (MAX_LINE_CHARS // len(SENTENCE) + 1))[:MAX_LINE_CHARS - 1] + "。"
    empty = _pdf_seconds(tmp_path, "empty", "标题\n\n一。\n")  # the fixed cost
    one = _pdf_seconds(tmp_path, "one", f"标题\n\n{text}\n")
    short = "\n\n".join(text[i:i + 200] for i in range(0, len(text), 200))
    many = _pdf_seconds(tmp_path, "many", f"标题\n\n{short}\n")
    print(f"\nPDF of {MAX_LINE_CHARS:,} characters: {one:.1f} s as one paragraph, {many:.1f} s as "
          f"{len(text) // 200} paragraphs, {empty:.1f} s for one character")
    assert one - empty < 3 * (many - empty), (one, many, empty)


def test_the_largest_allowed_input_normalizes_in_linear_time_and_memory(tmp_path):
    """Sample text at half and at all of MAX_INPUT_BYTES: time and memory grow with the size."""
    unit = sample_path("leshan-cppcc-2023.txt").read_bytes()
    cpus = []
    for fraction in (0.5, 1.0):
        src = tmp_path / "big.txt"
        src.write_bytes(unit * int(MAX_INPUT_BYTES * fraction // len(unit)))
        proc, cpu, peak = measured("normalize", str(src), "-o", str(tmp_path / "big.md"),
                                    "--report", str(tmp_path / "big.json"),
                                    "--model", str(tmp_path / "big.model.json"))
        assert proc.returncode == 0, proc.stderr[-2000:]
        size_mib = src.stat().st_size / 2**20
        print(f"\nnormalize {size_mib:.1f} MiB: {cpu:.1f} s, peak {peak} MiB")
        assert peak < 150 + 120 * size_mib, peak
        cpus.append(cpu)
    assert cpus[1] < 2.6 * cpus[0], cpus


def test_a_build_refuses_the_bomb_and_the_huge_line_and_builds_the_rest(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    (inputs / "bomb.md").write_text(ALIAS_BOMB, encoding="utf-8")
    (inputs / "line.txt").write_text("字" * (MAX_LINE_CHARS + 1), encoding="utf-8")
    (inputs / "good.txt").write_text("标题\n\n一、第一部分\n\n正文。\n", encoding="utf-8")
    start = time.monotonic()
    proc = run_snakemake(tmp_path, check=False)
    assert proc.returncode == 1 and time.monotonic() - start < 120
    tail = proc.stderr[proc.stderr.rfind("problem(s):"):]
    assert "bomb.md: the YAML front matter uses an alias" in tail
    assert "line.txt: line 1 has" in tail
    assert (tmp_path / "output" / "pdf" / "good.pdf").is_file()
