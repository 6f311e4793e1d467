"""The 公文 elements of the DOCX, laid out by LibreOffice (soffice --convert-to pdf) and
measured with the same GB/T 9704 checks as the PDF (tests/gongwen/checks.py)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from checks import BOTTOM, CHECKS, TOL
from helpers import FIXTURES
from measure import read_pages

from zhpress.readers.markdown import read_markdown
from zhpress.style.theme import load_theme
from zhpress.writers import docx as docx_writer
from zhpress.writers.docx.fonts import libreoffice_env
from zhpress.writers.options import WriterOptions

pytestmark = pytest.mark.slow  # pandoc and two LibreOffice layouts


def _soffice(src, outdir, theme) -> None:
    """LibreOffice's PDF of `src`, with the DOCX's font names mapped to the theme's faces (as
    the DOCX writer's own layout and a reader's setup do, writers/docx/fonts.py)."""
    with libreoffice_env(theme) as env:
        subprocess.run(["soffice", f"-env:UserInstallation={outdir.as_uri()}/profile",
                        "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(src)],
                       capture_output=True, timeout=300, check=True, env=env)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory):
    if shutil.which("soffice") is None:
        pytest.fail("LibreOffice (soffice) is needed to lay out the DOCX: make setup-test")
    theme = load_theme("gongwen")
    doc = read_markdown((FIXTURES / "gongwen" / "complete.md").read_text(encoding="utf-8"))
    tmp = tmp_path_factory.mktemp("gongwen-docx")
    src = tmp / "complete.docx"
    src.write_bytes(docx_writer.write(doc, WriterOptions(theme=theme)))
    _soffice(src, tmp, theme)
    return theme, read_pages(tmp / "complete.pdf")


@pytest.mark.parametrize("check", CHECKS, ids=lambda f: f.__name__[len("check_"):])
def test_element(laid_out, check):
    theme, pages = laid_out

    def font(role: str, name: str) -> bool:
        # LibreOffice names the faces of a Noto CJK collection by its first (JP) member:
        # compare the family without the region (Noto Serif CJK SC → notoserifcjk)
        family = _squash(theme.face(role).family)
        return family.removesuffix("sc") in _squash(name.split("+")[-1])

    check(pages, font)


def test_short_document_puts_colophon_on_page_two(tmp_path):
    """A one-page 公文: the writer lays the DOCX out, finds one page, and moves the 版记 to the
    foot of page 2, the even page."""
    doc = read_markdown("---\ntitle: 关于放假的通知\ngongwen:\n  发文机关: 青川市人民政府\n"
                        "  发文字号: 青府发〔2023〕6号\n  抄送: 市委办公室\n"
                        "  印发机关: 青川市人民政府办公室\n  印发日期: 2023-03-06\n---\n\n"
                        "# 关于放假的通知\n\n放假一天。\n")
    src = tmp_path / "short.docx"
    src.write_bytes(docx_writer.write(doc, WriterOptions(theme=load_theme("gongwen"))))
    _soffice(src, tmp_path, load_theme("gongwen"))
    pages = read_pages(tmp_path / "short.pdf")
    assert len(pages) == 2
    assert "抄送" not in pages[0].text and "抄送" in pages[1].text
    assert pages[1].rules[-1].bottom == pytest.approx(BOTTOM, abs=TOL)


def test_letter_mark_30mm_below_page_top(tmp_path):
    """10.1 信函 in the DOCX: the 标志 in a text box 30 mm below the page's top edge, above the
    版心; the 发文字号 on the right below the red double line; no 版记 rules without a 版记."""
    doc = read_markdown("---\ntitle: 关于商请支持的函\ngongwen:\n  kind: 信函\n"
                        "  份号: \"000012\"\n  发文机关: 青川市人民政府办公室\n"
                        "  发文字号: 青府办函〔2023〕8号\n---\n\n# 关于商请支持的函\n\n请予支持。\n")
    src = tmp_path / "letter.docx"
    src.write_bytes(docx_writer.write(doc, WriterOptions(theme=load_theme("gongwen"))))
    _soffice(src, tmp_path, load_theme("gongwen"))
    page = read_pages(tmp_path / "letter.pdf")[0]
    ink_top, ink_bottom = page.ink_rows(28, 184, 20, 60, red=True)
    assert ink_top == pytest.approx(30, abs=TOL)
    number, copy_no = page.find("青府办函"), page.find("000012")
    assert number.top > ink_bottom and abs(number.bottom - copy_no.bottom) < 0.5
    assert number.x1 == pytest.approx(184 - 156 / 28, abs=TOL)
    assert not [r for r in page.rules if r.top > 200]


def test_letter_has_no_folio_on_page_one(tmp_path):
    """10.1 信函 in the DOCX: no folio on the first page; the pages after it keep theirs."""
    body = "\n\n".join(f"第{i}段，请予支持，此事关系全市的工作安排。" * 3 for i in range(40))
    doc = read_markdown("---\ntitle: 关于商请支持的函\ngongwen:\n  kind: 信函\n"
                        "  发文机关: 青川市人民政府办公室\n  发文字号: 青府办函〔2023〕8号\n"
                        f"---\n\n# 关于商请支持的函\n\n{body}\n")
    src = tmp_path / "letter.docx"
    src.write_bytes(docx_writer.write(doc, WriterOptions(theme=load_theme("gongwen"))))
    _soffice(src, tmp_path, load_theme("gongwen"))
    pages = read_pages(tmp_path / "letter.pdf")
    assert len(pages) >= 2
    assert "— 1 —" not in pages[0].text
    assert "— 2 —" in pages[1].text


def test_compiler_title_is_left_off_the_page(tmp_path):
    """A compiler's title line (《某院关于某事的通知（2012）》 above the title in a compilation) is
    no part of the 公文: the DOCX leaves it off the page, title then 主送机关 then body."""
    doc = read_markdown("---\ntitle: 关于放假的通知\ngongwen:\n  发文机关: 青川市人民政府\n"
                        "  发文字号: 青府发〔2023〕6号\n  主送机关: 各区人民政府\n---\n\n"
                        "::: compiler-title\n青川市人民政府关于放假的通知（2012）\n:::\n\n"
                        "# 关于放假的通知\n\n放假一天。\n")
    src = tmp_path / "compiled.docx"
    src.write_bytes(docx_writer.write(doc, WriterOptions(theme=load_theme("gongwen"))))
    _soffice(src, tmp_path, load_theme("gongwen"))
    pages = read_pages(tmp_path / "compiled.pdf")
    assert all("（2012）" not in p.text for p in pages)
    page = pages[0]
    title, to, text = (page.find(t) for t in ("关于放假的通知", "各区人民政府", "放假一天"))
    assert title.top < to.top < text.top


def test_minutes_attendance_labels_in_hei_names_aligned_after_colon(tmp_path):
    """10.3 纪要 in the DOCX: 出席/请假/列席 two 字 in, in 黑体; the names in 仿宋 after the
    colon, a wrapped line aligned with the first name; below the body."""
    present = [f"青川市第{n}局　局长张{n}" for n in "一二三四五六七八"]
    theme = load_theme("gongwen")
    doc = read_markdown("---\ntitle: 关于放假的纪要\ngongwen:\n  kind: 纪要\n"
                        f"  发文机关: 青川市人民政府\n  出席: [{', '.join(present)}]\n"
                        "  请假: 青川市财政局　李四\n  列席: 青川市审计局　王五\n---\n\n"
                        "# 关于放假的纪要\n\n放假一天。\n")
    src = tmp_path / "minutes.docx"
    src.write_bytes(docx_writer.write(doc, WriterOptions(theme=theme)))
    _soffice(src, tmp_path, theme)
    page, char = read_pages(tmp_path / "minutes.pdf")[0], 156 / 28
    body = page.find("放假一天")
    labels = [page.find(t) for t in ("出席：", "请假：", "列席：")]
    hei, fs = (_squash(theme.face(r).family).removesuffix("sc") for r in ("hei", "fangsong"))
    assert all(hei in _squash(w.font.split("+")[-1]) for w in labels)
    assert all(w.x0 == pytest.approx(28 + 2 * char, abs=TOL) for w in labels)
    assert body.bottom < labels[0].top < labels[1].top < labels[2].top
    first = page.find("青川市第一局")
    assert fs in _squash(first.font.split("+")[-1])
    assert first.x0 == pytest.approx(28 + 5 * char, abs=TOL)
    wrapped = [w for w in page.words if labels[0].top < w.top < labels[1].top - 1]
    assert wrapped, "the 出席 list should run to a second line"
    assert min(w.x0 for w in wrapped) == pytest.approx(28 + 5 * char, abs=TOL)
