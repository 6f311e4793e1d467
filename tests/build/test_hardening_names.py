"""Issue 15, point 5: every input name maps to a safe, bounded publication name.

A name ending in 20 or more repetitions stopped the whole build (Snakemake's
PeriodicWildcardError), a 78-character Han name failed with "File name too long", and an
81-character one crashed Snakemake and stopped the others. Now each maps to a bounded name that
Snakemake accepts, the download page shows the original file name beside it, and two inputs that
still map to one name are refused with one line.
"""

from __future__ import annotations

import json

import pytest
from helpers import run_snakemake
from snakemake.io import PeriodicityDetector

from zhpress.build.inputs import MAX_NAME_BYTES, discover_inputs, safe_name

pytestmark = pytest.mark.slow  # real Snakemake builds or a zhpress worker


SMALL_TEXT = "测试文件标题\n\n一、第一部分\n\n这是正文，内容完整。\n"
HOSTILE_STEMS = [
    "报告" + "哈" * 25,  # ends in 25 repetitions of one character
    "会议" + "ab" * 24,  # ... of two
    "政" * 78,  # "File name too long"
    "府" * 81,  # crashed Snakemake
    "若干意见" * 20,  # 80 characters (about the longest a file system allows), periodic too
]


@pytest.mark.parametrize("stem", [*HOSTILE_STEMS, "正常名称", "x" * 300, "a_" * 200, "中" * 50])
def test_a_publication_name_is_bounded_and_never_periodic(stem):
    name = safe_name(stem)
    assert 0 < len(name.encode("utf-8")) <= MAX_NAME_BYTES
    assert PeriodicityDetector().is_periodic(name) is None  # Snakemake's own check
    assert safe_name(stem) == name  # stable across builds


def test_long_names_that_share_a_beginning_stay_apart(tmp_path):
    for end in ("甲", "乙"):
        (tmp_path / f"{'长' * 60}{end}.txt").write_text(SMALL_TEXT, encoding="utf-8")
    sources, problems = discover_inputs(tmp_path)
    assert len(sources) == 2 and problems == []


def test_hostile_names_build_with_the_others_and_keep_their_names_for_display(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    for i, stem in enumerate(HOSTILE_STEMS):
        (inputs / f"{stem}.txt").write_text(SMALL_TEXT + f"第{i}号。\n", encoding="utf-8")
    (inputs / "good.txt").write_text(SMALL_TEXT, encoding="utf-8")
    proc = run_snakemake(tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "PeriodicWildcardError" not in proc.stderr
    out = tmp_path / "output"
    page = (out / "index.html").read_text(encoding="utf-8")
    for stem in HOSTILE_STEMS:
        name = safe_name(stem)
        assert name != stem
        for kind in ("pdf", "docx", "epub"):
            assert (out / kind / f"{name}.{kind}").stat().st_size > 0, (stem, kind)
        entry = json.loads((out / "site" / f"{name}.json").read_text(encoding="utf-8"))
        assert entry["source_name"] == f"{stem}.txt"
        assert f"源文件：{stem}.txt" in page
    assert (out / "pdf" / "good.pdf").is_file()
    assert "源文件：good.txt" not in page  # an unchanged name is not repeated
