"""The download page: one entry (JSON + thumbnail) per publication, gathered into index.html.

Entries are built per publication, so changing one input rebuilds one entry and the page (a flat
index over thousands of outputs grows quadratically in Snakemake). The page is static, works from
the file system and from any web server (relative, percent-encoded links), and loads nothing from
outside: no script, no web font, no remote image.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from pathlib import Path
from urllib.parse import quote

from zhpress.fileio import write_atomic
from zhpress.model import UNTITLED, Document
from zhpress.outline import outline
from zhpress.publish.archive import check, load_editions
from zhpress.typeset.titles import wbr_html
from zhpress.writers.html import escape

THUMB_WIDTH = 240  # px: shown at 120 CSS px, sharp on 2x screens
LABELS = {"pdf": "PDF", "epub": "EPUB", "docx": "DOCX", "md": "Markdown"}
NOTES = {"pdf": "打印、存档", "epub": "手机、电子书阅读器", "docx": "编辑、修改", "md": "源文本"}


def _file_info(path: Path, root: Path) -> dict:
    data = path.read_bytes()
    return {
        "href": path.relative_to(root).as_posix(),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def render_thumbnail(pdf: Path, png: Path) -> int:
    """The PDF's first page of text as a PNG; returns the page count.

    That is the page of the first bookmark (the title), not a generated 目录 page in front of
    it, which looks the same for every publication at thumbnail size; page 1 without bookmarks.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[_first_bookmark_page(document)]
        image = page.render(scale=THUMB_WIDTH / page.get_width()).to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        write_atomic(png, buf.getvalue())
        return len(document)
    finally:
        document.close()


def _first_bookmark_page(document) -> int:
    for item in document.get_toc():
        if hasattr(item, "page_index"):  # pypdfium2 4
            index = item.page_index
        else:  # pypdfium2 5
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
        if index is not None:
            return index
    return 0


def write_entry(doc: Document, entry_path: Path, outputs: list[Path], name: str,
                archive: Path | None = None, archive_href: str | None = None,
                source_name: str | None = None) -> None:
    """Entry JSON for one publication (`doc`, its document); `outputs` are its files (pdf,
    docx, epub, md, report…); `source_name` is the input's own file name, shown where the
    publication name (made safe and bounded, zhpress.build.inputs) differs from it.

    Paths in the entry are relative to the output root, the parent of the entry's folder. The
    EPUB editions are read from `archive` (default: the root's archive/<name>) and linked as
    `archive_href`/<file> (default: archive/<name>).
    """
    root = entry_path.parent.parent
    contents = outline(doc)
    entry: dict = {"name": name, "title": contents["title"], "outline": contents["headings"],
                   "files": {}}
    entry.update({k: getattr(doc.meta, k) for k in ("author", "date", "subtitle")
                  if getattr(doc.meta, k)})
    if source_name and Path(source_name).stem != name:
        entry["source_name"] = source_name
    for path in outputs:
        kind = path.parent.name  # output/<kind>/<name>.<ext>
        entry["files"][kind] = _file_info(path, root)
        if kind == "pdf":
            thumb = entry_path.with_suffix(".png")
            entry["pages"] = render_thumbnail(path, thumb)
            entry["thumbnail"] = thumb.relative_to(root).as_posix()
    archive = archive or root / "archive" / name
    href = (archive_href or f"archive/{name}").rstrip("/")
    wrong = check(archive)  # an edition missing or damaged is listed, never linked
    entry["editions"] = [{**e, "href": f"{href}/{e['file']}"} if e["file"] not in wrong
                         else {**e, "missing": True} for e in load_editions(archive)]
    write_atomic(entry_path, json.dumps(entry, ensure_ascii=False, indent=1) + "\n")


# --- the page ------------------------------------------------------------------------------------
def _size(n: int) -> str:
    if n < 1024:
        return f"{n} 字节"
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1048576:.1f} MB"


def _date(value: str) -> str:
    """20230221 or 2023-02-21 as 2023年2月21日 (the form Chinese documents write)."""
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 8:
        return escape(value)
    return f"{digits[:4]}年{int(digits[4:6])}月{int(digits[6:])}日"


PAGE_CSS = """
:root { color-scheme: light; --ink: #1f1f1f; --muted: #5f5f5f; --rule: #d9d4c7; --red: #a61b1b; }
html { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
  "Microsoft YaHei", sans-serif; font-size: 100%; line-height: 1.75; color: var(--ink);
  background: #fbf8f1; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 50rem; padding: 1rem 1rem 3rem; line-break: strict;
  overflow-wrap: break-word; }
header h1 { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
  font-size: 1.75rem; letter-spacing: .1em; margin: .5rem 0; color: var(--red); }
header p { color: var(--muted); margin: 0 0 1rem; }
article { display: grid; grid-template-columns: 8rem 1fr; gap: 1.25rem;
  border-top: 1px solid var(--rule); padding: 1.25rem 0; }
.thumb img { display: block; width: 100%; height: auto; border: 1px solid var(--rule);
  box-shadow: 0 1px 4px rgba(0, 0, 0, .12); background: #fff; }
article h2 { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif;
  font-size: 1.3rem; line-height: 1.5; margin: 0 0 .25rem; text-wrap: balance; }
.nobr-word { white-space: nowrap; }
.subtitle { margin: 0; font-family: "LXGW WenKai", "Kaiti SC", "KaiTi", serif; }
.meta { color: var(--muted); font-size: .9rem; margin: .25rem 0 .5rem; }
.meta span + span::before { content: "·"; margin: 0 .4em; }
a { color: #1c4f8c; }
ul.files { list-style: none; padding: 0; margin: .5rem 0; }
ul.files li { margin: .35rem 0; }
ul.files a.format { display: inline-block; min-width: 5.5em; padding: .2rem .6rem;
  border: 1px solid #1c4f8c; border-radius: .3rem; text-decoration: none; text-align: center; }
.note, .size { color: var(--muted); font-size: .85rem; margin-left: .5em; }
code.sha { display: block; font-family: "Noto Sans Mono CJK SC", monospace; font-size: .72rem;
  color: #777; word-break: break-all; line-height: 1.4; }
details { margin: .5rem 0; }
summary { cursor: pointer; color: var(--red); padding: .2rem 0; }
ol.outline, ol.outline ol { list-style: none; margin: 0; padding-left: 1.5em; }
ol.outline { padding-left: 0; }
ol.editions { padding-left: 1.5em; }
.current { color: var(--red); font-size: .8rem; margin-left: .4em; }
@media (max-width: 36rem) {
  article { display: block; }
  .thumb { float: right; width: 5.5rem; margin: .3rem 0 .5rem .9rem; }
  ul.files, details { clear: both; }
  header h1 { font-size: 1.5rem; }
}
"""


def _href(prefix: str, path: str) -> str:
    """A relative URL that works from file:// and HTTP, whatever the file name holds (#, ?, 中文)."""
    return escape(quote(f"{prefix}{path}", safe="/"))


def _outline_html(headings: list[dict]) -> str:
    """The outline as nested lists (a skipped level nests one step, as in the EPUB nav)."""
    root: list = []
    stack: list[tuple[int, list]] = [(0, root)]
    for h in headings:
        while stack[-1][0] >= h["level"]:
            stack.pop()
        node: tuple[str, list] = (h["text"], [])
        stack[-1][1].append(node)
        stack.append((h["level"], node[1]))

    def render(nodes: list, attrs: str = "") -> str:
        items = "".join(f"<li>{escape(text)}{render(children) if children else ''}</li>"
                        for text, children in nodes)
        return f"<ol{attrs}>{items}</ol>"

    return render(root, ' class="outline"') if root else ""


def _files_html(entry: dict, prefix: str) -> str:
    items = []
    for kind in LABELS:
        f = entry["files"].get(kind)
        if f is None:
            continue
        items.append(
            f'<li><a class="format" href="{_href(prefix, f["href"])}">{LABELS[kind]}</a>'
            f'<span class="size">{_size(f["size"])}</span>'
            f'<span class="note">{NOTES[kind]}</span>'
            f'<code class="sha" title="SHA-256">sha256 {f["sha256"]}</code></li>'
        )
    return f'<ul class="files">{"".join(items)}</ul>'


def _edition_date(edition: dict) -> str:
    date = edition.get("date", "")
    return "未注明日期" if date in ("", "19800101") else _date(date)  # 19800101: no date known


def _editions_html(entry: dict, prefix: str) -> str:
    current = entry["files"].get("epub", {}).get("sha256")
    items = "".join(
        (f'<li><a href="{_href(prefix, e["href"])}">{escape(e["id"])}</a> ' if "href" in e
         else f'<li>{escape(e["id"])}<span class="current">文件缺失</span> ')
        + f'<span class="size">{_edition_date(e)} · {_size(e["size"])}</span>'
        + ('<span class="current">当前版本</span>' if e["sha256"] == current else "")
        + "</li>"
        for e in reversed(entry["editions"])
    )
    return (f'<details><summary>版本记录（{len(entry["editions"])} 个 EPUB 版本）</summary>'
            f'<ol class="editions" reversed>{items}</ol></details>')


def _entry_html(entry: dict, prefix: str) -> str:
    meta = [f"<span>{escape(entry['author'])}</span>"] if entry.get("author") else []
    if entry.get("date"):
        meta.append(f'<span><time datetime="{escape(entry["date"])}">{_date(entry["date"])}'
                    "</time></span>")
    if entry.get("pages"):
        meta.append(f"<span>{entry['pages']} 页</span>")
    report = entry["files"].get("report")
    if report:
        meta.append(f'<span><a href="{_href(prefix, report["href"])}">规范化报告</a></span>')
    if entry.get("source_name"):
        meta.append(f'<span>源文件：{escape(entry["source_name"])}</span>')
    thumb = ""
    if entry.get("thumbnail"):
        pdf = entry["files"].get("pdf")
        img = (f'<img src="{_href(prefix, entry["thumbnail"])}" width="{THUMB_WIDTH // 2}" '
               f'alt="《{escape(entry["title"] or UNTITLED)}》第一页">')
        thumb = f'<a href="{_href(prefix, pdf["href"])}">{img}</a>' if pdf else img
    subtitle = (f'<p class="subtitle">{escape(entry["subtitle"])}</p>'
                if entry.get("subtitle") else "")
    return (
        f'<article id="{escape(entry["name"])}"><div class="thumb">{thumb}</div><div>'
        f'<h2>{wbr_html(entry["title"] or UNTITLED, escape)}</h2>{subtitle}<p class="meta">{"".join(meta)}</p>'
        f"{_files_html(entry, prefix)}"
        f'<details><summary>目录（{len(entry["outline"])} 项）</summary>'
        f'{_outline_html(entry["outline"])}</details>'
        f"{_editions_html(entry, prefix)}</div></article>"
    )


def write_site(entries: list[Path], root: Path) -> str:
    """index.html for the folder `root`; each entry's links are made relative to it."""
    data = []
    for path in entries:
        entry = json.loads(path.read_text(encoding="utf-8"))
        rel = os.path.relpath(path.parent.parent, root)
        data.append((entry, "" if rel == "." else Path(rel).as_posix() + "/"))
    data.sort(key=lambda item: item[0]["name"])
    body = "".join(_entry_html(e, prefix) for e, prefix in data)
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>文档下载</title>"
        f"<style>{PAGE_CSS}</style></head><body><header><h1>文档下载</h1>"
        f"<p>共 {len(data)} 份文件。每种格式后的 sha256 可用于核对下载是否完整。</p></header>"
        f"<main>{body}</main></body></html>\n"
    )
