"""Laws and novels (issue 13 items 5 and 6) on synthetic lines of texts the corpus does not hold:
民法典-style 编 > 分编 > 章 > 节 > 条 (with 条之一), 红楼梦-style 回 couplets, 第X卷, a law's own 目录
with nesting, bracketed notes cut into lines, page-number lines, and the marks ? and ．whose
meaning depends on the document."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_normalize_invariants import check_invariants

from zhpress.model import Document, ListBlock, Paragraph
from zhpress.readers.markdown import read_markdown
from zhpress.readers.normalize import normalize_markdown, normalize_text
from zhpress.readers.normalize.divisions import (
    article_head,
    cn_number,
    is_chapter_line,
    toc_levels,
)
from zhpress.readers.normalize.report import Report
from zhpress.writers.docx.pandoc_ast import to_pandoc
from zhpress.writers.html import list_html
from zhpress.writers.markdown import write_markdown


def outline(doc: Document) -> list[tuple[int, str]]:
    return [(h.level, h.outline_text) for h in doc.headings]


def roles(doc: Document) -> list[str]:
    return [h.role for h in doc.headings]


def warned(report: Report, rule: str) -> list[str]:
    return [w.message for w in report.warnings if w.rule == rule]


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("一百二十", 120),
    ("四百五十二", 452), ("三千", 3000), ("两百", 200), ("12", 12),
])
def test_division_numbers(numeral: str, value: int) -> None:
    assert cn_number(numeral) == value


@pytest.mark.parametrize(("line", "chapter"), [
    ("第一回 甄士隐梦幻识通灵 贾雨村风尘怀闺秀", True),
    ("第一回\u3000甄士隐梦幻识通灵\u3000贾雨村风尘怀闺秀", True),
    ("第五回 游幻境指迷十二钗，饮仙醪曲演红楼梦", True),  # a couplet with a comma
    ("第一百二十回 甄士隐详说太虚情 贾雨村归结红楼梦", True),
    ("第三回", True),  # the title on the next line
    ("第十二卷 江湖夜雨", True),
    ("第四回中，薛蟠打死人命一案，便从这里生出来。", False),  # a sentence about a chapter
    ("第三回的故事说到这里，且看下文。", False),
    ("第二回 他说：我们走吧", False),
    ("第六回 ?家莊大戰 ??天王", True),  # characters the source lost
    ("第七回 你可知道?", False),
    ("第一回 看来，这一回写得很好，真是妙，妙极", False),  # not a couplet
    ("第一章 总则", False),  # a law's chapter, not a novel's
])
def test_chapter_line_shape(line: str, chapter: bool) -> None:
    assert is_chapter_line(line) is chapter


@pytest.mark.parametrize(("line", "head"), [
    ("第一条 为了规范……，制定本法。", "第一条"),
    ("第十七条之一 已满七十五周岁的人故意犯罪的，可以从轻或者减轻处罚。", "第十七条之一"),
    ("第一百九十九条（删去）", "第一百九十九条"),
    ("第四百五十二条", "第四百五十二条"),
    ("第三百八十六条的规定定罪处罚。", None),  # a wrapped sentence citing an article
    ("第二章 犯罪", None),
])
def test_article_heads(line: str, head: str | None) -> None:
    assert article_head(line) == head


CIVIL_CODE = """中华人民共和国民法典

第三编　合同

第一分编　通则

第一章　一般规定

第四百六十三条　本编调整因合同产生的民事关系。

第四百六十四条　合同是民事主体之间设立、变更、终止民事法律关系的协议。

第四百六十四条之一　本条是为测试插入的条文。

第二分编　典型合同

第九章　买卖合同

第一节　一般规定

第五百九十五条　买卖合同是出卖人转移标的物的所有权于买受人，买受人支付价款的合同。

第四编　人格权

第一章　一般规定

第九百八十九条　本编调整因人格权的享有和保护产生的民事关系。

附　　则

第一千二百六十条　本法自2021年1月1日起施行。
"""


def test_subparts_rank_between_parts_and_chapters() -> None:
    doc, report = normalize_text(CIVIL_CODE, "civil.txt")
    assert outline(doc) == [
        (1, "中华人民共和国民法典"), (2, "第三编 合同"), (3, "第一分编 通则"),
        (4, "第一章 一般规定"), (5, "第四百六十三条"), (5, "第四百六十四条"),
        (5, "第四百六十四条之一"), (3, "第二分编 典型合同"), (4, "第九章 买卖合同"),
        (5, "第一节 一般规定"), (6, "第五百九十五条"), (2, "第四编 人格权"),
        (3, "第一章 一般规定"), (4, "第九百八十九条"), (2, "附则"), (3, "第一千二百六十条")]
    assert roles(doc)[1:4] == ["part", "subpart", "chapter"]
    # 章 run on across a 编's 分编 and restart under a new 编; 条 run through: only the jumps
    # the synthetic text makes (第九章 after 第一章, 第五百九十五条 after …) are warned
    gaps = warned(report, "division_sequence")
    assert any("1 then 9" in g for g in gaps) and not any("then 1 " in g for g in gaps)
    check_invariants(CIVIL_CODE.encode(), "civil.txt")


NOVEL = """红楼梦

第一回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀

此开卷第一回也。作者自云：因曾历过一番梦幻之后，故将真事隐去。

第二回　贾夫人仙逝扬州城　冷子兴演说荣国府

诗云：一局输赢料不真，香销茶尽尚逡巡。

第四回中有一段不可不看

第三回　托内兄如海荐西宾　接外孙贾母惜孤女

第三回　托内兄如海荐西宾　接外孙贾母惜孤女

却说雨村忙回头看时，不是别人，乃是当日同僚一案参革的张如圭。

第四回中，薛蟠打死人命一案，便从这里生出来。

第四回　薄命女偏逢薄命郎　葫芦僧乱判葫芦案
"""


def test_novel_chapters_need_the_shape_and_the_sequence() -> None:
    doc, report = normalize_text(NOVEL, "hlm.txt")
    assert outline(doc) == [
        (1, "红楼梦"), (2, "第一回 甄士隐梦幻识通灵 贾雨村风尘怀闺秀"),
        (2, "第二回 贾夫人仙逝扬州城 冷子兴演说荣国府"),
        (2, "第三回 托内兄如海荐西宾 接外孙贾母惜孤女"),
        (2, "第四回 薄命女偏逢薄命郎 葫芦僧乱判葫芦案")]
    assert set(roles(doc)[1:]) == {"novel-chapter"}
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    # the run-in sentence, the repeated line and the sentence with commas stay text
    assert "第四回中有一段不可不看" in texts
    assert "第三回 托内兄如海荐西宾 接外孙贾母惜孤女" in texts
    assert any(t.startswith("第四回中，薛蟠") for t in texts)
    assert len(warned(report, "division_sequence")) == 2
    check_invariants(NOVEL.encode(), "hlm.txt")


VOLUMES = """某某演义

第一卷　风起

第一回　张三初入江湖

正文一段。

第二回　李四夜走山城

正文二段。

第二卷　云涌

第一回　王五重回故里

正文三段。
"""


def test_volumes_hold_chapters() -> None:
    doc, report = normalize_text(VOLUMES, "v.txt")
    assert outline(doc) == [(1, "某某演义"), (2, "第一卷 风起"), (3, "第一回 张三初入江湖"),
                            (3, "第二回 李四夜走山城"), (2, "第二卷 云涌"),
                            (3, "第一回 王五重回故里")]
    assert roles(doc)[1:3] == ["volume", "novel-chapter"]
    assert warned(report, "division_sequence") == []  # 回 restart under each 卷


LAW = """某某管理法

（2020年5月28日第十三届全国人民代表大会第三
次会议通过）

目　　录
第一章　总则
第二章　管理
　　第一节　一般规定
　　第二节　特别规定
第三章　附则

第一章　总则

第一条　为了规范管理，制定本法。

第二章　管理

第一节　一般规定

第二条　本法适用于管理活动。

第二节　特别规定

第三条　特别规定另行制定。

第三章　附则

第四条　本法自公布之日起施行。
"""


def test_law_toc_keeps_its_nesting_in_every_format() -> None:
    doc, _ = normalize_text(LAW, "law.txt")
    toc = next(b for b in doc.blocks if isinstance(b, ListBlock))
    assert toc.items[2:4] == ("第一节 一般规定", "第二节 特别规定")
    assert toc.levels == (0, 0, 1, 1, 0)
    # no 目录 entry became a heading
    assert [t for _, t in outline(doc)].count("第一章 总则") == 1
    md = write_markdown(doc)
    assert "\n  - 第一节 一般规定\n" in md
    again = [b for b in read_markdown(md).blocks if isinstance(b, ListBlock)]
    assert again[0].levels == toc.levels and again[0].items == toc.items
    assert normalize_markdown(md, "law.md")[1].changes == []
    html = list_html(toc)
    assert html.index("<li>第二章 管理<ul><li>第一节") > 0
    bullet = next(b for b in to_pandoc(doc)["blocks"] if b["t"] == "BulletList")
    nested = bullet["c"][1][1]  # 第二章's item holds a list
    assert nested["t"] == "BulletList" and len(nested["c"]) == 2
    check_invariants(LAW.encode(), "law.txt")


@pytest.mark.parametrize(("line", "front"), [
    ("驚奇序", True), ("自序", True), ("序", True), ("原跋", True), ("附件一", True), ("附件", True),
    ("法定程序", False), ("秩序", False), ("附件一：名单", False), ("一个很长的标题序", False),
])
def test_front_names(line: str, front: bool) -> None:
    from zhpress.readers.normalize.patterns import is_front_name

    assert is_front_name(line) is front


def test_toc_levels_from_ranks() -> None:
    assert toc_levels(["第一编 总则", "第一章 任务", "第一节 犯罪", "第二章 刑罚", "第二编 分则",
                       "附则"]) == (0, 1, 2, 1, 0, 0)
    assert toc_levels(["驚奇序", "第一回 甲", "第二回 乙"]) == (0, 0, 0)


def test_hard_wrapped_adoption_note_is_one_paragraph() -> None:
    doc, report = normalize_text(LAW, "law.txt")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "（2020年5月28日第十三届全国人民代表大会第三次会议通过）" in paras
    assert report.count("open_parenthesis_notes") == 1


def test_note_items_on_their_own_lines_stay_apart() -> None:
    text = ("某某法\n\n　　（1982年12月4日第五届全国人民代表大会第五次会议通过　1982年12月4日全国人民"
            "代表大会公告公布施行\n　　根据2018年3月11日第十三届全国人民代表大会第一次会议通过的"
            "《修正案》修正）\n\n第一条　内容。\n")
    doc, _ = normalize_text(text, "n.txt")
    note = doc.blocks[1].text  # type: ignore[union-attr]
    assert note.endswith("公告公布施行 根据2018年3月11日第十三届全国人民代表大会第一次会议通过的"
                         "《修正案》修正）")


def test_bracketed_prose_is_not_a_note() -> None:
    text = "小说\n\n（他想起往事。那年冬天很冷\n\n大家都走了。）\n"
    doc, report = normalize_text(text, "x.txt")
    assert report.count("open_parenthesis_notes") == 0


def test_unclosed_note_before_a_heading_is_not_joined() -> None:
    text = "标题\n\n（这是一个没有闭合的括号\n\n第一章 总则\n\n第一条 内容。\n"
    doc, _ = normalize_text(text, "x.txt")
    assert (2, "第一章 总则") in outline(doc)


PAGES = """某某条例

第一条　为了规范管理，制定本条例。本条例所称的管理，是指各级人民政府及其有关部门依照法律法规的规定，对有关

－1－

事项的管理。

第二条　本条例第3页所列事项除外。

－2－

第三条　本条例自公布之日起施行，

－3－

有效期五年。
"""


def test_page_number_lines_are_removed_and_reported() -> None:
    doc, report = normalize_text(PAGES, "pages.txt")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    # the page-break join (N1) continues the sentence; the removal left it the evidence
    assert "为了规范管理，制定本条例。本条例所称的管理，是指各级人民政府及其有关部门依照法律法规" \
        "的规定，对有关事项的管理。" in paras
    assert "本条例第3页所列事项除外。" in paras  # a page reference in a sentence stays
    assert [c.before for c in report.changes if c.rule == "page_numbers"] == \
        ["－1－", "－2－", "－3－"]
    check_invariants(PAGES.encode(), "pages.txt")


def test_spaced_dates_are_closed_up() -> None:
    text = "某某法\n\n（1979 年 7 月 1 日第五届全国人民代表大会第二次会议通过 2020年 12 月 26 日修正）\n"
    doc, report = normalize_text(text, "d.txt")
    assert doc.blocks[-1].text == \
        "（1979年7月1日第五届全国人民代表大会第二次会议通过 2020年12月26日修正）"  # type: ignore[union-attr]
    assert report.count("spaced_dates") == 2
    check_invariants(text.encode(), "d.txt")


def test_two_number_lines_are_no_page_sequence() -> None:
    doc, report = normalize_text("标题\n\n正文一。\n\n－1－\n\n正文二。\n\n－5－\n", "x.txt")
    assert report.count("page_numbers") == 0


def test_displaced_fragment_rejoins_its_sentence() -> None:
    wrapped = "\n".join([
        "标题", "",
        "  第一条 已满十二周岁不满十四周岁的人，犯故意杀人、故意伤",
        "害罪，致人死亡或者以特别残忍手段致人重伤造成严重残疾，",
        "                       情节恶劣，",
        "经最高人民检察院核准追诉的，应当负刑事责任。",
        "  第二条 对依照前款规定追究刑事责任的不满十八周岁的人，应",
        "当从轻或者减轻处罚。因不满十六周岁不予刑事处罚的，责令其父",
        "母或者其他监护人加以管教；在必要的时候，依法进行专门矫治教",
        "育。本条所称的管教和矫治教育，由有关部门依照法律规定执行。",
        "  第三条 本法所称的监护人，依照民法典的有关规定确定，有关部",
        "门应当予以配合和支持，不得推诿，不得拖延，不得敷衍了事。",
        ""])
    doc, report = normalize_text(wrapped, "w.txt")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert any("严重残疾，情节恶劣，经最高人民检察院" in t for t in paras), paras
    assert report.count("displaced_fragments") == 1


def test_indented_verse_is_no_displaced_fragment() -> None:
    verse = "小说\n\n诗曰：\n            滚滚长江东逝水，\n            浪花淘尽英雄。\n"
    _, report = normalize_text(verse, "v.txt")
    assert report.count("displaced_fragments") == 0


@pytest.mark.parametrize(("text", "kept"), [
    ("儒林外史\n\n清?吳敬梓著\n\n那烏雲???，半天不散。\n", ["清?吳敬梓著", "那烏雲???，半天不散。"]),
    ("小说\n\n第三回 ?家莊大戰 ??天王\n\n正文。\n", ["第三回 ?家莊大戰 ??天王"]),
])
def test_lost_characters_are_kept_and_reported(text: str, kept: list[str]) -> None:
    doc, report = normalize_text(text, "q.txt")
    if "第三回" in text:  # also inside a chapter title, which stays a chapter heading
        assert outline(doc)[1] == (2, kept[0])
    shown = [b.text for b in doc.blocks if hasattr(b, "text")]
    for k in kept:
        assert k in shown
    assert warned(report, "unknown_character")
    md = write_markdown(doc)
    doc2, rep2 = normalize_markdown(md, "q.md")
    assert rep2.changes == [] and write_markdown(doc2) == md  # kept again, never guessed
    check_invariants(text.encode(), "q.txt")


def test_ascii_question_marks_of_a_text_that_uses_them() -> None:
    text = "小说\n\n他說：「你是誰?」\n\n「好了麼?」\n\n有今日?甚恨當初。\n"
    doc, report = normalize_text(text, "q.txt")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "有今日？甚恨當初。" in paras and "「好了麼？」" in paras
    assert report.count("question_marks") == 1
    assert not warned(report, "unknown_character")


def test_fullwidth_period_as_full_stop() -> None:
    text = "三国\n\n玄德大喜．遂請入．\n\n張飛曰：「不可．」\n"
    doc, report = normalize_text(text, "p.txt")
    paras = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paras == ["玄德大喜。遂請入。", "張飛曰：「不可。」"]
    assert report.count("fullwidth_periods") == 3
    assert "full stops" in warned(report, "fullwidth_periods")[0]


def test_fullwidth_period_as_name_separator_is_reported() -> None:
    doc, report = normalize_text("文章\n\n马克思．恩格斯的著作。\n", "p.txt")
    assert doc.blocks[-1].text == "马克思·恩格斯的著作。"  # type: ignore[union-attr]
    assert "间隔号" in warned(report, "fullwidth_periods")[0]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["dev/xingfa_pdf_wrapped.txt", "dev/rulin_gbk_trad.txt",
                                  "dev/sanke_big5.txt"])
def test_dev_laws_and_novels_keep_the_invariants(name: str) -> None:
    from helpers import CORPUS

    check_invariants((CORPUS / name).read_bytes(), name.split("/")[-1])


def test_law_toc_nests_in_docx_and_epub() -> None:
    import io
    import re
    import zipfile

    from helpers import write

    from zhpress.style.theme import load_theme

    doc, _ = normalize_text(LAW, "law.txt")
    theme = load_theme("gongwen")
    xml = zipfile.ZipFile(io.BytesIO(write("docx", doc, theme))).read("word/document.xml")
    assert re.findall(r'<w:ilvl w:val="(\d)"/>', xml.decode()) == ["0", "0", "1", "1", "0"]
    epub = zipfile.ZipFile(io.BytesIO(write("epub", doc, theme)))
    pages = "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))
    assert "<li>第二章 管理<ul><li>第一节 一般规定</li><li>第二节 特别规定</li></ul></li>" in pages


LINES = [
    "中华人民共和国某某法", "目　　录", "第一编　总则", "第一分编　通则", "第一章　一般规定",
    "　　第一节　定义", "第一条　为了规范管理，制定本法。", "第二条之一　本条插入。",
    "第三条（删去）", "附　　则", "附件一", "（2020年5月28日第十三届全国人民代表大会第三次",
    "会议通过）", "－1－", "－2－", "－3－", "①", "                       情节恶劣，",
    "已满十二周岁不满十四周岁的人，犯故意杀人、故意伤害罪，致人死亡或者以特别残忍",
    "第一回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀", "第二回　?家莊大戰", "第四回中有一段",
    "第一卷　风起", "玄德大喜．遂請入．", "清?吳敬梓著", "「好了麼?」", "驚奇序", "",
]


@pytest.mark.slow
@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(LINES), max_size=30))
def test_generated_laws_and_novels_keep_the_invariants(lines: list[str]) -> None:
    check_invariants("\n".join(lines).encode("utf-8"), "gen.txt")
