"""The HTML change report reads on a phone: laid out by the real headless Chromium at 375 px
(an iPhone's width), the page scrolls only down, also with the longest unbreakable things a
report shows (a file name, a URL, a Latin word, a long quoted excerpt)."""

from __future__ import annotations

import html
import json
import re
import subprocess

import pytest
from helpers import CORPUS

from zhpress.readers.normalize import normalize_bytes, normalize_text
from zhpress.readers.normalize.report_html import report_html

pytestmark = pytest.mark.slow  # Chromium
PHONE = 375
# Desktop Chromium will not make a window narrower than 500 px, so the page is laid out in a
# 375 px wide frame (srcdoc: same origin, so the probe can measure inside it): the widest thing
# laid out, against the frame's width, in CSS pixels.
PROBE = """<!DOCTYPE html><html><body style="margin:0"><iframe id=f width={w} height=812
style="border:0" srcdoc="{page}"></iframe><script>
const f = document.getElementById('f');
f.onload = () => {{ const d = f.contentDocument.documentElement;
  document.body.setAttribute('data-probe', JSON.stringify({{scroll: d.scrollWidth,
    client: d.clientWidth, inner: f.contentWindow.innerWidth}})); }};
</script></body></html>"""
LONG_NAME = "newsroom_export_" + "0123456789" * 8 + ".txt"  # a file name is shown whole
HOSTILE = (
    "标题\n\n"
    '他说"见http://example.com/a/very/long/path/that/never/breaks/on/its/own/index.html?'
    'query=1&more=2吗"。\n'
    "型号ＡＢＣＤ" + "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3 + "(不成对。\n"
    "“" + "很长的引文没有结束" * 40 + "\n"
    "一、标题\n\n" + "正文" * 30 + "\n\n接续\n"
)


def chromium_width(page: str, tmp_path) -> dict[str, int]:
    path = tmp_path / "report.html"
    path.write_text(PROBE.format(w=PHONE, page=html.escape(page)), encoding="utf-8")
    proc = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--virtual-time-budget=5000",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", path.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    m = re.search(r'data-probe="([^"]+)"', proc.stdout)
    assert m, proc.stdout[-500:]
    return json.loads(html.unescape(m.group(1)))


@pytest.mark.parametrize("source", ["hostile", "leshan-cppcc-2023.txt"])
def test_report_has_no_horizontal_scroll_at_375_px(source: str, tmp_path) -> None:
    if source == "hostile":
        _, report = normalize_text(HOSTILE, LONG_NAME)
        assert report.warning_counts and report.change_counts  # both sections have rows
    else:
        _, report = normalize_bytes((CORPUS / source).read_bytes(), source)
    page = report_html(report)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    size = chromium_width(page, tmp_path)
    assert size["inner"] == PHONE, size  # laid out at the phone's width
    assert size["scroll"] <= size["client"], size  # nothing wider than the screen
