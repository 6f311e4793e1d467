"""Every classed line the normalizer makes for a title block or an official document has its
look in the CSS (PDF, EPUB) and a DOCX style of its own, from one table (style/div_classes.py)."""

from __future__ import annotations

import io
import re

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH

from zhpress.readers.normalize.titles import DIV_KINDS
from zhpress.style import css
from zhpress.style.div_classes import LINES, TITLE_BLOCK
from zhpress.style.theme import load_theme
from zhpress.writers.docx import find_style, reference_bytes
from zhpress.writers.docx.pandoc_ast import style_name

THEMES = ("gongwen", "book")
ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
         "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _rules_for(sheet: str, cls: str) -> list[str]:
    """The declaration blocks of the rules whose selector list names `.cls` as a selector."""
    out = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", sheet):
        if any(s.strip() == f".{cls}" for s in selectors.split(",")):
            out.append(body)
    return out


def test_every_div_kind_has_a_look() -> None:
    assert set(DIV_KINDS) <= {*TITLE_BLOCK, *LINES, "salutation"}


@pytest.mark.parametrize("theme_name", THEMES)
def test_css_sets_title_block_lines_centred_and_document_lines_flush(theme_name: str) -> None:
    theme = load_theme(theme_name)
    sheet = css.pdf_css(theme)
    for cls in TITLE_BLOCK:
        rules = " ".join(_rules_for(sheet, cls))
        assert f"text-align: {theme['subtitle'].get('align', 'center')}" in rules, cls
        assert "text-indent: 0" in rules, cls
    for cls, (_, align) in LINES.items():
        rules = " ".join(_rules_for(sheet, cls))
        assert f"text-align: {align}" in rules and "text-indent: 0" in rules, cls
    # the blank line after the title block comes after its last line, whatever that line is
    assert ".date + :not(.occasion)" in sheet and ".author + :not(.occasion)" in sheet


@pytest.mark.parametrize("theme_name", THEMES)
def test_docx_has_a_style_per_class(theme_name: str) -> None:
    theme = load_theme(theme_name)
    ref = docx.Document(io.BytesIO(reference_bytes(theme)))
    for cls in (*TITLE_BLOCK, *LINES):
        style = find_style(ref, style_name(cls))
        assert style is not None, cls
        want = "center" if cls in TITLE_BLOCK else LINES[cls][1]
        assert style.paragraph_format.alignment == ALIGN[want], cls
        ind = style.element.pPr.find(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ind")
        assert ind is None or ind.get(
            "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}firstLine") == "0", cls


def test_docx_title_block_after_a_compilers_label() -> None:
    """The title keeps with the lines of its block even where a compiler's label stands above
    it, and each classed line gets its own style."""
    from zhpress.readers.normalize import normalize_text
    from zhpress.writers import docx as docx_writer
    from zhpress.writers.options import WriterOptions

    doc, _ = normalize_text("某院关于某事的通知(2012)\n某院关于某事的通知法[2012]7号各高级人民法院：\n"
                            "请认真执行。\n", "x.txt")
    data = docx_writer.write(doc, WriterOptions(theme=load_theme("gongwen")))
    paras = [p for p in docx.Document(io.BytesIO(data)).paragraphs if p.text]
    # a 发文字号 makes it a 公文 (readers/normalize/gongwen.py): the number goes into the 版头
    # above the title, the 主送机关 follows the title, and the compiler's label is no part of
    # the 公文 page (writers/docx/gongwen.py leaves it off; the Markdown and EPUB keep it)
    texts = [p.text for p in paras]
    assert texts.index("法〔2012〕7号") < texts.index("某院关于某事的通知") \
        < texts.index("各高级人民法院：")
    title = paras[texts.index("某院关于某事的通知")]
    assert title.style.name == "Heading 1" and title.paragraph_format.keep_with_next
    assert not any("（2012）" in t for t in texts)
