"""The CLI contract (design.md): one subcommand per rule, --help, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ZHPRESS = str(Path(sys.executable).parent / "zhpress")
COMMANDS = ["normalize", "outline", "pdf", "docx", "epub", "archive", "entry", "site", "check",
            "fonts"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_help(command):
    proc = subprocess.run([ZHPRESS, command, "--help"], capture_output=True, text=True)
    assert proc.returncode == 0
    assert f"zhpress {command}" in proc.stdout


def test_usage_error_exits_2():
    proc = subprocess.run([ZHPRESS, "pdf"], capture_output=True, text=True)
    assert proc.returncode == 2


def test_missing_input_is_one_line_exit_1(tmp_path):
    proc = subprocess.run([ZHPRESS, "outline", str(tmp_path / "nope.md"), "-o",
                           str(tmp_path / "x.json")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and "nope.md" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x.json").exists()


def test_fonts_reports_each_role():
    proc = subprocess.run([ZHPRESS, "fonts"], capture_output=True, text=True, check=True)
    roles = {line.split()[0] for line in proc.stdout.splitlines()}
    assert roles == {"song", "hei", "kai", "fangsong", "title"}
    assert "Noto Serif CJK SC" in proc.stdout


def test_no_chinese_font_stops_with_one_line(tmp_path):
    """With fontconfig seeing no fonts at all, the build stops at once naming the package."""
    conf = tmp_path / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><fontconfig><dir>' + str(tmp_path) +
                    "</dir><cachedir>" + str(tmp_path / "cache") + "</cachedir></fontconfig>")
    md = tmp_path / "x.md"
    md.write_text("# 标题\n\n正文。\n", encoding="utf-8")
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run([ZHPRESS, "pdf", str(md), "-o", str(tmp_path / "x.pdf")],
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1
    assert "fonts-noto-cjk" in proc.stderr and proc.stderr.count("\n") == 1
    assert not (tmp_path / "x.pdf").exists()
