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


def _render(tmp_path, front: str):
    doc = read_markdown(f"---\ntitle: 关于放假的通知\ngongwen:\n{front}---\n\n"
                        "# 关于放假的通知\n\n放假一天。\n")
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf_writer.write(doc, WriterOptions(theme=load_theme("gongwen"))))
    return read_pages(path)


def test_letter_mark_30mm_below_page_top_with_double_red_line(tmp_path):
    """10.1 信函: the 标志 30 mm from the page's top edge, red double lines 170 mm long."""
    pages = _render(tmp_path, "  kind: 信函\n  发文机关: 青川市人民政府办公室\n"
                              "  发文字号: 青府办函〔2023〕8号\n")
    page = pages[0]
    mark = page.find("青川市人民政府办公室")
    assert "文件" not in mark.text and is_red(mark.color)
    ink_top, _ = page.ink_rows(28, 184, 20, 50, red=True)
    assert ink_top == pytest.approx(30, abs=TOL)
    number = page.find("青府办函〔2023〕8号")
    assert number.x1 == pytest.approx(184 - 156 / 28, abs=TOL)  # right, one 字 in
    assert "— 1 —" not in page.text  # 10.1: no folio on the first page


def test_joint_issuance_stacks_organs_beside_wenjian(tmp_path):
    """7.2.4 联合行文: the organs stacked, 文件 beside them, the whole centred."""
    pages = _render(tmp_path, "  发文机关: [青川市人民政府, 青川市应急管理局, 青川市财政局]\n"
                              "  发文字号: 青府发〔2023〕7号\n")
    page = pages[0]
    organs = [page.find(o, gap_mm=40) for o in ("青川市人民政府", "青川市应急管理局",
                                                 "青川市财政局")]
    organs[1] = page.find("青川市应急管理局")  # without 文件, which is set apart
    suffix = page.find("文件")
    assert all(is_red(w.color) for w in [*organs, suffix])
    assert organs[0].top < organs[1].top < organs[2].top
    assert organs[0].top < suffix.top < organs[2].top  # beside the stack, in its middle
    assert all(w.x1 < suffix.x0 for w in organs)
    left, right = min(w.x0 for w in organs), suffix.x1
    assert (left + right) / 2 == pytest.approx(28 + 78, abs=TOL)
    ink_top, _ = page.ink_rows(28, 184, 50, 100, red=True)
    assert ink_top == pytest.approx(37 + 35, abs=TOL)


_COMPILER = ("---\ntitle: 关于放假的通知\ngongwen:\n  发文机关: 青川市人民政府\n"
             "  发文字号: 青府发〔2023〕6号\n  主送机关: 各区人民政府\n---\n\n"
             "::: compiler-title\n青川市人民政府关于放假的通知（2012）\n:::\n\n"
             "# 关于放假的通知\n\n放假一天。\n")


def test_compiler_title_is_left_off_the_page(tmp_path):
    """A compiler's title line is no part of the 公文: not after the 主送机关 (it would read as
    body), not above the 版头 (it would move the 标志) — off the page."""
    path = tmp_path / "compiled.pdf"
    path.write_bytes(pdf_writer.write(read_markdown(_COMPILER),
                                      WriterOptions(theme=load_theme("gongwen"))))
    pages = read_pages(path)
    assert all("（2012）" not in p.text for p in pages)
    page = pages[0]
    title, to, body = (page.find(t) for t in ("关于放假的通知", "各区人民政府", "放假一天"))
    assert title.top < to.top < body.top  # the order the standard gives, nothing between
    ink_top, _ = page.ink_rows(28, 184, 50, 100, red=True)
    assert ink_top == pytest.approx(37 + 35, abs=TOL)  # the 标志 where it belongs (7.2.4)


def test_minutes_attendance_labels_in_hei_names_aligned_after_colon(tmp_path):
    """10.3 纪要: 出席/请假/列席 two 字 in, in 黑体, with a full-width colon; the names in 仿宋
    after it, a wrapped line aligned with the first name; below the body after a blank line."""
    present = [f"青川市第{n}局　局长张{n}" for n in "一二三四五六七八"]
    pages = _render(tmp_path, "  kind: 纪要\n  发文机关: 青川市人民政府\n"
                              f"  出席: [{', '.join(present)}]\n  请假: 青川市财政局　李四\n"
                              "  列席: 青川市审计局　王五\n")
    theme = load_theme("gongwen")
    page, char = pages[0], 156 / 28
    body = page.find("放假一天")
    labels = [page.find(t) for t in ("出席：", "请假：", "列席：")]
    hei, fs = (theme.face(r).family.replace(" ", "-") for r in ("hei", "fangsong"))
    assert all(hei in w.font for w in labels)
    assert all(w.x0 == pytest.approx(28 + 2 * char, abs=TOL) for w in labels)
    assert body.bottom < labels[0].top < labels[1].top < labels[2].top
    first = page.find("青川市第一局")
    assert fs in first.font and first.x0 == pytest.approx(28 + 5 * char, abs=TOL)
    wrapped = [w for w in page.words if labels[0].top < w.top < labels[1].top - 1]
    assert wrapped, "the 出席 list should run to a second line"
    assert min(w.x0 for w in wrapped) == pytest.approx(28 + 5 * char, abs=TOL)
