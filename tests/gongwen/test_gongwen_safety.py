"""公文 element text is text in every format: markup in the front matter never becomes markup."""

from __future__ import annotations

from html.parser import HTMLParser

from lxml import etree

from zhpress.readers.markdown import read_markdown
from zhpress.style.theme import load_theme
from zhpress.writers.docx import gongwen_parts as docx_gongwen
from zhpress.writers.pdf import document_html

HOSTILE = '<img src="file:///etc/passwd" onerror="x()">&amp;'
DOC = f"""---
title: 通知
gongwen:
  发文机关: '{HOSTILE}'
  发文字号: '青府发〔2023〕5号{HOSTILE}'
  主送机关: '{HOSTILE}'
  附件: ['{HOSTILE}']
  署名: '{HOSTILE}'
  成文日期: 2023-03-05
  附注: '{HOSTILE}'
  抄送: '{HOSTILE}'
  印发机关: '{HOSTILE}'
  印发日期: 2023-03-06
---

# 通知

正文。
"""


def test_pdf_html_escapes_every_element():
    doc = read_markdown(DOC)
    source = document_html(doc, load_theme("gongwen"))
    tags: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            tags.append(tag)

    Tags().feed(source)
    assert "img" not in tags
    assert source.count("&lt;img") >= 8  # 标志, 字号, 主送, 附件, 署名, 附注, 抄送, 印发


def test_docx_paragraphs_hold_the_text_as_text():
    doc = read_markdown(DOC)
    ctx = docx_gongwen.Ctx(load_theme("gongwen"))
    xml = docx_gongwen.head(doc.meta.gongwen, ctx) + docx_gongwen.sign(doc.meta.gongwen, ctx)
    texts = []
    for fragment in xml:
        p = etree.fromstring(fragment.replace("<w:p>", f"<w:p {docx_gongwen.NSDECL}>", 1))
        assert not [e for e in p.iter() if "img" in str(e.tag)]
        texts += [t.text for t in p.iter("{*}t")]
    assert any(HOSTILE in t for t in texts)
