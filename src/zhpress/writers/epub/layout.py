"""EPUB-only layout rules, appended after the shared stylesheet (style.css.epub_css):
sizes and indents in em, so that they scale with the reader's font size, and a capped measure.

The shared rules give each block's size and indent in pt (right for the PDF's fixed page). In a
reflowable book the body is the reader's size (1em): a heading is its theme size over the body
size in em, and its indent, like the paragraph's 2em, is counted in its own characters (em).
"""

from __future__ import annotations

import re

from zhpress.style import css
from zhpress.style.theme import Theme

#: The longest line, in body characters: about 40 (clreq's comfortable measure is 30-40),
#: instead of ~72 on a desktop window.
MAX_MEASURE_EM = 40


def _selectors(theme: Theme) -> list[tuple[str, dict]]:
    """(selector, style) of every block the shared stylesheet sizes: heading levels, heading
    roles, the title block (css._styles, so both stay in step), and the news furniture."""
    out = list(css._styles(theme))
    return out + [(f".{cls}", spec) for cls, spec in theme.data.get("news", {}).items()
                  if "size_pt" in spec]


def _em(value: float) -> str:
    return f"{value:.4g}em"


def em_rules(theme: Theme) -> str:
    """Font sizes and indents in em, the measure capped at MAX_MEASURE_EM, centred."""
    body = theme["body"]
    out = [
        f"body {{ max-width: {MAX_MEASURE_EM}em; margin: 0 auto; padding: 0 5%; }}\n",
        f"p {{ text-indent: {_em(body['indent_chars'])}; }}\n",
        ".salutation, .caption, .occasion, .speaker { text-indent: 0; }\n",
        f"ul.list li {{ text-indent: {_em(body['indent_chars'])}; }}\n",
    ]
    for selector, style in _selectors(theme):
        size = style.get("size_pt", body["size_pt"]) / body["size_pt"]
        indent = f" text-indent: {_em(style.get('indent_chars', 0))};" if "role" in style else ""
        out.append(f"{selector} {{ font-size: {_em(size)};{indent} }}\n")
    out.append(".toc-page h1 { text-indent: 0; }\n")
    # the title wraps between its words only (typeset.titles.wbr_html), in balanced lines
    out.append(".nobr-word { white-space: nowrap; }\nh1.doc-title { text-wrap: balance; }\n")
    return "".join(out)


_BLOCK = re.compile(r"([^{}]*)\{([^{}]*)\}")
_PT = re.compile(r"(font-size|text-indent)\s*:\s*(-?[\d.]+)pt")
_SIZE = re.compile(r"font-size\s*:\s*([\d.]+)pt")


def pt_to_em(stylesheet: str, theme: Theme) -> str:
    """The shared stylesheet with every font size and indent in em: a size over the body size,
    an indent over its own block's size (counted in its own characters, like the 2em of a
    paragraph). Every rule the shared CSS gains (heading roles, title-block lines, newspaper
    furniture) scales with the reader's font this way, not only those listed here."""
    body = theme["body"]["size_pt"]

    def block(m: re.Match[str]) -> str:
        selector, decls = m.groups()
        if selector.strip().startswith("@"):
            return m.group()
        own = _SIZE.search(decls)
        size = float(own.group(1)) if own else body

        def unit(d: re.Match[str]) -> str:
            value = float(d.group(2))
            em = value / body if d.group(1) == "font-size" else value / size
            return f"{d.group(1)}: {_em(em)}"

        return selector + "{" + _PT.sub(unit, decls) + "}"

    return _BLOCK.sub(block, stylesheet)
