"""Themes (zhpress.style.theme): checked when loaded, a broken one named by file and key; the
shipped ones valid and installed with a wheel."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import yaml
from helpers import ROOT

from zhpress.build.settings import config_problem
from zhpress.errors import BadInput
from zhpress.style.theme import load_theme, theme_problem


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
    shipped: dict[str, list[str]] = {}
    for p in sorted((ROOT / "styles").glob("*/*")):
        if p.is_file():  # the themes and the bundled fonts, with their licence and fonts.conf
            shipped.setdefault(f"share/zhpress/styles/{p.parent.name}", []).append(
                f"styles/{p.parent.name}/{p.name}")
    assert {key: sorted(files) for key, files in data_files.items()} == shipped
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
