"""The whole workflow through a cluster executor: cluster-generic with a local submit script that
starts every job as a detached process (a fresh Snakemake that re-reads the Snakefile), and the
file-system storage provider with no shared file system for inputs and outputs, so a job sees only
the files it declared and keeps only the files it declared. The results equal a local build."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from helpers import ROOT, make_build, run_snakemake, sample_path

# slow: cluster runs and dry runs through Snakemake's executor plugins
pytestmark = pytest.mark.slow

PROFILES = ROOT / "profiles"
LOCAL = PROFILES / "cluster-local"
SAMPLE = "leshan-cppcc-2023.txt"
NAME = "leshan-cppcc-2023"


def _digests(out: Path, skip_editions: bool = False) -> dict[str, str]:
    found = {}
    for p in out.rglob("*"):
        rel = p.relative_to(out).as_posix()
        if not p.is_file() or rel.startswith("logs/"):
            continue
        if skip_editions and rel.startswith("archive/"):
            continue
        found[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def test_cluster_run_with_storage_matches_local_build(tmp_path):
    work = tmp_path / "cluster"
    for folder in (work / "input", work / "store" / "input"):
        folder.mkdir(parents=True)
        (folder / SAMPLE).write_bytes(sample_path(SAMPLE).read_bytes())
    proc = run_snakemake(
        work, "--profile", str(LOCAL),
        "--cluster-generic-submit-cmd", str(LOCAL / "submit.sh"),
        "--cluster-generic-status-cmd", str(LOCAL / "status.sh"),
        "--cluster-generic-cancel-cmd", str(LOCAL / "cancel.sh"),
        "--default-storage-provider", "fs", "--default-storage-prefix", str(work / "store"),
        "--shared-fs-usage", "persistence", "software-deployment", "sources", "source-cache",
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    # the per-document jobs (normalize, pdf, docx, epub) ran as separate submitted processes
    submitted = list((work / ".snakemake" / "cluster-local").glob("job-*.exit"))
    assert len(submitted) == 4
    # every output reached the storage (undeclared ones would have stayed behind)
    stored = _digests(work / "store" / "output")
    local = make_build(tmp_path / "local", [SAMPLE])
    assert stored == _digests(local.root / "output", skip_editions=True)
    # the archive stays on the submitting host: one edition, the EPUB that was built
    editions = json.loads((work / "output" / "archive" / NAME / "editions.json").read_text())
    assert [e["sha256"] for e in editions["editions"]] == [stored[f"epub/{NAME}.epub"]]


@pytest.mark.parametrize("profile", ["slurm", "kubernetes"])
def test_cluster_profiles_plan_the_whole_workflow(tmp_path, profile):
    """A dry run through the real SLURM and Kubernetes executor plugins accepts each profile and
    plans every job (Kubernetes moves files through a storage provider, as in production)."""
    work = tmp_path / profile
    for folder in (work / "input", work / "store" / "input"):
        folder.mkdir(parents=True)
        (folder / SAMPLE).write_bytes(sample_path(SAMPLE).read_bytes())
    extra = (["--default-storage-provider", "fs", "--default-storage-prefix",
              str(work / "store")] if profile == "kubernetes" else [])
    proc = run_snakemake(work, "--profile", str(PROFILES / profile), "-n", *extra, check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode == 0, text[-3000:]
    for rule in ("normalize", "pdf", "docx", "epub", "entry", "site"):
        assert f"rule {rule}:" in text or f"localrule {rule}:" in text, rule


def test_a_group_job_runs_its_rules_in_one_snakemake_process(tmp_path, monkeypatch):
    """A document's stages grouped into one submission (as the SLURM and Kubernetes profiles
    do) run as threads of that job's Snakemake process: every zhpress command of the group has
    the same parent, not a Snakemake process of its own per rule."""
    work = tmp_path / "grouped"
    (work / "input").mkdir(parents=True)
    (work / "input" / SAMPLE).write_bytes(sample_path(SAMPLE).read_bytes())
    log = tmp_path / "timing.jsonl"
    monkeypatch.setenv("ZHPRESS_TIMING_LOG", str(log))
    proc = run_snakemake(
        work, "--profile", str(LOCAL),
        "--cluster-generic-submit-cmd", str(LOCAL / "submit.sh"),
        "--cluster-generic-status-cmd", str(LOCAL / "status.sh"),
        "--cluster-generic-cancel-cmd", str(LOCAL / "cancel.sh"),
        "--groups", "normalize=doc", "pdf=doc", "docx=doc", "epub=doc",
        "--group-components", "doc=1", check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert len(list((work / ".snakemake" / "cluster-local").glob("job-*.exit"))) == 1
    records = [json.loads(x) for x in log.read_text().splitlines()]
    grouped = [r for r in records if r["command"] in ("normalize", "pdf", "docx", "epub")]
    assert len(grouped) == 4
    assert len({r["ppid"] for r in grouped}) == 1, grouped
