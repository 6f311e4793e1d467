"""PDF writer: the shared HTML writer, the theme's paged CSS, and WeasyPrint.

WeasyPrint's default URL fetcher reads local files and the network (a document could embed
/etc/passwd as an attachment); ours refuses every URL, so the only resources are the fonts that
fontconfig provides and the CSS we generate.
"""

from __future__ import annotations

import gc
import logging
import math
import unicodedata
from dataclasses import replace
from typing import Any

from zhpress.dates import document_date
from zhpress.errors import BadInput
from zhpress.model import Block, Document, Heading, Paragraph
from zhpress.punctuation import CLOSING_MARKS
from zhpress.style import css
from zhpress.style.coverage import uncovered
from zhpress.style.theme import MM_PER_PT, Theme
from zhpress.typeset import linebreak
from zhpress.typeset import weasyprint as layout_hook
from zhpress.typeset.titles import title_lines
from zhpress.writers import html
from zhpress.writers.options import WriterOptions
from zhpress.writers.pdf import fonts as pdf_fonts
from zhpress.writers.pdf import gongwen as gongwen_pdf
from zhpress.writers.pdf import labels as pdf_labels

log = logging.getLogger("zhpress")

def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class NoFetcher(URLFetcher):
        """Refuses every URL: input text never makes the renderer read a file or a host."""

        def fetch(self, url, headers=None):
            raise ValueError(f"zhpress does not load external resources ({url[:60]})")

    return NoFetcher(allowed_protocols=set(), allow_redirects=False)


def _title_html(text: str, theme: Theme, text_html: html.TextToHtml) -> str:
    per_line = theme.text_width_mm / MM_PER_PT / theme["title"]["size_pt"]
    return "<br>".join(text_html(line) for line in title_lines(text, math.floor(per_line)))


def _run_in_html(heading: Heading, para: Paragraph, text_html: html.TextToHtml) -> str:
    """A run-in heading set at the start of its paragraph, as the source had it; it keeps its
    anchor and bookmark (the `span.run-in` rules in css.py)."""
    spaced = "" if heading.text[-1:] in CLOSING_MARKS else " spaced"
    role = f" {heading.role}" if heading.role else ""
    span = (
        f'<span id="{heading.anchor}" class="run-in level-{heading.level}{role}{spaced}" '
        f'data-outline="{html.escape(heading.outline_text)}">{text_html(heading.text)}</span>'
    )
    rest = "".join(html.inline_html(i, text_html) for i in para.inlines)
    return f'<p class="run-in-para">{span}{rest}</p>\n'


def _last_two_kept(block: Block) -> Block:
    """A paragraph whose last text node keeps its last two characters together (no 孤字)."""
    if not isinstance(block, Paragraph) or not block.inlines:
        return block
    last = block.inlines[-1]
    return replace(block, inlines=(*block.inlines[:-1],
                                   replace(last, text=linebreak.keep_last_two(last.text))))


def body_html(doc: Document, theme: Theme, text_html: html.TextToHtml,
              keep_last_two: bool = False) -> str:
    """The document's blocks: the shared HTML writer, with the title broken into balanced lines
    and run-in headings set run-in; with `keep_last_two`, no paragraph or heading ends with a
    line of one character (linebreak.keep_last_two)."""
    title = doc.meta.title
    keep = linebreak.keep_last_two if keep_last_two else (lambda text: text)

    def text_of(text: str) -> str:
        return _title_html(text, theme, text_html) if text == title else text_html(keep(text))

    out: list[str] = []
    blocks: list[Block] = list(doc.blocks)
    if keep_last_two:
        blocks = [_last_two_kept(block) for block in blocks]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Heading) and block.run_in and isinstance(following, Paragraph):
            out.append(_run_in_html(block, following, text_html))
            index += 2
            continue
        out.append(html.block_html(block, title, text_of if isinstance(block, Heading) else
                                   text_html))
        index += 1
    return "".join(out)


def toc_html(doc: Document, theme: Theme, max_level: int = 2) -> str:
    """The 目录 page: level-1 and level-2 headings with leaders and page numbers (css.py).

    An entry's last line never holds one character alone (its last two are kept together), nor
    the leader and the number alone: WeasyPrint sets a leader and its page number over the text
    when the entry's last line is (nearly) full, so such an entry breaks before its last two
    characters, which then lead the leader to the number.
    """
    items = []
    for h in doc.headings:
        if h.level > max_level:
            continue
        entry = h.outline_text
        text = html.escape(linebreak.keep_last_two(entry))
        content = [i for i, char in enumerate(entry) if char.isalnum()]
        if _last_line_fill(entry, h.level, theme) > _TOC_ROOM and len(content) > 2:
            cut = content[-2]
            text = (html.escape(entry[:cut]) + "<br>"
                    + html.escape(linebreak.keep_last_two(entry[cut:])))
        items.append(f'<li class="toc-{h.level}"><a href="#{h.anchor}"><span class="toc-text">'
                     f"{text}</span></a></li>")
    return f'<section class="toc-page"><h1>目录</h1><ol>{"".join(items)}</ol></section>\n'


_TOC_ROOM = 0.85  # the share of a line an entry's text may fill and still leave room for "…  12"


def _last_line_fill(text: str, level: int, theme: Theme) -> float:
    """How much of its last line an entry's text fills (0..1), counting a Han character or a
    full-width mark as 1 em and other characters as half (css.py: level 2 entries are indented
    by 2 em)."""
    width = theme.text_width_mm / MM_PER_PT / theme["body"]["size_pt"] - 2 * (level - 1)
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)
    return (ems % width) / width if ems % width else 1.0


def _metadata(doc: Document, source_date_epoch: int | None) -> str:
    keywords = [h.outline_text for h in doc.headings if h.level == 1] or [doc.meta.title]
    out = f'<meta name="keywords" content="{html.escape(", ".join(keywords))}">'
    if not doc.meta.date and source_date_epoch is not None:  # a stated date is in head_html
        when = document_date(None, source_date_epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
        out += f'<meta name="dcterms.created" content="{when}">'
    return out


def document_html(
    doc: Document, theme: Theme, typography: bool = True, source_date_epoch: int | None = None
) -> str:
    """The complete HTML the PDF is rendered from (also useful to inspect or benchmark).

    With `typography`, text nodes get zhpress's Chinese line-breaking and punctuation compression
    (zhpress.typeset.linebreak); without it, the same document is plain escaped text, for comparisons.
    """
    text_html = linebreak.prepare_text_html if typography else html.escape
    stylesheet = css.pdf_css(theme)
    toc = toc_html(doc, theme) if theme.data.get("toc") and doc.headings else ""
    if doc.meta.gongwen:  # a 公文: 版头, 主体 and 版记 (writers/pdf/gongwen.py), no 目录
        stylesheet += gongwen_pdf.css(theme, doc.meta.gongwen)
        toc = ""
        main = gongwen_pdf.body_html(doc, theme, text_html,
                                     lambda text: _title_html(text, theme, text_html))
    else:
        main = body_html(doc, theme, text_html, keep_last_two=typography)
    return (
        f'<!DOCTYPE html><html lang="{html.escape(doc.meta.lang or "zh-CN")}">'
        + html.head_html(doc, stylesheet, _metadata(doc, source_date_epoch))
        + "<body>"
        + toc
        + "<main>"
        + main
        + "</main></body></html>"
    )


_hook_refused: list[str] = []


def _install_layout_hook() -> None:
    """Patch WeasyPrint for Chinese justification; where the patches do not fit the installed
    WeasyPrint, typeset ragged and say so once per process."""
    reason = layout_hook.install()
    if reason and not _hook_refused:
        _hook_refused.append(reason)
        log.warning("Chinese justification and punctuation compression are off: %s; install the "
                    "WeasyPrint that pyproject.toml pins (pip install -e .)", reason)


def render_html(source: str, typography: bool = True, **options: Any) -> bytes:
    """Render our HTML with WeasyPrint, never fetching anything; `typography` switches on
    inter-character justification (zhpress.typeset.weasyprint) for this render. `options` go to
    WeasyPrint's write_pdf (e.g. pdf_variant="pdf/a-3b")."""
    from weasyprint import HTML

    if typography:
        _install_layout_hook()
    else:
        layout_hook.uninstall()

    try:
        pdf = HTML(string=source, url_fetcher=_fetcher(), base_url=None).write_pdf(**options)
    except (ValueError, RuntimeError) as exc:  # pragma: no cover - renderer failure
        raise BadInput(f"WeasyPrint could not render the document: {exc}") from exc
    finally:
        gc.collect()  # long-lived processes otherwise grow by ~30 MiB a document
    return pdf


def write(doc: Document, options: WriterOptions) -> bytes:
    """The PDF of `doc`. `options.pdf_variant` (default: the theme's `pdf_variant` key, if any)
    asks WeasyPrint for e.g. "pdf/a-3b"."""
    theme = options.theme
    missing = uncovered(doc, theme)
    if missing:  # reported before rendering: never a silent blank box
        log.warning("%d character(s) in no installed font, shown as blank boxes: %s; install "
                    "a font that covers them (e.g. fonts-noto-cjk-extra)", len(missing),
                    ", ".join(missing[:10]))
    variant = options.pdf_variant or theme.data.get("pdf_variant")
    engine = {"pdf_variant": variant} if variant else {}
    engine["finisher"] = pdf_labels.add_page_labels  # viewer page numbers = printed folios
    source = document_html(doc, theme, source_date_epoch=options.source_date_epoch)
    if doc.meta.gongwen:  # the 版记 on an even page (writers/pdf/gongwen.py)
        data = gongwen_pdf.render(source, render_html, **engine)
    else:
        data = render_html(source, **engine)
    return pdf_fonts.shrink(data)  # CJK subsets without WeasyPrint's empty glyph slots
