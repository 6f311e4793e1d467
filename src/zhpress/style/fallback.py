"""Say when a font role falls back to another face: one line per build, never per document.

A theme lists, for each role, the faces it wants in order; the first installed one is used
(zhpress.style.theme.resolve_role). A role whose first choice is missing is set in a fallback
face, which a reader sees (宋体 where GB/T 9704 asks for 仿宋) but no renderer reports. The build
prints :func:`fallback_warning` once before its jobs (the Snakefile's ``onstart``) and marks the
environment, so that its jobs stay quiet; a writer run on its own prints it once per process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from zhpress.style.bundled import FONTS_CONF
from zhpress.style.theme import Face, Theme

__all__ = ["REPORTED_ENV", "fallback_warning", "fallbacks", "report_fallbacks"]

log = logging.getLogger("zhpress")

#: Set in the environment of a build's jobs once the build has printed its line.
REPORTED_ENV = "ZHPRESS_FONT_FALLBACKS_REPORTED"

#: Where each wanted family comes from: how a user gets the right face.
FAMILY_SOURCES = {
    "Zhuque Fangsong": f"bundled with zhpress: leave FONTCONFIG_FILE unset or include {FONTS_CONF}",
    "LXGW WenKai": "apt-get install fonts-lxgw-wenkai",
    "AR PL UKai CN": "apt-get install fonts-arphic-ukai",
    "Noto Serif CJK SC": "apt-get install fonts-noto-cjk",
    "Noto Sans CJK SC": "apt-get install fonts-noto-cjk",
}
_LICENSED = "a licensed face: install its font file (e.g. into ~/.local/share/fonts)"


def fallbacks(theme: Theme) -> list[tuple[str, str, Face]]:
    """(role, wanted family, face used) of each role of `theme` set in another face than its
    first choice."""
    out = []
    for role, families in theme["fonts"].items():
        face = theme.face(role)
        if face.family != families[0]:
            out.append((role, families[0], face))
    return out


def fallback_warning(theme: Theme) -> str | None:
    """One line naming every role that falls back, the face used and how to get the wanted one;
    None when every role has its first choice."""
    found = fallbacks(theme)
    if not found:
        return None
    parts = [f"{role} is set in {face.family}, not {wanted} ({FAMILY_SOURCES.get(wanted, _LICENSED)})"
             for role, wanted, face in found]
    return f"theme {theme.name}: font fallback: " + "; ".join(parts)


_reported: set[str] = set()


def report_fallbacks(theme: Theme, mark_environment: bool = False,
                     say: Callable[[str], None] | None = None) -> str | None:
    """Say :func:`fallback_warning` (with `say`, else as a logged warning) unless this process or
    the build it runs in has; with `mark_environment` (the build), the processes started
    afterwards stay quiet. Returns the line said, if any."""
    if os.environ.get(REPORTED_ENV) == theme.name or theme.name in _reported:
        return None
    _reported.add(theme.name)
    if mark_environment:
        os.environ[REPORTED_ENV] = theme.name
    line = fallback_warning(theme)
    if line:
        (say or (lambda text: log.warning("%s", text)))(line)
    return line
