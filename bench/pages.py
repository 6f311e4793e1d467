"""Page images for a person to look at: the 目录, body page 1 (title block) and a full body page
of each sample in each theme, as PNG in output/pages/ (`make pages`); the same pages of the DOCX
as LibreOffice lays it out (when soffice is installed; the DOCX's fontconfig aliases in effect, as
a reader would set them), and the EPUB's title document in Chromium at a phone's and a desktop's
width (when chromium is installed).

With a git ref (`make pages BEFORE=main~3`, or `--before REF`), the same pages are rendered from
that ref too (a temporary detached worktree, its own code, themes and fonts) and put beside
today's: output/pages/compare/<sample>-<theme>-<page>.png shows before | after, for each fix to
be seen at a glance.

Usage: python bench/pages.py [--before REF] [--dpi N] [--out DIR] [input.txt ...]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "input").glob("*.txt"))
OUT = ROOT / "output" / "pages"
THEMES = ("gongwen", "book")
# FONTCONFIG_FILE as the user set it, before zhpress points it at its bundled fonts: the
# "before" worktree must find the fonts its own code expects.
USER_FONTCONFIG = os.environ.get("FONTCONFIG_FILE")


def body_start(path: Path) -> int:
    """1-based page number of body page 1: where the first bookmark points."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return next(iter(document.get_toc())).get_dest().get_index() + 1
    finally:
        document.close()


def render_pages(source: Path, theme: str, dpi: int = 100, out: Path = OUT) -> list[Path]:
    from zhpress.readers.normalize import normalize_bytes
    from zhpress.style.theme import load_theme
    from zhpress.writers import WriterOptions, write_format

    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"{source.stem}-{theme}.pdf"
    path.write_bytes(write_format("pdf", doc, WriterOptions(load_theme(theme))))
    first = body_start(path)
    pngs = []
    for label, page in (("toc", 1), ("page1", first), ("body", first + 1)):
        target = out / f"{source.stem}-{theme}-{label}"
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                        "-singlefile", str(path), str(target)], check=True)
        pngs.append(target.parent / f"{target.name}.png")  # a stem may hold a dot (x.gbk)
    if shutil.which("soffice"):
        pngs += render_docx_pages(source, theme, dpi, out)
    return pngs + render_epub_pages(source, theme, out)


def _libreoffice_env(theme):  # noqa: ANN001, ANN202 (also run on older refs)
    """The DOCX's fontconfig aliases for LibreOffice (where the code being rendered has them)."""
    import contextlib

    try:
        from zhpress.writers.docx import fonts as docx_fonts
    except ImportError:  # an older ref
        return contextlib.nullcontext(dict(os.environ))
    return docx_fonts.libreoffice_env(theme)


def render_docx_pages(source: Path, theme_name: str, dpi: int, out: Path) -> list[Path]:
    """The DOCX's 目录, body page 1 and 2 as LibreOffice lays them out."""
    from zhpress.readers.normalize import normalize_bytes
    from zhpress.style.theme import load_theme
    from zhpress.writers import WriterOptions, write_format

    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    theme = load_theme(theme_name)
    data = write_format("docx", doc, WriterOptions(theme, docx_page_numbers=True))
    pngs = []
    with tempfile.TemporaryDirectory() as tmp, _libreoffice_env(theme) as env:
        path = Path(tmp) / "doc.docx"
        path.write_bytes(data)
        subprocess.run(["soffice", f"-env:UserInstallation={Path(tmp).as_uri()}/p", "--headless",
                        "--convert-to", 'pdf:writer_pdf_Export:{"ExportBookmarks":'
                        '{"type":"boolean","value":"true"}}', "--outdir", tmp, str(path)],
                       check=True, capture_output=True, env=env, timeout=300)
        pdf = Path(tmp) / "doc.pdf"
        first = body_start(pdf)
        for label, page in (("docx-toc", 1), ("docx-page1", first), ("docx-body", first + 1)):
            target = out / f"{source.stem}-{theme_name}-{label}"
            subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                            "-singlefile", str(pdf), str(target)], check=True)
            pngs.append(target.parent / f"{target.name}.png")
    return pngs


def render_epub_pages(source: Path, theme_name: str, out: Path) -> list[Path]:
    """The EPUB's first text document (title block) in Chromium, 400 px and 1400 px wide."""
    from zhpress.readers.normalize import normalize_bytes
    from zhpress.style.theme import load_theme
    from zhpress.writers import WriterOptions, write_format

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return []
    doc, _ = normalize_bytes(source.read_bytes(), source.name)
    data = write_format("epub", doc, WriterOptions(load_theme(theme_name)))
    pngs = []
    with tempfile.TemporaryDirectory() as tmp:
        zipfile.ZipFile(io.BytesIO(data)).extractall(tmp)
        page = Path(tmp) / "EPUB" / "text" / "ch001.xhtml"
        for label, size in (("epub-phone", "400,800"), ("epub-desktop", "1400,900")):
            target = out / f"{source.stem}-{theme_name}-{label}.png"
            subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                            "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
                            f"--window-size={size}", f"--screenshot={target}", page.as_uri()],
                           check=True, capture_output=True, timeout=120)
            pngs.append(target)
    return pngs


def render_before(ref: str, sources: list[Path], dpi: int, out: Path) -> None:
    """Render the pages with the code, themes and fonts of git `ref` (a detached worktree)."""
    with tempfile.TemporaryDirectory(prefix="zhpress-before-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(tree),
                        ref], check=True)
        try:
            env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
            env["PYTHONPATH"] = str(tree / "src")
            if USER_FONTCONFIG:
                env["FONTCONFIG_FILE"] = USER_FONTCONFIG
            # this script, run in the ref's tree (whatever its own bench/pages.py was)
            code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
                    "import pages; [pages.render_pages(pages.Path(s), t, int(sys.argv[1]), "
                    "pages.Path(sys.argv[2])) for s in sys.argv[3:] for t in pages.THEMES]")
            subprocess.run([sys.executable, "-c", code, str(dpi), str(out),
                            *map(str, sources)], check=True, cwd=tree, env=env)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=False)


def side_by_side(before: Path, after: Path, target: Path) -> None:
    from PIL import Image, ImageDraw

    left, right = Image.open(before).convert("RGB"), Image.open(after).convert("RGB")
    gap = 24
    both = Image.new("RGB", (left.width + right.width + gap, max(left.height, right.height) + 30),
                     "white")
    both.paste(left, (0, 30))
    both.paste(right, (left.width + gap, 30))
    draw = ImageDraw.Draw(both)
    draw.text((8, 8), f"before: {before.name}", fill="black")
    draw.text((left.width + gap + 8, 8), "after", fill="black")
    draw.line([(left.width + gap // 2, 0), (left.width + gap // 2, both.height)], fill="red")
    target.parent.mkdir(parents=True, exist_ok=True)
    both.save(target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="*", type=Path, default=SAMPLES)
    parser.add_argument("--before", metavar="REF", help="also render git REF, side by side")
    parser.add_argument("--dpi", type=int, default=100)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sources = [p.resolve() for p in args.inputs]
    after_dir = args.out / "after" if args.before else args.out
    after = [png for source in sources for theme in THEMES
             for png in render_pages(source, theme, args.dpi, after_dir)]
    if not args.before:
        for png in after:
            print(png.relative_to(ROOT) if png.is_relative_to(ROOT) else png)
        return
    render_before(args.before, sources, args.dpi, args.out / "before")
    for png in after:
        before = args.out / "before" / png.name
        if before.exists():
            target = args.out / "compare" / png.name
            side_by_side(before, png, target)
            print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)


if __name__ == "__main__":
    main()
