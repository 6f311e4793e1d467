"""The fonts bundled under styles/fonts/, made visible to fontconfig without a system install.

zhpress sets ``FONTCONFIG_FILE`` to ``styles/fonts/fonts.conf`` (the system configuration plus
that folder) when it is imported, before WeasyPrint or ``fc-list`` first ask fontconfig, so every
renderer and every subprocess (Snakemake jobs, workers, ``fc-list``) sees the same fonts. A
``FONTCONFIG_FILE`` the user set is left alone: their setup wins, and a role whose face is then
missing falls back with a warning that says how to add the folder.
"""

from __future__ import annotations

import os
import sys
import sysconfig
from pathlib import Path

__all__ = ["FONTS_DIR", "FONTS_CONF", "use_bundled_fonts"]


def _fonts_dir() -> Path:
    """styles/fonts of the source checkout, else the copy a wheel installs (as theme.py finds
    styles/)."""
    checkout = Path(__file__).resolve().parents[3] / "styles" / "fonts"
    if checkout.is_dir():
        return checkout
    data = Path(sysconfig.get_path("data", vars={"base": sys.prefix}))
    return data / "share/zhpress/styles/fonts"


FONTS_DIR = _fonts_dir()
FONTS_CONF = FONTS_DIR / "fonts.conf"


def use_bundled_fonts(environ: os._Environ[str] | dict[str, str] | None = None) -> bool:
    """Point fontconfig at the bundled configuration unless the user chose one; returns whether
    the bundled configuration is the one in effect."""
    env = os.environ if environ is None else environ
    if not FONTS_CONF.is_file():
        return False
    if "FONTCONFIG_FILE" not in env:
        env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env["FONTCONFIG_FILE"] == str(FONTS_CONF)
