"""Heading styles by role (model.HEADING_ROLES): a 一、 heading, a （一） heading or a 第X条 looks
the same wherever it sits, whatever its Markdown depth.

Each (level, role) whose look differs from its level's gets a paragraph style "Heading N role"
based on "Heading N" (so it keeps the outline level, the 目录 field and every reader's heading
detection), and its paragraphs take that style. The look comes from one place, `role_spec`: the
theme's per-role style when the theme gives one (`Theme.role_style(role)`), else the level's.
"""

from __future__ import annotations

from typing import Any

from zhpress.model import HEADING_ROLES, Heading
from zhpress.style.theme import Theme

LEVELS = range(1, 10)


def role_spec(theme: Theme, role: str, level: int) -> dict[str, Any]:
    """The text style (role, size_pt, weight, align, indent_chars) of a `role` heading at
    `level`: the theme's style for the role if it has one, else the level's."""
    style_of = getattr(theme, "role_style", None)
    spec = style_of(role) if (style_of is not None and role) else None
    return spec or theme.heading_style(level)


def role_styles(theme: Theme) -> dict[tuple[int, str], dict[str, Any]]:
    """(level, role) -> spec, for the pairs whose look is not their level's."""
    return {(level, role): spec for level in LEVELS for role in HEADING_ROLES
            if (spec := role_spec(theme, role, level)) != theme.heading_style(level)}


def style_name(level: int, role: str) -> str:
    return f"Heading {level} {role}"


def style_id(level: int, role: str) -> str:
    return f"Heading{level}" + "".join(part.title() for part in role.split("-"))


def paragraph_style_ids(headings: list[Heading], theme: Theme) -> list[str | None]:
    """Per heading, the id of its role style, or None where its level's style is its look."""
    styled = role_styles(theme)
    return [style_id(h.level, h.role) if (h.level, h.role) in styled else None
            for h in headings]
