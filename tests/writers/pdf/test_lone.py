"""No paragraph or heading ends with a line holding one character alone (clreq 孤字), in the
sample PDFs of both themes; the text is unchanged (linebreak.keep_last_two only adds U+2060)."""

from __future__ import annotations

import pytest
from pdf_pages import LAW, REPORT, THEMES, Rendered

from zhpress.check.readback import content_chars
from zhpress.typeset.linebreak import WORD_JOINER, keep_last_two


@pytest.mark.parametrize(("text", "expected"), [
    ("发展文化。", "发展文⁠化。"),
    ("围绕“好”。", "围绕⁠“⁠好”。"),
    ("国家", "国⁠家"),
    ("一", "一"),
    ("word A", "word A"),  # a space between: left alone
])
def test_keep_last_two(text, expected):
    assert keep_last_two(text) == expected.replace("⁠", WORD_JOINER)
    assert keep_last_two(text).replace(WORD_JOINER, "") == text


def lone_lines(r: Rendered) -> list[str]:
    """The last lines of multi-line blocks that hold one content character."""
    out = []
    for lines in r.unit_lines():
        if len(lines) > 1 and len(content_chars(lines[-1].text)) == 1:
            out.append(lines[-2].text[-6:] + " / " + lines[-1].text)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", [REPORT, LAW])
def test_no_block_ends_with_one_character_alone(rendered, name, theme):
    lone = lone_lines(rendered[name, theme, True])
    if name == REPORT:
        print(f"\n{theme}: plain WeasyPrint leaves "
              f"{len(lone_lines(rendered[name, theme, False]))} lone last characters")
    assert lone == []


@pytest.mark.slow
@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", [REPORT, LAW])
def test_toc_lines_never_hold_a_lone_character_or_a_lone_leader(rendered, name, theme):
    """Every line of the 目录 (its entries' lines) carries at least two characters of text: never
    "告 ……… 1" nor "……… 10" alone."""
    r = rendered[name, theme, True]
    entries = [line for line in r.front if "." in line.text or "…" in line.text
               or any(c.isdigit() for c in line.text)]
    assert entries
    bare = [line.text for line in r.front if line.text.strip() and sum(
        "\u4e00" <= c <= "\u9fff" for c in line.text) < 2]
    assert bare == []
