"""A raw text's own front matter: a `---` YAML block at the very top of a .txt input.

A text that has no title line (a report that starts at its occasion line, an excerpt) can say
its title where the publication needs it, in the same form as the structured Markdown's front
matter (design.md):

    ---
    title: 政府工作报告
    author: 海拉尔区人民政府代区长 杨国宏
    ---

The block is read with the same safe YAML loader as the Markdown's (no aliases, no tags, dates
kept as text), only the Markdown's front-matter keys are accepted, and a bad block is one clear
error line. Its lines leave the text and the report records their removal.
"""

from __future__ import annotations

import re
from dataclasses import replace

import yaml

from zhpress.errors import BadInput
from zhpress.limits import MAX_FRONT_MATTER_BYTES
from zhpress.model import META_KEYS
from zhpress.readers.markdown import _FrontMatterLoader, _meta
from zhpress.readers.normalize.decode import Decoded
from zhpress.readers.normalize.report import Change, Where

RULE = "front_matter"
CLAUSE = "design.md structured Markdown: the YAML front matter (title, author, date…)"
MAX_LINES = 40  # a front matter block is a handful of key: value lines
# a block is front matter when it opens like one (title: …); `---` rules around a chapter line
# (---/第一章/---) are the text's own
_KEY_LINE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*[ \t]*:(?:[ \t]|$)")


def read_front_matter(dec: Decoded) -> tuple[dict[str, str], Decoded, Change | None]:
    """Split a leading `---` … `---` block off the decoded lines. Returns its fields (only the
    keys it sets), the remaining lines and the change that records the removal (None when the
    text has no such block). Raises BadInput for a block that is not valid front matter."""
    lines = dec.lines
    if not lines or lines[0].number != 1 or (lines[0].indent, lines[0].text) != ("", "---"):
        return {}, dec, None
    end = next((j for j, ln in enumerate(lines[1:MAX_LINES + 1], 1)
                if not ln.indent and ln.text in ("---", "...")), None)
    if end is None or not _KEY_LINE.match(lines[1].indent + lines[1].text):
        return {}, dec, None  # rules of dashes around text, not a block: the text keeps them
    body = "\n".join(ln.indent + ln.text for ln in lines[1:end]) + "\n"
    at = f"the --- block at the top (lines 1-{lines[end].number})"
    if len(body.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise BadInput(f"{at} is over {MAX_FRONT_MATTER_BYTES // 1024} KiB; a title, an author "
                       "and a date take a few lines")
    try:
        data = yaml.load(body, Loader=_FrontMatterLoader)  # noqa: S506 - safe loader, no aliases
    except RecursionError:
        raise BadInput(f"{at} is nested too deeply; write key: value lines") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise BadInput(f"{at} is not valid YAML{where}; write key: value lines such as "
                       "'title: 政府工作报告', or remove the block") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BadInput(f"{at} is not a list of key: value lines; write e.g. 'title: 政府工作报告'")
    unknown = [str(k) for k in data if k not in META_KEYS]
    if unknown:
        raise BadInput(f"{at} has the key {unknown[0]!r}; front matter keys are "
                       f"{', '.join(META_KEYS)}: fix the spelling or remove it")
    nested = [str(k) for k, v in data.items() if isinstance(v, dict | list)]
    if nested:
        raise BadInput(f"{at}: {nested[0]} must be one line of text, not a list or mapping")
    meta = _meta(body)  # the Markdown's own checks: ISO dates, BCP 47 language tags
    fields = {k: getattr(meta, k) for k in META_KEYS if data.get(k) is not None}
    before = "\n".join(ln.indent + ln.text for ln in lines[:end + 1])
    change = Change(RULE, Where(1, 1), before, "")
    return fields, replace(dec, lines=lines[end + 1:]), change
