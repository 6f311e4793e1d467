"""The 公文 elements on the rendered PDF pages, measured against GB/T 9704-2012 within 1 mm:
position, face, size and colour of each element of tests/fixtures/gongwen/complete.md."""

from __future__ import annotations

import pytest
from helpers import FIXTURES
from measure import is_red, read_pages

from zhpress.readers.markdown import read_markdown
from zhpress.style.theme import load_theme
from zhpress.writers import pdf as pdf_writer
from zhpress.writers.options import WriterOptions

pytestmark = pytest.mark.slow  # renders with WeasyPrint (about 3 s a document)

# GB/T 9704 5.2.1 / 5.2.3 / 3.1: the 版心 and its units, in mm from the page's top-left corner
TOP, LEFT, WIDTH, HEIGHT = 37.0, 28.0, 156.0, 225.0
RIGHT, BOTTOM = LEFT + WIDTH, TOP + HEIGHT
CHAR = WIDTH / 28  # 1 字 at 3号 on the 28-character grid
LINE = HEIGHT / 22  # 1 行 on the 22-line grid
TOL = 1.0


def _font(theme, role: str) -> str:
    return theme.face(role).family.replace(" ", "-")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    theme = load_theme("gongwen")
    doc = read_markdown((FIXTURES / "gongwen" / "complete.md").read_text(encoding="utf-8"))
    path = tmp_path_factory.mktemp("gongwen") / "complete.pdf"
    path.write_bytes(pdf_writer.write(doc, WriterOptions(theme=theme)))
    return theme, read_pages(path)


def test_head_copy_number_secret_and_urgency_top_left(rendered):
    theme, pages = rendered
    page = pages[0]
    copy_no, secret, urgent = page.find("000123"), page.find("秘密★1年"), page.find("特急")
    for word in (copy_no, secret, urgent):
        assert word.x0 == pytest.approx(LEFT, abs=TOL) and word.size == 16  # 3号
    assert TOP <= copy_no.top < TOP + LINE  # the first line of the 版心 (7.2.1)
    assert secret.top == pytest.approx(copy_no.top + LINE, abs=TOL)
    assert urgent.top == pytest.approx(secret.top + LINE, abs=TOL)
    assert _font(theme, "hei") in secret.font and _font(theme, "hei") in urgent.font  # 黑体


def test_mark_red_centred_35mm_below_text_block_top(rendered):
    theme, pages = rendered
    page = pages[0]
    mark = page.find("青川市人民政府文件")
    assert is_red(mark.color) and _font(theme, "title") in mark.font
    assert mark.centre == pytest.approx(LEFT + WIDTH / 2, abs=TOL)
    assert mark.x1 - mark.x0 <= WIDTH + 0.1
    ink_top, _ = page.ink_rows(LEFT, RIGHT, TOP + 20, TOP + 60, red=True)
    assert ink_top == pytest.approx(TOP + 35, abs=TOL)  # 7.2.4


def test_number_signer_and_red_line(rendered):
    theme, pages = rendered
    page = pages[0]
    number, label, name = page.find("青府发〔2023〕5号"), page.find("签发人"), page.find("李明远")
    # 7.2.6 上行文: 发文字号 one 字 in from the left, 签发人 one 字 in from the right, one line
    assert number.x0 == pytest.approx(LEFT + CHAR, abs=TOL)
    assert name.x1 == pytest.approx(RIGHT - CHAR, abs=TOL)
    assert abs(number.bottom - label.bottom) < 0.5 and abs(number.bottom - name.bottom) < 0.5
    assert _font(theme, "kai") in name.font and _font(theme, "fangsong") in label.font
    red = [r for r in page.rules if is_red(r.color)]
    assert len(red) == 1
    line = red[0]
    assert line.x0 == pytest.approx(LEFT, abs=TOL) and line.x1 == pytest.approx(RIGHT, abs=TOL)
    _, ink_bottom = page.ink_rows(number.x0, number.x1, number.top - 2, number.bottom + 1,
                                  red=False)
    assert line.top - ink_bottom == pytest.approx(4, abs=TOL)  # 7.2.7


def test_title_and_addressee(rendered):
    theme, pages = rendered
    page = pages[0]
    red = next(r for r in page.rules if is_red(r.color))
    title = page.find("青川市人民政府关于")
    assert title.size == 22 and _font(theme, "title") in title.font  # 2号小标宋 (7.3.1)
    assert title.centre == pytest.approx(LEFT + WIDTH / 2, abs=TOL)
    assert red.bottom + 2 * LINE - TOL <= title.top < red.bottom + 3 * LINE  # 红线下空二行
    lines = [w for w in page.words if w.size == 22]
    assert len(lines) == 2 and all(w.centre == pytest.approx(title.centre, abs=TOL)
                                   for w in lines)
    # word-boundary break (7.3.1): no line starts with a closing mark or splits 做好
    assert lines[0].text.endswith("做好") and lines[1].text.startswith("农村")
    addressee = page.find("各区县人民政府，市级有关部门")
    assert addressee.x0 == pytest.approx(LEFT, abs=TOL) and addressee.text.endswith("：")
    assert addressee.top == pytest.approx(lines[1].top + 2 * LINE, abs=2 * TOL)


def test_attachment_note_signature_date_seal_and_note(rendered):
    _, pages = rendered
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


def test_attachment_pages(rendered):
    theme, pages = rendered
    starts = [p for p in pages if any(w.text in ("附件1", "附件2") for w in p.words)]
    assert len(starts) == 2 and starts[0].number + 1 == starts[1].number
    assert not any("附件1" in w.text for w in pages[starts[0].number - 2].words)
    for page, name in zip(starts, ("青川市农村饮用水安全保障工作任务分解表",
                                   "青川市农村饮用水水质检测点位一览表"), strict=True):
        label = page.words[0]
        assert label.text.startswith("附件")  # 7.3.7: top left, 3号黑体
        assert label.x0 == pytest.approx(LEFT, abs=TOL) and TOP <= label.top < TOP + LINE
        assert label.size == 16 and _font(theme, "hei") in label.font
        title = page.find(name[:6])
        assert title.size == 22 and title.centre == pytest.approx(LEFT + WIDTH / 2, abs=TOL)
        assert TOP + 2 * LINE <= title.top < TOP + 3 * LINE  # the 3rd line


def test_colophon_at_foot_of_last_even_page(rendered):
    _, pages = rendered
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


def test_folios_run_through_attachments(rendered):
    _, pages = rendered
    for page in pages:
        assert f"— {page.number} —" in page.text


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
