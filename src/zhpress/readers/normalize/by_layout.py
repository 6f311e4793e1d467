"""A file laid out as records or as a web page: its paragraphs by its layout (layout.py decides
which, records.py and html.py take it apart), and the one line that tells the editor."""

from __future__ import annotations

from zhpress.readers.normalize import html, records
from zhpress.readers.normalize.decode import Decoded
from zhpress.readers.normalize.html import html_paragraphs
from zhpress.readers.normalize.layout import Layout, detect_layout
from zhpress.readers.normalize.para import Para
from zhpress.readers.normalize.records import record_paragraphs
from zhpress.readers.normalize.report import Report, ReportWarning, Where


def layout_paragraphs(dec: Decoded, report: Report) -> list[Para] | None:
    """The paragraphs of a file whose layout is not running text (separators, markup and
    clutter removed and reported), or None for running text (the usual path)."""
    layout = detect_layout([ln.text for ln in dec.lines])
    if layout.kind == "text":
        return None
    if layout.kind == "html":
        paras = html_paragraphs(dec, report)
    else:
        paras = record_paragraphs(dec, layout, report)
    report.rules[LAYOUT_RULE] = "issue 13: a record dump or a web page is structured by its layout"
    report.add_warning(ReportWarning(LAYOUT_RULE, Where(1, 1), layout_message(layout, report)))
    return paras


LAYOUT_RULE = "input_layout"
_REMOVAL_RULES = (records.SEPARATOR_RULE, records.MARKUP_RULE, html.MARKUP_RULE,
                  html.CLUTTER_RULE, html.DUPLICATE_RULE)


def layout_message(layout: Layout, report: Report) -> str:
    """One line for the editor: what the file was taken for and what was removed."""
    what = {
        "html": "a web page saved as text: reduced to its text with an HTML parser",
        "records-inline": f"a record dump, one record a line (headline{layout.mark}body)",
        "records-separated": f"a record dump, records between '{layout.mark}' lines",
        "records-markup": f"a record dump in <{layout.mark}> markup",
        "records-json": f"a record dump in JSON lines (title key '{layout.mark}')",
    }[layout.kind]
    removed = ", ".join(f"{rule} {n}" for rule in _REMOVAL_RULES
                        if (n := report.count(rule)))
    return f"{what}; removed (listed under their rules): {removed or 'nothing'}; check the result"
