"""Title blocks (readers/normalize/titles.py) and a .txt input's own front matter
(front_matter.py): each shape of title block on short synthetic lines, then end to end through
the normalizer, then the corpus texts whose title an editor reads off the page."""

from __future__ import annotations

import re

import pytest
from helpers import CORPUS
from hypothesis import given, settings
from hypothesis import strategies as st

from zhpress.errors import BadInput
from zhpress.model import Div, Heading
from zhpress.readers.normalize import normalize_bytes, normalize_text
from zhpress.readers.normalize.titles import iso_date, read_title_block

# (name, first paragraphs, expected parts as (kind, text), expected meta subset)
SHAPES = [
    ("title, occasion and speaker on one line",
     ["政府工作报告——2018年3月5日在第十三届全国人民代表大会第一次会议上国务院总理 某某某",
      "各位代表：", "现在，我代表国务院向大会报告政府工作。"],
     [("title", "政府工作报告"),
      ("occasion", "——2018年3月5日在第十三届全国人民代表大会第一次会议上"),
      ("speaker", "国务院总理 某某某"), ("salutation", "各位代表：")],
     {"title": "政府工作报告", "date": "2018-03-05", "author": "国务院总理 某某某",
      "subtitle": "2018年3月5日在第十三届全国人民代表大会第一次会议上"}),
    ("occasion written with ASCII hyphens, on the title line",
     ["政府工作报告----2012年3月5日在第十一届全国人民代表大会第五次会议上",
      "国务院总理 温某某", "各位代表：", "正文。"],
     [("title", "政府工作报告"),
      ("occasion", "----2012年3月5日在第十一届全国人民代表大会第五次会议上"),
      ("speaker", "国务院总理 温某某"), ("salutation", "各位代表：")],
     {"date": "2012-03-05"}),
    ("occasion written with ASCII hyphens, on its own line",
     ["某市人民政府工作报告", "----2012年1月5日在某市第三届人民代表大会第二次会议上",
      "某市市长 李某", "各位代表：", "正文。"],
     [("title", "某市人民政府工作报告"),
      ("occasion", "----2012年1月5日在某市第三届人民代表大会第二次会议上"),
      ("speaker", "某市市长 李某"), ("salutation", "各位代表：")],
     {"title": "某市人民政府工作报告", "date": "2012-01-05"}),
    ("two-line title, undated occasion, date line, bare name, salutation",
     ["决胜某某目标", "夺取某某事业伟大胜利", "——在某某党第九次全国代表大会上的报告",
      "（2017年10月18日）", "张三", "同志们：", "现在，我代表委员会向大会作报告。"],
     [("title", "决胜某某目标 夺取某某事业伟大胜利"),
      ("occasion", "——在某某党第九次全国代表大会上的报告"), ("date", "（2017年10月18日）"),
      ("speaker", "张三"), ("salutation", "同志们：")],
     {"title": "决胜某某目标 夺取某某事业伟大胜利", "date": "2017-10-18", "author": "张三",
      "subtitle": "在某某党第九次全国代表大会上的报告"}),
    ("date line in Chinese numerals (with ○ for 〇)",
     ["在某某座谈会上的讲话", "（二○一六年十二月三十一日）", "李四", "同志们：", "正文。"],
     [("title", "在某某座谈会上的讲话"), ("date", "（二○一六年十二月三十一日）"),
      ("speaker", "李四"), ("salutation", "同志们：")],
     {"date": "2016-12-31"}),
    ("a subtitle line with a dash that is no occasion",
     ["春天的回响", "——写在某某工程竣工之际", "正文。"],
     [("title", "春天的回响"), ("subtitle", "——写在某某工程竣工之际")],
     {"subtitle": "写在某某工程竣工之际"}),
    ("《书名》作者 on one line",
     ["《某某演义》罗某某", "第一回 宴某某"],
     [("title", "某某演义"), ("author", "罗某某")], {"title": "某某演义", "author": "罗某某"}),
    ("《书名》 作者：X",
     ["《某园记》 作者：王某", "正文。"],
     [("title", "某园记"), ("author", "作者：王某")], {"author": "王某"}),
    ("title and author 著 separated by spaces",
     ["某斋志异   蒲某某　著", "卷一"],
     [("title", "某斋志异"), ("author", "蒲某某　著")], {"author": "蒲某某"}),
    ("title line, then an author line",
     ["某林外史", "清 吴某某著", "第一回 说楔子"],
     [("title", "某林外史"), ("author", "清 吴某某著")], {"author": "清 吴某某"}),
    ("official document: title, 发文字号 and 主送 glued on one line",
     ["某某局关于加强某某工作的通知某发〔2020〕3号各区县某某局，某某中心：", "正文。"],
     [("title", "某某局关于加强某某工作的通知"), ("doc-number", "某发〔2020〕3号"),
      ("addressee", "各区县某某局，某某中心：")], {"title": "某某局关于加强某某工作的通知"}),
    ("official document on separate lines, ASCII brackets in the number",
     ["关于某事的通知", "国办发[2019]12号", "各省、自治区、直辖市人民政府：", "正文。"],
     [("title", "关于某事的通知"), ("doc-number", "国办发[2019]12号"),
      ("addressee", "各省、自治区、直辖市人民政府：")], {}),
    ("a compiler's label repeating the title with a year",
     ["某院关于某事的通知(2012)", "某院关于某事的通知法[2012]7号各高级人民法院：", "正文。"],
     [("compiler-title", "某院关于某事的通知(2012)"), ("title", "某院关于某事的通知"),
      ("doc-number", "法[2012]7号"), ("addressee", "各高级人民法院：")], {}),
    ("no title line: starts at the occasion",
     ["—2017年2月11日在某区第十四届人民代表大会第六次会议上", "某区人民政府区长 王某",
      "各位代表：", "现在，我代表某区人民政府向大会作工作报告，请予审议。"],
     [("occasion", "—2017年2月11日在某区第十四届人民代表大会第六次会议上"),
      ("speaker", "某区人民政府区长 王某"), ("salutation", "各位代表：")], {}),
    ("a short first line and a short second line without a title block after it",
     ["春天的故事", "第一章 开端", "正文。"], [("title", "春天的故事")], {}),
    ("a bare name is not a speaker without an occasion or a date",
     ["某某文集", "张三", "正文。"], [("title", "某某文集")], {}),
    ("an issuing body as the speaker, before the salutation",
     ["关于某某计划执行情况的报告", "——2024年3月5日在第十四届全国人民代表大会第二次会议上",
      "国家发展和改革委员会", "各位代表：", "正文。"],
     [("title", "关于某某计划执行情况的报告"),
      ("occasion", "——2024年3月5日在第十四届全国人民代表大会第二次会议上"),
      ("speaker", "国家发展和改革委员会"), ("salutation", "各位代表：")], {}),
    ("a speech titled 在…上的讲话, its date and a bare name",
     ["在全国某某大会上的讲话", "（2016年5月30日）", "习某某", "同志们：", "正文。"],
     [("title", "在全国某某大会上的讲话"), ("date", "（2016年5月30日）"), ("speaker", "习某某"),
      ("salutation", "同志们：")], {"date": "2016-05-30"}),
    ("a law's adoption note is not part of a title block",
     ["中华人民共和国某某法", "（2020年5月28日第十三届全国人民代表大会第三次会议通过）", "目录"],
     [("title", "中华人民共和国某某法")], {}),
    ("a newspaper's name and date are no book and author",
     ["《某某日报》2001年1月1日", "正文。"], [("title", "《某某日报》2001年1月1日")], {}),
    ("an addressee under a notice's title without a document number",
     ["关于做好某某工作的通知", "各区县人民政府，市政府各部门：", "现将有关事项通知如下：", "一、总体要求"],
     [("title", "关于做好某某工作的通知"), ("addressee", "各区县人民政府，市政府各部门：")], {}),
    ("a sentence ending in a colon is no salutation",
     ["关于做好某某工作的通知", "现将有关事项通知如下：", "一、总体要求"],
     [("title", "关于做好某某工作的通知")], {}),
    ("a salutation with several parties",
     ["在某某论坛开幕式上的致辞", "（2019年4月26日）", "尊敬的各位来宾，女士们，先生们：", "正文。"],
     [("title", "在某某论坛开幕式上的致辞"), ("date", "（2019年4月26日）"),
      ("salutation", "尊敬的各位来宾，女士们，先生们：")], {}),
    ("a compilation's second line ending in 汇编 is no author",
     ["某某法律文件", "二〇二〇年汇编", "正文。"], [("title", "某某法律文件")], {}),
    ("a long title (over 40) with its adoption note under it",
     ["全国人民代表大会常务委员会关于修改《中华人民共和国某某法》《中华人民共和国某某某法》等十二部法律的决定",
      "（2023年12月29日第十四届全国人民代表大会常务委员会第七次会议通过）"],
     [("title", "全国人民代表大会常务委员会关于修改《中华人民共和国某某法》《中华人民共和国某某某法》"
                "等十二部法律的决定")], {}),
    ("a long title (over 40) with a date line",
     ["中共某某省委办公厅 某某省人民政府办公厅关于进一步加强和改进新形势下某某领域某某工作的若干意见",
      "（2024年1月2日）", "正文。"],
     [("title", "中共某某省委办公厅 某某省人民政府办公厅关于进一步加强和改进新形势下某某领域某某工作的若干意见"),
      ("date", "（2024年1月2日）")], {"date": "2024-01-02"}),
    ("a line over 40 characters with nothing under it that says title is no title",
     ["这是一行很长的文字没有标点但是它后面没有任何标题块的行所以它不应该被当成标题来处理好的吧", "正文。"],
     [], {}),
    ("traditional characters: 在…會議上的講話, 們",
     ["在某某會議上的講話", "（2016年5月30日）", "李某某", "同志們：", "正文。"],
     [("title", "在某某會議上的講話"), ("date", "（2016年5月30日）"), ("speaker", "李某某"),
      ("salutation", "同志們：")], {}),
    ("a first line that is a sentence is no title",
     ["现在，我代表区人民政府向大会作工作报告。", "一、回顾"], [], {}),
    ("a numbered first line is no title", ["一、总则", "正文。"], [], {}),
]


@pytest.mark.parametrize(("name", "texts", "parts", "meta"), SHAPES, ids=[s[0] for s in SHAPES])
def test_title_block_shapes(name: str, texts: list[str], parts: list[tuple[str, str]],
                            meta: dict[str, str]) -> None:
    block = read_title_block(texts)
    assert [(p.kind, p.text) for p in block.parts] == parts
    assert block.meta.items() >= meta.items()
    # the block ends where the body starts; every character of a consumed line is in a part
    used = "".join(texts[:block.consumed])
    kept = "".join(p.text for p in block.parts)
    for ch in used:
        assert ch in kept or ch in "《》 ", ch


def test_news_page_has_no_title_block() -> None:
    assert read_title_block(["澜沧江电力开发成为新税源", "本报讯 到去年年底…。"],
                            news_page=True).parts == []


@pytest.mark.parametrize(("text", "iso"), [
    ("（2017年10月18日）", "2017-10-18"), ("二〇一二年三月十五日", "2012-03-15"),
    ("二○○○年十二月三十一日", "2000-12-31"), ("2024年3月5日在某会议上", "2024-03-05"),
    ("2024年13月5日", ""), ("无日期", ""),
])
def test_iso_date(text: str, iso: str) -> None:
    assert iso_date(text) == iso


# --- end to end: blocks, front matter, warnings ------------------------------------------------
def _title_warnings(rep: object) -> list[str]:
    return [w.message for w in rep.warnings if w.rule == "title_block"]  # type: ignore[attr-defined]


def test_title_block_becomes_heading_and_divs() -> None:
    doc, rep = normalize_text("决胜某某目标\n　　夺取某某事业伟大胜利\n　　——在某某党第九次全国代表大会上"
                              "的报告\n（2017年10月18日）\n张三\n　　同志们：\n　　现在，我作报告。\n",
                              "x.txt")
    top = [(type(b).__name__, getattr(b, "cls", getattr(b, "level", None)), b.text)
           for b in doc.blocks[:5]]
    assert top == [("Heading", 1, "决胜某某目标 夺取某某事业伟大胜利"),
                   ("Div", "occasion", "——在某某党第九次全国代表大会上的报告"),
                   ("Div", "date", "（2017年10月18日）"), ("Div", "speaker", "张三"),
                   ("Div", "salutation", "同志们：")]
    assert doc.meta.date == "2017-10-18" and doc.meta.author == "张三"
    assert _title_warnings(rep) == []


def test_no_title_is_never_the_file_name() -> None:
    doc, rep = normalize_text("这是一段没有标题的文字。\n\n又一段。\n", "my-notes_2024.utf8.txt")
    assert doc.meta.title == ""
    assert not any(isinstance(b, Heading) for b in doc.blocks)
    [warning] = _title_warnings(rep)
    assert "add a title line" in warning and "title:" in warning


def test_inferred_work_report_title_is_warned() -> None:
    doc, rep = normalize_text("—2017年2月11日在某区第十四届人民代表大会第六次会议上\n\n某区人民政府区长 "
                              "王某\n\n各位代表：\n\n现在，我代表某区人民政府向大会作工作报告，请予审议。\n",
                              "report.txt")
    assert doc.meta.title == "政府工作报告"
    assert not any(isinstance(b, Heading) and b.text == "政府工作报告" for b in doc.blocks)
    [warning] = _title_warnings(rep)
    assert "inferred" in warning and "向大会作工作报告" in warning


@pytest.mark.parametrize(("first", "title"), [
    ("现在，我代表某区人民政府向大会作工作报告，请予审议。", "政府工作报告"),
    ("现在，我代表国务院，向大会报告政府工作，请予审议。", "政府工作报告"),
    ("我代表最高人民法院向大会报告工作，请予审议。", "最高人民法院工作报告"),
    ("受某市人民代表大会常务委员会委托，向大会报告工作，请予审议。",
     "某市人民代表大会常务委员会工作报告"),
    ("现在，我代表某公司向会议作报告。", ""),  # no 工作报告, no body of state: no title
])
def test_inferred_report_titles(first: str, title: str) -> None:
    from zhpress.readers.normalize.titles import infer_title
    texts = ["——2017年2月11日在某市第十四届人民代表大会第六次会议上", "各位代表：", first]
    block = read_title_block(texts)
    got = infer_title(texts, block)
    assert (got[0] if got else "") == title


FRONT = "---\ntitle: 某区政府工作报告\nauthor: 王某\ndate: 2017-02-11\n---\n"
BODY = "—2017年2月11日在某区第十四届人民代表大会第六次会议上\n\n各位代表：\n\n现在，我代表某区人民政府向大会作工作报告。\n"


def test_front_matter_gives_the_title() -> None:
    doc, rep = normalize_text(FRONT + BODY, "x.txt")
    assert (doc.meta.title, doc.meta.author, doc.meta.date) == ("某区政府工作报告", "王某",
                                                                "2017-02-11")
    assert _title_warnings(rep) == []
    # the block left the text, and the report says so
    text = "".join(b.text for b in doc.blocks)
    assert "title" not in text and "---" not in text
    [change] = [c for c in rep.changes if c.rule == "front_matter"]
    assert change.before == FRONT.rstrip("\n") and change.after == ""
    # the rest of the text is as without the block
    plain, _ = normalize_text(BODY, "x.txt")
    assert plain.blocks == doc.blocks or [b.text for b in plain.blocks] == \
        [b.text for b in doc.blocks]


def test_front_matter_title_wins_over_title_line_with_a_warning() -> None:
    doc, rep = normalize_text("---\ntitle: 正式标题\n---\n草稿标题\n\n正文。\n", "x.txt")
    assert doc.meta.title == "正式标题"
    assert any("正式标题" in w and "草稿标题" in w for w in _title_warnings(rep))


@pytest.mark.parametrize(("front", "cause"), [
    ("---\ntitle: [unclosed\n---\n", "not valid YAML"),
    ("---\ntitel: 报告\n---\n", "'titel'"),
    ("---\ntitle:\n  a: b\n---\n", "one line of text"),
    ("---\ndate: 2024-13-45\n---\n", "not a calendar date"),
    ("---\ntitle: &a x\nauthor: *a\n---\n", "alias"),
    ("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n", "nested too deeply"),
])
def test_bad_front_matter_is_one_clear_line(front: str, cause: str) -> None:
    with pytest.raises(BadInput) as err:
        normalize_text(front + "正文。\n", "x.txt")
    message = str(err.value)
    assert cause in message and "\n" not in message


@pytest.mark.parametrize("text", ["---\n第一章\n---\n正文。\n", "---\n- a\n- b\n---\n正文。\n",
                                  "---\n正文第一段。\n"])
def test_dash_rules_that_open_no_key_are_text(text: str) -> None:
    doc, rep = normalize_text(text, "x.txt")
    assert not [c for c in rep.changes if c.rule == "front_matter"]
    assert any("正文" in b.text for b in doc.blocks)


def test_front_matter_with_bom_and_crlf() -> None:
    raw = "\ufeff---\r\ntitle: 某区政府工作报告\r\n---\r\n正文。\r\n".encode()
    doc, _ = normalize_bytes(raw, "x.txt")
    assert doc.meta.title == "某区政府工作报告" and [b.text for b in doc.blocks] == ["正文。"]


def test_dashes_without_a_closing_line_are_text() -> None:
    doc, rep = normalize_text("---\n正文第一段。\n", "x.txt")
    assert not [c for c in rep.changes if c.rule == "front_matter"]
    assert any("正文第一段" in b.text for b in doc.blocks)


# --- the corpus: titles an editor reads off the page ------------------------------------------
CORPUS_TITLES = [
    ("dev/cpc19_report.txt", "决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利",
     [("occasion", "——在中国共产党第十九次全国代表大会上的报告"), ("date", "（2017年10月18日）"),
      ("speaker", "习近平"), ("salutation", "同志们：")]),
    ("dev/govreport_2024.txt", "政府工作报告",
     [("occasion", "——2024年3月5日在第十四届全国人民代表大会第二次会议上"),
      ("speaker", "国务院总理\u2002李强"), ("salutation", "各位代表：")]),
    ("dev/spc_notice_2012_74.txt", "最高人民法院印发《关于加强司法建议工作的意见》的通知",
     [("compiler-title", "最高人民法院印发《关于加强司法建议工作的意见》的通知（2012）"),
      ("doc-number", "法[2012]74号"),
      ("addressee", "各省、自治区、直辖市高级人民法院，解放军军事法院，新疆维吾尔自治区高级人民法院"
                    "生产建设兵团分院：")]),
    ("hailar-gov-report-2017.gbk.txt", "政府工作报告",
     [("occasion", "—2017年2月11日在海拉尔区第十四届人民代表大会第六次会议上"),
      ("speaker", "海拉尔区人民政府代区长 杨国宏"), ("salutation", "各位代表：")]),
]


@pytest.mark.parametrize(("name", "title", "divs"), CORPUS_TITLES, ids=[c[0] for c in CORPUS_TITLES])
def test_corpus_titles(name: str, title: str, divs: list[tuple[str, str]]) -> None:
    path = CORPUS / name
    doc, _ = normalize_bytes(path.read_bytes(), path.name)
    assert doc.meta.title == title
    got = [(b.cls, b.text) for b in doc.blocks[:8] if isinstance(b, Div)]
    assert got[:len(divs)] == divs
    assert path.stem not in doc.meta.title


# --- an official document's close, its attachment and an appended form -----------------------
def test_glued_close_splits_into_body_date_attachment_and_title() -> None:
    doc, _ = normalize_text(
        "关于印发《某某办法》的通知\n某发〔2012〕7号\n各区县人民法院：\n"
        "现将《某某办法》印发给你们，请认真执行。二〇一二年三月十五日附：某某院关于某某工作的意见"
        "为做好某某工作，制定本意见。\n一、总体要求\n正文。\n", "x.txt")
    shown = [(type(b).__name__, getattr(b, "cls", getattr(b, "level", "")), b.text)
             for b in doc.blocks]
    assert shown[3:9] == [
        ("Paragraph", "", "现将《某某办法》印发给你们，请认真执行。"),
        ("Div", "doc-date", "二〇一二年三月十五日"), ("Div", "attachment", "附："),
        ("Heading", 2, "某某院关于某某工作的意见"),
        ("Paragraph", "", "为做好某某工作，制定本意见。"), ("Heading", 3, "一、总体要求")]
    assert doc.meta.date == "2012-03-15"


@pytest.mark.parametrize(("text", "split"), [
    ("请认真执行。2012年3月15日附件：关于某事的规定第一条内容。", True),
    ("请认真执行。二〇一二年三月十五日", False),  # no attachment: a plain paragraph
    ("请认真执行。二〇一二年三月十五日附：这里没有文件名，只是一句话。", False),
])
def test_split_close_needs_date_and_attachment_title(text: str, split: bool) -> None:
    from zhpress.readers.normalize.doc_close import split_close
    assert (split_close(text) is not None) == split


def test_appended_form_is_a_part_of_its_own() -> None:
    doc, _ = normalize_text("某某意见\n\n一、总则\n\n正文。\n\n二、附则\n\n正文。\n\n"
                            "司法建议文书样式\n\n××法建〔20××〕××号\n", "x.txt")
    assert [(h.level, h.text) for h in doc.headings][-1] == (2, "司法建议文书样式")


def test_two_line_title_breaks_where_its_author_broke_it() -> None:
    from zhpress.writers.pdf import title_lines
    lines = title_lines("决胜全面建成小康社会 夺取新时代中国特色社会主义伟大胜利", 20)
    assert [line.strip() for line in lines] == ["决胜全面建成小康社会", "夺取新时代中国特色社会主义伟大胜利"]
    # joint issuers keep their names together: the space after 中共中央 is no title line break
    lines = title_lines("中共中央 国务院关于做好某某重点工作的意见", 16)
    assert lines[0].startswith("中共中央 国务院")


@pytest.mark.parametrize(("text", "warned"), [
    ("某某文集\n\n张三\n\n正文第一段很长很长。\n", True),  # an author? a subtitle? say so
    ("某某文集\n\n第一章 开端\n\n正文。\n", False),  # a heading: no doubt
    ("某某文集\n\n这一段是正文，有标点。\n", False),
])
def test_a_short_line_under_a_lone_title_is_warned(text: str, warned: bool) -> None:
    doc, rep = normalize_text(text, "x.txt")
    assert doc.meta.title == "某某文集"
    assert any("under the title" in w for w in _title_warnings(rep)) == warned


def test_ascii_hyphen_occasion_end_to_end() -> None:
    doc, _ = normalize_text("某市政府工作报告\n----2012年1月5日在某市第三届人民代表大会第二次会议上\n"
                            "某市市长 李某\n各位代表：\n正文。\n", "x.txt")
    assert [(b.cls, b.text) for b in doc.blocks if isinstance(b, Div)] == [
        ("occasion", "----2012年1月5日在某市第三届人民代表大会第二次会议上"),
        ("speaker", "某市市长 李某"), ("salutation", "各位代表：")]
    assert (doc.meta.title, doc.meta.date) == ("某市政府工作报告", "2012-01-05")


@pytest.mark.parametrize(("text", "divs"), [
    ("关于某事的通知\n\n各区县：\n\n请遵照执行。\n\n某某市人民政府\n\n2023年5月6日\n",
     [("addressee", "各区县："), ("signature", "某某市人民政府"), ("doc-date", "2023年5月6日")]),
    ("标题\n\n正文。\n\n二〇二三年五月六日\n\n另一段。\n", [("doc-date", "二〇二三年五月六日")]),
    ("标题\n\n正文。\n\n二〇二三年五月\n", []),  # no day: not a 成文日期
    ("标题\n\n正文，\n\n某某市人民政府\n\n2023年5月6日\n", [("doc-date", "2023年5月6日")]),
])
def test_signature_and_date_at_the_close(text: str, divs: list[tuple[str, str]]) -> None:
    doc, _ = normalize_text(text, "x.txt")
    assert [(b.cls, b.text) for b in doc.blocks if isinstance(b, Div)] == divs


_PIECES = st.sampled_from([
    "政府工作报告", "——", "----", "2018年3月5日", "二〇一二年三月十五日", "在第一届代表大会上", "的报告",
    "国务院总理", " ", "\u3000", "李强", "同志们：", "各位代表：", "《", "》", "作者：", "著", "（", "）",
    "法", "[2012]", "〔2020〕", "3号", "各省、", "自治区：", "。", "，", "一、", "第一章", "附：", "意见",
])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_PIECES, min_size=1, max_size=6).map("".join), min_size=1, max_size=8))
def test_title_block_keeps_every_character(texts: list[str]) -> None:
    """Whatever the lines, the parts of a consumed line hold all its letters and digits, in
    order (only the 《》 around a book title and the spaces between parts may go)."""
    block = read_title_block(texts)
    used = "".join(texts[:block.consumed])
    kept = "".join(p.text for p in block.parts)
    assert re.sub(r"[《》\s]", "", kept) == re.sub(r"[《》\s]", "", used)
