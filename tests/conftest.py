"""Shared fixtures: one real Snakemake build of the sample inputs per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"  # vendored, byte-identical (tests/corpus/README.md)
# The corpus texts, without the expected outlines beside them (*.outline.txt).
TEXTS = sorted(p.name for p in CORPUS.glob("*.txt") if not p.name.endswith(".outline.txt"))
INPUT = ROOT / "input"
SAMPLES = sorted(p.name for p in INPUT.glob("*.txt"))
BIN = Path(sys.executable).parent


def sample_path(name: str) -> Path:
    """A sample input: the copy in input/ (byte-identical to the one in tests/corpus)."""
    return INPUT / name


def write(fmt: str, doc, theme, source_date_epoch: int | None = None, **options) -> bytes:
    """`doc` written by the registered writer of `fmt`, as the CLI writes it."""
    from zhpress.writers import WriterOptions, write_format

    return write_format(fmt, doc, WriterOptions(theme, source_date_epoch, **options))


def run_snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory", str(workdir),
         "--cores", "2", "--scheduler", "greedy", *args],
        capture_output=True, text=True, env=env, check=check,
    )


@dataclass
class Build:
    root: Path

    def out(self, kind: str, name: str, ext: str) -> Path:
        return self.root / "output" / kind / f"{name}.{ext}"


def make_build(tmp: Path, names: list[str], *args: str) -> Build:
    (tmp / "input").mkdir(parents=True)
    for name in names:
        shutil.copyfile(sample_path(name), tmp / "input" / name)
    proc = run_snakemake(tmp, *args, check=False)
    if proc.returncode != 0:
        pytest.fail(f"snakemake failed:\n{proc.stderr[-4000:]}")
    return Build(tmp)


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> Build:
    """The sample inputs built by the real workflow (default theme)."""
    return make_build(tmp_path_factory.mktemp("build"), SAMPLES)


@pytest.fixture(scope="session")
def build_book(tmp_path_factory) -> Build:
    """The sample report built with the book theme."""
    return make_build(tmp_path_factory.mktemp("book"), ["leshan-cppcc-2023.txt"],
                      "--config", "theme=book")
