"""The DOCX package without LibreOffice: small documents written by the DOCX writer, their dates
(one date policy, SOURCE_DATE_EPOCH only without a stated date), the run-in heading's Word
markup and the normalized zip."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from helpers import write

from zhpress.check import readback
from zhpress.model import Document, Heading, Meta, Paragraph, Text
from zhpress.style.theme import load_theme


def _small(date: str) -> Document:
    return Document(Meta(title="关于测试的报告", author="测试", date=date), (
        Heading(1, "关于测试的报告"),
        Paragraph((Text("这是第一段。"),)),
        Heading(2, "一、总体情况"),
        Paragraph((Text("这是第二段，说明情况。"),)),
        Heading(2, "二、主要做法。", run_in=True),
        Paragraph((Text("坚持不懈。"),)),
    ))


def _sha(doc: Document, epoch: int | None) -> str:
    return hashlib.sha256(write("docx", doc, load_theme("gongwen"), epoch)).hexdigest()


def test_source_date_epoch_only_matters_without_a_date():
    dated, undated = _small("2023-02-21"), _small("")
    assert _sha(dated, 1_600_000_000) == _sha(dated, 1_700_000_000)
    assert _sha(undated, 1_600_000_000) == _sha(undated, 1_600_000_000)
    assert _sha(undated, 1_600_000_000) != _sha(undated, 1_700_000_000)
    data = write("docx", undated, load_theme("gongwen"), 1_676_937_600)
    core = zipfile.ZipFile(io.BytesIO(data)).read("docProps/core.xml").decode()
    assert ">2023-02-21T00:00:00Z</dcterms:modified>" in core
    bare = write("docx", undated, load_theme("gongwen"), None)
    core = zipfile.ZipFile(io.BytesIO(bare)).read("docProps/core.xml").decode()
    assert "dcterms:created" not in core  # never the clock


def test_run_in_heading_is_a_heading_with_a_hidden_paragraph_mark(tmp_path):
    path = tmp_path / "small.docx"
    path.write_bytes(write("docx", _small("2023-02-21"), load_theme("book"), None))
    document = zipfile.ZipFile(path).read("word/document.xml").decode()
    para = re.search(r"<w:p>(?:(?!<w:p>).)*二、主要做法。.*?</w:p>", document, re.S)[0]
    assert '<w:pStyle w:val="Heading2"/>' in para
    assert "<w:vanish/>" in para and "<w:specVanish/>" in para
    assert readback.docx_outline(path) == [(1, "关于测试的报告"), (2, "一、总体情况"),
                                           (2, "二、主要做法")]


def test_package_is_normalized():
    """pandoc's zip rewritten without inflating unchanged parts: one fixed date and mode per
    entry, [Content_Types].xml first, CRCs right."""
    from zhpress.writers.ziputil import FIXED_TIME

    data = write("docx", _small(""), load_theme("book"), None)
    z = zipfile.ZipFile(io.BytesIO(data))
    assert z.testzip() is None and z.namelist()[0] == "[Content_Types].xml"
    assert {(i.date_time, i.external_attr >> 16, i.create_system) for i in z.infolist()} == {
        (FIXED_TIME, 0o644, 3)}


def test_languages_and_line_grid_in_the_package():
    """Western text in en-US (numbers and % stay whole in LibreOffice), East Asian in zh-CN;
    a line grid at the body's pitch (gongwen: 225 mm / 22 lines = 579 twips) and body text
    condensed so that chars_per_line fit the measure. The LibreOffice layout is checked in
    test_docx.py."""
    for name in ("gongwen", "book"):
        theme = load_theme(name)
        z = zipfile.ZipFile(io.BytesIO(write("docx", _small("2023-02-21"), theme)))
        styles = z.read("word/styles.xml").decode()
        defaults = re.search(r"<w:rPrDefault>.*?</w:rPrDefault>", styles, re.S)[0]
        lang = re.search(r"<w:lang [^>]*>", defaults)[0]
        assert 'w:val="en-US"' in lang and 'w:eastAsia="zh-CN"' in lang
        assert "zh-CN" not in re.sub(r'w:eastAsia="zh-CN"', "", styles)
        grid = re.findall(r"<w:docGrid [^>]*>", z.read("word/document.xml").decode())
        line = round(theme["body"]["line_pt"] * 20)
        assert grid and all(f'w:linePitch="{line}"' in g and 'w:type="lines"' in g for g in grid)
        spacing = int(re.search(r'<w:spacing w:val="(-?\d+)"', defaults)[1])
        width_pt = theme.text_width_mm * 72 / 25.4
        per_line = theme.page["chars_per_line"]
        advance = theme["body"]["size_pt"] + spacing / 20
        assert per_line * advance <= width_pt < (per_line + 1) * advance


def test_styles_name_the_faces_word_and_wps_find():
    """gongwen: 仿宋_GB2312 body, 方正小标宋简体 title, 黑体 / 楷体_GB2312 headings (GB/T 9704); book:
    the faces of every Chinese Windows. The fontTable gives each its alternatives and GB 2312
    charset (Word's substitution); LibreOffice's fallback is checked in test_docx.py."""
    import docx

    expected = {"gongwen": {"Normal": "仿宋_GB2312", "Body Text": "仿宋_GB2312",
                            "Title": "方正小标宋简体", "Heading 2": "黑体", "Heading 3": "楷体_GB2312"},
                "book": {"Normal": "宋体", "Body Text": "宋体", "Heading 2": "黑体"}}
    alternatives = {"仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体", "宋体": "SimSun", "黑体": "SimHei"}
    for name, styles in expected.items():
        data = write("docx", _small("2023-02-21"), load_theme(name))
        document = docx.Document(io.BytesIO(data))
        w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
        for style_name, face in styles.items():
            fonts = document.styles[style_name].element.find(f"{w}rPr/{w}rFonts")
            assert fonts.get(f"{w}eastAsia") == face, (name, style_name)
            assert fonts.get(f"{w}ascii") == face
        table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
        for face in set(styles.values()):
            entry = re.search(rf'<w:font w:name="{face}">(.*?)</w:font>', table, re.S)
            assert entry, face
            assert '<w:charset w:val="86"/>' in entry[1]
            if face in alternatives:
                alt = re.search(r'<w:altName w:val="([^"]*)"', entry[1])[1].split(",")
                assert alternatives[face] in alt


def test_title_is_set_in_lines_broken_at_word_ends():
    """The title heading holds the PDF's title lines with a line break (w:br) between them, so
    Word, WPS and LibreOffice never split 常务 across lines; the outline keeps the whole title."""
    title = "中国人民政治协商会议乐山市第八届委员会常务委员会工作报告"
    doc = Document(Meta(title=title), (Heading(1, title), Paragraph((Text("正文。"),))))
    data = write("docx", doc, load_theme("gongwen"))
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    para = next(p for p in re.findall(r"<w:p>.*?</w:p>", xml, re.S)
                if 'w:val="Heading1"' in p)
    lines = ["".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>", part))
             for part in re.split(r"<w:br ?/>", para)]
    assert lines == ["中国人民政治协商会议乐山市", "第八届委员会常务委员会工作报告"]
    path = io.BytesIO(data)
    import docx

    heading = next(p for p in docx.Document(path).paragraphs if p.style.name == "Heading 1")
    assert heading.text.replace("\n", "") == title


def test_a_role_looks_the_same_at_every_depth(tmp_path):
    """With a theme that styles roles (Theme.role_style), a （一） heading gets "Heading N
    num-paren-cn" (based on Heading N: still a heading in the outline and to pandoc) with the
    role's face and size, at level 2 as at level 3; other headings keep their level's style."""
    import dataclasses

    import docx
    import pypandoc

    from zhpress.style.theme import Theme

    class RoleTheme(Theme):
        def role_style(self, role: str) -> dict | None:
            return {"role": "kai", "size_pt": 15, "weight": "normal", "align": "justify",
                    "indent_chars": 2} if role == "num-paren-cn" else None

    base = load_theme("gongwen")
    theme = RoleTheme(**{f.name: getattr(base, f.name) for f in dataclasses.fields(base)})
    doc = Document(Meta(title="关于测试的报告"), (
        Heading(1, "关于测试的报告", role="title"),
        Heading(2, "一、总体情况", role="num-cn"),
        Heading(3, "（一）第一项", role="num-paren-cn"),
        Paragraph((Text("正文。"),)),
        Heading(2, "（二）第二项", role="num-paren-cn"),
        Paragraph((Text("正文。"),)),
    ))
    data = write("docx", doc, theme)
    document = docx.Document(io.BytesIO(data))
    styles = {p.text: p.style for p in document.paragraphs if p.text in
              ("一、总体情况", "（一）第一项", "（二）第二项")}
    assert styles["一、总体情况"].name == "Heading 2"
    assert styles["（一）第一项"].name == "Heading 3 num-paren-cn"
    assert styles["（二）第二项"].name == "Heading 2 num-paren-cn"
    names = {s.name for s in document.styles}
    assert "Heading 4 num-paren-cn" not in names  # only the pairs the document uses
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for text in ("（一）第一项", "（二）第二项"):
        style = styles[text]
        fonts = style.element.find(f"{w}rPr/{w}rFonts")
        assert fonts.get(f"{w}eastAsia") == "楷体_GB2312" and style.font.size.pt == 15
        assert style.base_style.name == style.name.rsplit(" ", 1)[0]  # Heading N
    path = tmp_path / "roles.docx"
    path.write_bytes(data)
    assert readback.docx_outline(path) == [(1, "关于测试的报告"), (2, "一、总体情况"),
                                           (3, "（一）第一项"), (2, "（二）第二项")]
    ast = pypandoc.convert_file(str(path), "json", format="docx")
    assert ast.count('"t":"Header"') == 4  # pandoc reads a role's style as a heading
