"""Bad input: each file has one outcome, pinned here: it builds, or it fails with one line naming
the file, the cause and what to do; never a traceback, never a partial output, never a changed
input; the others still build."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from helpers import BIN, ROOT, run_snakemake, sample_path

ZHPRESS = str(BIN / "zhpress")
PDF_MAGIC = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(256))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def _zip_bytes() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "你好" * 100)
    return buf.getvalue()


def nested_numbering() -> str:
    markers = ["一、", "（一）", "1.", "（1）", "①", "第一章 ", "第一节 ", "第一条 ", "A.", "(a)"]
    lines = ["十层编号测试", ""]
    for depth, marker in enumerate(markers):
        lines += [f"{marker}第{depth + 1}层标题", "", f"这是第{depth + 1}层的正文，内容完整。", ""]
    return "\n".join(lines)


def chinese_numeral(n: int) -> str:
    """1..100 as written in 一、 markers: 一, 十一, 二十三, 一百."""
    digits = "零一二三四五六七八九"
    if n == 100:
        return "一百"
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else digits[tens]) + "十" if tens else "") + (digits[ones] if ones
                                                                          else "")


def many_headings() -> str:
    """10,000 headings: 100 一、 sections of 99 numbered items each, plus the title."""
    parts = ["一万个标题", ""]
    for section in range(1, 101):
        parts += [f"{chinese_numeral(section)}、第{section}部分", ""]
        for item in range(1, 100):
            parts += [f"{item}.第{section}部分第{item}项", "", "说明文字。", ""]
    return "\n".join(parts)


# name -> bytes. Each has one outcome: it is in BUILDS or in REFUSED (below).
BAD_INPUTS: dict[str, bytes] = {
    "empty.txt": b"",
    "whitespace.txt": b" \n\t\r\n\xe3\x80\x80\n\n",
    "pdf-as-text.txt": PDF_MAGIC,
    "png-as-text.txt": PNG_MAGIC,
    "zip-as-text.txt": _zip_bytes(),
    "invalid-utf8.txt": "第一段正文，没有问题。\n\n".encode() * 50 + b"\xff\xfe\xfa\xfb\xc0"
    + "第二段正文。\n".encode() * 50,
    "gbk-stray.txt": "政府工作报告\n\n一、过去一年的工作\n\n".encode("gbk") * 20 + b"\x80\xff"
    + "各位代表。\n".encode("gbk") * 20,
    "utf16-no-bom.txt": "政府工作报告\n\n一、过去一年的工作\n\n各位代表：大家好。\n".encode("utf-16-le")
    * 20,
    "punctuation-only.txt": "，。、；：？！“”（）《》……——\n\n。。。，，，\n".encode(),
    "nested-ten.txt": nested_numbering().encode(),
}
NO_TEXT = "no text to publish (the file is empty or blank); add text or remove it"
BINARY = "NUL byte at offset {}: binary data or UTF-16 without BOM; re-save the file as UTF-8"
UNDECODABLE = ("bytes at offset {} decode under no supported encoding (UTF-8, GB18030/GBK, "
               "Big5 (with HKSCS), UTF-16 with BOM); re-save the file as UTF-8")
BUILDS = ["nested-ten.txt", "punctuation-only.txt"]
# name -> the one line after "zhpress normalize: <file>: "
REFUSED: dict[str, str] = {
    "empty.txt": NO_TEXT,
    "whitespace.txt": NO_TEXT,
    "pdf-as-text.txt": BINARY.format(51),
    "png-as-text.txt": BINARY.format(8),
    "zip-as-text.txt": BINARY.format(5),
    "utf16-no-bom.txt": BINARY.format(13),
    "invalid-utf8.txt": UNDECODABLE.format(1750),
    "gbk-stray.txt": UNDECODABLE.format(680),
}
# file names that must build like any other (the content is a small valid text)
ODD_NAMES = ["with space.txt", "中文名称.txt", "quote's \"name\".txt", "-leading-dash.txt",
             "$(touch pwned).txt", "new\nline.txt"]
SMALL_TEXT = "测试文件标题\n\n一、第一部分\n\n这是正文，内容完整。\n".encode()


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([ZHPRESS, *args], capture_output=True, text=True, cwd=cwd)


def assert_clean_failure(proc: subprocess.CompletedProcess, filename: str) -> None:
    """Exit 1 with exactly one line on stderr that names the file and says what to do."""
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert filename in lines[0]
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr


# the inputs that build run the CLI four times (normalize, pdf, docx, epub): slow
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.slow) if n in BUILDS else n
                                  for n in sorted(BAD_INPUTS)])
def test_each_bad_input_builds_or_fails_cleanly(tmp_path, name):
    src = tmp_path / name
    src.write_bytes(BAD_INPUTS[name])
    before = hashlib.sha256(src.read_bytes()).hexdigest()
    md = tmp_path / "out" / "x.md"
    proc = run_cli("normalize", str(src), "-o", str(md), "--report", str(tmp_path / "r.json"))
    assert hashlib.sha256(src.read_bytes()).hexdigest() == before  # input never written
    if name in BUILDS:
        assert proc.returncode == 0, proc.stderr
        assert md.read_text(encoding="utf-8").startswith("---\n")
        for fmt in ("pdf", "docx", "epub"):
            out = tmp_path / "out" / f"x.{fmt}"
            p = run_cli(fmt, str(md), "-o", str(out))
            assert p.returncode == 0, p.stderr
            assert out.stat().st_size > 0
    else:
        assert_clean_failure(proc, name)
        assert proc.stderr.strip() == f"zhpress normalize: {src}: {REFUSED[name]}"
        # no partial output: nothing at all was written
        assert not (tmp_path / "out").exists()
        assert not (tmp_path / "r.json").exists()


@pytest.mark.slow
def test_large_inputs_normalize_within_limits(tmp_path):
    """A file and a single line at the limits (zhpress.limits): normalized with bounded memory
    (beyond them: tests/test_hardening_limits.py)."""
    from zhpress.limits import MAX_INPUT_BYTES, MAX_LINE_CHARS

    unit = sample_path("leshan-cppcc-2023.txt").read_bytes()
    big = tmp_path / "big.txt"
    big.write_bytes(unit * (MAX_INPUT_BYTES // len(unit)))
    line = tmp_path / "one-line.txt"
    line.write_bytes(("这是一行很长的文字，没有换行。" * (MAX_LINE_CHARS // 15)).encode())
    for src in (big, line):
        out = tmp_path / f"{src.stem}.md"
        proc = subprocess.run(
            ["/usr/bin/time", "-f", "%M", ZHPRESS, "normalize", str(src), "-o", str(out)],
            capture_output=True, text=True,
        )
        peak_kib = int(proc.stderr.strip().splitlines()[-1])
        assert peak_kib * 1024 < 12 * src.stat().st_size + 300 * 2**20, peak_kib
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert out.stat().st_size > src.stat().st_size * 0.9


@pytest.mark.slow
def test_ten_thousand_headings(tmp_path):
    src = tmp_path / "many.txt"
    src.write_text(many_headings(), encoding="utf-8")
    md, outline = tmp_path / "many.md", tmp_path / "many.json"
    assert run_cli("normalize", str(src), "-o", str(md)).returncode == 0
    assert run_cli("outline", str(md), "-o", str(outline)).returncode == 0
    import json

    headings = json.loads(outline.read_text())["headings"]
    assert len(headings) == 1 + 100 + 100 * 99
    proc = run_cli("docx", str(md), "-o", str(tmp_path / "many.docx"))
    assert proc.returncode == 0, proc.stderr


def _tree_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.iterdir() if p.is_file()}


@pytest.mark.slow
def test_workflow_isolates_failures_and_never_writes_inputs(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    (inputs / "good.txt").write_bytes(sample_path("leshan-cppcc-2023.txt").read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "pdf-as-text.txt").write_bytes(PDF_MAGIC)
    (inputs / "stray.pdf").write_bytes(PDF_MAGIC)  # not a .txt/.md: not an input at all
    (inputs / "photo.png").write_bytes(PNG_MAGIC)
    (inputs / "bundle.zip").write_bytes(_zip_bytes())
    for i, name in enumerate(ODD_NAMES):
        (inputs / name).write_bytes(SMALL_TEXT + f"第{i}号。\n".encode())
    before = _tree_digest(inputs)
    proc = run_snakemake(tmp_path, "--keep-going", check=False)
    assert _tree_digest(inputs) == before
    assert proc.returncode != 0
    # the closing summary names each failed file with its cause
    tail = proc.stderr[proc.stderr.rfind("problem(s):"):]
    assert "empty.txt" in tail and "pdf-as-text.txt" in tail
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "pwned").exists()
    out = tmp_path / "output"
    from zhpress.build.inputs import safe_name

    for name in ["good.txt", *ODD_NAMES]:
        stem = safe_name(name.rsplit(".", 1)[0])
        for kind in ("pdf", "docx", "epub"):
            assert (out / kind / f"{stem}.{kind}").stat().st_size > 0, (name, kind)
    assert not (out / "md" / "empty.md").exists()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "good" in page
    leftovers = [p for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


@pytest.mark.slow
def test_interrupted_build_resumes_to_complete_outputs(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    for name in ("leshan-cppcc-2023.txt", "constitution.txt"):
        (inputs / name).write_bytes(sample_path(name).read_bytes())
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}"}
    proc = subprocess.Popen(
        [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"),
         "--directory", str(tmp_path), "--cores", "2"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )
    pdf_dir = tmp_path / "output" / "md"
    deadline = time.time() + 60
    while time.time() < deadline and not any(pdf_dir.glob("*.md")):
        time.sleep(0.2)
    time.sleep(0.3)  # some jobs are running now
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=60)
    assert not (tmp_path / "output" / "index.html").exists(), "the build ended before the kill"
    result = run_snakemake(tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    from zhpress.check import readback

    for stem in ("leshan-cppcc-2023", "constitution"):
        import json

        outline = readback.entries_of(json.loads(
            (tmp_path / "output" / "outline" / f"{stem}.json").read_text()))
        assert readback.pdf_outline(tmp_path / "output" / "pdf" / f"{stem}.pdf") == outline
        assert readback.docx_outline(tmp_path / "output" / "docx" / f"{stem}.docx") == outline
        with zipfile.ZipFile(tmp_path / "output" / "epub" / f"{stem}.epub") as z:
            assert z.testzip() is None



@pytest.mark.slow
def test_two_inputs_with_one_name_are_both_refused(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    (inputs / "a b.txt").write_bytes(SMALL_TEXT)
    (inputs / "a_b.md").write_text("# 标题\n\n正文。\n", encoding="utf-8")
    (inputs / "good.txt").write_bytes(SMALL_TEXT)
    proc = run_snakemake(tmp_path, check=False)
    assert proc.returncode != 0
    assert "a b.txt" in proc.stderr and "a_b.md" in proc.stderr and "rename" in proc.stderr
    assert (tmp_path / "output" / "pdf" / "good.pdf").is_file()
    assert not (tmp_path / "output" / "md" / "a_b.md").exists()


@pytest.mark.slow
def test_a_file_name_that_is_not_utf8_is_refused_and_the_others_build(tmp_path):
    inputs = tmp_path / "input"
    inputs.mkdir()
    gbk_name = os.path.join(os.fsencode(inputs), "报告".encode("gbk") + b".txt")
    with open(gbk_name, "wb") as f:
        f.write(SMALL_TEXT)
    (inputs / "good.txt").write_bytes(SMALL_TEXT)
    proc = run_snakemake(tmp_path, check=False)
    assert proc.returncode != 0
    assert "file name is not UTF-8" in proc.stderr and "rename the file" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "output" / "pdf" / "good.pdf").is_file()
    assert sorted(p.name for p in (tmp_path / "output" / "md").iterdir()) == ["good.md"]
