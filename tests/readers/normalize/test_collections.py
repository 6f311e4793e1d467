"""Collections of short works (collections.py) on synthetic books of the kinds the corpus barely
holds: a 唐詩三百首-style anthology (卷 grids of poem titles, verse, poets' names), a
古文觀止-style one (卷之X, one title a line, indented essays), a 故事会-style compilation under
第X卷. A 卷's contents are the evidence for its works' titles: a short line the contents list is
a title, in the contents' order; a short line they do not list is text."""

from __future__ import annotations

import pytest
from test_normalize_invariants import check_invariants

from zhpress.model import Document, ListBlock
from zhpress.readers.normalize import normalize_text
from zhpress.readers.normalize.collections import (
    contents_entries,
    is_volume_line,
    read_collection,
    work_titles,
)


def outline(doc: Document) -> list[tuple[int, str]]:
    return [(h.level, h.outline_text) for h in doc.headings]


def lists(doc: Document) -> list[tuple[str, ...]]:
    return [b.items for b in doc.blocks if isinstance(b, ListBlock)]


@pytest.mark.parametrize(("line", "volume"), [
    ("卷一", True), ("卷之二", True), ("卷十二", True), ("卷上", True), ("第三卷", True),
    ("卷3", True), ("卷一 ", True),
    ("卷一百回", False), ("卷起千堆雪", False), ("第三卷第二章", False), ("試卷", False),
])
def test_volume_line(line: str, volume: bool) -> None:
    assert is_volume_line(line) is volume


@pytest.mark.parametrize(("line", "entries"), [
    ("考城隍 耳中人 屍變", ["考城隍", "耳中人", "屍變"]),
    ("靜夜思\u3000\u3000春曉", ["靜夜思", "春曉"]),
    ("桃花源記", ["桃花源記"]),
    ("床前明月光，疑是地上霜。", None),  # verse: a sentence, not a title
    ("君子曰：", None),
    ("這是一個很長很長很長的句子而不是任何作品的題目", None),
    ("卷二", None),  # the next volume, not a work
])
def test_contents_entries(line: str, entries: list[str] | None) -> None:
    assert contents_entries(line) == entries


@pytest.mark.parametrize(("texts", "found"), [
    # each listed title once, in order
    (["甲篇", "正文。", "乙篇", "正文。"], [0, 2]),
    # a title missing from the text: the next ones still count
    (["乙篇", "正文。", "丙篇"], [0, 2]),
    # a title met again after a later one is text (a story quoting another's name)
    (["甲篇", "正文。", "乙篇", "甲篇", "丙篇"], [0, 2, 4]),
    # a short line the contents do not list is text
    (["甲篇", "之。", "乙篇"], [0, 2]),
    # spaces inside a title line do not matter
    (["甲 篇", "乙篇"], [0, 1]),
])
def test_work_titles(texts: list[str], found: list[int]) -> None:
    assert work_titles(texts, 0, len(texts), ["甲篇", "乙篇", "丙篇"]) == found


TANG = """唐詩三百首   蘅塘退士　編

卷一

靜夜思 春曉 登鸛雀樓
相思

靜夜思

李白
床前明月光，疑是地上霜。
舉頭望明月，低頭思故鄉。

春曉

孟浩然
春眠不覺曉，處處聞啼鳥。
夜來風雨聲，花落知多少。

登鸛雀樓

王之渙
白日依山盡，黃河入海流。
欲窮千里目，更上一層樓。

相思

王維
紅豆生南國，春來發幾枝。
願君多采擷，此物最相思。

卷二

鹿柴 江雪

鹿柴

王維
空山不見人，但聞人語響。
返景入深林，復照青苔上。

江雪

柳宗元
千山鳥飛絕，萬徑人蹤滅。
孤舟蓑笠翁，獨釣寒江雪。
"""


def test_anthology_of_poems() -> None:
    doc, _ = normalize_text(TANG, "tang.txt")
    assert outline(doc) == [
        (1, "唐詩三百首"), (2, "卷一"), (3, "靜夜思"), (3, "春曉"), (3, "登鸛雀樓"),
        (3, "相思"), (2, "卷二"), (3, "鹿柴"), (3, "江雪")]
    assert doc.meta.author == "蘅塘退士"
    # the grids are lists of the volume's works, never headings
    assert lists(doc) == [("靜夜思", "春曉", "登鸛雀樓", "相思"), ("鹿柴", "江雪")]
    assert {h.role for h in doc.headings if h.level == 3} == {"headline"}
    check_invariants(TANG.encode(), "tang.txt")


GUWEN = """古文觀止

卷之一

鄭伯克段于鄢
周鄭交質

鄭伯克段于鄢

    初，鄭武公娶于申，曰武姜，生莊公及共叔段。莊公寤生，驚姜氏，故名曰寤生，遂惡
之。
    君子曰：
    潁考叔，純孝也，愛其母，施及莊公。

周鄭交質

    鄭武公、莊公為平王卿士。王貳于虢，鄭伯怨王。

卷之二

曹劌論戰

曹劌論戰

    十年春，齊師伐我。公將戰，曹劌請見。
"""


def test_anthology_of_essays() -> None:
    doc, _ = normalize_text(GUWEN, "guwen.txt")
    # 之。 (a wrapped last line) and 君子曰： are text: the contents do not list them
    assert outline(doc) == [
        (1, "古文觀止"), (2, "卷之一"), (3, "鄭伯克段于鄢"), (3, "周鄭交質"), (2, "卷之二"),
        (3, "曹劌論戰")]
    # a volume of one work counts once the book's other volumes are read as a collection
    assert lists(doc) == [("鄭伯克段于鄢", "周鄭交質"), ("曹劌論戰",)]
    check_invariants(GUWEN.encode(), "guwen.txt")


STORIES = """故事會精選

第一卷

老井 雨夜

老井

    村口有一口老井。

雨夜

    那天夜裡下著大雨。

第二卷

鄰居 回家

鄰居

    新來的鄰居很安靜。

回家

    他終於回家了。
"""


def test_compilation_under_numbered_volumes() -> None:
    doc, _ = normalize_text(STORIES, "stories.txt")
    assert outline(doc) == [
        (1, "故事會精選"), (2, "第一卷"), (3, "老井"), (3, "雨夜"), (2, "第二卷"), (3, "鄰居"),
        (3, "回家")]
    check_invariants(STORIES.encode(), "stories.txt")


def test_a_volume_line_without_contents_makes_no_works() -> None:
    """卷一 followed by verse (no list of titles that come back) is no collection: the short
    lines stay text."""
    text = "詩鈔\n\n卷一\n\n青山\n\n青山高。\n\n綠水\n\n綠水長。\n"
    doc, _ = normalize_text(text, "poems.txt")
    assert [t for _, t in outline(doc)] == ["詩鈔"]
    assert read_collection(["卷一", "青山", "青山高。", "綠水", "綠水長。"]).works == set()
    # a single volume listing one line that comes back is no evidence of a collection
    assert read_collection(["卷一", "青山", "青山", "青山高。"]).volumes == set()


def test_contents_must_come_back() -> None:
    """A grid whose titles mostly never come back as lines is not read as contents."""
    texts = ["卷一", "甲篇 乙篇 丙篇 丁篇", "甲篇", "正文。"]
    assert read_collection(texts).volumes == set()
    texts = ["卷一", "甲篇 乙篇 丙篇", "甲篇", "正文。", "乙篇", "正文。"]
    found = read_collection(texts)
    assert found.volumes == {0} and found.works == {2, 4} and found.contents == {
        1: (2, ["甲篇", "乙篇", "丙篇"])}


MAGAZINE = """故事會合訂本

目錄

序言
老井
雨夜

序言

    本集收錄短篇故事。

老井

    村口有一口老井。
    老井

雨夜

    那天夜裡下著大雨。
"""


def test_book_contents_without_volumes() -> None:
    """A compilation's own 目錄 lists its stories: each listed title that comes back alone is a
    story's title; 序言 is a named part; the 目錄 is a list."""
    doc, _ = normalize_text(MAGAZINE, "mag.txt")
    assert outline(doc) == [(1, "故事會合訂本"), (2, "序言"), (2, "老井"), (2, "雨夜")]
    assert [h.role for h in doc.headings] == ["title", "front", "headline", "headline"]
    assert ("序言", "老井", "雨夜") in lists(doc)
    check_invariants(MAGAZINE.encode(), "mag.txt")


@pytest.mark.parametrize(("line", "title", "author"), [
    ("聊齋誌異   蒲松齡\u3000著\u3000 ", "聊齋誌異", "蒲松齡"),  # spaces folded to one by the normalizer
    ("聊齋誌異 蒲松齡 著", "聊齋誌異", "蒲松齡"),
    ("唐詩三百首 蘅塘退士 編", "唐詩三百首", "蘅塘退士"),
    ("古文觀止 吳楚材 吳調侯 選", "古文觀止", "吳楚材 吳調侯"),
    ("战争与和平 列夫·托尔斯泰 著", "战争与和平", "列夫·托尔斯泰"),
])
def test_collection_title_and_author(line: str, title: str, author: str) -> None:
    """`书名 + spaces + 作者 + 著/編/選`: the title is the book's name, the author front matter."""
    doc, _ = normalize_text(f"{line}\n\n卷一\n\n正文第一段。\n", "book.txt")
    assert outline(doc)[0] == (1, title)
    assert doc.meta.title == title
    assert doc.meta.author.replace("\u3000", " ").startswith(author)


@pytest.mark.parametrize("line", ["古文觀止 吳楚材吳調侯選", "宋词精选", "中共中央 国务院关于某事的意见"])
def test_title_without_author(line: str) -> None:
    doc, _ = normalize_text(f"{line}\n\n正文第一段。\n", "book.txt")
    assert outline(doc)[0] == (1, line) and not doc.meta.author
