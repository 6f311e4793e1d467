"""Headings are styled by what they are (Heading.role), not by their depth: every heading role
has one face and size per document in both themes, read back from the PDF's glyphs."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from pdf_pages import LAW, REPORT, THEMES, Rendered, load, read, render_job

from zhpress.check.readback import content_chars
from zhpress.model import HEADING_ROLES, Heading
from zhpress.style.theme import load_theme

GOV_REPORT = "hailar-gov-report-2017.gbk.txt"  # no title: its 一、 headings are at level 1
FACE_STRENGTH = {"hei": 3, "title": 3, "song": 2, "fangsong": 1, "kai": 1}


@pytest.fixture(scope="module")
def gov_report(tmp_path_factory) -> dict[str, Rendered]:
    tmp = tmp_path_factory.mktemp("roles")
    out = {}
    for theme in THEMES:
        path = Path(render_job((GOV_REPORT, theme, True, str(tmp / f"{theme}.pdf"))))
        out[theme] = read(Rendered(GOV_REPORT, theme, True, path, load(GOV_REPORT)))
    return out


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def role_looks(r: Rendered) -> dict[str, set[tuple[str, float]]]:
    """role -> the (font, size) pairs of its headings' Han characters in the PDF. A heading is
    the start of its block's lines (a run-in heading shares them with its paragraph)."""
    lines = r.unit_lines()
    looks: dict[str, set[tuple[str, float]]] = defaultdict(set)
    blocks = list(r.doc.blocks)
    unit = -1
    for i, block in enumerate(blocks):
        merged = i and isinstance(blocks[i - 1], Heading) and blocks[i - 1].run_in
        if not merged:
            unit += 1
        if not isinstance(block, Heading) or not block.role:
            continue
        wanted = len(content_chars(block.text))
        chars = [c for line in lines[unit] for c in line.chars if content_chars(c["text"])]
        for c in chars[:wanted]:
            if _is_han(c["text"]):
                looks[block.role].add((c["fontname"].split("+", 1)[-1], round(c["size"], 1)))
    return looks


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", [REPORT, LAW])
def test_each_role_has_one_look_per_document(rendered, name, theme):
    looks = role_looks(rendered[name, theme, True])
    print(f"\n{name} {theme}: " + "; ".join(f"{k} {sorted(v)}" for k, v in looks.items()))
    assert looks, "no heading role found"
    for role, seen in looks.items():
        assert len(seen) == 1, (role, seen)
        style = load_theme(theme).role_style(role)
        if style is not None:  # the theme's size for the role, wherever the heading sits
            assert next(iter(seen))[1] == style["size_pt"], (role, seen)


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
def test_a_role_looks_the_same_whatever_its_depth(rendered, gov_report, theme):
    """一、 is level 1 in a report without a title and level 2 under one: one look for both,
    never the 22 pt title style; （一） is 楷体 in gongwen, not the 黑体 of run-in leads."""
    deep, shallow = role_looks(rendered[REPORT, theme, True]), role_looks(gov_report[theme])
    assert {h.level for h in gov_report[theme].doc.headings if h.role == "num-cn"} == {1}
    assert shallow["num-cn"] == deep["num-cn"]
    assert shallow["num-paren-cn"] == deep["num-paren-cn"]
    if theme == "gongwen":
        ((face, _),) = deep["num-paren-cn"]
        assert face == load_theme(theme).face("kai").family.replace(" ", "-")


@pytest.mark.parametrize("theme", THEMES)
def test_every_role_is_styled_and_a_chapter_is_never_weaker_than_its_section(theme):
    t = load_theme(theme)
    for role in HEADING_ROLES:
        assert t.role_style(role) is not None, role

    def strength(role: str) -> tuple[float, int, int]:
        style = t.role_style(role)
        return (style["size_pt"], FACE_STRENGTH[style["role"]],
                style.get("weight", "normal") == "bold")

    order = ["volume", "part", "subpart", "chapter", "section"]
    for bigger, smaller in zip(order, order[1:], strict=False):
        assert strength(bigger) >= strength(smaller), (bigger, smaller)
    assert strength("chapter") > strength("section")
    assert strength("num-cn") > strength("num-paren-cn")
