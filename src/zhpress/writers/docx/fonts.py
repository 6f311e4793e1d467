"""Font names in the DOCX: the names Word and WPS on a Chinese office PC know, with the theme's
faces as what LibreOffice uses when those are missing.

Word and WPS find a font by the name in `w:rFonts`, so the styles name the faces an office PC
has: 仿宋_GB2312 and 楷体_GB2312 (the faces GB/T 9704 was written for, installed on government
PCs), 方正小标宋简体, 黑体, 宋体; the book theme names the faces every Chinese Windows ships
(仿宋, 楷体, 黑体, 宋体). What Word does when a named face is missing (its documented font
substitution, Options > Advanced > Font Substitution): it takes the fontTable's alternative name
(`w:altName`, ECMA-376 17.8.3.1, e.g. 仿宋_GB2312 -> 仿宋) and otherwise the installed face
closest to the table's character set (`w:charset` 86, GB 2312), family and pitch, so a missing
仿宋_GB2312 becomes 仿宋 and never a Latin face. WPS maps the _GB2312 names to 仿宋/楷体 itself.

LibreOffice ignores `w:altName` (writerfilter FontTable.cxx) and asks fontconfig for the name:
`fontconfig_aliases` maps each name to the theme's own candidates for its role (the bundled or
installed faces the PDF uses). The build's own LibreOffice layout (the 目录's page numbers) runs
with it, and a reader can add it to ~/.config/fontconfig/conf.d (`zhpress fonts`-style setup).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from zhpress.style.theme import ROLES, Theme
from zhpress.writers.docx.wordml import parse, qn


@dataclass(frozen=True)
class WordFace:
    """A face as a Word document names it: the name (`family`, as the theme's Face calls it), its
    alternative names, and the fontTable's description Word's substitution uses (`generic`:
    roman for 宋/仿宋/楷, modern for 黑体)."""

    family: str
    alt: tuple[str, ...]
    generic: str = "roman"
    charset: str = "86"  # GB 2312


# The names on a Chinese Windows PC (宋体 SimSun, 黑体 SimHei, 仿宋 FangSong, 楷体 KaiTi).
WINDOWS = {
    "song": WordFace("宋体", ("SimSun",)),
    "hei": WordFace("黑体", ("SimHei",), "modern"),
    "kai": WordFace("楷体", ("KaiTi",)),
    "fangsong": WordFace("仿宋", ("FangSong",)),
    "title": WordFace("宋体", ("SimSun",)),
}
# GB/T 9704 (公文): the faces the standard names, as government PCs have them installed.
GONGWEN = {
    **WINDOWS,
    "kai": WordFace("楷体_GB2312", ("楷体", "KaiTi_GB2312", "KaiTi")),
    "fangsong": WordFace("仿宋_GB2312", ("仿宋", "FangSong_GB2312", "FangSong")),
    "title": WordFace("方正小标宋简体", ("方正小标宋_GBK", "FZXiaoBiaoSong-B05S")),
}
BY_THEME = {"gongwen": GONGWEN}


def word_faces(theme: Theme) -> dict[str, WordFace]:
    """Per role, the face the theme's DOCX names."""
    return BY_THEME.get(theme.name, WINDOWS)


def word_name(theme: Theme, role: str) -> str:
    return word_faces(theme)[role].family


def font_table_entries(theme: Theme) -> list[object]:
    """w:font elements for the fontTable: each named face with its alternatives and charset."""
    seen, out = set(), []
    for role in ROLES:
        face = word_faces(theme)[role]
        if face.family in seen:
            continue
        seen.add(face.family)
        out.append(parse(
            f'<w:font w:name="{escape(face.family)}">'
            f'<w:altName w:val="{escape(",".join(face.alt))}"/>'
            f'<w:charset w:val="{face.charset}"/><w:family w:val="{face.generic}"/>'
            '<w:pitch w:val="variable"/></w:font>'))
    return out


def add_to_font_table(xml: bytes, theme: Theme) -> bytes:
    """The reference's word/fontTable.xml with the theme's faces (replacing same-named ones)."""
    from lxml import etree

    root = etree.fromstring(xml)
    names = {font.get(qn("w:name")): font for font in root.iterchildren(qn("w:font"))}
    for entry in font_table_entries(theme):
        old = names.get(entry.get(qn("w:name")))
        if old is not None:
            root.remove(old)
        root.append(entry)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def fontconfig_aliases(theme: Theme) -> str:
    """A fontconfig file: each name the DOCX uses (and its alternatives) prefers the theme's
    candidates for that role, so LibreOffice renders the DOCX in the PDF's faces."""
    rules = []
    for role in ROLES:
        face = word_faces(theme)[role]
        prefer = "".join(f"<family>{escape(f)}</family>" for f in theme["fonts"][role])
        for name in (face.family, *face.alt):
            rules.append(f'  <alias binding="same"><family>{escape(name)}</family>'
                         f"<prefer>{prefer}</prefer></alias>")
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
            + "\n".join(dict.fromkeys(rules)) + "\n</fontconfig>\n")


@contextlib.contextmanager
def libreoffice_env(theme: Theme) -> Iterator[dict[str, str]]:
    """An environment for soffice whose fontconfig knows the DOCX's names (fontconfig_aliases)
    besides the current configuration (FONTCONFIG_FILE, else the system's fonts.conf)."""
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    with tempfile.TemporaryDirectory(prefix="zhpress-fc-") as tmp:
        aliases = Path(tmp) / "aliases.conf"
        aliases.write_text(fontconfig_aliases(theme), encoding="utf-8")
        conf = Path(tmp) / "fonts.conf"
        conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n'
                        f'<fontconfig><include ignore_missing="yes">{escape(base)}</include>'
                        f"<include>{escape(str(aliases))}</include></fontconfig>\n",
                        encoding="utf-8")
        yield {**os.environ, "FONTCONFIG_FILE": str(conf)}
