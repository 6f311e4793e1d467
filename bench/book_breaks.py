"""Page-break faults of the book theme's PDF, counted over the samples and (a prefix of) the novel:
widows (a paragraph's last line alone at the top of a page) and short pages (a page whose text ends
lines above the text block's bottom without a reason: see pdf_pages.page_break_faults).

Usage: python bench/book_breaks.py [--theme book] [--novel-chars N] [name ...]
Reads the PDFs back with the test suite's reader (tests/writers/pdf/pdf_pages.py).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "writers" / "pdf")]

NOVEL = "sanguo-yanyi.txt"
SAMPLES = ("leshan-cppcc-2023.txt", "constitution.txt", "hailar-gov-report-2017.gbk.txt", NOVEL)


def measure(name: str, theme: str, novel_chars: int) -> tuple[int, list[str], list[str]]:
    from pdf_pages import Rendered, page_break_faults, read

    from zhpress.model import Document
    from zhpress.outline import with_anchors
    from zhpress.readers.normalize import normalize_bytes
    from zhpress.style.theme import load_theme
    from zhpress.writers import WriterOptions, write_format

    data = (ROOT / "tests" / "corpus" / name).read_bytes()
    if name == NOVEL and novel_chars:
        text = data.decode("utf-8")[:novel_chars]
        data = text[:text.rfind("\n") + 1].encode("utf-8")
    doc, _ = normalize_bytes(data, name)
    doc = with_anchors(doc)
    t = load_theme(theme)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.pdf"
        path.write_bytes(write_format("pdf", doc, WriterOptions(t)))
        r = read(Rendered(name, theme, True, path, doc))
    assert isinstance(doc, Document)
    w, s = page_break_faults(r, t.data["body"]["line_pt"])
    return r.pages, w, s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--theme", default="book")
    ap.add_argument("--novel-chars", type=int, default=120_000)
    ap.add_argument("-v", action="store_true")
    ap.add_argument("names", nargs="*", default=list(SAMPLES))
    args = ap.parse_args()
    for name in args.names:
        pages, w, s = measure(name, args.theme, args.novel_chars)
        print(f"{name:34} {pages:4} pages  widows {len(w):3}  short pages {len(s):3}", flush=True)
        if args.v:
            for item in w + s:
                print("   ", item)


if __name__ == "__main__":
    main()
