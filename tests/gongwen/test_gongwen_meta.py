"""The `gongwen:` front matter: schema errors are one BadInput line naming the key, rule checks
are warnings naming the GB/T 9704 clause, and the mapping survives every round trip."""

from __future__ import annotations

import logging

import pytest
from helpers import FIXTURES

from zhpress import gongwen as gw
from zhpress.errors import BadInput
from zhpress.gongwen import (
    attachment_note,
    copy_to_text,
    date_text,
    doc_number_problem,
    gongwen_warnings,
    mark_lines,
    read_gongwen,
    security_lines,
)
from zhpress.model import document_json, load_document
from zhpress.readers.markdown import read_markdown
from zhpress.writers.markdown import write_markdown

COMPLETE = FIXTURES / "gongwen" / "complete.md"


def _doc(front: str) -> str:
    return f"---\ntitle: 通知\ngongwen:\n{front}---\n\n正文。\n"


def test_complete_fixture_reads_without_warnings(caplog):
    with caplog.at_level(logging.WARNING, logger="zhpress"):
        doc = read_markdown(COMPLETE.read_text(encoding="utf-8"))
    g = doc.meta.gongwen
    assert g["发文字号"] == "青府发〔2023〕5号" and len(g["附件"]) == 2
    assert g["份号"] == "000123"  # quoted text stays text
    assert not caplog.records, [r.getMessage() for r in caplog.records]


def test_gongwen_survives_json_and_markdown_round_trips():
    doc = read_markdown(COMPLETE.read_text(encoding="utf-8"))
    assert load_document(document_json(doc)) == doc
    again = read_markdown(write_markdown(doc))
    assert again.meta.gongwen == doc.meta.gongwen
    assert write_markdown(again) == write_markdown(doc)  # idempotent


def test_document_without_gongwen_has_empty_mapping():
    assert read_markdown("---\ntitle: 文\n---\n\n正文。\n").meta.gongwen == {}


@pytest.mark.parametrize(
    ("front", "names"),
    [
        ("  密级: 内部\n", "gongwen.密级"),
        ("  kind: 公告\n", "gongwen.kind"),
        ("  份号: \"0000001\"\n", "gongwen.份号"),  # 7 digits: over 7.2.1 six
        ("  发文单位: 某局\n", "gongwen"),  # unknown key
        ("  附件: 一个附件\n", "gongwen.附件"),  # a list, not a string
        ("  印章: /etc/passwd.png\n", "gongwen.印章"),
        ("  印章: seal.exe\n", "gongwen.印章"),
        ("  印章: ../../secret/seal.png\n", "gongwen.印章"),
        ("  主送机关: \"甲\\n乙\"\n", "gongwen.主送机关"),
    ],
)
def test_schema_errors_are_one_line_naming_the_key(front, names):
    with pytest.raises(BadInput) as err:
        read_markdown(_doc(front))
    message = str(err.value)
    assert names in message and "\n" not in message
    assert "fix" in message or "give a path" in message or "use the keys" in message


def test_integer_copy_number_becomes_text():
    assert read_gongwen({"份号": 12})["份号"] == "12"
    assert security_lines({"份号": "12"}) == ["000012"]


@pytest.mark.parametrize(
    ("number", "fixed"),
    [
        ("青府发〔2023〕5号", None),
        ("国办发〔2012〕1234号", None),
        ("法[2012]74号", "法〔2012〕74号"),
        ("青府发（2023）05号", "青府发〔2023〕5号"),
        ("青府发〔2023〕第5号", "青府发〔2023〕5号"),
        ("青府发【2023】007号", "青府发〔2023〕7号"),
    ],
)
def test_doc_number_rule(number, fixed):
    problem = doc_number_problem(number)
    if fixed is None:
        assert problem is None
    else:
        assert problem and "7.2.5" in problem and problem.endswith(f"write {fixed}")


def test_doc_number_without_year_names_the_form():
    problem = doc_number_problem("青府发5号")
    assert problem and "7.2.5" in problem and "〔" in problem


@pytest.mark.parametrize(
    ("g", "clause"),
    [
        ({"签发人": "李明"}, "7.2.6"),  # 签发人 without 行文: 上行文
        ({"签发人": "李明", "行文": "下行文"}, "7.2.6"),
        ({"kind": "信函", "印发机关": "办公室"}, "10.1"),
        ({"kind": "纪要", "印章": "seal.png"}, "10.3"),
        ({"出席": ["张三", "李四"]}, "10.3"),  # attendance lists belong to a 纪要
        ({"kind": "信函", "列席": "王五"}, "10.3"),
        ({"成文日期": "2023年03月05日"}, "7.3.5"),
        ({"成文日期": "二〇一二年三月十五日"}, "7.3.5"),
        ({"保密期限": "1年"}, "7.2.2"),
        ({"密级": "秘密"}, "7.2.1"),
    ],
)
def test_rule_warnings_name_the_clause(g, clause):
    found = gongwen_warnings(g)
    assert len(found) == 1 and clause in found[0], found


def test_warnings_are_logged_when_read(caplog):
    with caplog.at_level(logging.WARNING, logger="zhpress"):
        read_markdown(_doc("  发文字号: 法[2012]74号\n"))
    assert [r.getMessage() for r in caplog.records] == [
        "gongwen.发文字号 '法[2012]74号': GB/T 9704 7.2.5 writes the year in 六角括号〔〕 and the "
        "serial number without 第 or leading zeros; write 法〔2012〕74号"
    ]


def test_clean_mapping_has_no_warnings():
    assert gongwen_warnings({"发文字号": "青府发〔2023〕5号", "签发人": "李明", "行文": "上行文",
                             "成文日期": "2023-03-05"}) == []


def test_element_texts():
    g = {"发文机关": ["青川市人民政府", "青川市财政局"], "附件": ["甲表。", "乙表"],
         "抄送": "市委，市人大", "份号": "123", "密级": "秘密", "保密期限": "1年",
         "紧急程度": "特急"}
    assert mark_lines(g) == ["青川市人民政府", "青川市财政局"]
    assert mark_lines({"发文机关": "青川市人民政府"}) == ["青川市人民政府文件"]
    assert mark_lines({"发文机关": "青川市人民政府", "kind": "信函"}) == ["青川市人民政府"]
    assert attachment_note(g) == ["附件：1.甲表", "2.乙表"]  # 7.3.4: no mark after a name
    assert copy_to_text(g) == "抄送：市委，市人大。"  # 7.4.2: ends in 句号
    assert security_lines(g) == ["000123", "秘密★1年", "特急"]
    assert date_text("2023-03-05") == "2023年3月5日"


def test_reflowable_blocks_keep_every_element_in_reading_order():
    """EPUB has no page: the elements become classed blocks around the body, in order."""
    from zhpress.gongwen import as_blocks

    doc = read_markdown(COMPLETE.read_text(encoding="utf-8"))
    flowed = as_blocks(doc)
    texts = [b.text for b in flowed.blocks]
    order = ["青川市人民政府关于进一步做好农村饮用水安全保障工作的通知", "000123", "青川市人民政府文件",
             "青府发〔2023〕5号　签发人：李明远", "各区县人民政府，市级有关部门：",
             "为巩固拓展脱贫攻坚成果，切实保障农村群众饮水安全，经市政府同意，现就进一步做好农村饮用水安全保障工作通知如下。",
             "附件：1.青川市农村饮用水安全保障工作任务分解表", "青川市人民政府", "2023年3月5日",
             "（此件公开发布）", "附件1", "附件2",
             "抄送：市委各部门，市人大常委会办公室，市政协办公室，市法院，市检察院。",
             "青川市人民政府办公室　2023年3月6日印发"]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
    assert [h.text for h in flowed.headings] == [h.text for h in doc.headings]
    assert as_blocks(read_markdown("---\ntitle: 文\n---\n\n正文。\n")).blocks[0].text == "正文。"


def test_attendance_lists_of_a_minutes_in_the_standards_order():
    """10.3: 出席, 请假, 列席 in that order whatever the front matter's order; only a 纪要's."""
    g = {"kind": "纪要", "列席": "市财政局　王五", "出席": ["市政府　张三", "市教育局　李四"]}
    assert gongwen_warnings(g) == []
    assert gw.attendance(g) == [("出席：", "市政府　张三、市教育局　李四"),
                                ("列席：", "市财政局　王五")]
    assert gw.attendance({**g, "kind": "文件"}) == []


def test_reflowable_minutes_put_attendance_after_body_before_signature():
    """EPUB: a 纪要's attendance lists follow the body and come before the 署名 (10.3)."""
    from zhpress.gongwen import as_blocks

    doc = read_markdown("---\ntitle: 会议纪要\ngongwen:\n  kind: 纪要\n  发文机关: 青川市人民政府\n"
                        "  出席: [市政府　张三, 市教育局　李四]\n  请假: 市财政局　王五\n"
                        "  署名: 青川市人民政府办公室\n---\n\n# 会议纪要\n\n会议议定如下。\n")
    texts = [b.text for b in as_blocks(doc).blocks]
    order = ["会议议定如下。", "出席：市政府　张三、市教育局　李四", "请假：市财政局　王五",
             "青川市人民政府办公室"]
    positions = [texts.index(t) for t in order]
    assert positions == sorted(positions)
