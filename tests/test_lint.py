"""The code stays ruff-clean (the rules in pyproject.toml)."""

from __future__ import annotations

import subprocess

from helpers import BIN, ROOT


def test_ruff_finds_nothing():
    proc = subprocess.run([str(BIN / "ruff"), "check", "src", "tests", "bench"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:]
