"""The parsed-Markdown cache (zhpress/doccache.py): a hit gives what reading the bytes gives, an
edited Markdown is read again, and without ZHPRESS_CACHE_DIR nothing is kept."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import zipfile

import pytest
from conftest import BIN, sample_path

from zhpress import doccache
from zhpress.markdown import read_markdown
from zhpress.model import Meta

ZHPRESS = str(BIN / "zhpress")
MD = "---\ntitle: 标题\nlang: zh-CN\n---\n\n# 第一章\n\n正文一段。\n"


def _parse(data: bytes):
    return read_markdown(data.decode("utf-8"))


def _fail(data: bytes):
    raise AssertionError("parsed although the cache holds these bytes")


def test_hit_returns_the_stored_document_without_parsing(tmp_path, monkeypatch):
    monkeypatch.setenv("ZHPRESS_CACHE_DIR", str(tmp_path / "cache"))
    md, data = tmp_path / "a.md", MD.encode()
    doc = _parse(data)
    doccache.store(md, data, doc)
    assert doccache.read(md, data, _fail) == doc


@pytest.mark.parametrize("entry", [b"", b"not a pickle", None])
def test_changed_bytes_or_a_bad_entry_are_read_again(tmp_path, monkeypatch, entry):
    monkeypatch.setenv("ZHPRESS_CACHE_DIR", str(tmp_path / "cache"))
    md, data = tmp_path / "a.md", MD.encode()
    doccache.store(md, data, _parse(data))
    if entry is not None:
        (tmp_path / "cache" / "a.pickle").write_bytes(entry)
        assert doccache.read(md, data, _parse) == _parse(data)
    edited = MD.replace("正文一段", "正文改了").encode()
    assert doccache.read(md, edited, _parse) == _parse(edited)


def test_without_the_setting_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.delenv("ZHPRESS_CACHE_DIR", raising=False)
    md, data = tmp_path / "a.md", MD.encode()
    doccache.store(md, data, _parse(data))
    assert not doccache.enabled() and list(tmp_path.iterdir()) == []


def test_format_stages_use_the_document_normalize_kept(tmp_path):
    """normalize keeps the parsed Document; the EPUB stage uses it while the Markdown is
    unchanged (shown by planting a different title under the same key) and reads the file again
    once it is edited; with or without the cache, the same bytes come out."""
    env = {**os.environ, "ZHPRESS_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("ZHPRESS_WORKER", None)
    md = tmp_path / "x.md"
    subprocess.run([ZHPRESS, "normalize", str(sample_path("leshan-cppcc-2023.txt")), "-o",
                    str(md)], env=env, check=True, capture_output=True)

    def epub(label: str, environ: dict) -> bytes:
        out = tmp_path / f"{label}.epub"
        subprocess.run([ZHPRESS, "epub", str(md), "-o", str(out)], env=environ, check=True)
        return out.read_bytes()

    def title(data: bytes) -> str:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            opf = z.read("EPUB/content.opf").decode()
        return opf.split("<dc:title")[1].split(">", 1)[1].split("<", 1)[0]

    plain = {k: v for k, v in env.items() if k != "ZHPRESS_CACHE_DIR"}
    assert epub("cached", env) == epub("plain", plain)
    data = md.read_bytes()
    planted = dataclasses.replace(_parse(data), meta=Meta(title="种下的标题", lang="zh-CN"))
    os.environ["ZHPRESS_CACHE_DIR"] = env["ZHPRESS_CACHE_DIR"]
    try:
        doccache.store(md, data, planted)
    finally:
        del os.environ["ZHPRESS_CACHE_DIR"]
    assert title(epub("planted", env)) == "种下的标题"
    md.write_bytes(data + "\n补一段。\n".encode())
    assert title(epub("edited", env)) == title(epub("plain", plain))
