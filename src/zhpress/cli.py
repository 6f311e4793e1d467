"""The `zhpress` command: one subcommand per Snakefile rule, each usable on its own.

Exit codes (design.md): 0 ok, 1 bad input (one line on stderr: file, cause, what to do),
2 usage. Heavy libraries are imported inside the subcommand that needs them, so `zhpress --help`
and the light stages start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from zhpress.errors import BadInput
from zhpress.fileio import os_error_line, read_input, write_atomic

#: The output formats (zhpress.writers.WRITERS), named here so that --help imports no writer.
WRITER_NAMES = ("pdf", "docx", "epub")

log = logging.getLogger("zhpress")


def read_document(path: Path):
    """The Document every format is written from: the model JSON that normalize wrote
    (output/model/<name>.json), or structured Markdown read through pandoc."""
    from zhpress.model import load_document

    data = path.read_bytes()
    if path.suffix == ".json":
        try:
            return load_document(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise BadInput(f"not a zhpress document model ({exc}); run zhpress normalize "
                           "again, or give the structured Markdown") from exc
    return parse_markdown(data)


def parse_markdown(data: bytes):
    from zhpress.readers.markdown import read_markdown

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(
            f"not UTF-8 at byte {exc.start}; structured Markdown is UTF-8 (run zhpress normalize)"
        ) from exc
    return read_markdown(text)


# --- subcommands -------------------------------------------------------------------------------
def cmd_normalize(args: argparse.Namespace) -> None:
    from zhpress.limits import check_blocks
    from zhpress.readers.normalize import normalize_bytes, normalize_markdown
    from zhpress.readers.normalize.report_html import report_html
    from zhpress.writers.markdown import write_markdown

    raw = read_input(args.input, regular=args.regular_file)
    if args.input.suffix.lower() == ".md":
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise BadInput(f"Markdown input is not UTF-8 at byte {exc.start}; "
                           "save it as UTF-8") from exc
        doc, report = normalize_markdown(text, args.input.name)
    else:
        doc, report = normalize_bytes(raw, args.input.name)
    if not doc.blocks:
        raise BadInput("no text to publish (the file is empty or blank); add text or remove it")
    check_blocks(doc.blocks)  # joined lines can make a paragraph over the limit
    markdown = write_markdown(doc)
    if args.report:
        write_atomic(args.report, report.to_json())
        write_atomic(args.report.with_suffix(".html"), report_html(report))
    write_atomic(args.output, markdown)
    if args.model:
        # The Markdown read back, as every format stage would read it, parsed once per build
        # (pandoc costs 40-100 ms a document): the writers, the outline and the download page
        # all take this one parsed document.
        from zhpress.model import document_json

        doc = parse_markdown(markdown.encode("utf-8"))
        write_atomic(args.model, document_json(doc))
    if args.outline:  # the same headings a reader of the Markdown finds (tested invariant)
        from zhpress.outline import outline_json

        write_atomic(args.outline, outline_json(doc))
    print(f"zhpress normalize: {report.summary()}", *report.warning_lines(), sep="\n",
          file=sys.stderr)


def cmd_outline(args: argparse.Namespace) -> None:
    from zhpress.outline import outline_json

    write_atomic(args.output, outline_json(read_document(args.input)))


def _format_writer(fmt: str) -> Callable[[argparse.Namespace], None]:
    def run(args: argparse.Namespace) -> None:
        from zhpress.dates import source_date_epoch
        from zhpress.style.fallback import report_fallbacks
        from zhpress.style.theme import check_cjk_fonts, load_theme
        from zhpress.writers import WriterOptions, write_format

        check_cjk_fonts()
        options = WriterOptions(load_theme(args.theme), source_date_epoch(),
                                docx_page_numbers=getattr(args, "page_numbers", False))
        write_atomic(args.output, write_format(fmt, read_document(args.input), options))
        # once per build (or per process on its own), and only after a success: a refused
        # input is one line, the refusal
        report_fallbacks(options.theme)

    return run


def cmd_fonts(args: argparse.Namespace) -> None:
    from zhpress.style.theme import ROLES, check_cjk_fonts, load_theme

    check_cjk_fonts()
    theme = load_theme(args.theme)
    for role in ROLES:
        face = theme.face(role)
        wanted = theme["fonts"][role][0]
        note = "" if face.family == wanted else f"   (wanted {wanted}: not installed)"
        print(f"{role:9s} {face.family}  {face.file}#{face.index}{note}")


def cmd_archive(args: argparse.Namespace) -> None:
    from zhpress.publish.archive import add_edition

    doc = read_document(args.source)
    edition = add_edition(args.input, args.dir, args.source, doc.meta.date,
                          args.output or args.dir / "latest.json")
    print(f"zhpress archive: {args.input.name}: edition {edition['id']}", file=sys.stderr)


def cmd_entry(args: argparse.Namespace) -> None:
    from zhpress.publish.site import write_entry

    doc = read_document(args.input)
    if args.archive_dir:  # the EPUB edition first, so the entry lists it
        from zhpress.publish.archive import add_edition

        epubs = [f for f in args.files if f.suffix == ".epub"]
        sources = [f for f in args.files if f.suffix == ".md"]
        if epubs and sources:
            add_edition(epubs[0], args.archive_dir, sources[0], doc.meta.date)
    write_entry(doc, args.output, args.files, args.name, args.archive_dir, args.archive_href,
                args.source_name)


def cmd_site(args: argparse.Namespace) -> None:
    from zhpress.publish.site import write_site

    write_atomic(args.output, write_site(args.entries, args.output.parent))


def cmd_worker(args: argparse.Namespace) -> None:
    from zhpress.build.worker import serve

    # The worker runs this module's commands: handed over, so that it need not import the CLI.
    serve(args.socket, args.parent_pid, args.theme or ["gongwen"], args.idle, run, build_parser,
          own_folder=args.own_folder)


def cmd_check(args: argparse.Namespace) -> None:
    from zhpress.check import check_outputs

    problems = check_outputs(args.input, args.outputs)
    if problems:
        raise BadInput("; ".join(problems))
    print(f"zhpress check: {args.input.stem}: all outputs valid", file=sys.stderr)


# --- parser ------------------------------------------------------------------------------------
@functools.cache  # built once per process (the warm worker builds it before forking)
def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhpress", description="Publish raw Chinese text as Markdown, PDF, DOCX and EPUB."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help_text: str, output: bool = True, theme: bool = False):
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("input", type=Path, help="input file")
        if output:
            p.add_argument("-o", "--output", type=Path, required=True, help="output file")
        if theme:
            p.add_argument("--theme", default="gongwen", help="theme under styles/ (gongwen, book)")
        p.set_defaults(func=func)
        return p

    p = add("normalize", cmd_normalize, "raw text (.txt) or Markdown (.md) to structured Markdown")
    p.add_argument("--report", type=Path, help="change report (JSON; HTML written beside it)")
    p.add_argument("--outline", type=Path, help="also write the outline JSON")
    p.add_argument("--model", type=Path,
                   help="also write the parsed document (JSON) that the format stages read")
    p.add_argument("--regular-file", action="store_true",
                   help="refuse the input unless it is a regular file, not a symbolic link "
                   "(the build passes it)")
    add("outline", cmd_outline, "structured Markdown (or document model JSON) to outline JSON")
    for fmt in WRITER_NAMES:
        add(fmt, _format_writer(fmt),
            f"structured Markdown (or document model JSON) to {fmt.upper()}", theme=True)
    sub.choices["docx"].add_argument(
        "--page-numbers", action=argparse.BooleanOptionalAction, default=True,
        help="number the 目录 from a LibreOffice layout of the document (2-3 s more; the "
             "default when LibreOffice is installed)")
    p = add("archive", cmd_archive, "add an EPUB edition to the append-only archive", output=False)
    p.add_argument("--dir", type=Path, required=True, help="archive folder of the publication")
    p.add_argument("--source", type=Path, required=True, help="the Markdown the EPUB came from")
    p.add_argument("-o", "--output", type=Path,
                   help="where to record the edition built (default: DIR/latest.json)")
    p = add("entry", cmd_entry, "download-page entry (JSON + thumbnail) of one publication, "
            "from its document model JSON (or structured Markdown)")
    p.add_argument("--name", required=True, help="publication name")
    p.add_argument("--source-name", help="the input's file name, shown when it differs from "
                   "the publication name")
    p.add_argument("--archive-dir", type=Path,
                   help="the publication's archive folder: the EPUB among --files is added to it "
                   "as an edition (append-only; an unchanged EPUB adds nothing)")
    p.add_argument("--archive-href", help="link to the archive folder, relative to index.html")
    p.add_argument("--files", type=Path, nargs="*", default=[],
                   help="the publication's output files (pdf, docx, epub, md, report)")
    p = sub.add_parser("site", help="download page from the publications' entries")
    p.add_argument("entries", type=Path, nargs="*", help="entry JSON files")
    p.add_argument("-o", "--output", type=Path, required=True)
    p.set_defaults(func=cmd_site)
    p = add("check", cmd_check, "validate a publication's outputs", output=False)
    p.add_argument("outputs", type=Path, nargs="+", help="output files to check")
    p = sub.add_parser("worker", help="serve other zhpress commands from one warm process",
                       description="Serve zhpress commands over a Unix socket (optional speed-up; "
                       "commands use it when ZHPRESS_WORKER names its socket).")
    p.add_argument("--socket", required=True, help="Unix socket path to listen on")
    p.add_argument("--parent-pid", type=int, default=0, help="exit when this process exits")
    p.add_argument("--theme", action="append", default=[], help="theme to warm up (repeatable)")
    p.add_argument("--idle", type=float, default=600, help="exit after this many idle seconds")
    p.add_argument("--own-folder", action="store_true",
                   help="remove the socket's folder too on exit (made for this worker)")
    p.set_defaults(func=cmd_worker)
    p = sub.add_parser("fonts", help="which installed font each style role resolves to")
    p.add_argument("--theme", default="gongwen")
    p.set_defaults(func=cmd_fonts)
    return parser


def fail(args: argparse.Namespace, message: str) -> None:
    """Print the one-line error, and record it for the build's closing summary."""
    line = f"zhpress {args.command}: {getattr(args, 'input', '')}: {message}"
    print(line, file=sys.stderr)
    summary = os.environ.get("ZHPRESS_FAILURE_LOG")
    if summary:
        with contextlib.suppress(OSError), open(summary, "a", encoding="utf-8") as f:
            f.write(line.replace("\n", " ") + "\n")  # one short append per failed job


def run(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="zhpress: %(message)s")
    timing = os.environ.get("ZHPRESS_TIMING_LOG") if args.command != "worker" else None
    with _timed(args, timing) if timing else contextlib.nullcontext():
        return _run_command(args)


@contextlib.contextmanager
def _timed(args: argparse.Namespace, log_path: str):
    """Append the command's wall time, CPU time and peak RSS to a JSON-lines file (benchmarks)."""
    import json
    import resource
    import time

    def cpu() -> float:  # this process and the tools it ran (pandoc), but not a worker's others
        own, kids = (resource.getrusage(r) for r in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

    start, cpu0, started = time.perf_counter(), cpu(), time.time()
    try:
        yield
    finally:
        record = {
            "command": args.command,
            "input": str(getattr(args, "input", "")),
            "start": round(started, 4),  # epoch seconds: a build's timeline
            "wall": round(time.perf_counter() - start, 4),
            "cpu": round(cpu() - cpu0, 4),
            "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "ppid": os.getppid(),  # the worker's pid when the worker ran the command
        }
        with open(log_path, "a", encoding="utf-8") as f:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def _run_command(args: argparse.Namespace) -> int:
    try:
        args.func(args)
    except BadInput as exc:
        fail(args, str(exc))
        return 1
    except FileNotFoundError as exc:
        fail(args, f"file not found: {exc.filename}; check the path")
        return 1
    except KeyboardInterrupt:
        fail(args, "interrupted; no output was written")
        return 130
    except Exception as exc:  # one line, never a traceback: an archive runs unattended
        # a full disk or a read-only folder is the user's to fix; anything else is ours
        fixable = os_error_line(exc) if isinstance(exc, OSError) else None
        fail(args, fixable or f"internal error ({type(exc).__name__}: {exc}); please report "
             "it with this file")
        return 1
    return 0


def main() -> None:
    """Run a command in this process (the `zhpress` script starts in zhpress.build.client)."""
    sys.exit(run(sys.argv[1:]))
