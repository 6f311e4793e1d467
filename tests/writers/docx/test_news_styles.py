"""Newspaper furniture has a look of its own in DOCX and CSS, from the theme's `news` section
(one style source for both): custom paragraph styles Byline, Credit, Caption, Dateline, Source,
Box Label in the DOCX; .credit etc. in the CSS."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from helpers import write

from zhpress.model import Div, Document, Heading, Meta, Paragraph, Span, Text
from zhpress.style.css import content_css
from zhpress.style.theme import load_theme

CLASSES = ("byline", "credit", "caption", "dateline", "source", "box-label", "deck")


def _page() -> Document:
    return Document(Meta(title="新闻版"), (
        Heading(1, "全市春耕生产全面展开", role="headline"),
        Div("deck", "——记全市春耕一线"),
        Paragraph((Span("本报上海5月6日讯", "dateline"), Span("记者王五报道：", "byline"),
                   Text("连日来，全市各地抢抓农时。"))),
        Div("box-label", "编者的话"),
        Div("caption", "图为农民在田间插秧。"),
        Div("credit", "（新华社记者赵六摄）"),
        Div("source", "（新华社北京5月6日电）"),
        Div("dateline", "2019年5月6日"),
        Div("byline", "（作者为市农业局局长）"),
    ))


def _style_xml(styles: str, name: str) -> str:
    m = re.search(rf'<w:style [^>]*w:styleId="{name.replace(" ", "")}".*?</w:style>', styles, re.S)
    assert m, name
    return m[0]


@pytest.mark.parametrize("theme_name", ["gongwen", "book"])
def test_docx_paragraph_styles_follow_the_theme(theme_name: str) -> None:
    theme = load_theme(theme_name)
    data = write("docx", _page(), theme, None)
    z = zipfile.ZipFile(io.BytesIO(data))
    styles, document = z.read("word/styles.xml").decode(), z.read("word/document.xml").decode()
    for cls in CLASSES:
        spec = theme["news"][cls]
        name = cls.replace("-", " ").title()
        xml = _style_xml(styles, name)
        assert f'w:eastAsia="{theme.face(spec["role"]).family}"' in xml, cls
        if "size_pt" in spec:
            assert f'<w:sz w:val="{round(spec["size_pt"] * 2)}"' in xml, cls
        jc = spec["align"]
        assert f'<w:jc w:val="{jc}"' in xml or jc == "left" and "<w:jc " not in xml, cls
        assert re.search(rf'<w:(?:pStyle|rStyle) w:val="{name.replace(" ", "")}(?:Char)?"',
                         document), cls  # the document uses it (a block or a lead's span)


@pytest.mark.parametrize("theme_name", ["gongwen", "book"])
def test_css_rules_follow_the_theme(theme_name: str) -> None:
    theme = load_theme(theme_name)
    css = content_css(theme)
    for cls in CLASSES:
        spec = theme["news"][cls]
        assert f"p.{cls} {{ text-align: {spec['align']}; text-indent: 0; }}" in css
        rule = re.findall(rf"^\.{cls} \{{ ([^}}]*) \}}$", css, re.M)[-1]  # the last one wins
        assert theme.face(spec["role"]).family in rule
        assert f"span.{cls} {{ line-height: 0; }}" in css  # spans keep the line grid
