"""Themes: one style source (styles/<theme>/theme.yaml) for the CSS and the DOCX reference.

Font roles (song, hei, kai, fangsong, title) resolve through fontconfig to the first installed
family that covers Simplified Chinese, because WeasyPrint and LibreOffice silently substitute a
family they cannot find (often with a sans face for a serif request).
"""

from __future__ import annotations

import functools
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zhpress.errors import BadInput

ROLES = ("song", "hei", "kai", "fangsong", "title")
MM_PER_PT = 25.4 / 72
# Characters every Simplified Chinese face must have for a role to accept it: a face from a
# Traditional (Big5) family lacks many of them.
SC_PROBE = "国务院关于进一步发展经济社会这个为们对说时"

def _styles_dir() -> Path:
    """styles/ of the source checkout this package runs from, else the copy a wheel installs
    (pyproject.toml: data-files, into <prefix>/share/zhpress/styles)."""
    import sys
    import sysconfig

    checkout = Path(__file__).resolve().parents[3] / "styles"
    if checkout.is_dir():
        return checkout
    return Path(sysconfig.get_path("data", vars={"base": sys.prefix})) / "share/zhpress/styles"


STYLES_DIR = _styles_dir()
INSTALL_HINT = "install a CJK font package, e.g. `apt-get install fonts-noto-cjk`"


@dataclass(frozen=True)
class Face:
    """A resolved font: the family name renderers must ask for, and the file fontconfig gives."""

    family: str
    file: str
    index: int


@dataclass(frozen=True, eq=False)  # hashed by identity: load_theme returns one per name
class Theme:
    name: str
    data: dict[str, Any]
    directory: Path

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    @property
    def page(self) -> dict[str, float]:
        return self.data["page"]

    @property
    def text_width_mm(self) -> float:
        p = self.page
        return p["width_mm"] - p["margin_left_mm"] - p["margin_right_mm"]

    @property
    def text_height_mm(self) -> float:
        p = self.page
        return p["height_mm"] - p["margin_top_mm"] - p["margin_bottom_mm"]

    def heading_style(self, level: int) -> dict[str, Any]:
        """Level 1 is the document title or a newspaper rubric; levels 2.. use `headings`."""
        if level <= 1:
            return self.data["rubric"]
        styles = self.data["headings"]
        return styles[min(level - 2, len(styles) - 1)]

    def role_style(self, role: str) -> dict[str, Any] | None:
        """The style of a heading that is a `role` (model.HEADING_ROLES), whatever its depth:
        role, size_pt, weight, align, indent_chars, space_before_lines; None for no role or one
        the theme does not style (the heading then takes its level's style)."""
        if role == "title":
            return self.data["title"]
        return self.data.get("roles", {}).get(role)

    def face(self, role: str) -> Face:
        return resolve_role(tuple(self.data["fonts"][role]))

    def faces(self) -> dict[str, Face]:
        return {role: self.face(role) for role in ROLES}

    def files(self) -> list[Path]:
        """The theme's files, to declare as build inputs."""
        return sorted(self.directory.glob("*"))


def available_themes(styles_dir: Path | None = None) -> list[str]:
    """The names of the themes under styles/ (folders with a theme.yaml)."""
    return sorted(p.parent.name for p in (styles_dir or STYLES_DIR).glob("*/theme.yaml"))


def theme_dir(name: str, styles_dir: Path | None = None) -> Path:
    return (styles_dir or STYLES_DIR) / name


# A theme is named by a folder under styles/, never by a path that leads out of it.
_THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


@functools.cache
def load_theme(name: str, styles_dir: Path | None = None) -> Theme:
    directory = theme_dir(name, styles_dir)
    path = directory / "theme.yaml"
    if not _THEME_NAME.fullmatch(name) or not path.is_file():
        known = available_themes(styles_dir)
        raise BadInput(f"no theme {name!r}; choose one of {', '.join(known)}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BadInput(f"{path}: not valid YAML ({exc}); fix the theme file") from exc
    problem = theme_problem(data)
    if problem:
        raise BadInput(f"{path}: {problem}; fix the theme file (schema: {THEME_SCHEMA.name})")
    return Theme(name=name, data=data, directory=directory)


THEME_SCHEMA = Path(__file__).with_name("theme.schema.yaml")


@functools.cache
def _theme_validator() -> Any:
    import jsonschema

    schema = yaml.safe_load(THEME_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def theme_problem(data: Any) -> str | None:
    """The first thing wrong with a theme's data, naming its key, or None."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_theme_validator().iter_errors(data))
    if error is None:
        return None
    key = ".".join(str(p) for p in error.absolute_path) or "the theme"
    return f"{key}: {error.message}"


def theme_digest(name: str, styles_dir: Path | None = None) -> str:
    """A digest of every file of the theme: what the build's outputs depend on."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(theme_dir(name, styles_dir).rglob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _fc(*args: str) -> str:
    try:
        return subprocess.run(
            ["fc-list", *args], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError as exc:  # no fontconfig at all
        raise BadInput(f"fontconfig (fc-list) is not installed; {INSTALL_HINT}") from exc


@functools.cache
def find_family(family: str) -> Face | None:
    """The installed face of `family` (regular weight) that covers Simplified Chinese, if any."""
    out = _fc("--format", "%{file}\t%{index}\t%{family}\t%{style}\n", f"{family}:lang=zh-cn")
    best: Face | None = None
    for line in sorted(out.splitlines()):
        path, index, families, styles = (line.split("\t") + ["", "", "", ""])[:4]
        if family not in families.split(","):
            continue
        face = Face(family=family, file=path, index=int(index or 0))
        if styles.split(",")[0] == "Regular":
            return face
        if best is None or "Regular" in styles.split(","):
            best = face
    return best


@functools.cache
def resolve_role(candidates: tuple[str, ...]) -> Face:
    for family in candidates:
        face = find_family(family)
        if face is not None:
            return face
    raise BadInput(
        f"no installed font for any of {', '.join(candidates)}; {INSTALL_HINT}"
    )


def check_cjk_fonts() -> Face:
    """Start-up check: stop at once when fontconfig knows no font covering Chinese."""
    face = find_family("Noto Serif CJK SC") or find_family("Noto Sans CJK SC")
    if face is None:
        raise BadInput(f"no font covering Chinese found through fontconfig; {INSTALL_HINT}")
    return face
