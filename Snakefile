# zhpress: raw Chinese text in input/ -> structured Markdown -> PDF, DOCX, EPUB, download page.
# Every rule calls one `zhpress` subcommand; run `zhpress COMMAND --help` to use one by hand.
# Rules use `run:` (the profiles set force-use-threads), so a job costs a thread handing its
# command to the warm worker, not a shell plus an interpreter (zhpress/build/jobs.py, run_job).
# Settings: config.yaml (theme, formats, folders); run settings: profiles/default/config.yaml.

import os
import sys
from pathlib import Path

from snakemake.utils import validate

from zhpress.build import snakemake as engine_patches
from zhpress.build.archives import archive_states, repair_archives
from zhpress.build.inputs import discover_inputs
from zhpress.build.jobs import BuildEnvironment
from zhpress.build.locks import claim_workdir
from zhpress.build.settings import CONFIG_SCHEMA, check_config
from zhpress.style.fallback import report_fallbacks
from zhpress.style.theme import load_theme, theme_digest


# Snakemake's scheduler otherwise wakes itself ~once a second per finished job, and a cluster
# group job would start a Snakemake process per `run:` job (zhpress/build/snakemake.py).
engine_patches.apply(workflow)


configfile: os.path.join(workflow.basedir, "config.yaml")


# A build killed outright (kill -9) leaves Snakemake's lock behind; when no other build runs in
# this folder, it is removed here instead of stopping the run (zhpress/build/locks.py).
if workflow.is_main_process:
    claim_workdir(Path.cwd())

# An unknown key, theme or format stops the run here, before any job, with one line.
check_config(config)
validate(config, CONFIG_SCHEMA)  # fills in the schema's defaults

INPUT = config["input_dir"]
OUT = config["output_dir"]
THEME = config["theme"]
FORMATS = list(config["formats"])
# The theme is part of the workflow's sources (present wherever the workflow runs), so it is a
# parameter, not an input file: its digest in params makes Snakemake rebuild what it styles.
THEME_DIGEST = theme_digest(THEME)
DOCX_FLAGS = ["--page-numbers" if config["docx_page_numbers"] else "--no-page-numbers"]
SOURCES, INPUT_PROBLEMS = discover_inputs(INPUT)  # safe publication name -> input file
NAMES = sorted(SOURCES)
LOGS = f"{OUT}/logs"
# The EPUB archive is append-only state outside Snakemake's outputs; it stays on the submitting
# host's disk even when a storage provider moves the other outputs (archive_dir in config.yaml).
ARCHIVE = config.get("archive_dir") or f"{OUT}/archive"
ARCHIVE_HREF = os.path.relpath(ARCHIVE, OUT)
# Every build verifies the editions each archive lists (sha256) before any job: an edition
# missing or changed runs its entry again, and the build restores it from the built EPUB or
# reports it (zhpress/build/archives.py).
# (entry is a local rule: a cluster job's own Snakemake process need not hash the archive)
ARCHIVE_STATES = (archive_states(ARCHIVE, NAMES)
                  if "epub" in FORMATS and workflow.is_main_process else {})

# The jobs' environment: where failing jobs record their one-line error (onerror prints them as a
# summary), and the socket of the optional warm worker (zhpress/build/worker.py), which saves the ~1.3 s
# import of WeasyPrint per job; jobs that cannot reach it (other cluster nodes) run in their own
# process with the same result.
BUILD = BuildEnvironment(Path.cwd(), worker=config["worker"])


def zhpress(command, *args, log):
    """Run `zhpress COMMAND ARGS...` for a job, output to `log` (in the warm worker if any)."""
    BUILD.run_job([command, *args], log)


ENTRY_OUTPUTS = {"entry": f"{OUT}/site/{{name}}.json"}
if "pdf" in FORMATS:
    ENTRY_OUTPUTS["thumbnail"] = f"{OUT}/site/{{name}}.png"


# Cheap bookkeeping runs on the submitting host, also under a cluster executor. The archive is
# append-only shared state (its edition files cannot be declared before their hash is known), so
# it must live where the submitting host keeps it.
localrules:
    all,
    entry,
    site,


wildcard_constraints:
    name="[^/]+",


onstart:
    # A font role set in a fallback face: one line for the whole build; the jobs stay quiet.
    report_fallbacks(load_theme(THEME), mark_environment=True,
                     say=lambda line: print(f"zhpress: {line}", file=sys.stderr))
    # restore missing editions the built EPUBs still have; those that cannot be are problems
    BUILD.start(INPUT_PROBLEMS + repair_archives(ARCHIVE, f"{OUT}/epub", ARCHIVE_STATES), THEME)


onsuccess:
    problems = BUILD.failures()
    if problems:  # inputs skipped at discovery, editions lost: the run must not look clean
        print(f"\nzhpress: {len(problems)} problem(s):", *problems, sep="\n  ", file=sys.stderr)
        sys.exit(1)


onerror:
    # The documents that built are complete; list what failed, and refresh the download page
    # with what exists, so one bad file never hides the others.
    failed = BUILD.failures()
    print(f"\nzhpress: {len(failed)} problem(s):", *failed, sep="\n  ", file=sys.stderr)
    entries = [f"{OUT}/site/{n}.json" for n in NAMES if Path(f"{OUT}/site/{n}.json").exists()]
    if entries:
        zhpress("site", *entries, "-o", f"{OUT}/index.html", log=f"{LOGS}/site.log")


rule all:
    input:
        f"{OUT}/index.html",
        # a target, not only the page's input: an entry whose job failed is built again even
        # when the page (written by onerror) looks up to date
        expand(f"{OUT}/site/{{name}}.json", name=NAMES),


rule normalize:
    input:
        lambda wc: SOURCES[wc.name],
    output:
        md=f"{OUT}/md/{{name}}.md",
        report=f"{OUT}/report/{{name}}.json",
        report_html=f"{OUT}/report/{{name}}.html",
        outline=f"{OUT}/outline/{{name}}.json",
        model=f"{OUT}/model/{{name}}.json",
    log:
        f"{LOGS}/{{name}}.normalize.log",
    run:
        zhpress("normalize", input[0], "--regular-file", "-o", output.md,
                "--report", output.report, "--outline", output.outline, "--model", output.model,
                log=log[0])


rule pdf:
    input:
        model=f"{OUT}/model/{{name}}.json",
    output:
        f"{OUT}/pdf/{{name}}.pdf",
    params:
        theme=THEME,
        style=THEME_DIGEST,
    log:
        f"{LOGS}/{{name}}.pdf.log",
    run:
        zhpress("pdf", input.model, "-o", output[0], "--theme", params.theme, log=log[0])


rule docx:
    input:
        model=f"{OUT}/model/{{name}}.json",
    output:
        f"{OUT}/docx/{{name}}.docx",
    params:
        theme=THEME,
        style=THEME_DIGEST,
        flags=DOCX_FLAGS,
    log:
        f"{LOGS}/{{name}}.docx.log",
    run:
        zhpress("docx", input.model, "-o", output[0], "--theme", params.theme, *params.flags,
                log=log[0])


rule epub:
    input:
        model=f"{OUT}/model/{{name}}.json",
    output:
        f"{OUT}/epub/{{name}}.epub",
    params:
        theme=THEME,
        style=THEME_DIGEST,
    log:
        f"{LOGS}/{{name}}.epub.log",
    run:
        zhpress("epub", input.model, "-o", output[0], "--theme", params.theme, log=log[0])


rule entry:
    input:
        model=f"{OUT}/model/{{name}}.json",
        files=lambda wc: [f"{OUT}/{fmt}/{wc.name}.{fmt}" for fmt in FORMATS]
        + [f"{OUT}/md/{wc.name}.md", f"{OUT}/report/{wc.name}.html"],
    output:
        **ENTRY_OUTPUTS,
    params:
        # the EPUB joins the append-only archive here (editions are not declared outputs, so
        # Snakemake never deletes them); the entry lists every edition
        archive=lambda wc: f"{ARCHIVE}/{wc.name}",
        href=lambda wc: f"{ARCHIVE_HREF}/{wc.name}",
        # editions found missing or damaged before the build: the entry runs again, and lists
        # those that cannot be restored without a link
        state=lambda wc: ARCHIVE_STATES.get(wc.name, ""),
        source=lambda wc: os.path.basename(SOURCES[wc.name]),  # shown beside a changed name
    log:
        f"{LOGS}/{{name}}.entry.log",
    run:
        zhpress("entry", input.model, "-o", output.entry, "--name", wildcards.name,
                f"--source-name={params.source}",  # one token: the name may start with -
                "--archive-dir", params.archive, "--archive-href", params.href,
                "--files", *input.files, log=log[0])


rule site:
    input:
        expand(f"{OUT}/site/{{name}}.json", name=NAMES),
    output:
        f"{OUT}/index.html",
    log:
        f"{LOGS}/site.log",
    run:
        zhpress("site", *input, "-o", output[0], log=log[0])
