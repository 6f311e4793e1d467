"""The bundled fontconfig configuration and the one-line font fallback warning."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from zhpress.style import fallback
from zhpress.style.bundled import FONTS_CONF, use_bundled_fonts
from zhpress.style.theme import load_theme

ZHPRESS = str(Path(sys.executable).parent / "zhpress")


def test_fontconfig_file_is_set_unless_the_user_chose_one():
    env: dict[str, str] = {}
    assert use_bundled_fonts(env) and env["FONTCONFIG_FILE"] == str(FONTS_CONF)
    mine = {"FONTCONFIG_FILE": "/etc/fonts/fonts.conf"}
    assert not use_bundled_fonts(mine) and mine["FONTCONFIG_FILE"] == "/etc/fonts/fonts.conf"


def test_the_configuration_keeps_the_system_fonts_and_adds_the_bundled_one():
    env = {"FONTCONFIG_FILE": str(FONTS_CONF), "PATH": "/usr/bin:/bin"}
    families = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True,
                              text=True, env=env, check=True).stdout
    assert "Zhuque Fangsong" in families and "Noto Serif CJK SC" in families


def test_one_line_names_each_role_that_falls_back_its_face_and_the_remedy():
    theme = load_theme("gongwen")
    found = {role: (wanted, face.family) for role, wanted, face in fallback.fallbacks(theme)}
    assert "fangsong" not in found  # bundled
    line = fallback.fallback_warning(theme)
    for role, (wanted, used) in found.items():
        assert f"{role} is set in {used}, not {wanted}" in line
    if "title" in found:  # 方正小标宋 is not free: the line says how to get it
        assert "install its font file" in line
    assert "\n" not in (line or "")


def test_the_warning_is_said_once_per_process_and_not_in_a_build_that_said_it(monkeypatch, caplog):
    theme = load_theme("gongwen")
    monkeypatch.setattr(fallback, "_reported", set())
    monkeypatch.setenv(fallback.REPORTED_ENV, "")  # restored afterwards, whatever it was
    monkeypatch.delenv(fallback.REPORTED_ENV)
    monkeypatch.setattr(fallback, "fallback_warning", lambda t: "theme x: font fallback: kai …")
    with caplog.at_level(logging.WARNING, logger="zhpress"):
        said = [fallback.report_fallbacks(theme) for _ in range(3)]
    assert said == ["theme x: font fallback: kai …", None, None]
    assert len(caplog.records) == 1
    monkeypatch.setattr(fallback, "_reported", set())
    heard: list[str] = []
    fallback.report_fallbacks(theme, mark_environment=True, say=heard.append)  # the build
    monkeypatch.setattr(fallback, "_reported", set())  # a job's own process
    assert fallback.report_fallbacks(theme) is None and len(heard) == 1


def test_a_theme_wanting_a_missing_face_gets_a_line_saying_so():
    data = dict(load_theme("gongwen").data)
    data["fonts"] = {**data["fonts"], "kai": ["No Such Kai", "Noto Serif CJK SC"],
                     "title": ["Noto Serif CJK SC"]}
    theme = fallback.Theme("gongwen", data, FONTS_CONF.parent)
    assert fallback.fallback_warning(theme) == (
        "theme gongwen: font fallback: kai is set in Noto Serif CJK SC, not No Such Kai "
        f"({fallback._LICENSED})")


def test_the_cli_says_it_in_one_line(tmp_path):
    md = tmp_path / "x.md"
    md.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != fallback.REPORTED_ENV}
    proc = subprocess.run([ZHPRESS, "pdf", str(md), "-o", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, check=True, env=env)
    expected = fallback.fallback_warning(load_theme("gongwen"))
    lines = [line for line in proc.stderr.splitlines() if "font fallback" in line]
    assert lines == ([f"zhpress: {expected}"] if expected else [])


@pytest.mark.slow
@pytest.mark.parametrize("worker", ["true", "false"])
def test_a_build_says_it_once_whatever_the_number_of_documents(tmp_path, worker):
    """Two documents, three formats each: the fallback line appears once in the build's output
    and in none of the jobs' logs (with the warm worker and with a process per job)."""
    import shutil

    from helpers import run_snakemake, sample_path

    expected = fallback.fallback_warning(load_theme("gongwen"))
    assert expected, "the gongwen title role falls back on this machine (no 方正小标宋)"
    (tmp_path / "input").mkdir()
    for name in ("leshan-cppcc-2023.txt", "hailar-gov-report-2017.gbk.txt"):
        shutil.copyfile(sample_path(name), tmp_path / "input" / name)
    proc = run_snakemake(tmp_path, "--config", f"worker={worker}")
    said = proc.stdout.count("font fallback") + proc.stderr.count("font fallback")
    logs = [p for p in (tmp_path / "output").rglob("*.log") if "font fallback" in p.read_text()]
    assert (said, logs) == (1, [])
    assert f"zhpress: {expected}" in proc.stderr
