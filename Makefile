# Two commands set up a fresh machine: `make run` serves the app, `make test` tests it.
# Each creates .venv when missing and (re)installs the pinned packages when a
# requirements file changed; system packages come from apt-get (see scripts/).

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test lint bench bench-real bench-pages bench-load bench-explain strip-notebooks screenshots clean

run: $(VENV)/.installed-runtime
	@scripts/system_packages.sh optional espeak-ng
	$(BIN)/streamlit run Home.py --server.port $(PORT)

test: $(VENV)/.installed-dev
	@scripts/system_packages.sh required espeak-ng chromium tesseract=tesseract-ocr  # the benchmark's Tesseract baseline is tested too
	@scripts/system_packages.sh optional pg_ctlcluster=postgresql  # the store's tests on PostgreSQL too
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The number reader's benchmark (seeded synthetic numbers; see benchmarks/reader.py),
# then time and memory on 12- and 36-megapixel photos (benchmarks/large_photo.py), then
# what photos of blank pages are read as (benchmarks/blank_photos.py).
bench: $(VENV)/.installed-runtime
	@scripts/system_packages.sh optional tesseract=tesseract-ocr
	$(BIN)/python -m benchmarks.reader
	$(BIN)/python -m benchmarks.large_photo
	$(BIN)/python -m benchmarks.blank_photos

# The number reader on real photos and drawings (../shared/data/real-dev or
# $DIGITLAB_REAL_DIR; see benchmarks/real.py). Says so and exits when the folder is absent.
bench-real: $(VENV)/.installed-runtime
	$(BIN)/python -m benchmarks.real

# The pages in headless Chromium: first loads, stroke to reading, server memory.
bench-pages: $(VENV)/.installed-dev
	@scripts/system_packages.sh required chromium
	$(BIN)/python -m benchmarks.pages

# Many people at once on "Read a number": N headless sessions (SESSIONS, default 8) each
# draw three numbers, wait for the readings, hear them and clear (benchmarks/load.py).
SESSIONS ?= 8
bench-load: $(VENV)/.installed-dev
	@scripts/system_packages.sh required chromium espeak-ng
	$(BIN)/python -m benchmarks.load --sessions $(SESSIONS)

# The Why panel: its time for one digit with the CNN, and how faithful occlusion is
# (benchmarks/explain.py).
bench-explain: $(VENV)/.installed-runtime
	$(BIN)/python -m benchmarks.explain

# Clear the notebooks' outputs before committing them (see notebooks/README.md).
strip-notebooks: $(VENV)/.installed-dev
	$(BIN)/python scripts/strip_notebooks.py

# Re-take the README's screenshots (headless Chromium against a fresh server).
screenshots: $(VENV)/.installed-dev
	@scripts/system_packages.sh required chromium
	$(BIN)/python -m tests.e2e.screenshots

$(BIN)/python:
	@$(PYTHON) -m venv $(VENV) || { \
	  echo "Could not create $(VENV) with $(PYTHON). On Debian/Ubuntu: sudo apt-get install python3-venv" >&2; \
	  rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-runtime: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed-runtime

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
