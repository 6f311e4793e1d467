"""Page images for a person to look at: the 目录, body page 1 (title block) and a full body page
of the sample report in each theme, as PNG in output/pages/ (`make pages`).

Usage: python bench/pages.py [input.txt] [dpi]
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zhpress.readers.normalize import normalize_bytes
from zhpress.style.theme import load_theme
from zhpress.writers import WriterOptions, write_format

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "input" / "leshan-cppcc-2023.txt"
OUT = ROOT / "output" / "pages"


def body_start(path: Path) -> int:
    """1-based page number of body page 1: where the first bookmark points."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return next(iter(document.get_toc())).get_dest().get_index() + 1
    finally:
        document.close()


def render_pages(source: Path, theme: str, dpi: int = 100) -> list[Path]:
    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{source.stem}-{theme}.pdf"
    path.write_bytes(write_format("pdf", doc, WriterOptions(load_theme(theme))))
    first = body_start(path)
    out = []
    for label, page in (("toc", 1), ("page1", first), ("body", first + 1)):
        target = OUT / f"{source.stem}-{theme}-{label}"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(path), str(target)], check=True)
        out.append(target.with_suffix(".png"))
    return out


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    dpi = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    for theme in ("gongwen", "book"):
        for png in render_pages(source, theme, dpi):
            print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)


if __name__ == "__main__":
    main()
