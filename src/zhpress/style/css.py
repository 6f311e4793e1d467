"""CSS made from a theme: the PDF stylesheet (paged media) and the EPUB/web stylesheet.

Every family list starts with the resolved CJK face and ends with a Noto CJK SC face, so that no
renderer falls back to a Japanese or Latin face (see reference/weasyprint-cjk.md).
"""

from __future__ import annotations

from typing import Any

from zhpress.style.div_classes import LINES, TITLE_BLOCK
from zhpress.style.metrics import ink_below_line_top
from zhpress.style.theme import MM_PER_PT, Theme

FALLBACK = {"sans": '"Noto Sans CJK SC"', "serif": '"Noto Serif CJK SC"'}
#: Block selectors set at the body size unless the theme says otherwise: they share its grid.
BODY_BLOCKS = ("p, li, .occasion, .speaker, .salutation, .caption, .run-in-para, "
               + ", ".join(f".{c}" for c in (*TITLE_BLOCK[2:], *LINES)))
#: The title block's lines under the title (div_classes.py), as one selector list.
TITLE_LINES = ", ".join(f".{c}" for c in TITLE_BLOCK)
#: Lines that never take the first-line indent.
FLUSH = ", ".join(f".{c}" for c in ("salutation", "caption", *TITLE_BLOCK, *LINES))


def family(theme: Theme, role: str) -> str:
    face = theme.face(role)
    fallback = FALLBACK["sans"] if role == "hei" else FALLBACK["serif"]
    names = [f'"{face.family}"'] + ([fallback] if fallback != f'"{face.family}"' else [])
    return ", ".join(names + ["serif" if role != "hei" else "sans-serif"])


def _block_rule(theme: Theme, selector: str, style: dict, body_pt: float) -> str:
    indent = style.get("indent_chars", 0) * style.get("size_pt", body_pt)
    return (
        f"{selector} {{ font-family: {family(theme, style['role'])}; "
        f"font-size: {style['size_pt']}pt; font-weight: {style.get('weight', 'normal')}; "
        f"text-align: {style.get('align', 'left')}; text-indent: {indent}pt; }}\n"
    )


def _heading_selector(level: int) -> str:
    return f"h{level}" if level <= 6 else f".heading.level-{level}"


def _role_selector(role: str) -> str:
    """Every heading element of a role, more specific than its level's rule (h2 < h2.num-cn)."""
    return ", ".join([*(f"h{level}.{role}" for level in range(1, 7)), f"div.heading.{role}"])


def _role_styles(theme: Theme) -> list[tuple[str, dict[str, Any]]]:
    """(selector, style) of each heading role the theme styles (Theme.role_style), the title
    first."""
    roles = ["title", *theme.data.get("roles", {})]
    return [(_role_selector(role), theme.role_style(role)) for role in roles]


def _page_break_rule(body: dict[str, Any]) -> list[str]:
    """The theme's widows and orphans for paragraphs (WeasyPrint's default is 2 and 2)."""
    kept = [f"{key}: {int(body[key])};" for key in ("widows", "orphans") if key in body]
    return [f"p {{ {' '.join(kept)} }}\n"] if kept else []


def content_css(theme: Theme) -> str:
    """Rules shared by PDF and EPUB: fonts, sizes, indents, classes of the Markdown form."""
    body = theme["body"]
    size, line = body["size_pt"], body["line_pt"]
    out = [
        f"html {{ font-family: {family(theme, body['role'])}; font-size: {size}pt; "
        f"line-height: {line}pt; }}\n",
        # Inline runs in other faces must not push the line grid (weasyprint-cjk.md, line grid).
        "strong, b, sup, sub, span.byline, span.run-in { line-height: 0; }\n",
        f"p {{ margin: 0; text-indent: {body['indent_chars']}em; text-align: {body['align']}; }}\n",
        *_page_break_rule(body),
        "h1, h2, h3, h4, h5, h6, .heading { margin: 0; line-height: inherit; "
        "break-after: avoid; }\n",
    ]
    for level in range(1, 11):
        out.append(_block_rule(theme, _heading_selector(level), theme.heading_style(level), size))
    title = theme["title"]
    sub = theme["subtitle"]
    for selector, style in _role_styles(theme):
        out.append(_block_rule(theme, selector, style, size))
    out += [
        _block_rule(theme, "h1.doc-title", title, size),
        "h1.doc-title { margin-bottom: 1em; }\n",
        _block_rule(theme, TITLE_LINES, sub, size),
        ".salutation { text-indent: 0; }\n",
        *(f".{cls} {{ text-indent: 0; text-align: {align};"
          + (f" font-family: {family(theme, role)};" if role else "") + " }\n"
          for cls, (role, align) in LINES.items()),
        ".caption { text-align: center; text-indent: 0; font-family: "
        f"{family(theme, 'kai')}; }}\n",
        f".byline {{ font-family: {family(theme, 'kai')}; }}\n",
        f".run-in {{ font-family: {family(theme, 'kai')}; }}\n",
        f"strong {{ font-family: {family(theme, 'hei')}; font-weight: normal; }}\n",
        "ul.list { list-style: none; margin: 0; padding: 0; }\n",
        "ul.list li { text-indent: 2em; }\n",
    ]
    out.append(news_css(theme))
    return "".join(out)


def news_css(theme: Theme) -> str:
    """Newspaper furniture (theme `news`): bylines, credits, captions, datelines, sources and
    box labels, as blocks (p.credit) and as spans in a lead (span.dateline). A span in another
    face must not push the line grid, so spans get no line height of their own."""
    out = []
    for cls, spec in theme.data.get("news", {}).items():
        rule = f"font-family: {family(theme, spec['role'])}; font-weight: {spec.get('weight', 'normal')};"
        if "size_pt" in spec:
            rule += f" font-size: {spec['size_pt']}pt;"
        out.append(f".{cls} {{ {rule} }}\n")
        out.append(f"p.{cls} {{ text-align: {spec.get('align', 'left')}; text-indent: 0; }}\n")
        out.append(f"span.{cls} {{ line-height: 0; }}\n")
    return "".join(out)


def line_height(theme: Theme, size_pt: float) -> float:
    """Line pitch of a block set at `size_pt`: the body's line, or 1.25 × the size when that is
    more (the DOCX writer uses the same rule), rounded up to whole grid lines on a grid page."""
    line = theme["body"]["line_pt"]
    if size_pt * 1.25 <= line:
        return line
    if theme.page.get("lines_per_page"):
        return line * -(-size_pt * 1.25 // line)
    return round(size_pt * 1.25, 2)


def _styles(theme: Theme) -> list[tuple[str, dict[str, Any]]]:
    """(selector, style) of every block kind whose style the theme gives."""
    out = [(_heading_selector(level), theme.heading_style(level)) for level in range(1, 11)]
    out += _role_styles(theme)
    return out + [("h1.doc-title", theme["title"]), (TITLE_LINES, theme["subtitle"])]


def _page_rules(theme: Theme) -> list[str]:
    """The page box. GB/T 9704 margins are to the text block, whose first line's characters
    start at its top edge: the page area starts half a line gap higher (that gap is part of the
    first line box) and ends as much lower, so that the grid of lines stays in place."""
    p, body = theme.page, theme["body"]
    half_gap_mm = (body["line_pt"] - body["size_pt"]) / 2 * MM_PER_PT
    top, bottom = p["margin_top_mm"] - half_gap_mm, p["margin_bottom_mm"] + half_gap_mm
    return [
        f"@page {{ size: {p['width_mm']}mm {p['height_mm']}mm; margin: {top:.3f}mm "
        f"{p['margin_right_mm']}mm {bottom:.3f}mm {p['margin_left_mm']}mm; }}\n",
        "@page :nth(1 of body) { counter-reset: page 1; }\n",
        "body { margin: 0; }\n",
        "main { page: body; }\n",
        # The 目录 is front matter without a folio; the body starts on a right-hand page, so
        # that page 1 is a recto with its folio on the right (GB/T 9704 7.5).
        ".toc-page { page: front; break-after: right; }\n",
    ]


def _folio_rules(theme: Theme) -> list[str]:
    body, folio = theme["body"], theme["folio"]
    half_gap_mm = (body["line_pt"] - body["size_pt"]) / 2 * MM_PER_PT
    folio_text = folio["format"].replace("{page}", '" counter(page) "')
    folio_content = f'"{folio_text}"'.replace('"" ', "").replace(' ""', "")
    gap = folio.get("gap_chars", 0) * folio["size_pt"]
    # The ink of the folio's first character sits offset_mm below the text block (GB/T 9704
    # 7.5: the top of the 一字线, which is drawn at mid-height, ~0.6 em below its cell's top).
    first = folio["format"].replace("{page}", "1")[:1]
    ink_em = ink_below_line_top(theme.face(folio["role"]), first) or 0.0
    offset_mm = folio["offset_mm"] + half_gap_mm - ink_em * folio["size_pt"] * MM_PER_PT
    box = (
        f"content: {folio_content}; font-family: {family(theme, folio['role'])}; "
        f"font-size: {folio['size_pt']}pt; line-height: 1; letter-spacing: normal; "
        f"vertical-align: top; padding-top: {offset_mm:.3f}mm;"
    )
    if folio.get("alternate"):
        return [
            f"@page body:right {{ @bottom-right {{ {box} padding-right: {gap}pt; "
            "text-align: right; } }\n",
            f"@page body:left {{ @bottom-left {{ {box} padding-left: {gap}pt; "
            "text-align: left; } }\n",
        ]
    return [f"@page body {{ @bottom-center {{ {box} text-align: center; }} }}\n"]


def _running_head_rules(theme: Theme) -> list[str]:
    if not theme.data.get("running_head"):
        return []
    folio = theme["folio"]
    return [
        "h1 { string-set: section content(); }\n",
        f"@page body {{ @top-center {{ content: string(section); font-size: {folio['size_pt']}pt;"
        f" font-family: {family(theme, 'song')}; line-height: 1; letter-spacing: normal; "
        "vertical-align: bottom; padding-bottom: 4mm; } }\n",
        # Not above the title or a rubric that opens a page.
        "@page :nth(1 of body) { @top-center { content: none; } }\n",
    ]


_NOT_TITLE_LINE = "".join(f":not(.{c})" for c in TITLE_BLOCK)


def _text_rules(theme: Theme) -> list[str]:
    """Line pitch and character pitch of each block kind, headings' space and run-in headings."""
    p, body = theme.page, theme["body"]
    size, line = body["size_pt"], body["line_pt"]
    text_width_pt = theme.text_width_mm / MM_PER_PT
    # GB/T 9704 5.2.3: exactly N characters per line. The measure need not be a multiple of the
    # body size (156 mm / 28 = 15.79 pt < 16 pt), so every character is tightened (or spread) by
    # the difference; blocks in other sizes keep their natural pitch.
    # A hair less (0.01 pt a character) so that rounding never pushes the last one out; the
    # justification gives the remainder back.
    spacing = text_width_pt / p["chars_per_line"] - size - 0.01
    out = [f"{BODY_BLOCKS}, .heading, h1, h2, h3, h4, h5, h6 {{ letter-spacing: {spacing:.3f}pt; }}\n"]
    # 左空二字: an indent of N characters is N character pitches, not N em.
    pitch = size + spacing
    out.append(f"p {{ text-indent: {body['indent_chars'] * pitch:.3f}pt; }}\n"
               f"{FLUSH} {{ text-indent: 0; }}\n"
               f"ul.list li {{ text-indent: {2 * pitch:.3f}pt; }}\n")
    role_selectors = {selector for selector, _ in _role_styles(theme)}
    for selector, style in _styles(theme):
        lh = line_height(theme, style["size_pt"])
        before = style.get("space_before_lines", 0) * line
        rule = f"line-height: {lh:.3f}pt;"
        if style["size_pt"] != size:
            rule += " letter-spacing: normal;"
        elif style.get("indent_chars"):
            rule += f" text-indent: {style['indent_chars'] * pitch:.3f}pt;"
        if before or selector in role_selectors:  # a role's own space, not its level's
            rule += f" margin-top: {before:.3f}pt;"
        out.append(f"{selector} {{ {rule} }}\n")
    heading_styles = {level: theme.heading_style(level) for level in range(2, 11)}
    for level, style in heading_styles.items():
        # A run-in heading is set in its level's face at the body size (clreq, headings).
        out.append(
            f"span.run-in.level-{level} {{ font-family: {family(theme, style['role'])}; "
            f"font-weight: {style.get('weight', 'normal')}; font-size: {size}pt; "
            f"bookmark-level: {level}; }}\n"
        )
    for role, style in theme.data.get("roles", {}).items():  # by what it is, over its level
        out.append(
            f"span.run-in.{role} {{ font-family: {family(theme, style['role'])}; "
            f"font-weight: {style.get('weight', 'normal')}; font-size: {size}pt; }}\n"
        )
    out += [
        # clreq: a run-in heading without a closing mark is set off by one character space.
        "span.run-in.spaced { margin-right: 1em; }\n",
        # The title block: title, occasion and speaker lines, then one blank line (GB/T 9704
        # 7.3.2: the salutation one line below the title), all on the line grid.
        ", ".join(f"{first} + {_NOT_TITLE_LINE}" for first in ("h1.doc-title", *TITLE_LINES.split(", ")))
        + f" {{ margin-top: {line}pt; }}\n",
        "h1.doc-title { margin-bottom: 0; }\n",
        "h1.doc-title, h1.rubric { break-before: auto; }\n",
    ]
    return out


def _toc_rules(theme: Theme) -> list[str]:
    out = [
        "h1, h2, h3, h4, h5, h6, .heading, span.run-in { bookmark-label: attr(data-outline); }\n",
        ".toc-page h1 { bookmark-level: none; text-align: center; text-indent: 0; "
        f"letter-spacing: 1em; margin-bottom: {theme['body']['line_pt']}pt; }}\n",
        ".toc-page ol { list-style: none; margin: 0; padding: 0; }\n",
        # No hanging indent: WeasyPrint's leader() ignores a negative text-indent and would end
        # 2 em short of the margin on an entry's first line.
        ".toc-page li { text-indent: 0; padding-left: 0; letter-spacing: normal; "
        "text-align: left; }\n",
        ".toc-page li.toc-2 { padding-left: 2em; }\n",
        ".toc-page a { color: inherit; text-decoration: none; }\n",
        ".toc-page a::after { content: leader('.') target-counter(attr(href), page); }\n",
    ]
    for level in range(7, 11):
        out.append(f".heading.level-{level} {{ bookmark-level: {level}; }}\n")
    return out


def pdf_css(theme: Theme) -> str:
    """Paged-media rules for WeasyPrint: page box, folios, 目录 page, bookmarks."""
    return content_css(theme) + "".join(
        _page_rules(theme)
        + _folio_rules(theme)
        + _running_head_rules(theme)
        + _text_rules(theme)
        + _toc_rules(theme)
    )


def epub_css(theme: Theme) -> str:
    """Reflowable rules for EPUB readers and the web: no page box, relative line height."""
    body = theme["body"]
    ratio = body["line_pt"] / body["size_pt"]
    css = content_css(theme)
    css = css.replace(
        f"font-size: {body['size_pt']}pt; line-height: {body['line_pt']}pt;",
        f"line-height: {min(ratio, 1.9):.2f};",
        1,
    )
    return css + "body { margin: 0 5%; }\nnav ol { list-style: none; }\n"
