"""The download page (issue 6), built by the real `zhpress` commands and opened in headless
Chromium: every link resolves to a file, every thumbnail loads, nothing comes from outside, and
screenshots (phone and desktop) are saved to output/ for a person to look at."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import CORPUS

# slow: the download page is published by the CLI and loaded in Chromium
pytestmark = pytest.mark.slow

ZHPRESS = str(Path(sys.executable).parent / "zhpress")
CHROMIUM = "chromium"  # Debian's, on PATH (make setup-test installs it)
# A Chinese name with a character that must be percent-encoded in a URL.
PUBLICATIONS = {"乐山政协报告_100%": "leshan-cppcc-2023.txt", "constitution": "constitution.txt"}
ENV = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}


def zhpress(*args: str | Path) -> None:
    proc = subprocess.run([ZHPRESS, *map(str, args)], capture_output=True, text=True, env=ENV)
    assert proc.returncode == 0, proc.stderr


def publish(out: Path, name: str, sample: str) -> Path:
    """The Snakefile's rules for one publication, as commands; returns its entry JSON."""
    md, report = out / "md" / f"{name}.md", out / "report" / f"{name}.json"
    model = out / "model" / f"{name}.json"
    zhpress("normalize", CORPUS / sample, "-o", md, "--report", report, "--model", model)
    zhpress("outline", md, "-o", out / "outline" / f"{name}.json")
    files = [md, report.with_suffix(".html")]
    for fmt in ("pdf", "docx", "epub"):
        zhpress(fmt, md, "-o", out / fmt / f"{name}.{fmt}", "--theme", "gongwen")
        files.append(out / fmt / f"{name}.{fmt}")
    zhpress("archive", out / "epub" / f"{name}.epub", "--dir", out / "archive" / name,
            "--source", md)
    entry = out / "site" / f"{name}.json"
    zhpress("entry", model, "-o", entry, "--name", name,
            "--files", *files)
    return entry


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )


class Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for key, value in attrs:
            if key in ("href", "src") and value is not None:
                self.refs.append((tag, key, value))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "output"
    with ThreadPoolExecutor(max_workers=2) as pool:
        entries = list(pool.map(lambda kv: publish(out, *kv), PUBLICATIONS.items()))
    zhpress("site", *entries, "-o", out / "index.html")
    return out


@pytest.fixture(scope="module")
def dom(site, tmp_path_factory) -> str:
    profile = tmp_path_factory.mktemp("chromium-profile")
    return chromium("--dump-dom", (site / "index.html").as_uri(), profile=profile).stdout


def test_page_lists_every_publication(site, dom):
    for name in PUBLICATIONS:
        entry = json.loads((site / "site" / f"{name}.json").read_text(encoding="utf-8"))
        titles = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2>(.*?)</h2>", dom)]
        assert entry["title"] in titles  # its words in nowrap spans (typeset.titles)
        assert f"{entry['pages']} 页" in dom and entry["pages"] >= 1
        assert set(entry["files"]) == {"pdf", "docx", "epub", "md", "report"}
        for kind in ("pdf", "docx", "epub", "md"):
            assert f'sha256 {entry["files"][kind]["sha256"]}' in dom, kind
        assert entry["files"]["report"]["href"] == f"report/{name}.html"
        assert len(entry["editions"]) == 1 and entry["editions"][0]["id"] in dom
        assert dom.count("<details>") == 2 * len(PUBLICATIONS)
    assert "黄平林" in dom and "2023年2月21日" in dom and "规范化报告" in dom


def test_every_link_resolves_and_nothing_is_external(site, dom):
    parser = Refs()
    parser.feed(dom)
    assert "script" not in parser.tags and "link" not in parser.tags and "iframe" not in parser.tags
    assert "url(" not in dom and "@import" not in dom
    assert len(parser.refs) == len(PUBLICATIONS) * (4 + 1 + 1 + 1 + 1)  # formats, report,
    # thumbnail, its link to the PDF, edition
    for tag, _, value in parser.refs:
        parts = urlsplit(value)
        assert not parts.scheme and not parts.netloc and not value.startswith("/"), value
        target = site / unquote(parts.path)
        assert target.is_file(), (tag, value)
    hrefs = {unquote(v) for _, _, v in parser.refs}
    for name in PUBLICATIONS:
        assert f"report/{name}.html" in hrefs
        assert {f"{fmt}/{name}.{fmt}" for fmt in ("pdf", "docx", "epub", "md")} <= hrefs
        assert any(h.startswith(f"archive/{name}/{name}-") for h in hrefs)
    assert any("%25" in v for _, _, v in parser.refs)  # '%' in a name is encoded


def test_thumbnails_load_in_chromium(site, dom, tmp_path):
    """A test-only page (outside output/) loads each <img> src of the dumped DOM and reports the
    decoded size; the download page itself has no script."""
    parser = Refs()
    parser.feed(dom)
    srcs = [v for tag, key, v in parser.refs if tag == "img" and key == "src"]
    assert len(srcs) == len(PUBLICATIONS)
    probe = tmp_path / "probe.html"
    probe.write_text(
        f'<!DOCTYPE html><html><head><base href="{site.as_uri()}/"></head><body><pre id="r">'
        "</pre><script>const srcs = " + json.dumps(srcs) + ";"
        "const out = document.getElementById('r');"
        "for (const s of srcs) { const i = new Image();"
        "i.onload = () => { out.textContent += `ok ${i.naturalWidth}x${i.naturalHeight}\\n`; };"
        "i.onerror = () => { out.textContent += `error ${s}\\n`; }; i.src = s; }"
        "</script></body></html>", encoding="utf-8")
    result = chromium("--virtual-time-budget=5000", "--allow-file-access-from-files",
                      "--dump-dom", probe.as_uri(), profile=tmp_path / "profile").stdout
    lines = result.split('<pre id="r">', 1)[1].split("</pre>", 1)[0].strip().splitlines()
    assert len(lines) == len(srcs) and all(ln.startswith("ok 240x") for ln in lines), lines
    from PIL import Image

    for src in srcs:
        with Image.open(site / unquote(src)) as image:
            image.load()
            assert image.width == 240 and image.height > 300


@pytest.mark.parametrize("label, size", [("phone", "390,1400"), ("desktop", "1280,1500")])
def test_screenshot(site, tmp_path, label, size):
    shot = site / f"index-{label}.png"
    chromium(f"--window-size={size}", f"--screenshot={shot}", "--force-device-scale-factor=1",
             (site / "index.html").as_uri(), profile=tmp_path / "profile")
    from PIL import Image

    with Image.open(shot) as image:
        width, _ = (int(v) for v in size.split(","))
        assert image.width == width
        assert len(image.convert("L").getcolors(65536) or []) > 50  # text and thumbnails drawn
    keep = os.environ.get("ZHPRESS_SCREENSHOT_DIR")
    if keep:
        shutil.copy(shot, Path(keep) / shot.name)
