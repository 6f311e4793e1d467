"""The 公文 elements on the rendered PDF pages, measured against GB/T 9704-2012 within 1 mm:
position, face, size and colour of each element of tests/fixtures/gongwen/complete.md."""

from __future__ import annotations

import pytest
from checks import BOTTOM, CHECKS, TOL
from helpers import FIXTURES
from measure import is_red, read_pages

from zhpress.readers.markdown import read_markdown
from zhpress.style.theme import load_theme
from zhpress.writers import pdf as pdf_writer
from zhpress.writers.options import WriterOptions

pytestmark = pytest.mark.slow  # renders with WeasyPrint (about 3 s a document)

@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    theme = load_theme("gongwen")
    doc = read_markdown((FIXTURES / "gongwen" / "complete.md").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("gongwen") / "complete.pdf"
    path.write_bytes(pdf_writer.write(doc, WriterOptions(theme=theme)))
    return theme, read_pages(path)


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__[len("check_"):])
def test_element(rendered, check):
    theme, pages = rendered

    def font(role: str, name: str) -> bool:
        return theme.face(role).family.replace(" ", "-") in name

    check(pages, font)


def test_short_document_puts_colophon_on_page_two(tmp_path):
    """A one-page 公文: the 版记 goes to the foot of page 2, the even page."""
    doc = read_markdown("---\ntitle: 关于放假的通知\ngongwen:\n  发文机关: 青川市人民政府\n"
                        "  发文字号: 青府发〔2023〕6号\n  抄送: 市委办公室\n"
                        "  印发机关: 青川市人民政府办公室\n  印发日期: 2023-03-06\n---\n\n"
                        "# 关于放假的通知\n\n放假一天。\n")
    path = tmp_path / "short.pdf"
    path.write_bytes(pdf_writer.write(doc, WriterOptions(theme=load_theme("gongwen"))))
    pages = read_pages(path)
    assert len(pages) == 2
    assert "抄送" not in pages[0].text and "抄送" in pages[1].text
    final = [r for r in pages[1].rules if not is_red(r.color)][-1]
    assert final.bottom == pytest.approx(BOTTOM, abs=TOL)
