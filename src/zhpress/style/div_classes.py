"""How the classed lines of the Markdown form (model.Div) are set, one table for the CSS (PDF,
EPUB) and the DOCX writer. Sizes and faces come from the theme: a title-block line takes the
theme's `subtitle` style, the others the body size; this table only says which face role and
alignment each class has (GB/T 9704-2012 for the official-document lines).
"""

from __future__ import annotations

#: The lines of a title block under the title, set like the occasion line (theme `subtitle`:
#: centred, in its face): occasion, speaker, a subtitle, a date line, an author.
TITLE_BLOCK = ("occasion", "speaker", "subtitle", "date", "author")

#: Other classed lines at the body size: (face role or "" for the body's, alignment). None of
#: them takes the body's first-line indent.
LINES: dict[str, tuple[str, str]] = {
    "doc-number": ("", "center"),      # 发文字号, centred (7.2.4)
    "addressee": ("", "left"),         # 主送机关, flush left (7.3.2)
    "attachment": ("hei", "left"),     # 附件 label, flush left in 黑体 (8.1)
    "signature": ("", "right"),        # 发文机关署名, right (7.3.5)
    "doc-date": ("", "right"),         # 成文日期, right (7.3.5)
    "compiler-title": ("kai", "center"),  # a compiler's label above the title
}
