"""`zhpress check`: validate one publication's outputs against its outline JSON."""

from __future__ import annotations

import json
from pathlib import Path

from zhpress.check import readback


def check_outputs(outline_path: Path, outputs: list[Path]) -> list[str]:
    """Problems found (empty when all is well): outline equality per format, EPUBCheck."""
    expected = readback.entries_of(json.loads(outline_path.read_text(encoding="utf-8")))
    problems = []
    readers = {".pdf": readback.pdf_outline, ".docx": readback.docx_outline,
               ".epub": readback.epub_outline}
    for path in outputs:
        reader = readers.get(path.suffix)
        if reader is None:
            continue
        found = reader(path)
        if found != expected:
            problems.append(f"{path.name}: outline differs from {outline_path.name} "
                            f"({len(found)} entries, expected {len(expected)})")
        if path.suffix == ".epub":
            problems += [f"{path.name}: {m}" for m in readback.epubcheck(path)]
    return problems
