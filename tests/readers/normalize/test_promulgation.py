"""Promulgations flattened into one paragraph (promulgation.py), on synthetic pages of the kinds
a database or a web copy flattens: a 司法解释 with its 公告 and an attachment, a 国务院令 with
its 条例, a ministry's 令 without attachment; and paragraphs that only look like one. Numbered
tables flattened the same way (flat_table.py)."""

from __future__ import annotations

import pytest
from test_normalize_invariants import check_invariants

from zhpress.model import Div, Document, ListBlock
from zhpress.readers.normalize import normalize_text
from zhpress.readers.normalize.flat_table import numbered_rows
from zhpress.readers.normalize.promulgation import read_promulgation

T = "最高人民法院关于审理某类纠纷案件适用法律若干问题的解释"
JUDICIAL = (f"{T}法释〔2020〕7号《{T}》已于2020年5月1日由最高人民法院审判委员会第1800次会议通过，"
            f"现予公布，自2020年6月1日起施行。最高人民法院二〇二〇年五月十日{T}"
            "（2020年5月1日最高人民法院审判委员会第1800次会议通过）为正确审理某类纠纷案件，根据有关"
            "法律规定，制定本解释。本解释自公布之日起施行。附件：某类纠纷案件文书样式附件：某类纠纷案件"
            "文书样式起诉状应当写明当事人的基本情况。")
S = "某某管理条例"
STATE_COUNCIL = (f"{S}国务院令第588号《{S}》已经2010年12月29日国务院第138次常务会议通过，现予公布，"
                 f"自2011年1月1日起施行。总理 温家宝二〇一一年一月八日{S}第一条 为了规范某某管理，"
                 "制定本条例。第二条 本条例自公布之日起施行。")
R = "某某登记办法"
MINISTRY = (f"{R}《{R}》已经部务会议审议通过，现予发布，自2015年3月1日起施行。"
            f"部长 张三2015年1月20日{R}第一章 总则 第一条 为了规范某某登记，制定本办法。")


def kinds(text: str) -> list[tuple[str, str]]:
    pieces = read_promulgation(text)
    assert pieces is not None
    return [(k, text[a:b].strip()) for k, a, b in pieces]


def test_judicial_interpretation_parts() -> None:
    got = kinds(JUDICIAL)
    assert [k for k, _ in got] == ["title", "doc-number", "body", "signature", "doc-date",
                                   "document", "date", "body", "attachment", "attachment",
                                   "attachment-title", "body"]
    assert got[0][1] == T and got[1][1] == "法释〔2020〕7号" and got[3][1] == "最高人民法院"
    assert got[4][1] == "二〇二〇年五月十日" and got[5][1] == T
    assert got[8][1] == "附件：某类纠纷案件文书样式" and got[10][1] == "某类纠纷案件文书样式"


@pytest.mark.parametrize("text", [JUDICIAL, STATE_COUNCIL, MINISTRY])
def test_pieces_hold_every_character_in_order(text: str) -> None:
    pieces = read_promulgation(text)
    assert pieces is not None
    assert [a for _, a, _ in pieces][0] == 0 and pieces[-1][2] == len(text)
    assert all(b == c for (_, _, b), (_, c, _) in zip(pieces, pieces[1:], strict=False))


def test_order_and_ministry_rule() -> None:
    got = kinds(STATE_COUNCIL)
    assert ("doc-number", "国务院令第588号") in got and ("signature", "总理 温家宝") in got
    assert ("document", S) in got
    got = kinds(MINISTRY)
    assert [k for k, _ in got][:5] == ["title", "body", "signature", "doc-date", "document"]
    assert "attachment" not in [k for k, _ in got]


@pytest.mark.parametrize("text", [
    # cites a title in 《》 but does not start with it
    "根据《某某管理条例》已经通过，现予公布，自2011年1月1日起施行。总理 温家宝二〇一一年一月八日某某管理条例",
    # the title does not come back after the date: a notice, not a promulgation
    f"{S}《{S}》已经通过，现予公布，自2011年1月1日起施行。总理 温家宝二〇一一年一月八日第一条 为了规范。",
    # no promulgating verb in the notice sentence
    f"{S}《{S}》已经通过，自2011年1月1日起施行。总理 温家宝二〇一一年一月八日{S}第一条",
    # something between the title and its citation that is no 文号
    f"{S}的说明《{S}》已经通过，现予公布。二〇一一年一月八日{S}",
])
def test_not_a_promulgation(text: str) -> None:
    assert read_promulgation(text) is None


def outline(doc: Document) -> list[tuple[int, str]]:
    return [(h.level, h.outline_text) for h in doc.headings]


def stated(doc: Document) -> dict[str, str]:
    """The classed lines by class, and the 公文 elements the gongwen stage moved into the front
    matter (readers/normalize/gongwen.py) by the class of line they were."""
    out = {b.cls: b.text for b in doc.blocks if isinstance(b, Div)}
    for cls, key in (("doc-number", "发文字号"), ("signature", "署名"), ("doc-date", "成文日期")):
        if key in doc.meta.gongwen:
            out.setdefault(cls, str(doc.meta.gongwen[key]))
    return out


def test_flattened_judicial_interpretation_document() -> None:
    text = f"{T}(2020)\n{JUDICIAL}\n"
    doc, _ = normalize_text(text, "spc.txt")
    assert outline(doc) == [(1, T), (2, T), (3, "某类纠纷案件文书样式")]
    lines = stated(doc)
    assert lines["doc-number"] == "法释〔2020〕7号" and lines["signature"] == "最高人民法院"
    assert lines["doc-date"] in ("二〇二〇年五月十日", "2020年5月10日")
    assert lines["date"] == "（2020年5月1日最高人民法院审判委员会第1800次会议通过）"
    check_invariants(text.encode(), "spc.txt")


def test_flattened_state_council_order_document() -> None:
    doc, _ = normalize_text(STATE_COUNCIL + "\n", "order.txt")
    # the 条例 under its order; its text (第一条 …) is the structure stage's as usual
    assert outline(doc)[:2] == [(1, S), (2, S)]
    lines = stated(doc)
    assert lines["doc-number"] == "国务院令第588号" and lines["signature"] == "总理 温家宝"
    assert lines["doc-date"] in ("二〇一一年一月八日", "2011年1月8日")
    check_invariants((STATE_COUNCIL + "\n").encode(), "order.txt")


ROWS = ("序号 名称 发文日期、文号 废止理由"
        "1 最高人民法院 关于某事的通知 1980年1月14日 不再适用"
        "2 最高人民法院、公安部 关于某事的批复1980年2月23日〔80〕法研字第8号 已有规定"
        "3 最高人民法院 关于第2条适用的答复 1981年3月3日 已被代替")


def test_flattened_numbered_table_rows() -> None:
    """Rows are cut at 1, 2, 3 in sequence; 〔80〕, 第8号, 第2条 and dates are no row starts."""
    found = numbered_rows(ROWS)
    assert found is not None
    header, rows = found
    assert header == "序号 名称 发文日期、文号 废止理由"
    assert [r.split(" ")[0] for r in rows] == ["1", "2", "3"]
    assert rows[1].endswith("〔80〕法研字第8号 已有规定") and "第2条" in rows[2]
    assert header + "".join(rows) == ROWS.replace(" 1 ", "1 ")


@pytest.mark.parametrize("text", [
    "序号 名称1 甲2 乙",  # too few rows to be a table
    "名称 日期1 甲 2 乙 3 丙",  # no 序号 header
    "序号为1 的文件已于2 日后废止。",  # a sentence, not a header
])
def test_not_a_flattened_table(text: str) -> None:
    assert numbered_rows(text) is None


def test_flattened_table_is_a_list_in_the_document() -> None:
    text = f"某某文件目录\n\n{ROWS}\n"
    doc, _ = normalize_text(text, "table.txt")
    assert outline(doc) == [(1, "某某文件目录")]
    lists = [b for b in doc.blocks if isinstance(b, ListBlock)]
    assert len(lists) == 1 and len(lists[0].items) == 3
    check_invariants(text.encode(), "table.txt")
