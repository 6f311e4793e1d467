"""Checks of the 公文 elements on rendered pages against GB/T 9704-2012, within 1 mm: shared by
the PDF test (WeasyPrint) and the DOCX test (the PDF LibreOffice lays the DOCX out as).

Each check takes the pages of tests/fixtures/gongwen/complete.md and `font(role, name)`, which
says whether a PDF font name is the theme's face for that role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from measure import Page, is_red

# GB/T 9704 5.2.1 / 5.2.3 / 3.1: the 版心 and its units, in mm from the page's top-left corner
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
CHAR = WIDTH / 28  # 1 字 at 3号 on the 28-character grid
LINE = HEIGHT / 22  # 1 行 on the 22-line grid
TOL = 1.0

Font = Callable[[str, str], bool]
Pages = list[Page]


def check_head_copy_number_secret_and_urgency_top_left(pages: Pages, font: Font) -> None:
    page = pages[0]
    copy_no, secret, urgent = page.find("000123"), page.find("秘密★1年"), page.find("特急")
    for word in (copy_no, secret, urgent):
        assert word.x0 == pytest.approx(LEFT, abs=TOL) and word.size == 16  # 3号
    assert TOP <= copy_no.top < TOP + LINE  # the first line of the 版心 (7.2.1)
    assert secret.top == pytest.approx(copy_no.top + LINE, abs=TOL)
    assert urgent.top == pytest.approx(secret.top + LINE, abs=TOL)
    assert font("hei", secret.font) and font("hei", urgent.font)  # 黑体


def check_mark_red_centred_35mm_below_text_block_top(pages: Pages, font: Font) -> None:
    page = pages[0]
    mark = page.find("青川市人民政府文件")
    assert is_red(mark.color) and font("title", mark.font)
    assert mark.centre == pytest.approx(LEFT + WIDTH / 2, abs=TOL)
    assert mark.x1 - mark.x0 <= WIDTH + 0.1
    ink_top, _ = page.ink_rows(LEFT, RIGHT, TOP + 20, TOP + 60, red=True)
    assert ink_top == pytest.approx(TOP + 35, abs=TOL)  # 7.2.4


def check_number_signer_and_red_line(pages: Pages, font: Font) -> None:
    page = pages[0]
    number, label, name = page.find("青府发〔2023〕5号"), page.find("签发人"), page.find("李明远")
    # 7.2.6 上行文: 发文字号 one 字 in from the left, 签发人 one 字 in from the right, one line
    assert number.x0 == pytest.approx(LEFT + CHAR, abs=TOL)
    assert name.x1 == pytest.approx(RIGHT - CHAR, abs=TOL)
    assert abs(number.bottom - label.bottom) < 0.5 and abs(number.bottom - name.bottom) < 0.5
    assert font("kai", name.font) and font("fangsong", label.font)
    red = [r for r in page.rules if is_red(r.color)]
    assert len(red) == 1
    line = red[0]
    assert line.x0 == pytest.approx(LEFT, abs=TOL) and line.x1 == pytest.approx(RIGHT, abs=TOL)
    _, ink_bottom = page.ink_rows(number.x0, number.x1, number.top - 2, number.bottom + 1,
                                  red=False)
    assert line.top - ink_bottom == pytest.approx(4, abs=TOL)  # 7.2.7


def check_title_and_addressee(pages: Pages, font: Font) -> None:
    page = pages[0]
    red = next(r for r in page.rules if is_red(r.color))
    title = page.find("青川市人民政府关于")
    assert title.size == 22 and font("title", title.font)  # 2号小标宋 (7.3.1)
    assert title.centre == pytest.approx(LEFT + WIDTH / 2, abs=TOL)
    assert red.bottom + 2 * LINE - TOL <= title.top < red.bottom + 3 * LINE  # 红线下空二行
    lines = [w for w in page.words if w.size == 22]
    assert len(lines) == 2 and all(w.centre == pytest.approx(title.centre, abs=TOL)
                                   for w in lines)
    # word-boundary break (7.3.1): no line starts with a closing mark or splits 做好
    assert lines[0].text.endswith("做好") and lines[1].text.startswith("农村")
    addressee = page.find("各区县人民政府，市级有关部门")
    assert addressee.x0 == pytest.approx(LEFT, abs=TOL) and addressee.text.endswith("：")
    # 7.3.2: one blank line between, i.e. two grid lines centre to centre; where a 2号 and a
    # 3号 line sit in their line boxes differs by up to 1 mm between WeasyPrint and LibreOffice
    centre = (addressee.top + addressee.bottom) / 2
    assert centre == pytest.approx((lines[1].top + lines[1].bottom) / 2 + 2 * LINE, abs=1.5)


def check_attachment_note_signature_date_seal_and_note(pages: Pages, font: Font) -> None:
    page = next(p for p in pages if "附件：" in p.text)
    note1, note2 = page.find("附件：1."), page.find("2.青川市")
    assert note1.x0 == pytest.approx(LEFT + 2 * CHAR, abs=TOL)  # 7.3.4 左空二字
    assert note2.x0 == pytest.approx(LEFT + 5 * CHAR, abs=TOL)  # aligned after 附件：
    assert note2.top == pytest.approx(note1.top + LINE, abs=TOL)
    signer, date = page.find("青川市人民政府"), page.find("2023年3月5日")
    assert date.x1 == pytest.approx(RIGHT - 4 * CHAR, abs=TOL)  # 7.3.5.1 右空四字
    assert signer.centre == pytest.approx(date.centre, abs=TOL)  # centred on the date
    assert date.top == pytest.approx(signer.top + LINE, abs=TOL)
    seal_top, seal_bottom = page.ink_rows(LEFT, RIGHT, note2.bottom - 5, date.bottom + 30,
                                          red=True)
    assert seal_top < signer.top and seal_bottom > date.bottom  # the seal overlaps both
    assert (seal_top + seal_bottom) / 2 < (signer.top + date.bottom) / 2  # 居印章中心偏下
    assert seal_top >= note2.bottom - LINE  # 印章顶端上距正文一行之内
    note = page.find("（此件公开发布）")
    assert note.x0 == pytest.approx(LEFT + 2 * CHAR, abs=TOL)
    assert note.top == pytest.approx(date.top + LINE, abs=TOL)  # 7.3.6


def check_attachment_pages(pages: Pages, font: Font) -> None:
    starts = [p for p in pages if any(w.text in ("附件1", "附件2") for w in p.joined())]
    assert len(starts) == 2 and starts[0].number + 1 == starts[1].number
    assert not any("附件1" in w.text for w in pages[starts[0].number - 2].joined())
    for page, name in zip(starts, ("青川市农村饮用水安全保障工作任务分解表",
                                   "青川市农村饮用水水质检测点位一览表"), strict=True):
        label = page.joined()[0]
        assert label.text.startswith("附件")  # 7.3.7: top left, 3号黑体
        assert label.x0 == pytest.approx(LEFT, abs=TOL) and TOP <= label.top < TOP + LINE
        assert label.size == 16 and font("hei", label.font)
        title = page.find(name[:6])
        assert title.size == 22 and title.centre == pytest.approx(LEFT + WIDTH / 2, abs=TOL)
        assert TOP + 2 * LINE <= title.top < TOP + 3 * LINE  # the 3rd line


def check_colophon_at_foot_of_last_even_page(pages: Pages, font: Font) -> None:
    last = pages[-1]
    assert len(pages) % 2 == 0 and all("抄送" not in p.text for p in pages[:-1])
    rules = [r for r in last.rules if not is_red(r.color)]
    assert len(rules) == 3
    for rule in rules:
        assert rule.x0 == pytest.approx(LEFT, abs=TOL) and rule.x1 == pytest.approx(RIGHT, abs=TOL)
    first, middle, final = rules
    assert final.bottom == pytest.approx(BOTTOM, abs=TOL)  # 7.4.1: on the 版心's bottom edge
    assert first.weight == pytest.approx(0.35, abs=0.05)
    assert final.weight == pytest.approx(0.35, abs=0.05)
    assert middle.weight == pytest.approx(0.25, abs=0.05)
    copy_to, organ, date = last.find("抄送："), last.find("青川市人民政府办公室"), \
        last.find("2023年3月6日印发")
    side = 14 * 25.4 / 72  # one 4号 character
    assert first.bottom < copy_to.top and copy_to.bottom < middle.top < organ.top
    assert organ.bottom < final.top
    assert copy_to.size == 14 and organ.size == 14 and date.size == 14  # 4号
    assert copy_to.x0 == pytest.approx(LEFT + side, abs=TOL)
    assert organ.x0 == pytest.approx(LEFT + side, abs=TOL)
    assert date.x1 == pytest.approx(RIGHT - side, abs=TOL)
    assert copy_to.text.endswith("，") or last.text.split("抄送：")[1].split("\n")[1] \
        .endswith("。")  # ends in a 句号


def check_folios_run_through_attachments(pages: Pages, font: Font) -> None:
    for page in pages:
        assert f"— {page.number} —" in page.text


CHECKS = [v for k, v in dict(globals()).items() if k.startswith("check_")]
