"""The EPUB archive's check in every build (zhpress.publish.archive holds the archive itself).

Before the DAG is built, each publication's archive is verified (every listed edition present
with its sha256). The result is a parameter of the `entry` rule, so an edition that went missing
or changed runs that entry again. When the build then starts (never in a dry run), an edition the
built EPUB still has is restored, and each one that cannot be is a problem of the build; the
entry lists it without a link.
"""

from __future__ import annotations

import sys
from pathlib import Path

from zhpress.errors import BadInput
from zhpress.publish.archive import restore, status


def archive_states(archive: str, names: list[str]) -> dict[str, str]:
    """Publication name -> its archive's state ('' when sound; archive.status)."""
    return {name: status(Path(archive, name)) for name in names}


def repair_archives(archive: str, epubs: str, states: dict[str, str]) -> list[str]:
    """Restore what the built EPUBs still have; one line for each edition that stays missing or
    damaged, and for an archive folder that cannot be written."""
    lines = []
    for name, state in states.items():
        if not state:
            continue
        folder = Path(archive, name)
        try:
            restored, lost = restore(folder, Path(epubs, f"{name}.epub"))
        except BadInput as exc:
            lines.append(f"zhpress: {folder}: {exc}")
            continue
        except OSError as exc:
            lines.append(f"zhpress: {folder}: cannot restore a missing edition ({exc.strerror}); "
                         "make the archive folder writable and run the build again")
            continue
        lines += lost
        for file in restored:
            print(f"zhpress: {folder / file}: was missing; restored from {epubs}/{name}.epub",
                  file=sys.stderr)
    return lines
