"""`make bench`: build corpora of N documents and the novel, measure every stage and its engine.

For each corpus (N = 1, 50, 200 documents made from the sample texts, and sanguo-yanyi.txt) it
measures a cold full build, a no-op rebuild and a one-file incremental rebuild through the real
Snakemake workflow: wall time, CPU time, peak RSS, and per stage (from ZHPRESS_TIMING_LOG, which
every zhpress command appends to). In the same run it measures the raw engines on the same
documents — WeasyPrint on the same HTML without zhpress's extensions, pandoc to DOCX, ebooklib
packaging the same XHTML — and prints each stage's ratio to its engine. Results also go to
bench/results/latest.json.

Usage: python bench/run.py [--sizes 1,50,200] [--no-novel]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus"
SAMPLES = ["leshan-cppcc-2023.txt", "hailar-gov-report-2017.gbk.txt", "constitution.txt"]
NOVEL = "sanguo-yanyi.txt"
BIN = Path(sys.executable).parent
STAGE_GROUPS = {"normalize": ["normalize", "outline"], "pdf": ["pdf"], "docx": ["docx"],
                "epub": ["epub"], "site": ["entry", "site"]}


def machine() -> dict:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import weasyprint

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1),
            "python": platform.python_version(), "weasyprint": weasyprint.__version__,
            "date": time.strftime("%Y-%m-%d")}


def make_corpus(folder: Path, n: int) -> list[Path]:
    """N documents cycling through the samples, each made distinct by one closing line."""
    (folder / "input").mkdir(parents=True)
    paths = []
    for i in range(n):
        sample = SAMPLES[i % len(SAMPLES)]
        raw = (CORPUS / sample).read_bytes()
        enc = "gb18030" if "gbk" in sample else "utf-8"
        line = f"\n\n（本文为第{i + 1}份样本。）\n".encode(enc)
        path = folder / "input" / f"doc{i + 1:04d}-{sample}"
        path.write_bytes(raw + line)
        paths.append(path)
    return paths


def measure(workdir: Path, snakefile: Path = ROOT / "Snakefile") -> dict:
    """Run one Snakemake build as it runs for a user (with the worker its onstart starts) and
    return wall, CPU and peak RSS of everything it started. This process makes itself a child
    subreaper, so the detached worker and its forked jobs are reaped (and counted) here."""
    import ctypes
    import resource

    ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    start, epoch = time.perf_counter(), time.time()
    proc = subprocess.run([str(BIN / "snakemake"), "-s", str(snakefile), "--directory",
                           str(workdir), "--cores", "2", "--quiet", "all"],
                          capture_output=True, text=True)
    wall = time.perf_counter() - start
    deadline = time.time() + 30
    while time.time() < deadline:  # the worker exits within a second of Snakemake
        try:
            if os.waitpid(-1, os.WNOHANG) == (0, 0):
                time.sleep(0.05)
        except ChildProcessError:
            break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"rc": proc.returncode, "stderr": proc.stderr[-3000:], "wall": wall, "epoch": epoch,
            "cpu": usage.ru_utime + usage.ru_stime, "maxrss_mib": usage.ru_maxrss / 1024}


def timed_build(workdir: Path, label: str, snakefile: Path = ROOT / "Snakefile") -> dict:
    """One build, measured in a separate process (see measure), plus per stage from the jobs'
    timing log."""
    log = workdir / f"timing-{label}.jsonl"
    log.unlink(missing_ok=True)
    env = {**os.environ, "ZHPRESS_TIMING_LOG": str(log), "PATH": f"{BIN}:{os.environ['PATH']}"}
    env.pop("ZHPRESS_WORKER", None)
    out = subprocess.run([sys.executable, __file__, "--measure", str(workdir),
                          "--snakefile", str(snakefile)],
                         capture_output=True, text=True, env=env, check=True)
    m = json.loads(out.stdout)
    if m["rc"] != 0:
        raise SystemExit(f"bench: build {label} failed:\n{m['stderr']}")
    jobs = [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []
    stages = {}
    for group, commands in STAGE_GROUPS.items():
        sel = [j for j in jobs if j["command"] in commands]
        stages[group] = {"jobs": len(sel), "wall": sum(j["wall"] for j in sel),
                         "cpu": sum(j["cpu"] for j in sel),
                         "maxrss_mib": max((j["maxrss_kib"] for j in sel), default=0) / 1024}
    return {"wall": m["wall"], "cpu": m["cpu"], "maxrss_mib": m["maxrss_mib"],
            "job_wall": sum(j["wall"] for j in jobs), "job_cpu": sum(j["cpu"] for j in jobs),
            "jobs": len(jobs), "stages": stages, "timeline": timeline(jobs, m["epoch"], m["wall"])}


def timeline(jobs: list[dict], epoch: float, wall: float) -> dict[str, float]:
    """Where a build's wall time went: seconds until the first job's command started, seconds
    from the last one's end to the build's end, and seconds with 0, 1 and 2+ commands running."""
    if not jobs:
        return {}
    events = sorted([(j["start"], 1) for j in jobs] + [(j["start"] + j["wall"], -1) for j in jobs])
    running, last, spans = 0, epoch, {"0": 0.0, "1": 0.0, "2+": 0.0}
    for when, step in events:
        spans[str(min(running, 2)) if running < 2 else "2+"] += when - last
        running, last = running + step, when
    spans["0"] += epoch + wall - last
    return {"first_start": events[0][0] - epoch, "after_last": epoch + wall - events[-1][0],
            **{f"running_{k}": v for k, v in spans.items()}}


# --- raw engines, in this (warm) process ----------------------------------------------------------
def raw_engines(md_files: list[Path]) -> dict[str, dict[str, float]]:
    """Per distinct document: WeasyPrint on zhpress's HTML without extensions, pandoc md->docx,
    ebooklib packaging the same XHTML. Times are medians of 3 runs."""
    from zhpress.readers.markdown import read_markdown
    from zhpress.style.theme import load_theme
    from zhpress.writers import pdf as zpdf

    theme = load_theme("gongwen")
    out: dict[str, dict[str, float]] = {}
    pandoc = __import__("pypandoc").get_pandoc_path()
    for md in md_files:
        doc = read_markdown(md.read_text(encoding="utf-8"))
        html = zpdf.document_html(doc, theme, typography=False)
        times = {"pdf": [], "docx": [], "epub": []}
        for _ in range(3):
            t = time.perf_counter()
            zpdf.render_html(html, typography=False)
            times["pdf"].append(time.perf_counter() - t)
            with tempfile.TemporaryDirectory() as tmp:
                t = time.perf_counter()
                subprocess.run([pandoc, str(md), "-o", f"{tmp}/x.docx"], check=True,
                               stderr=subprocess.DEVNULL)  # its "no zh translations" notes
                times["docx"].append(time.perf_counter() - t)
                built = md.parent.parent / "epub" / f"{md.stem}.epub"
                t = time.perf_counter()
                _ebooklib_package(doc.meta.title, built, f"{tmp}/x.epub")
                times["epub"].append(time.perf_counter() - t)
        out[md.name] = {k: statistics.median(v) for k, v in times.items()}
    return out


def _ebooklib_package(title: str, built: Path, path: str) -> None:
    """ebooklib packaging the same XHTML, CSS, fonts and cover as zhpress's EPUB `built` (what
    zhpress adds on top: making them — HTML, font subsets, the cover image)."""
    import zipfile

    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("bench")
    book.set_title(title)
    book.set_language("zh-CN")
    chapters = []
    with zipfile.ZipFile(built) as z:
        for name in z.namelist():
            if not name.startswith("EPUB/") or name.endswith(("nav.xhtml", "toc.ncx",
                                                             "content.opf")):
                continue
            data, rel = z.read(name), name.removeprefix("EPUB/")
            if rel.endswith(".xhtml"):
                item = epub.EpubHtml(title=title, file_name=rel, lang="zh-CN")
                item.content = data
                chapters.append(item)
            else:
                item = epub.EpubItem(file_name=rel, content=data)
            book.add_item(item)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = chapters
    epub.write_epub(path, book, {})


def fixed_cost(workdir: Path) -> dict[str, float]:
    """Per-document fixed cost of the PDF stage: `zhpress pdf` on a one-line document, as a
    process, with the warm worker and without it."""
    md = workdir / "tiny.md"
    md.write_text("---\ntitle: 短\nlang: zh-CN\n---\n\n# 短\n\n一行。\n", encoding="utf-8")
    sock = os.path.join(tempfile.mkdtemp(prefix="zhpress-bench-"), "worker.sock")  # private
    from zhpress.build.jobs import worker_environment

    worker = subprocess.Popen([str(BIN / "zhpress"), "worker", "--socket", sock],
                              env=worker_environment(os.environ))
    for _ in range(100):
        if os.path.exists(sock):
            break
        time.sleep(0.1)
    result = {}
    for label, env in (("with_worker", {"ZHPRESS_WORKER": sock}), ("cold_process", {})):
        walls = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([str(BIN / "zhpress"), "pdf", str(md), "-o", str(workdir / "t.pdf")],
                           check=True, env={**os.environ, **env})
            walls.append(time.perf_counter() - t)
        result[label] = statistics.median(walls)
    worker.terminate()
    worker.wait()
    return result


def pdf_curve(novel_md: Path) -> list[dict]:
    """Pages against seconds for the first 10 %, 50 % and 100 % of the novel's chapters."""
    import dataclasses

    import pypdfium2

    from zhpress.model import Heading
    from zhpress.readers.markdown import read_markdown
    from zhpress.style.theme import load_theme
    from zhpress.writers import WriterOptions, write_format

    doc = read_markdown(novel_md.read_text(encoding="utf-8"))
    starts = [i for i, b in enumerate(doc.blocks) if isinstance(b, Heading) and b.level <= 2]
    theme = load_theme("gongwen")
    curve = []
    for share in (0.1, 0.5, 1.0):
        cut = starts[int(len(starts) * share)] if share < 1 else len(doc.blocks)
        part = dataclasses.replace(doc, blocks=doc.blocks[:cut])
        t = time.perf_counter()
        data = write_format("pdf", part, WriterOptions(theme))
        seconds = time.perf_counter() - t
        pages = len(pypdfium2.PdfDocument(data))
        curve.append({"share": share, "pages": pages, "seconds": round(seconds, 2),
                      "ms_per_page": round(1000 * seconds / pages, 1)})
    return curve


def bench_corpus(base: Path, n: int, engines: Callable[[], dict], results: dict) -> None:
    """`engines()` measures the raw engines on the three samples; it runs right after the cold
    build, so that a drift in this shared machine's speed does not fall between the two."""
    work = base / f"n{n}"
    inputs = make_corpus(work, n)
    cold = timed_build(work, "cold")
    raw = engines()
    noop = timed_build(work, "noop")
    time.sleep(1)
    inputs[0].write_bytes(inputs[0].read_bytes() + "\n（修订。）\n".encode(
        "gb18030" if "gbk" in inputs[0].name else "utf-8"))
    incr = timed_build(work, "incremental")
    raw_totals = {k: sum(raw[SAMPLES[i % 3]][k] for i in range(n)) for k in ("pdf", "docx",
                                                                            "epub")}
    # Useful work is the jobs' own CPU time (their wall time grows when two jobs share a core).
    useful = sum(s["cpu"] for s in cold["stages"].values())
    results[f"N={n}"] = {
        "cold": cold, "noop": noop, "incremental": incr, "raw_engines_per_sample": raw,
        "raw_engine_totals": raw_totals,
        "parallel_efficiency": useful / (2 * cold["wall"]),
        "orchestration_overhead": 1 - useful / (2 * cold["wall"]),
    }


def bench_novel(base: Path, results: dict) -> None:
    work = base / "novel"
    (work / "input").mkdir(parents=True)
    shutil.copyfile(CORPUS / NOVEL, work / "input" / NOVEL)
    cold = timed_build(work, "cold")
    md = work / "output" / "md" / "sanguo-yanyi.md"
    raw = raw_engines([md])["sanguo-yanyi.md"]
    results["novel"] = {"cold": cold, "raw_engine": raw, "pdf_curve": pdf_curve(md),
                        "pdf_bytes": (work / "output" / "pdf" / "sanguo-yanyi.pdf").stat().st_size}


def _corpora(results: dict) -> list[tuple[str, dict]]:
    """The N-document corpora's results, in the order they ran."""
    return [(key, r) for key, r in results.items() if key.startswith("N=")]


def report(results: dict) -> str:
    lines = []
    m = results["machine"]
    lines.append(f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, "
                 f"Python {m['python']}, WeasyPrint {m['weasyprint']}, {m['date']}")
    f = results["fixed_cost"]
    lines.append(f"PDF stage fixed cost per document (one-line doc, as a process): "
                 f"{f['with_worker']:.2f} s with the worker, {f['cold_process']:.2f} s without")
    s = results["sample"]
    lines.append(f"sample report PDF stage: {s['pdf_stage']:.2f} s for {s['pages']} pages "
                 f"({1000 * s['pdf_stage'] / s['pages']:.0f} ms/page); PDF {s['pdf_bytes']:,} bytes")
    header = (f"{'corpus':10} {'build':12} {'wall s':>8} {'cpu s':>8} {'peak MiB':>9}  "
              + "  ".join(f"{g:>14}" for g in STAGE_GROUPS))
    lines += ["", header, "-" * len(header)]
    for key, r in results.items():
        if not key.startswith("N=") and key != "novel":
            continue
        for build in ("cold", "noop", "incremental"):
            b = r.get(build)
            if not b:
                continue
            stages = "  ".join(f"{b['stages'][g]['wall']:>8.1f}s/{b['stages'][g]['jobs']:<4}"
                               for g in STAGE_GROUPS)
            lines.append(f"{key:10} {build:12} {b['wall']:8.1f} {b['cpu']:8.1f} "
                         f"{b['maxrss_mib']:9.0f}  {stages}")
    lines.append("")
    lines.append("stage / raw engine (same documents, same run; stage = CPU time of its jobs, "
                 "engine = uncontended wall time in one warm process, measured right after the "
                 "cold build):")
    for key, r in _corpora(results):
        c = r["cold"]["stages"]
        ratios = {k: c[k]["cpu"] / r["raw_engine_totals"][k] for k in ("pdf", "docx", "epub")
                  if r["raw_engine_totals"][k]}
        lines.append(f"  {key:6} " + "  ".join(f"{k} {v:.2f}x" for k, v in ratios.items())
                     + f"   parallel efficiency {r['parallel_efficiency']:.0%}, orchestration "
                     f"overhead {r['orchestration_overhead']:.0%}")
    if "novel" in results:
        nv = results["novel"]
        c = nv["cold"]["stages"]
        lines.append("  novel  " + "  ".join(
            f"{k} {c[k]['cpu'] / nv['raw_engine'][k]:.2f}x" for k in ("pdf", "docx", "epub")))
        lines.append("novel PDF curve: " + ", ".join(
            f"{p['share']:.0%}: {p['pages']} pages in {p['seconds']} s ({p['ms_per_page']} ms/page)"
            for p in nv["pdf_curve"]))
        lines.append(f"novel peak RSS {nv['cold']['maxrss_mib']:.0f} MiB; PDF "
                     f"{nv['pdf_bytes']:,} bytes")
    lines.append("")
    lines.append("where the cold builds' time went (CPU: the stages' commands vs everything else, "
                 "i.e. Snakemake, the worker, forks; wall: commands running at once):")
    for key, r in _corpora(results):
        c, t = r["cold"], r["cold"].get("timeline", {})
        useful = sum(s["cpu"] for s in c["stages"].values())
        if t:
            lines.append(
                f"  {key:6} {c['jobs']} jobs; CPU {useful:.1f} s in commands, "
                f"{c['cpu'] - useful:.1f} s other ({1000 * (c['cpu'] - useful) / c['jobs']:.0f} "
                f"ms/job); wall {c['wall']:.1f} s: first command after {t['first_start']:.1f} s, "
                f"{t['running_0']:.1f} s none running, {t['running_1']:.1f} s one, "
                f"{t['running_2+']:.1f} s two")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,50,200")
    parser.add_argument("--no-novel", action="store_true")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--snakefile", type=Path, default=ROOT / "Snakefile",
                        help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.snakefile)))
        return
    results: dict = {"machine": machine()}
    with tempfile.TemporaryDirectory(prefix="zhpress-bench-") as tmp:
        base = Path(tmp)
        results["fixed_cost"] = fixed_cost(base)
        one = base / "samples"
        make_corpus(one, 3)
        timed_build(one, "samples")
        mds = sorted((one / "output" / "md").glob("*.md"))

        def engines() -> dict:
            measured = raw_engines(mds)
            return {SAMPLES[int(md.name[3:7]) - 1]: v for md, v in zip(mds, measured.values(),
                                                                         strict=True)}

        raw = engines()
        leshan_pdf = one / "output" / "pdf" / "doc0001-leshan-cppcc-2023.pdf"
        import pypdfium2

        log = [json.loads(x) for x in (one / "timing-samples.jsonl").read_text().splitlines()]
        results["sample"] = {
            "pdf_stage": next(j["wall"] for j in log
                              if j["command"] == "pdf" and "leshan" in j["input"]),
            "pages": len(pypdfium2.PdfDocument(str(leshan_pdf))),
            "pdf_bytes": leshan_pdf.stat().st_size,
        }
        results["raw_engines_per_sample"] = raw
        for n in [int(x) for x in args.sizes.split(",") if x]:
            print(f"bench: N={n} …", file=sys.stderr)
            bench_corpus(base, n, engines, results)
        if not args.no_novel:
            print("bench: novel …", file=sys.stderr)
            bench_novel(base, results)
    text = report(results)
    print(text)
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    (out / "latest.txt").write_text(text + "\n")


if __name__ == "__main__":
    main()
