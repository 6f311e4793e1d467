"""The PDFs test_pdf.py and test_pdf_fonts.py read: each rendered once per session."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest
from pdf_pages import LAW, REPORT, THEMES, Rendered, load, read, render_job


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[tuple[str, str, bool], Rendered]:
    """(sample, theme, typography) -> the rendered and read-back PDF: both samples in both
    themes, and the report once more without the typography extensions (plain WeasyPrint)."""
    tmp = tmp_path_factory.mktemp("pdf")
    keys = [(n, t, True) for n in (REPORT, LAW) for t in THEMES]
    keys += [(REPORT, t, False) for t in THEMES]
    jobs = [(n, t, typo, str(tmp / f"{n}-{t}-{typo}.pdf")) for n, t, typo in keys]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        paths = pool.map(render_job, jobs)
    return {k: read(Rendered(k[0], k[1], k[2], Path(p), load(k[0])))
            for k, p in zip(keys, paths, strict=True)}
