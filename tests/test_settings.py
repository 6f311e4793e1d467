"""Yes/no settings as they arrive from config.yaml (booleans) and `--config KEY=VALUE`
(strings: Snakemake parses only True/False)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, run_snakemake

from zhpress.build.settings import CONFIG_SCHEMA, config_problem, flag
from zhpress.errors import BadInput
from zhpress.style.theme import load_theme, theme_problem


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


# --- themes, checked when loaded -----------------------------------------------------------------
def _theme_dir(tmp_path, edit) -> Path:
    data = yaml.safe_load((ROOT / "styles" / "gongwen" / "theme.yaml").read_text("utf-8"))
    edit(data)
    folder = tmp_path / "styles" / "broken"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return tmp_path / "styles"


@pytest.mark.parametrize(("edit", "key"), [
    (lambda d: d["body"].pop("size_pt"), "body"),
    (lambda d: d["body"].update(size=16), "body"),
    (lambda d: d["fonts"].pop("kai"), "fonts"),
    (lambda d: d["headings"][1].update(role="mincho"), "headings.1.role"),
    (lambda d: d["folio"].update(format="page"), "folio.format"),
    (lambda d: d["page"].update(width_mm="A4"), "page.width_mm"),
])
def test_a_broken_theme_names_its_file_and_key(tmp_path, edit, key):
    styles = _theme_dir(tmp_path, edit)
    with pytest.raises(BadInput) as info:
        load_theme("broken", styles)
    message = str(info.value)
    assert message.startswith(f"{styles / 'broken' / 'theme.yaml'}: {key}")
    assert "fix the theme file" in message


@pytest.mark.parametrize("name", ["gongwen", "book"])
def test_the_shipped_themes_are_valid(name):
    assert theme_problem(load_theme(name).data) is None


def test_themes_travel_with_a_wheel():
    """pyproject.toml installs every theme to <prefix>/share/zhpress/styles, where the package
    looks when it runs from no source checkout."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = config["tool"]["setuptools"]["data-files"]
    shipped = {f"share/zhpress/styles/{p.parent.name}": [f"styles/{p.parent.name}/{p.name}"]
               for p in (ROOT / "styles").glob("*/*") if p.is_file()}
    assert data_files == shipped
    package_data = config["tool"]["setuptools"]["package-data"]["zhpress"]
    assert {"build/*.yaml", "style/*.yaml"} <= set(package_data)


def test_a_broken_theme_stops_the_config_check(tmp_path, monkeypatch):
    from zhpress.style import theme as theme_module

    styles = _theme_dir(tmp_path, lambda d: d["title"].pop("role"))
    monkeypatch.setattr(theme_module, "STYLES_DIR", styles)
    theme_module.load_theme.cache_clear()
    try:
        problem = config_problem({"theme": "broken"})
    finally:
        theme_module.load_theme.cache_clear()
    assert problem == (f"{styles / 'broken' / 'theme.yaml'}: title: 'role' is a required "
                       "property; fix the theme file (schema: theme.schema.yaml)")
