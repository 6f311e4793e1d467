"""N1 joins across a blank line need evidence (issue 13 item 7): a sentence cut mid-clause, a
line cut at the wrap width, or a page-number line between. Lists are never glued."""

from __future__ import annotations

import pytest

from zhpress.readers.normalize import normalize_text
from zhpress.readers.normalize.joins import EVIDENCE, list_entries, rejoin_page_breaks
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.report_html import report_html

INTRO = ("经研究决定，对在二〇二二年度全市各项工作中表现突出的下列单位和个人予以通报表扬并颁发"
         "荣誉证书和奖金")  # a long line ending bare, like the one above the award list
ENTRIES = ["市第一人民医院心血管内科", "市教育局基础教育科", "张三，男，汉族，1965年生，市公交公司驾驶员",
           "李四，女，1978年生，市实验小学教师", "市中区人民法院立案庭", "王五",
           "市交通运输局综合执法支队直属大队", "赵六，男，1990年生，市消防救援支队队员"]


def _paras(blocks: list[str]) -> list[Para]:
    return [Para.from_line(t, 2 * i + 1, 1, "", 1 if i else 0) for i, t in enumerate(blocks)]


@pytest.mark.parametrize("closing", ["", "希望受到表扬的单位和个人珍惜荣誉，再接再厉。"])
def test_a_list_separated_by_blank_lines_is_never_glued(closing: str) -> None:
    blocks = [INTRO, *ENTRIES * 4] + ([closing] if closing else [])
    doc, rep = normalize_text("\n\n".join(blocks) + "\n", "award.txt")
    assert rep.count("rejoin_page_breaks") == 0
    assert [b.text for b in doc.blocks][-len(blocks) + 1:] == blocks[1:]


def test_list_entries_found() -> None:
    listed = list_entries(_paras([INTRO, *ENTRIES]))
    assert listed[1:] == [True] * len(ENTRIES)


def test_prose_cut_mid_clause_is_joined_with_its_evidence() -> None:
    blocks = ["过去一年，全市上下团结奋斗，经济运行稳中向好，各项事业取得新进展。委员们深入一线",
              "调研视察，提出了许多有价值的意见建议。"]
    paras = _paras(blocks)
    changes, warns = rejoin_page_breaks(paras)
    assert [p.text for p in paras] == ["".join(blocks)]
    assert len(changes) == 1 and changes[0].note == EVIDENCE["clause"] and warns == []


def test_a_cut_that_never_reaches_punctuation_is_not_joined() -> None:
    paras = _paras(["会议听取了各专门委员会的工作汇报，审议通过了有关事项", "下一步工作安排"])
    changes, _ = rejoin_page_breaks(paras)
    assert changes == [] and len(paras) == 2


def test_page_number_line_between_is_evidence() -> None:
    paras = _paras(["国家实行社会主义市场经济，国家加强经济立法，完善宏观调控，不允许任",
                    "何组织或者个人扰乱社会经济秩序"])  # no punctuation after the cut
    paras[1].page_break_before = True
    paras[1].gap = 0  # the page-number line was removed, no blank line is left
    changes, _ = rejoin_page_breaks(paras)
    assert len(paras) == 1 and changes[0].note == EVIDENCE["page"]


def test_cut_at_the_wrap_width_is_evidence() -> None:
    """Lines wrapped at 20 characters with blank lines between them: the width is found from
    the cut lines and named as the evidence of every join."""
    text = "我们要坚持以人民为中心的发展思想不断满足人民日益增长的美好生活需要。" * 4
    lines = [text[i:i + 20] for i in range(0, len(text), 20)]
    lines = [ln for ln in lines if ln[-1] != "。"][:5]
    width_paras = _paras(lines + ["日益增长的美好生活需要。"])
    changes, _ = rejoin_page_breaks(width_paras)
    assert changes and all(c.note == EVIDENCE["width"].format(width=40) for c in changes)
    assert len(width_paras) == 1


def test_joins_are_in_the_report_json_with_their_note() -> None:
    import json

    _, rep = normalize_text("过去一年，全市上下团结奋斗，经济运行稳中向好，各项事业取得新进展，委员们"
                            "深入一线\n\n调研视察，提出了许多意见建议。\n", "x.txt")
    joins = [c for c in json.loads(rep.to_json())["changes"] if c["rule"] == "rejoin_page_breaks"]
    assert len(joins) == 1 and joins[0]["note"]


def test_a_block_whose_role_the_layout_states_is_never_joined() -> None:
    blocks = ["过去一年，全市上下团结奋斗，经济运行稳中向好，各项事业取得新进展。委员们深入一线",
              "调研视察，提出了许多有价值的意见建议。"]
    for i in (0, 1):
        paras = _paras(blocks)
        paras[i].hint = "headline"
        changes, _ = rejoin_page_breaks(paras)
        assert changes == [] and len(paras) == 2


def test_a_law_article_cut_by_a_page_break_is_joined() -> None:
    """第十条 … cut before its first 。 is body text, not a heading: the page break is joined;
    a real heading line before a page break is not."""
    paras = _paras(["第十条 凡在中华人民共和国领域外犯罪，依照本法应当负刑事责任的，虽然经过外国审判，"
                    "仍然可以依照本法追究，但是", "在外国已经受过刑罚处罚的，可以免除或者减轻处罚。"])
    paras[1].page_break_before = True
    changes, _ = rejoin_page_breaks(paras)
    assert len(paras) == 1 and len(changes) == 1
    for head in ("第一节 犯罪和刑事责任", "（一）全力打造国际化的草原音乐名城、冰雪运动名城、文化旅游名城，"
                                         "带动产业转型升级、融合发展"):
        heading = _paras([head, "故意犯罪，应当负刑事责任。"])
        heading[1].page_break_before = True
        assert rejoin_page_breaks(heading)[0] == [] and len(heading) == 2


def test_a_page_break_after_a_comma_is_joined_but_a_blank_line_is_not() -> None:
    blocks = ["犯前款罪的上市公司的控股股东或者实际控制人是单位的，",
              "对单位判处罚金，并对其直接负责的主管人员，依照前款的规定处罚。"]
    paras = _paras(blocks)
    paras[1].page_break_before = True
    assert len(rejoin_page_breaks(paras)[0]) == 1 and len(paras) == 1
    verse = _paras(["滚滚长江东逝水，浪花淘尽英雄，是非成败转头空，青山依旧在，几度夕阳红，",
                    "白发渔樵江渚上，惯看秋月春风。"])
    assert rejoin_page_breaks(verse)[0] == [] and len(verse) == 2


def test_the_html_report_shows_each_joins_evidence() -> None:
    _, rep = normalize_text("过去一年，全市上下团结奋斗，经济运行稳中向好，各项事业取得新进展，委员们"
                            "深入一线\n\n调研视察，提出了许多意见建议。\n", "x.txt")
    assert EVIDENCE["clause"] in report_html(rep)
