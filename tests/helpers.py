"""What several test modules share: paths, the sample corpus, small documents, the writer call
and a real Snakemake build.

Test modules import these from `helpers`, not from `conftest`: pytest imports every folder's
conftest.py under the one module name `conftest` (the folders are not packages), so after a
folder's conftest.py is loaded, `from conftest import ...` finds that one, in any folder.
tests/ is on sys.path because pytest puts it there when it loads tests/conftest.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from zhpress.model import Div, Document, Heading, ListBlock, Meta, Paragraph, Span, Strong, Text

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CORPUS = TESTS / "corpus"  # vendored, byte-identical (tests/corpus/README.md)
FIXTURES = TESTS / "fixtures"
# The corpus texts, without the expected outlines beside them (*.outline.txt).
TEXTS = sorted(p.name for p in CORPUS.glob("*.txt") if not p.name.endswith(".outline.txt"))
INPUT = ROOT / "input"
SAMPLES = sorted(p.name for p in INPUT.glob("*.txt"))
BIN = Path(sys.executable).parent


def sample_path(name: str) -> Path:
    """A sample input: the copy in input/ (byte-identical to the one in tests/corpus)."""
    return INPUT / name


def corpus_document(name: str) -> Document:
    """A corpus text as the normalizer reads it."""
    from zhpress.readers.normalize import normalize_bytes

    return normalize_bytes((CORPUS / name).read_bytes(), name)[0]


def corpus_paragraphs(name: str = "leshan-cppcc-2023.txt") -> list[str]:
    """The body paragraphs of a corpus text, roughly: its lines longer than 40 characters."""
    lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if len(line.strip()) > 40]


# A small document with every block type and text that Markdown would read as markup (the
# Markdown round trip and the model JSON round trip use it).
MARKDOWN_DOC = Document(
    Meta(title="标题", subtitle="2023年2月21日在会议上", author="主席 张三", date="2023-02-21",
         source={"file": "x.txt", "sha256": "ab", "encoding": "utf-8"}),
    (Heading(1, "标题"), Div("occasion", "2023年2月21日在会议上"),
     Heading(2, "（一）深入学习。", run_in=True),
     Paragraph((Strong("提升思想自觉。"), Text("聚焦*学习*_x_ #1 <b> [a](b) `c` | \\ $x$ @c ~s~ ^p^ &amp;"))),
     Paragraph((Span("本报讯（记者 唐诗敏）", "byline"), Text("昨（2）日，"))),
     Paragraph((Text("1. 不是标题"),)), Paragraph((Text("- 不是列表"),)),
     Paragraph((Text("> 不是引用 {.x} ::: 三"),)),
     ListBlock(("序言", "第一章 总纲", "1. 项")), Div("caption", "正在清理垃圾")),
)


def every_node_document() -> Document:
    """Every block and inline type, eight heading levels, Latin, digits and full-width forms."""
    heads = [Heading(level, f"{'一二三四五六七八'[level - 1]}、第{level}级标题 Level {level}")
             for level in range(1, 9)]
    blocks = (
        heads[0],
        Div("occasion", "2024年3月5日在第十四届全国人民代表大会第二次会议上"),
        Div("speaker", "国务院总理 某某"),
        Div("salutation", "各位代表："),
        Paragraph((Strong("提升思想自觉。"), Text("坚持把学习“ABC 123”放在首位；(注：ＸＹＺ)。"))),
        Paragraph((Span("本报讯（记者 王五）", "byline"), Text("近日，某地召开会议……"))),
        Div("caption", "图为会议现场。"),
        ListBlock(("第一章　总纲", "第二章　公民的基本权利和义务")),
        Heading(2, "（一）深入学习贯彻党的精神。", run_in=True),
        Paragraph((Text("坚持把学习放在首位，5% 的增长 & <b>不是标记</b>。"),)),
        *heads[1:],
        Paragraph((Text("末段：鑫淼犇骉，龘靐齉。"),)),
    )
    return Document(Meta(title=heads[0].text, subtitle="副标题", author="作者 甲",
                         date="2024-03-05"), blocks)


def write(fmt: str, doc, theme, source_date_epoch: int | None = None, **options) -> bytes:
    """`doc` written by the registered writer of `fmt`, as the CLI writes it."""
    from zhpress.writers import WriterOptions, write_format

    return write_format(fmt, doc, WriterOptions(theme, source_date_epoch, **options))


def run_snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    return subprocess.run(
        [str(BIN / "snakemake"), "-s", str(ROOT / "Snakefile"), "--directory", str(workdir),
         "--cores", "2", "--scheduler", "greedy", *args],
        capture_output=True, text=True, env=env, check=check,
    )


@dataclass
class Build:
    root: Path

    def out(self, kind: str, name: str, ext: str) -> Path:
        return self.root / "output" / kind / f"{name}.{ext}"


def make_build(tmp: Path, names: list[str], *args: str) -> Build:
    (tmp / "input").mkdir(parents=True)
    for name in names:
        shutil.copyfile(sample_path(name), tmp / "input" / name)
    proc = run_snakemake(tmp, *args, check=False)
    if proc.returncode != 0:
        pytest.fail(f"snakemake failed:\n{proc.stderr[-4000:]}")
    return Build(tmp)
