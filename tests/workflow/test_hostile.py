"""Untrusted text never becomes markup: a full build of hostile .txt and .md inputs makes no
request to a local HTTP server and embeds no byte of a local file the text points at."""

from __future__ import annotations

import hashlib
import http.server
import threading
import zipfile
from pathlib import Path

import pytest
from helpers import run_snakemake


class CountingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the http.server API
        CountingHandler.requests.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    do_POST = do_HEAD = do_GET

    def log_message(self, *args):
        pass


@pytest.fixture()
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), CountingHandler)
    CountingHandler.requests = []
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def hostile_text(url: str, secret: Path, image: Path) -> str:
    f = secret.as_uri()
    return f"""恶意输入测试

一、标签与样式

正文里有HTML标签<b>粗体</b>和<script>alert(1)</script>，还有<img src="{f}">与<img src="{url}/img.png">。

<link rel="attachment" href="{f}"><a rel="attachment" href="{f}">附件</a>

<style>@import url("{url}/import.css"); body {{ background: url({url}/bg.png) }}</style>

<svg xmlns="http://www.w3.org/2000/svg"><image href="{url}/svg.png"/></svg>

<object data="{url}/object"></object><iframe src="{f}"></iframe>

二、Markdown与pandoc语法

链接[本地文件]({f})和图片![图]({image.as_uri()})，还有![远程]({url}/md.png)和<{url}/auto>。

```{{=html}}
<img src="{url}/raw-html.png">
```

```{{=openxml}}
<w:p><w:r><w:t>raw openxml</w:t></w:r></w:p>
```

`<img src="{url}/code.png">`{{=html}}

\\input{{{secret}}} $\\href{{{url}/tex}}{{x}}$ \\includegraphics{{{image}}}

---
title: 注入的标题
header-includes: <link rel="stylesheet" href="{url}/header.css">
---

@import url("{url}/bare-import.css");
"""


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".txt", ".md"])
def test_hostile_input_reads_no_file_and_touches_no_network(tmp_path, server, suffix):
    secret = tmp_path / "secret.txt"
    secret_bytes = b"ZHPRESS-SECRET-7f3a9c-" + hashlib.sha256(b"x").hexdigest().encode()
    secret.write_bytes(secret_bytes)
    image = tmp_path / "local.png"
    image_bytes = b"\x89PNG\r\n\x1a\nZHPRESS-LOCAL-IMAGE-91b2"
    image.write_bytes(image_bytes)
    (tmp_path / "input").mkdir()
    (tmp_path / "input" / f"hostile{suffix}").write_text(
        hostile_text(server, secret, image), encoding="utf-8")
    proc = run_snakemake(tmp_path, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert CountingHandler.requests == []
    outputs = [p for p in (tmp_path / "output").rglob("*") if p.is_file()]
    assert len(outputs) >= 8
    for path in outputs:
        blobs = [path.read_bytes()]
        if path.suffix in (".docx", ".epub"):
            with zipfile.ZipFile(path) as z:
                blobs += [z.read(n) for n in z.namelist()]
                # no file came along: only what the writers put there
                assert not any(n.lower().endswith((".png", ".jpg", ".svg", ".css"))
                               and "media" in n for n in z.namelist()), z.namelist()
        for blob in blobs:
            assert secret_bytes not in blob, path
            assert b"ZHPRESS-LOCAL-IMAGE" not in blob, path
    pdf = (tmp_path / "output" / "pdf" / "hostile.pdf").read_bytes()
    assert b"/EmbeddedFile" not in pdf and b"/Filespec" not in pdf
    # and the text survives as text: the tags are visible words, not elements
    from zhpress.check import readback

    text = readback.epub_text(tmp_path / "output" / "epub" / "hostile.epub")
    assert "<script>" in text and "@import" in text


def test_pdf_renderer_fetches_nothing_even_from_markup(tmp_path, server):
    """Second line of defence: even markup that reaches the renderer loads nothing. The same HTML
    through WeasyPrint's default fetcher does reach the server (so the check can fail)."""
    from weasyprint import HTML

    from zhpress.writers.pdf import render_html

    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"ZHPRESS-SECRET-FILE-42")
    source = (f'<html lang="zh-CN"><head><link rel="stylesheet" href="{server}/a.css">'
              f'<link rel="attachment" href="{secret.as_uri()}"></head>'
              f'<body><img src="{server}/b.png"><p>正文</p></body></html>')
    pdf = render_html(source)
    assert CountingHandler.requests == []
    assert b"ZHPRESS-SECRET-FILE-42" not in pdf and b"/EmbeddedFile" not in pdf
    HTML(string=source).write_pdf()
    assert len(CountingHandler.requests) >= 1
