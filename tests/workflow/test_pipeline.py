"""The walking pipeline end to end: every sample input built by the real Snakemake workflow, each
output opened by an independent reader (pypdf/pypdfium2, python-docx, EPUBCheck, pandoc)."""

from __future__ import annotations

import json
import subprocess
import time
import zipfile

import pypandoc
import pytest
from helpers import BIN, SAMPLES, run_snakemake, sample_path
from pypdf import PdfReader

from zhpress.build.inputs import safe_name
from zhpress.check import readback
from zhpress.style.theme import MM_PER_PT, find_family, load_theme
from zhpress.writers.docx import fonts as docx_fonts

# slow: every test reads the session's real Snakemake build or runs Snakemake
pytestmark = pytest.mark.slow

NAMES = [safe_name(s.rsplit(".", 1)[0]) for s in SAMPLES]
ENCODINGS = {"hailar-gov-report-2017.gbk.txt": "gb18030"}


def raw_text(sample: str) -> str:
    return sample_path(sample).read_bytes().decode(ENCODINGS.get(sample, "utf-8-sig"))


def outline_of(build, name):
    return readback.entries_of(json.loads(build.out("outline", name, "json").read_text()))


def pdf_body_text(path, theme_name: str = "gongwen") -> str:
    """The PDF's text inside the text block of the body pages: page furniture (folios, running
    heads) lies in the margins and the generated 目录 precedes the first bookmarked page."""
    import pypdfium2 as pdfium

    theme = load_theme(theme_name)
    page_geom = theme.page
    doc = pdfium.PdfDocument(str(path))
    first_body = min(item.get_dest().get_index() for item in doc.get_toc())
    parts = []
    for index in range(first_body, len(doc)):
        page = doc[index]
        height = page.get_height()
        left = page_geom["margin_left_mm"] / MM_PER_PT - 1
        right = page.get_width() - page_geom["margin_right_mm"] / MM_PER_PT + 1
        top = height - page_geom["margin_top_mm"] / MM_PER_PT + 1
        bottom = page_geom["margin_bottom_mm"] / MM_PER_PT - 1
        parts.append(page.get_textpage().get_text_bounded(left, bottom, right, top))
    doc.close()
    return "\n".join(parts)


@pytest.mark.parametrize("sample", SAMPLES)
def test_pdf_opens_and_embeds_a_cjk_font(build, sample):
    name = safe_name(sample.rsplit(".", 1)[0])
    reader = PdfReader(build.out("pdf", name, "pdf"))
    assert len(reader.pages) >= 1
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts.add(str(font.get("/BaseFont")))
    assert any("CJK" in f or "WenKai" in f for f in fonts), fonts
    assert reader.metadata.title
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


@pytest.mark.parametrize("sample", SAMPLES)
def test_docx_styles_name_an_east_asian_font(build, sample):
    import docx

    name = safe_name(sample.rsplit(".", 1)[0])
    document = docx.Document(str(build.out("docx", name, "docx")))
    theme = load_theme("gongwen")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for style_name in ("Normal", "Body Text", "Heading 2"):
        fonts = document.styles[style_name].element.find(f"{w}rPr/{w}rFonts")
        east_asian = fonts.get(f"{w}eastAsia")
        # a name Word/WPS know (仿宋_GB2312 …) whose LibreOffice fallback is an installed CJK face
        with docx_fonts.libreoffice_env(theme) as env:
            match = subprocess.run(["fc-match", "-f", "%{family}", f"{east_asian}:lang=zh-cn"],
                                   env=env, capture_output=True, text=True).stdout
        assert any(find_family(f) for f in match.split(",")), (style_name, east_asian, match)
        assert not any(a.endswith("Theme") for a in fonts.attrib), style_name


@pytest.mark.parametrize("sample", SAMPLES)
def test_epub_passes_epubcheck(build, sample):
    name = safe_name(sample.rsplit(".", 1)[0])
    assert readback.epubcheck(build.out("epub", name, "epub")) == []


@pytest.mark.parametrize("sample", SAMPLES)
def test_outline_is_the_same_in_every_format(build, sample):
    name = safe_name(sample.rsplit(".", 1)[0])
    expected = outline_of(build, name)
    assert len(expected) >= 2
    assert readback.pdf_outline(build.out("pdf", name, "pdf")) == expected
    assert readback.docx_outline(build.out("docx", name, "docx")) == expected
    assert readback.epub_outline(build.out("epub", name, "epub")) == expected


@pytest.mark.parametrize("sample", SAMPLES)
def test_nothing_lost_in_any_format(build, sample):
    """Han characters, letters and digits (NFKC) survive, in order, in every format."""
    name = safe_name(sample.rsplit(".", 1)[0])
    report = json.loads(build.out("report", name, "json").read_text())
    deleted = "".join(c["before"] for c in report["changes"] if not c["after"])
    expected = readback.content_chars(raw_text(sample))
    md = build.out("md", name, "md")
    plain = pypandoc.convert_file(str(md), "plain", format="markdown")
    formats = {
        "markdown": plain,
        "pdf": pdf_body_text(build.out("pdf", name, "pdf")),
        "docx": readback.docx_text(build.out("docx", name, "docx")),
        "epub": readback.epub_text(build.out("epub", name, "epub")),
    }
    for fmt, text in formats.items():
        found = readback.content_chars(text)
        if found != expected and deleted:  # deletions must be listed in the report
            assert len(expected) - len(found) <= len(readback.content_chars(deleted)), fmt
        else:
            assert found == expected, f"{fmt}: first difference at {_first_diff(found, expected)}"


def _first_diff(a: str, b: str) -> str:
    i = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
             min(len(a), len(b)))
    return f"{i}: {a[i - 10:i + 20]!r} vs {b[i - 10:i + 20]!r}"


def test_index_links_every_publication(build):
    page = (build.root / "output" / "index.html").read_text(encoding="utf-8")
    for name in NAMES:
        for kind, ext in (("pdf", "pdf"), ("docx", "docx"), ("epub", "epub")):
            href = f"{kind}/{name}.{ext}"
            assert f'href="{href}"' in page
            assert (build.root / "output" / href).is_file()


def test_zhpress_check_validates_and_catches_a_mismatch(build):
    name, other = NAMES[0], NAMES[1]
    outline = build.out("outline", name, "json")
    files = [str(build.out(k, name, k)) for k in ("pdf", "docx", "epub")]
    ok = subprocess.run([str(BIN / "zhpress"), "check", str(outline), *files],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    wrong = subprocess.run([str(BIN / "zhpress"), "check", str(outline),
                            str(build.out("epub", other, "epub"))], capture_output=True, text=True)
    assert wrong.returncode == 1 and "outline differs" in wrong.stderr


def _mtimes(root):
    return {p: p.stat().st_mtime_ns for p in (root / "output").rglob("*") if p.is_file()}


def test_second_run_does_nothing_and_touch_rebuilds_one(build):
    before = _mtimes(build.root)
    proc = run_snakemake(build.root)
    assert "Nothing to be done" in proc.stdout + proc.stderr
    assert _mtimes(build.root) == before
    # Edit one input (content change): only its outputs and the index are rebuilt.
    time.sleep(1)
    target = build.root / "input" / SAMPLES[0]
    target.write_bytes(target.read_bytes() + "\n新增的一段文字。\n".encode())
    run_snakemake(build.root)
    after = _mtimes(build.root)
    changed = {p.relative_to(build.root / "output").as_posix() for p in after
               if after[p] != before.get(p) and "logs" not in p.parts}
    name = NAMES[0]
    assert changed, "nothing was rebuilt"
    assert "index.html" in changed
    others = [c for c in changed if name not in c and c != "index.html"]
    assert others == [], others
    for kind in ("md", "pdf", "docx", "epub"):
        assert any(c.startswith(f"{kind}/{name}.") for c in changed), kind


def test_archive_holds_an_edition_per_publication(build):
    for name in NAMES:
        editions = json.loads(
            (build.root / "output" / "archive" / name / "editions.json").read_text())
        assert len(editions["editions"]) >= 1
        for e in editions["editions"]:
            assert (build.root / "output" / "archive" / name / e["file"]).is_file()


def test_docx_and_epub_are_zip_containers_with_fixed_times(build):
    for name in NAMES:
        for kind in ("docx", "epub"):
            with zipfile.ZipFile(build.out(kind, name, kind)) as z:
                assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        with zipfile.ZipFile(build.out("epub", name, "epub")) as z:
            first = z.infolist()[0]
            assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED


def test_snakefile_lints_clean():
    """`snakemake --lint` finds nothing to advise."""
    from helpers import ROOT

    proc = subprocess.run([str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "--lint"],
                          capture_output=True, text=True, cwd=ROOT)
    text = proc.stdout + proc.stderr
    lints = [line.strip() for line in text.splitlines() if line.strip().startswith("* ")]
    assert proc.returncode == 0 and not lints, text
    assert "your workflow is in a good condition" in text, text


def test_formats_config_builds_only_the_chosen_formats(tmp_path):
    from helpers import make_build

    built = make_build(tmp_path, ["leshan-cppcc-2023.txt"], "--config", "formats=[docx]")
    out = built.root / "output"
    assert (out / "docx" / "leshan-cppcc-2023.docx").is_file()
    assert not (out / "pdf").exists() and not (out / "epub").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="docx/leshan-cppcc-2023.docx"' in page and ".pdf" not in page
