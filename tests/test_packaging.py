"""A wheel carries what the package reads at run time: the config and theme schemas, and the
themes, which land where zhpress.style.theme looks when it runs from no source checkout."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from helpers import ROOT

from zhpress.style import theme


@pytest.mark.slow
def test_the_wheel_carries_schemas_and_themes(tmp_path):
    # built from a copy: setuptools writes build/ and *.egg-info into the tree it builds
    source = tmp_path / "source"
    for part in ("src", "styles", "pyproject.toml", "README.md"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, source / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copyfile(ROOT / part, source / part)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path),
                    str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = tmp_path.glob("zhpress-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"zhpress/build/config.schema.yaml", "zhpress/style/theme.schema.yaml"} <= names
    data = f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.data/data/"
    themes = {p.parent.name for p in (ROOT / "styles").glob("*/theme.yaml")}
    assert themes == {"gongwen", "book"}
    for name in themes:
        assert f"{data}share/zhpress/styles/{name}/theme.yaml" in names


def test_without_a_checkout_themes_come_from_the_installed_data(monkeypatch, tmp_path):
    real_is_dir = Path.is_dir
    checkout = ROOT / "styles"
    monkeypatch.setattr(Path, "is_dir", lambda self: False if self == checkout
                        else real_is_dir(self))
    expected = Path(sysconfig.get_path("data", vars={"base": sys.prefix})) / "share/zhpress/styles"
    assert theme._styles_dir() == expected
    monkeypatch.setattr(Path, "is_dir", real_is_dir)
    assert theme._styles_dir() == checkout
