"""Session fixtures for the whole suite: one real Snakemake build of the sample inputs.

Shared functions and constants live in helpers.py (see there why test modules do not import
from conftest); each folder's conftest.py holds the fixtures of that folder's modules.
"""

from __future__ import annotations

import pytest
from helpers import SAMPLES, Build, make_build


@pytest.fixture(scope="session")
def build(tmp_path_factory) -> Build:
    """The sample inputs built by the real workflow (default theme)."""
    return make_build(tmp_path_factory.mktemp("build"), SAMPLES)


@pytest.fixture(scope="session")
def build_book(tmp_path_factory) -> Build:
    """The sample report built with the book theme."""
    return make_build(tmp_path_factory.mktemp("book"), ["leshan-cppcc-2023.txt"],
                      "--config", "theme=book")
