"""公文 layout in the PDF (GB/T 9704-2012): 版头, 主体 and 版记 around the shared HTML body.

The 版头 is a block of the height down to the red line whose elements are placed absolutely, at
the standard's distances from the top of the 版心 (zhpress.gongwen.layout). The 版记 is a CSS
footnote (`float: footnote`), so WeasyPrint sets it at the foot of the page the document ends on;
when that page is odd, the document is rendered again with the 版记 moved to the next even page.
Every text goes through `text_html`, so input never becomes markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from zhpress import gongwen as gw
from zhpress.gongwen import layout
from zhpress.model import Block, Div, Document, Heading
from zhpress.style.css import family
from zhpress.style.theme import MM_PER_PT, Theme
from zhpress.writers import html

TextToHtml = Callable[[str], str]
_ATTACHMENT = re.compile(layout.ATTACHMENT_HEADING)
#: the class that moves the 版记 to the next even page (second render)
EVEN_PAGE_CLASS = "gw-even"


class _Grid:
    """The theme's line grid and character pitch, in mm."""

    def __init__(self, theme: Theme) -> None:
        body = theme["body"]
        self.size_pt = body["size_pt"]
        self.pitch = body["line_pt"] * MM_PER_PT  # one 行
        # the page area starts this much above the 版心 (css._page_rules)
        self.half_gap = (body["line_pt"] - body["size_pt"]) / 2 * MM_PER_PT
        self.char = theme.text_width_mm / theme.page.get("chars_per_line", 28)  # one 字
        self.width = theme.text_width_mm
        self.size_mm = self.size_pt * MM_PER_PT


def split_attachments(blocks: list[Block]
                      ) -> tuple[list[Block], list[tuple[Heading | Div, list[Block]]]]:
    """The body's blocks without the element blocks and the blocks no part of the 公文 (a
    compiler's title line, gw.OFF_PAGE_CLASSES), and each attachment's label (a heading
    附件, 附件1 …, or a 附： block) with its blocks."""
    body: list[Block] = []
    parts: list[tuple[Heading | Div, list[Block]]] = []
    for block in blocks:
        if isinstance(block, Div) and block.cls in gw.PAGE_SKIP_CLASSES:
            continue  # shown from the front matter, in its place, or not on the page
        if (isinstance(block, Heading) and _ATTACHMENT.fullmatch(block.text.strip())) or \
                (isinstance(block, Div) and block.cls == gw.ATTACHMENT_CLASS):
            parts.append((block, []))
        elif parts:
            parts[-1][1].append(block)
        else:
            body.append(block)
    return body, parts


def title_index(blocks: list[Block], title: str) -> int | None:
    """Where the title heading is among the first blocks, or None."""
    return next((i for i, b in enumerate(blocks[:4]) if isinstance(b, Heading)
                 and b.text == title), None)


def _lines(lines: list[str], text_html: TextToHtml, cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "".join(f"<div{attr}>{text_html(line)}</div>" for line in lines)


def head_html(g: dict[str, Any], theme: Theme, text_html: TextToHtml) -> str:
    """版头: 份号/密级/紧急程度, the red 标志 at 35 mm, 发文字号 (+ 签发人), the red line."""
    grid = _Grid(theme)
    hg = grid.half_gap
    out: list[str] = []
    security = gw.security_lines(g)
    letter = g.get("kind") == "信函"

    def security_block(top_mm: float) -> None:  # top of the first line's characters
        if security:
            first = ('<div class="gw-copy-no">' + text_html(security[0]) + "</div>"
                     if g.get("份号") else "")
            rest = security[1:] if g.get("份号") else security
            out.append(f'<div class="gw-security" style="top: {top_mm:.3f}mm">{first}'
                       f'{_lines(rest, text_html, "gw-secret")}</div>')

    if not letter:  # 7.2.1-7.2.3: from the first line of the 版心
        security_block(0)
    marks, suffix = gw.mark_lines(g), gw.mark_suffix(g)
    mark_top = (layout.LETTER_MARK_FROM_PAGE_TOP_MM - theme.page["margin_top_mm"] if letter
                else layout.MARK_TOP_MM)
    y = mark_top  # 版心 coordinates, mm
    if marks:
        size = layout.mark_size_pt(marks, grid.width, len(suffix) + 1 if suffix else 0)
        rows = "".join(f"<div>{text_html(m)}</div>" for m in marks)
        side = f'<td class="gw-mark-suffix">{text_html(suffix)}</td>' if suffix else ""
        face = theme.face("title")  # the ink's top edge at mark_top, not the line box's
        ink = layout.ink_top_em(face.file, face.index, "".join(marks) + suffix)
        out.append(
            f'<div class="gw-mark" style="top: {hg + y - ink * size * MM_PER_PT:.3f}mm; '
            f'font-size: {size:.2f}pt"><table>'
            f'<tr><td class="gw-mark-organs">{rows}</td>{side}</tr></table></div>')
        y += len(marks) * size * MM_PER_PT
    if letter:  # 10.1: red double line (thick over thin) 4 mm below the 标志, 170 mm long;
        # 份号 … down the left and the 发文字号 on the right, 7/8 of a 3号 character below it
        out.append(f'<div class="gw-letter-rule" style="top: {hg + y + 4:.3f}mm"></div>')
        y += 4 + 2 + 7 / 8 * grid.size_mm
        security_block(y)  # its line box starts half a gap above the characters
    number = g.get("发文字号", "")
    signers = gw.names(g.get("签发人"))
    y += 2 * grid.pitch if not letter else 0  # 7.2.5: 标志下空二行
    if signers:  # 7.2.6: 签发人 on the right, the last one on the 发文字号's line
        y += (len(signers) - 1) * grid.pitch
        for i, name in enumerate(signers):
            top = y - (len(signers) - 1 - i) * grid.pitch
            label = "签发人：" if i == 0 else ""
            out.append(f'<div class="gw-signer-line" style="top: {hg + top:.3f}mm">'
                       f'<span class="gw-label">{label}</span>'
                       f'<span class="gw-signer-name">{text_html(name)}</span></div>')
    if number:
        cls = "gw-number up" if signers else ("gw-number letter" if letter else "gw-number")
        out.append(f'<div class="{cls}" style="top: {hg + y:.3f}mm">{text_html(number)}</div>')
    if letter and security:  # the head ends below the last of the stacked lines
        y += (len(security) - 1) * grid.pitch + grid.size_mm
    elif number or signers:
        y += grid.size_mm
    if not letter:  # 7.2.7: red line 4 mm below the 发文字号, as wide as the 版心
        y += layout.RED_LINE_BELOW_NUMBER_MM
        out.append(f'<div class="gw-red-line" style="top: {hg + y:.3f}mm"></div>')
        y += layout.RED_LINE_MM
    return f'<div class="gw-head" style="height: {hg + y:.3f}mm">{"".join(out)}</div>\n'


_STAR = ("50,22 56.6,40.9 76.6,41.3 60.6,53.4 66.5,72.7 50,61 33.5,72.7 39.4,53.4 "
         "23.4,41.3 43.4,40.9")


def seal_svg() -> str:
    """A seal placeholder: red ring and star (the image file is not embedded: no file is read
    while rendering, see writers/pdf/__init__.py)."""
    return (f'<svg class="gw-seal" viewBox="0 0 100 100" width="{layout.SEAL_MM}mm" '
            f'height="{layout.SEAL_MM}mm"><circle cx="50" cy="50" r="47" fill="none" '
            f'stroke="{layout.RED}" stroke-width="3"/><polygon points="{_STAR}" '
            f'fill="{layout.RED}"/></svg>')


def sign_html(g: dict[str, Any], theme: Theme, text_html: TextToHtml) -> str:
    """署名, 成文日期 and 印章 (7.3.5) and 附注 (7.3.6)."""
    signers = gw.names(g.get("署名"))
    date = gw.date_text(g.get("成文日期", ""))
    out = ""
    if signers or date:
        sealed = bool(g.get("印章"))
        rows = "".join(f'<div class="gw-sign-name">{text_html(s)}</div>' for s in signers)
        date_row = f'<div class="gw-date">{text_html(date)}</div>' if date else ""
        seal = seal_svg() if sealed else ""
        cls = "gw-sign sealed" if sealed else "gw-sign"
        # a block of known height, so that it moves to the next page whole (a float alone
        # would split); with a seal the names are set over each other on one line's height
        height = (1 if sealed else len(signers)) + (1 if date else 0)
        out += (f'<div class="{cls}" style="height: {height * theme["body"]["line_pt"]}pt">'
                f'<div class="gw-sign-box">{seal}{rows}{date_row}</div>'
                "</div>\n")
    if g.get("附注"):
        note = g["附注"]
        if not note.startswith(("（", "(")):
            note = f"（{note}）"
        out += f'<p class="gw-note">{text_html(note)}</p>\n'
    return out


def attachment_note_html(g: dict[str, Any], text_html: TextToHtml) -> str:
    lines = gw.attachment_note(g)
    if not lines:
        return ""
    return ('<div class="gw-attach-note">'
            + "".join(f"<p>{text_html(line)}</p>" for line in lines) + "</div>\n")


def attendance_html(g: dict[str, Any], text_html: TextToHtml) -> str:
    """10.3 纪要: 出席/请假/列席 in 黑体 with the names in 仿宋 after the colon, below the body
    (or 附件说明) after a blank line."""
    rows = gw.attendance(g)
    if not rows:
        return ""
    return ('<div class="gw-attendance">' + "".join(
        f'<p><span class="gw-attendance-label">{text_html(label)}</span>{text_html(who)}</p>'
        for label, who in rows) + "</div>\n")


def colophon_html(g: dict[str, Any], text_html: TextToHtml) -> str:
    """版记 (7.4): thick rule, 抄送, thin rule, 印发机关 and 印发日期, thick rule."""
    rows: list[str] = []
    if g.get("抄送"):
        rows.append(f'<p class="gw-copy-to">{text_html(gw.copy_to_text(g))}</p>')
    organ, when = gw.printed_line(g)
    if organ or when:
        rows.append(f'<p class="gw-printed"><span>{text_html(organ)}</span>'
                    f'<span>{text_html(when)}</span></p>')
    if not rows:
        return ""
    inner = '<div class="gw-rule thin"></div>'.join(rows)
    return ('<div class="gw-colophon-anchor"><div class="gw-colophon">'
            f'<div class="gw-rule thick"></div>{inner}<div class="gw-rule thick last"></div>'
            "</div></div>\n")


def body_html(doc: Document, theme: Theme, text_html: TextToHtml,
              title_html: TextToHtml) -> str:
    """The <main> content of a 公文: 版头, title, 主送机关, body, 附件说明, signature block,
    附注, attachment pages, 版记."""
    g = doc.meta.gongwen
    title = doc.meta.title
    body, attachments = split_attachments(list(doc.blocks))
    out = [head_html(g, theme, text_html)]
    rest = body
    at = title_index(body, title)
    if at is not None:  # any other block above the title follows it
        out.append(html.heading_html(body[at], title, title_html).replace(
            'class="doc-title', 'class="doc-title gw-title', 1))
        rest = body[:at] + body[at + 1:]
    elif title:
        out.append(f'<h1 class="doc-title gw-title">{title_html(title)}</h1>\n')
    if g.get("主送机关"):
        to = g["主送机关"].rstrip("：:，。") + "："  # 7.3.2: ends in a full-width colon
        out.append(f'<p class="gw-addressee">{text_html(to)}</p>\n')
    out += [html.block_html(b, title, text_html) for b in rest]
    out.append(attachment_note_html(g, text_html))
    out.append(attendance_html(g, text_html))
    out.append(sign_html(g, theme, text_html))
    labels = gw.attachment_labels(g)
    for index, (heading, blocks) in enumerate(attachments):
        if isinstance(heading, Heading):
            tag = f"h{min(heading.level, 6)}"
            label = (f'<{tag} id="{heading.anchor}" class="gw-attach-label" data-outline='
                     f'"{html.escape(heading.outline_text)}">{text_html(heading.text)}</{tag}>')
        else:  # 附： in the source: the label the standard writes (附件, 附件2 …)
            text = labels[index][0] if index < len(labels) else "附件"
            label = f'<p class="gw-attach-label">{text_html(text)}</p>'
        blocks = list(blocks)
        name = labels[index][1] if index < len(labels) else ""
        name_html = f'<p class="gw-attach-title">{title_html(name)}</p>' if name else ""
        if name and blocks and isinstance(blocks[0], Heading) and blocks[0].text == name:
            # the attachment's title is a heading of its own: set it as the title, keeping
            # its anchor and bookmark
            first = blocks.pop(0)
            name_html = (f'<h{min(first.level, 6)} id="{first.anchor}" class="gw-attach-title" '
                         f'data-outline="{html.escape(first.outline_text)}">'
                         f"{title_html(name)}</h{min(first.level, 6)}>")
        out.append(f'<section class="gw-attachment">{label}{name_html}'
                   f'{html.blocks_html(blocks, title, text_html)}</section>\n')
    out.append(colophon_html(g, text_html))
    return "".join(out)


def css(theme: Theme, g: dict[str, Any] | None = None) -> str:
    """The 公文 rules, after the theme's PDF stylesheet (a 信函's first page has no folio,
    GB/T 9704 10.1)."""
    grid = _Grid(theme)
    char_pt = grid.char / MM_PER_PT
    fs, hei, kai, title = (family(theme, r) for r in ("fangsong", "hei", "kai", "title"))
    col_pt = layout.COLOPHON_SIZE_PT
    red = layout.RED
    return f"""
.gw-head {{ position: relative; margin: 0; }}
.gw-head > * {{ position: absolute; left: 0; right: 0; margin: 0; letter-spacing: normal; }}
.gw-security {{ line-height: {theme['body']['line_pt']}pt; font-size: {grid.size_pt}pt; }}
.gw-copy-no {{ font-family: {fs}; }}
.gw-secret {{ font-family: {hei}; }}
.gw-mark {{ text-align: center; color: {red}; font-family: {title}; line-height: 1; }}
.gw-mark table {{ display: inline-table; border-collapse: collapse; }}
.gw-mark td {{ padding: 0; vertical-align: middle; text-align: justify;
  text-align-last: justify; }}
td.gw-mark-suffix {{ padding-left: 0.5em; }}
.gw-number, .gw-signer-line {{ font-size: {grid.size_pt}pt; line-height: 1; font-family: {fs}; }}
.gw-number {{ text-align: center; }}
.gw-number.up {{ text-align: left; padding-left: {char_pt:.3f}pt; }}
.gw-number.letter {{ text-align: right; padding-right: {char_pt:.3f}pt; }}
.gw-signer-line {{ text-align: right; padding-right: {char_pt:.3f}pt; }}
.gw-signer-name {{ font-family: {kai}; }}
.gw-red-line {{ height: {layout.RED_LINE_MM}mm; background: {red}; }}
.gw-letter-rule {{ height: 2mm; left: {(grid.width - layout.LETTER_RULE_WIDTH_MM) / 2:.3f}mm;
  right: {(grid.width - layout.LETTER_RULE_WIDTH_MM) / 2:.3f}mm;
  border-top: 0.8mm solid {red}; border-bottom: 0.3mm solid {red}; }}
h1.doc-title.gw-title {{ margin-top: {2 * grid.pitch:.3f}mm; }}
p.gw-addressee {{ text-indent: 0; }}
.gw-attach-note {{ margin-top: {grid.pitch:.3f}mm; }}
.gw-attach-note p {{ text-indent: 0; padding-left: {5 * char_pt:.3f}pt; }}
.gw-attach-note p:first-child {{ text-indent: {-3 * char_pt:.3f}pt; }}
.gw-attendance {{ margin-top: {grid.pitch:.3f}mm; }}
/* 10.3: two 字 in, a wrapped line aligned with the first name after the colon */
.gw-attendance p {{ text-indent: {-3 * char_pt:.3f}pt; padding-left: {5 * char_pt:.3f}pt; }}
.gw-attendance-label {{ font-family: {hei}; }}
.gw-sign {{ margin-top: {grid.pitch:.3f}mm; break-inside: avoid; }}
.gw-sign.sealed {{ margin-top: {2 * grid.pitch:.3f}mm; }}
.gw-sign-box {{ float: right; position: relative; white-space: nowrap; break-inside: avoid;
  margin-right: {layout.SIGNER_RIGHT_CHARS_UNSEALED * char_pt:.3f}pt; }}
.gw-sign-box .gw-date {{ padding-left: {2 * char_pt:.3f}pt; }}
.sealed .gw-sign-box {{ margin-right: {layout.DATE_RIGHT_CHARS_SEALED * char_pt:.3f}pt;
  padding-top: {theme['body']['line_pt']}pt; }}
.sealed .gw-sign-box .gw-date {{ padding-left: 0; }}
.sealed .gw-sign-name {{ position: absolute; top: 0; left: -80mm; right: -80mm;
  text-align: center; }}
.sealed .gw-sign-name + .gw-sign-name {{ top: {theme['body']['line_pt']}pt; }}
svg.gw-seal {{ position: absolute; left: 50%; top: {-layout.SEAL_MM / 2:.3f}mm;
  margin-left: {-layout.SEAL_MM / 2:.3f}mm; }}
section.gw-attachment {{ break-before: page; }}
section.gw-attachment > .gw-attach-label, p.gw-attach-label {{ font-family: {hei}; font-size: {grid.size_pt}pt;
  font-weight: normal; text-indent: 0; text-align: left; }}
.gw-attach-title {{ margin-top: {theme['body']['line_pt']}pt; text-align: center;
  text-indent: 0; font-family: {title}; font-size: {theme['title']['size_pt']}pt;
  letter-spacing: normal; font-weight: normal; }}
.gw-colophon {{ float: footnote; font-family: {fs}; font-size: {col_pt}pt;
  line-height: {theme['body']['line_pt']}pt; letter-spacing: normal;
  }}
/* the last rule on the 版心's bottom edge (7.4.1), half a line gap below the page area */
.gw-colophon > * {{ position: relative; top: {grid.half_gap:.3f}mm; }}
.gw-colophon::footnote-call {{ content: none; }}
.gw-colophon::footnote-marker {{ content: none; }}
@page body {{ @footnote {{ margin: 0; padding: 0; border: none; }} }}
.gw-colophon p {{ margin: 0; text-indent: 0; text-align: left; letter-spacing: normal;
  font-size: {col_pt}pt; padding: 0 {col_pt:.3f}pt; }}
.gw-colophon p.gw-copy-to {{ padding-left: {4 * col_pt:.3f}pt; text-indent: {-3 * col_pt:.3f}pt; }}
.gw-colophon p.gw-printed {{ display: flex; justify-content: space-between; }}
.gw-rule {{ height: 0; border-top: {layout.COLOPHON_THIN_MM}mm solid black; }}
.gw-rule.thick {{ border-top-width: {layout.COLOPHON_THICK_MM}mm; }}
.{EVEN_PAGE_CLASS} .gw-colophon-anchor {{ break-before: left; }}
""" + ("@page body:first { @bottom-left { content: none; } @bottom-right { content: none; } "
       "@bottom-center { content: none; } }\n" if (g or {}).get("kind") == "信函" else "")


def render(source: str, render_html: Callable[..., bytes], **options: Any) -> bytes:
    """The PDF of a 公文's HTML; the 版记 ends up on an even page (GB/T 9704 7.4: the last
    page of a two-sided document)."""
    import pypdfium2

    data = render_html(source, **options)
    if "gw-colophon-anchor" not in source:
        return data
    pdf = pypdfium2.PdfDocument(data)
    try:
        odd = len(pdf) % 2 == 1
    finally:
        pdf.close()
    if odd:
        data = render_html(source.replace("<body>", f'<body class="{EVEN_PAGE_CLASS}">', 1),
                           **options)
    return data
