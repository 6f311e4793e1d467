"""Time cost of zhpress.typeset.linebreak: render the sample corpus with and without the extensions.

Usage: .venv/bin/python bench/bench_weasy_cjk.py [repetitions] [copies]
       .venv/bin/python bench/bench_weasy_cjk.py documents [theme] [file ...]

``documents`` renders whole documents the way zhpress does (pdf.document_html + render_html) and
prints pages per second side by side: plain WeasyPrint on the same HTML without the extensions
(typography=False) and with them (typography=True), against the target (TARGET), and the PDF
size before and after pdf_fonts.shrink; default files: the sample report and sanguo-yanyi.txt
(about 1000 pages).

The corpus paragraphs (lines longer than 40 characters) are rendered ``copies``
times into one document: 28 em justified boxes, Noto Serif CJK SC, 16 pt. Four
variants are timed. ``baseline`` is plain HTML on stock WeasyPrint. ``text`` is
prepare_text_html() (line-break protection only) on stock WeasyPrint. ``hook`` is plain HTML
with install(). ``full`` is both. Each variant is run ``repetitions`` times,
interleaved, after one warm-up run, and the best and median CPU times of
``write_pdf`` (``time.process_time``) are printed.
"""

from __future__ import annotations

import html
import statistics
import sys
import time
from pathlib import Path

import weasyprint

from zhpress.typeset import linebreak as W
from zhpress.typeset import weasyprint as P

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "corpus" / "leshan-cppcc-2023.txt"
#: The extensions may cost at most 20% more CPU time than plain WeasyPrint on the same HTML.
TARGET = 1.20


def document(paragraphs: list[str], prepared: bool) -> str:
    convert = W.prepare_text_html if prepared else lambda t: html.escape(t, quote=False)
    body = "".join(f"<p>{convert(p)}</p>" for p in paragraphs)
    return (
        '<html lang="zh-CN"><head><style>@page { size: A4; margin: 20mm }'
        'body { font-family: "Noto Serif CJK SC"; font-size: 16pt; margin: 0 }'
        "p { width: 28em; text-align: justify; text-indent: 2em; margin: 0 0 1em }"
        f"{W.HALT_CSS}</style></head><body>{body}</body></html>"
    )


def timed(source: str, installed: bool) -> float:
    """CPU time of one render. Wall time is too noisy on a shared machine."""
    P.install() if installed else P.uninstall()
    start = time.process_time()
    weasyprint.HTML(string=source).write_pdf()
    return time.process_time() - start


def documents(theme_name: str, files: list[Path]) -> None:
    """Pages per second, with and without the extensions, on whole normalized documents."""
    import pypdfium2

    from zhpress.readers.normalize import normalize_bytes
    from zhpress.style.theme import load_theme
    from zhpress.writers import pdf
    from zhpress.writers.pdf import fonts as pdf_fonts

    theme = load_theme(theme_name)
    print(f"theme {theme_name}; CPU seconds of document_html + render_html, best of 2")
    for path in files:
        doc, _ = normalize_bytes(path.read_bytes(), path.name)
        results = {}
        runs = 2
        for typography in (False, True) * runs:
            start = time.process_time()
            data = pdf.render_html(pdf.document_html(doc, theme, typography), typography)
            spent = time.process_time() - start
            pages = len(pypdfium2.PdfDocument(data))
            best = results.get(typography, (spent, pages))
            results[typography] = (min(spent, best[0]), pages)
        (plain, pages0), (full, pages1) = results[False], results[True]
        print(f"{path.name}: plain {pages0} pages {plain:.1f}s = {pages0 / plain:.1f} pages/s; "
              f"zhpress {pages1} pages {full:.1f}s = {pages1 / full:.1f} pages/s; "
              f"time +{(full / plain - 1) * 100:.0f}%, per page +"
              f"{((full / pages1) / (plain / pages0) - 1) * 100:.0f}% "
              f"({'within' if full <= TARGET * plain else 'OVER'} the +{TARGET - 1:.0%} target)")
        start = time.perf_counter()
        small = pdf_fonts.shrink(data)
        print(f"  PDF {len(data):,} bytes as WeasyPrint writes it, {len(small):,} after "
              f"pdf_fonts.shrink ({time.perf_counter() - start:.3f}s)")
    P.uninstall()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "documents":
        theme = sys.argv[2] if len(sys.argv) > 2 else "gongwen"
        files = [Path(f) for f in sys.argv[3:]] or [CORPUS, CORPUS.parent / "sanguo-yanyi.txt"]
        documents(theme, files)
        return
    repetitions = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    paragraphs = [line.strip() for line in lines if len(line.strip()) > 40] * copies
    plain, prepared = document(paragraphs, False), document(paragraphs, True)
    variants = {
        "baseline": (plain, False),
        "text": (prepared, False),
        "hook": (plain, True),
        "full": (prepared, True),
    }
    for source, installed in variants.values():  # warm-up: fonts, caches
        timed(source, installed)
    times: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repetitions):
        for name, (source, installed) in variants.items():
            times[name].append(timed(source, installed))
    P.uninstall()

    chars = sum(map(len, paragraphs))
    print(f"{len(paragraphs)} paragraphs, {chars} characters, {repetitions} repetitions, CPU s")
    base_best, base_median = min(times["baseline"]), statistics.median(times["baseline"])
    for name, values in times.items():
        best, median = min(values), statistics.median(values)
        print(
            f"{name:9s} best {best:.3f}s  median {median:.3f}s  "
            f"ratio best {best / base_best:.3f}  ratio median {median / base_median:.3f}"
        )


if __name__ == "__main__":
    main()
