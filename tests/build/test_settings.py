"""Yes/no settings as they arrive from config.yaml (booleans) and `--config KEY=VALUE`
(strings: Snakemake parses only True/False)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import ROOT, run_snakemake

from zhpress.build.settings import CONFIG_SCHEMA, config_problem, flag


@pytest.mark.parametrize(("value", "expected"), [
    (True, True), (False, False), ("true", True), ("false", False), ("False", False),
    ("no", False), ("yes", True), ("0", False), (1, True), (0, False), (" Off ", False),
])
def test_flag(value, expected):
    assert flag(value, "worker") is expected


def test_a_value_that_is_neither_is_refused_with_the_key():
    with pytest.raises(ValueError, match="worker='maybe'"):
        flag("maybe", "worker")


# --- the build configuration, checked before any job -------------------------------------------
@pytest.mark.parametrize(("config", "expected"), [
    ({"thme": "book"}, "unknown key 'thme'; the keys are input_dir, output_dir, theme"),
    ({"theme": "nope"}, "theme 'nope' does not exist; allowed: book, gongwen"),
    ({"formats": ["pdf", "html"]}, "formats.1: 'html' is not one of"),
    ({"formats": []}, "formats: [] should be non-empty"),
    ({"worker": "maybe"}, "worker='maybe': use true or false"),
    ({"input_dir": 3}, "input_dir: 3 is not of type 'string'"),
])
def test_a_bad_config_is_one_line_naming_the_key(config, expected):
    problem = config_problem(config)
    assert problem is not None and problem.startswith(expected)
    assert "\n" not in problem


def test_a_good_config_passes_and_flags_become_booleans():
    config = {"theme": "book", "formats": "pdf", "worker": "false", "docx_page_numbers": "yes"}
    assert config_problem(config) is None
    assert config == {"theme": "book", "formats": ["pdf"], "worker": False,
                      "docx_page_numbers": True}


def test_the_schema_gives_every_key_a_default_but_archive_dir():
    schema = yaml.safe_load(Path(CONFIG_SCHEMA).read_text(encoding="utf-8"))
    keys = schema["properties"]
    assert {k for k, v in keys.items() if "default" not in v} == {"archive_dir"}
    shipped = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    assert config_problem(dict(shipped)) is None
    assert set(shipped) <= set(keys)


@pytest.mark.slow
@pytest.mark.parametrize(("setting", "dry"), [
    ("thme=book", True), ("thme=book", False), ("theme=nope", False),
    ("formats=[pdf,html]", False),
])
def test_snakemake_stops_before_any_job_with_one_line(tmp_path, setting, dry):
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / "a.txt").write_text("标题\n\n正文。\n", encoding="utf-8")
    proc = run_snakemake(tmp_path, *(["-n"] if dry else []), "--config", setting, check=False)
    assert proc.returncode == 1
    ours = [line for line in proc.stderr.splitlines() if line.startswith("zhpress")]
    assert len(ours) == 1 and ours[0].startswith("zhpress: config: ")
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "output").exists()
