# zhpress: `make` installs what is missing and builds output/ from input/; `make test` runs the
# whole test suite, `make test-fast` all but the slow tests. All are idempotent: a second run
# skips what is already there.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Debian/Ubuntu packages: what a build needs, and what the tests need on top (real readers:
# LibreOffice for DOCX, Chromium for the download page, poppler and qpdf for PDFs, Java for
# EPUBCheck, rsync for Snakemake's file-system storage plugin, GNU time for peak memory).
BUILD_PKGS := fonts-noto-cjk fonts-lxgw-wenkai fonts-arphic-ukai libharfbuzz-subset0 \
	libpango-1.0-0 libpangoft2-1.0-0 fontconfig python3-venv
TEST_PKGS := $(BUILD_PKGS) default-jre-headless poppler-utils qpdf libreoffice-writer-nogui chromium \
	rsync time
CORES ?= all

.PHONY: all build setup setup-test test test-fast bench pages lint clean

all: build

build: setup
	source $(VENV)/bin/activate && snakemake --cores $(CORES)

setup: PKGS = $(BUILD_PKGS)
setup: system-packages $(STAMP)

setup-test: PKGS = $(TEST_PKGS)
setup-test: system-packages $(STAMP)

# Installs missing packages with apt when run as root; otherwise says which to install.
.PHONY: system-packages
system-packages:
	@missing=""; for p in $(PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "zhpress setup: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "zhpress setup: please install these system packages (as root):$$missing" >&2; \
	    echo "  e.g. sudo apt-get install$$missing" >&2; exit 1; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

test: setup-test
	source $(VENV)/bin/activate && python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# The edit-test loop: the tests not marked `slow` (those that run Snakemake, LibreOffice,
# Chromium, EPUBCheck, a zhpress worker or a cluster run, or take over about 2 s; pyproject.toml
# registers the marker).
test-fast: setup-test
	source $(VENV)/bin/activate && python -m pytest -q -p no:cacheprovider -m "not slow" $(PYTEST_ARGS)

lint: setup
	$(VENV)/bin/ruff check src tests bench

# Prints its tables and writes bench/results/latest.json (about 13 minutes on 2 cores).
bench: setup-test
	source $(VENV)/bin/activate && python bench/bench_normalize.py && \
	  python bench/bench_weasy_cjk.py documents && python bench/run.py && \
	  python bench/bench_rules.py

# The 目录, body page 1 and a body page of each sample in each theme as PNG, for a person to look
# at; with BEFORE=<git ref>, the same pages of that ref beside them (output/pages/compare/).
pages: setup-test pages-gongwen
	source $(VENV)/bin/activate && python bench/pages.py $(if $(BEFORE),--before $(BEFORE))

# Page 1 (版头) and the last page (版记) of the 公文 fixture, from the PDF and the DOCX.
.PHONY: pages-gongwen
pages-gongwen: setup-test
	source $(VENV)/bin/activate && python bench/gongwen_pages.py

clean:
	rm -rf output .snakemake
