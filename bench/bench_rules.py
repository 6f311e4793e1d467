"""Weigh the Snakefile's `run:` rules against plain `shell:` rules, on a cold N-document build.

The Snakefile's rules are `run:` blocks that hand each command to the warm worker from a thread
of the Snakemake process (zhpress.build.jobs); that needs `force-use-threads` and, for cluster
group jobs, the executor patch in zhpress.build.snakemake. The simpler alternative is a `shell:`
rule per stage that starts bash and the thin `zhpress` client, which hands the command to the
same worker. This script builds the same corpus with both, alternating (so that a drift in the
machine's speed falls on both), and prints wall and CPU time and the difference against the
`run:` build. Keep the simpler one if it costs under 5 % (issue 12).

Usage: python bench/bench_rules.py [N] [repetitions]      (default 50 documents, 2 repetitions)
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import ROOT, make_corpus, timed_build  # noqa: E402

SHELL = {
    "normalize": "zhpress normalize {input[0]:q} -o {output.md:q} --report {output.report:q} "
                 "--outline {output.outline:q} --model {output.model:q}",
    "pdf": "zhpress pdf {input.model:q} -o {output[0]:q} --theme {params.theme:q}",
    "docx": "zhpress docx {input.model:q} -o {output[0]:q} --theme {params.theme:q} "
            "{params.flags}",
    "epub": "zhpress epub {input.model:q} -o {output[0]:q} --theme {params.theme:q}",
    "entry": "zhpress entry {input.model:q} -o {output.entry:q} --name {wildcards.name:q} "
             "--archive-dir {params.archive:q} --archive-href {params.href:q} "
             "--files {input.files:q}",
    "site": "zhpress site {input:q} -o {output[0]:q}",
}
_RUN = re.compile(r"^(rule (\w+):\n(?:(?!rule ).*\n)*?)    run:\n(?:        .*\n)+", re.M)


def shell_snakefile() -> str:
    """The Snakefile with each rule's `run:` block replaced by the equivalent `shell:` line."""
    source = (ROOT / "Snakefile").read_text(encoding="utf-8")
    done = []

    def replace(match: re.Match) -> str:
        done.append(match.group(2))
        return f'{match.group(1)}    shell:\n        "{SHELL[match.group(2)]} > {{log:q}} 2>&1"\n'

    variant = _RUN.sub(replace, source + "\n")
    assert sorted(done) == sorted(SHELL), done  # every rule converted, no other
    return variant


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    repetitions = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    # beside the real Snakefile: config.yaml and profiles/default are found from its folder
    variant = ROOT / ".Snakefile.shell-rules"
    variant.write_text(shell_snakefile(), encoding="utf-8")
    results: dict[str, list[dict]] = {"run:": [], "shell:": []}
    try:
        with tempfile.TemporaryDirectory(prefix="zhpress-rules-") as tmp:
            for i in range(repetitions):
                for label, snakefile in (("run:", ROOT / "Snakefile"), ("shell:", variant)):
                    work = Path(tmp) / f"{label[:-1]}{i}"
                    make_corpus(work, n)
                    results[label].append(timed_build(work, "cold", snakefile))
    finally:
        variant.unlink(missing_ok=True)
    print(f"cold build of N = {n} documents, {repetitions} repetitions each (median):")
    base = {k: statistics.median(r[k] for r in results["run:"]) for k in ("wall", "cpu")}
    for label, runs in results.items():
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        print(f"  {label:7s} wall {wall:6.1f} s ({wall / base['wall'] - 1:+.1%})   "
              f"cpu {cpu:6.1f} s ({cpu / base['cpu'] - 1:+.1%})   jobs {runs[0]['jobs']}")


if __name__ == "__main__":
    main()
