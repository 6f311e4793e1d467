"""Recognition of 公文 elements in raw text (readers/normalize/gongwen.py): each element lands
in the front matter's gongwen: mapping, leaves the body, and is a change in the report."""

from __future__ import annotations

import pytest
from helpers import CORPUS

from zhpress.readers.markdown import read_markdown
from zhpress.readers.normalize import normalize_bytes, normalize_text
from zhpress.readers.normalize.gongwen import arabic_date, is_addressee
from zhpress.writers.markdown import write_markdown

NOTICE = """青川市人民政府关于做好防汛工作的通知
青府发[2023]012号
各区县人民政府，市级有关部门：
    为做好今年防汛工作，保障人民群众生命财产安全，现将有关事项通知如下。
一、加强组织领导
    各区县要成立防汛指挥机构，明确责任人。
二、做好物资储备
    各区县要储备必要的防汛物资。
附件：1.防汛责任人名单
2.防汛物资储备表
青川市人民政府
二〇二三年六月一日
抄送：市委办公室，市人大常委会办公室。
青川市人民政府办公室  2023年6月2日印发
"""


def _rules(report) -> dict[str, list]:
    out: dict[str, list] = {}
    for change in report.changes:
        if change.rule.startswith("gongwen_"):
            out.setdefault(change.rule, []).append(change)
    return out


def test_every_element_of_a_plain_notice():
    doc, report = normalize_text(NOTICE, "notice.txt")
    assert doc.meta.gongwen == {
        "发文字号": "青府发〔2023〕12号",  # 7.2.5: 〔〕 and no leading zero
        "主送机关": "各区县人民政府，市级有关部门",
        "附件": ["防汛责任人名单", "防汛物资储备表"],
        "署名": "青川市人民政府",
        "成文日期": "2023年6月1日",  # 7.3.5: Arabic numerals
        "抄送": "市委办公室，市人大常委会办公室",
        "印发机关": "青川市人民政府办公室",
        "印发日期": "2023年6月2日",
        "发文机关": "青川市人民政府",
    }
    body = "\n".join(getattr(b, "text", "") for b in doc.blocks)
    for gone in ("青府发", "市级有关部门：", "附件：", "抄送", "印发", "二〇二三"):
        assert gone not in body, gone
    assert "现将有关事项通知如下。" in body and "一、加强组织领导" in body
    rules = _rules(report)
    assert set(rules) == {"gongwen_doc_number", "gongwen_addressee", "gongwen_attachment",
                          "gongwen_signature", "gongwen_date", "gongwen_copy_to",
                          "gongwen_printed", "gongwen_issuer"}
    assert rules["gongwen_doc_number"][0].where.line == 2
    assert rules["gongwen_date"][0].before == "二〇二三年六月一日"
    assert rules["gongwen_date"][0].after == "gongwen.成文日期: 2023年6月1日"
    assert all(rule in report.rules and "GB/T 9704" in report.rules[rule] for rule in rules)


def test_recognised_notice_is_valid_idempotent_markdown():
    doc, _ = normalize_text(NOTICE, "notice.txt")
    md = write_markdown(doc)
    again = read_markdown(md)  # the schema accepts what the recogniser found
    assert again.meta.gongwen == doc.meta.gongwen
    assert write_markdown(again) == md


def test_spc_notice_glued_head_and_body():
    """The dev corpus notice glues title + 发文字号 + 主送机关, and body + 成文日期 + 附："""
    raw = (CORPUS / "dev" / "spc_notice_2012_74.txt").read_bytes()
    doc, report = normalize_bytes(raw, "spc_notice_2012_74.txt")
    g = doc.meta.gongwen
    assert g["发文字号"] == "法〔2012〕74号"
    assert g["主送机关"].startswith("各省、自治区、直辖市高级人民法院") and \
        g["主送机关"].endswith("生产建设兵团分院")
    assert g["成文日期"] == "2012年3月15日"
    assert g["附件"] == ["最高人民法院关于加强司法建议工作的意见"]
    assert g["发文机关"] == "最高人民法院"
    assert "抄送" not in g  # the template's 抄送：××××（抄送单位名称） is not this notice's
    texts = [getattr(b, "text", "") for b in doc.blocks]
    assert "现将《最高人民法院关于加强司法建议工作的意见》印发给你们，请结合工作实际，认真贯彻执行。" in texts
    assert "附件" in [h.text for h in doc.headings]  # the attachment starts at a heading
    assert any(t.startswith("为充分发挥人民法院审判职能作用") for t in texts)
    assert "××法建[20××]××号" in "".join(texts)  # template lines stay as text
    rules = _rules(report)
    # line 2 glues title, 发文字号 and 主送机关 (split by the structure stage or by this one)
    assert {c.where.line for c in rules["gongwen_doc_number"] + rules["gongwen_addressee"]} == {2}
    assert "最高人民法院印发《关于加强司法建议工作的意见》的通知法" not in "".join(texts)


def test_spc_decision_number_glued_to_title():
    raw = (CORPUS / "dev" / "spc_decision_2013_table.txt").read_bytes()
    doc, _ = normalize_bytes(raw, "spc_decision_2013_table.txt")
    assert doc.meta.gongwen["发文字号"] == "法释〔2013〕2号"


@pytest.mark.parametrize("name", ["xczx_opinion_2018.txt", "govreport_2024.txt",
                                  "cpc19_report.txt", "rmrb_2001_pku.lines1-60.txt"])
def test_other_kinds_of_text_are_not_gongwen(name):
    doc, report = normalize_bytes((CORPUS / "dev" / name).read_bytes(), name)
    assert doc.meta.gongwen == {}
    assert not _rules(report)


@pytest.mark.parametrize(
    "text",
    [
        # a number quoted in a sentence is not a 版头
        "关于做好防汛工作的通知\n根据《国务院关于加强防汛工作的通知》（国发〔2023〕5号）要求，"
        "现通知如下。\n各区县要做好准备。\n",
        # a colon line alone, without 发文字号, 成文日期 or 抄送, is a salutation
        "致全市人民的一封信\n各位市民朋友：\n    汛期将至，请注意安全。\n",
    ],
)
def test_weak_evidence_changes_nothing(text):
    doc, report = normalize_text(text, "x.txt")
    assert doc.meta.gongwen == {} and not _rules(report)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("二〇一二年三月十五日", "2012年3月15日"), ("二〇二三年十月二十一日", "2023年10月21日"),
     ("二〇二〇年十二月十日", "2020年12月10日"), ("2023年03月05日", "2023年3月5日")],
)
def test_arabic_date(text, expected):
    assert arabic_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("各区县人民政府，市级有关部门：", True), ("国务院各部委、各直属机构：", True),
     ("各位市民朋友：", False), ("提出以下意见：", False), ("现通知如下。各单位：", False)],
)
def test_is_addressee(text, expected):
    assert is_addressee(text) is expected
