"""The whole workflow through a cluster executor (cluster-generic, with a local submit script that
starts each job as a detached process): jobs share nothing in memory and every file they make is
declared, and the results are byte-identical to a local build."""

from __future__ import annotations

import hashlib
from pathlib import Path

from conftest import ROOT, make_build, run_snakemake, sample_path

PROFILE = ROOT / "profiles" / "cluster-local"
SAMPLE = "leshan-cppcc-2023.txt"


def _digests(root: Path) -> dict[str, str]:
    out = root / "output"
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in out.rglob("*") if p.is_file() and "logs" not in p.parts}


def test_cluster_generic_run_matches_local_build(tmp_path):
    work = tmp_path / "cluster"
    (work / "input").mkdir(parents=True)
    (work / "input" / SAMPLE).write_bytes(sample_path(SAMPLE).read_bytes())
    proc = run_snakemake(
        work, "--profile", str(PROFILE),
        "--cluster-generic-submit-cmd", str(PROFILE / "submit.sh"),
        "--cluster-generic-status-cmd", str(PROFILE / "status.sh"),
        "--cluster-generic-cancel-cmd", str(PROFILE / "cancel.sh"),
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the jobs really ran as separate submitted processes
    submitted = list((work / ".snakemake" / "cluster-local").glob("job-*.exit"))
    assert len(submitted) >= 5
    # every file the jobs wrote is a declared output (the archive's editions excepted: they are
    # append-only state kept by the local `archive` rule)
    summary = run_snakemake(work, "--summary").stdout.splitlines()[1:]
    declared = {line.split("\t")[0].removeprefix("output/") for line in summary}
    written = {k for k in _digests(work) if not k.startswith("archive/")}
    assert written - declared == set()
    local = make_build(tmp_path / "local", [SAMPLE])
    assert _digests(work) == _digests(local.root)
