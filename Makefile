# Everything runs from the project's own virtual environment, created on first use,
# so a fresh clone (as CI has) needs nothing but make and Python 3.12 or newer.
#
# The environment is made with the newest Python 3.13 or 3.12 on the machine, on PATH or
# under pyenv's versions folder (tools/find-python, which says what to install when there
# is none): PySide6 6.12.0 miscounts references to None, True and False on Python 3.11 and
# the app aborts there. `make PYTHON3=/path/to/python3.12 VENV=.venv-3.12 test` chooses.
#
# GUI tests run headless (QT_QPA_PLATFORM=offscreen) but Qt still needs a few system
# libraries; on Debian/Ubuntu:
#   apt-get install libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0
# and, for a real window under Xvfb and for checking PDFs from outside:
#   apt-get install xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 \
#                   libxkbcommon-x11-0 poppler-utils
# .ci/run installs all of them.

PYTHON3 ?=
VENV ?= .venv
PYTHON := $(VENV)/bin/python
# Reinstall only when the dependencies may have changed.
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench soak install clean package package-test test-bundle test-all \
	messages catalogues

# An environment left by an older Python (3.11, before 3.12 was required) is made again.
ifneq ($(wildcard $(PYTHON)),)
ifneq ($(shell $(PYTHON) -c 'import sys; print(sys.version_info >= (3, 12))' 2>/dev/null),True)
$(info $(VENV) was made with a Python older than 3.12; making it again.)
$(shell rm -rf $(VENV))
endif
endif

install: $(INSTALLED)

$(PYTHON):
	@python3="$(PYTHON3)"; [ -n "$$python3" ] || python3=$$(tools/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python3 (Python $$($$python3 -c 'import platform; print(platform.python_version())'))"; \
	$$python3 -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	touch $@

run: $(INSTALLED)
	$(VENV)/bin/mutualplan $(ARGS)

test: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest $(PYTEST_ARGS)

# Ruff, then mypy on mutualplan/ (settings in pyproject.toml: strict on the domain).
lint: $(INSTALLED)
	$(VENV)/bin/ruff check
	$(VENV)/bin/mypy

# The catalogue of translatable words (mutualplan/locale): `make messages` collects every
# _(), N_() and ngettext() into the template and merges it into each language's .po (new
# entries come out empty or fuzzy for the translator); `make catalogues` compiles the .po
# files into the .mo files the package ships (committed, so a fresh clone has them).
LOCALE := mutualplan/locale
messages: $(INSTALLED)
	$(VENV)/bin/pybabel -q extract -F babel.cfg -k N_ -k ngettext:1,2 --no-location \
		--sort-output --no-wrap --project=MutualPlan -o $(LOCALE)/mutualplan.pot mutualplan
	$(VENV)/bin/pybabel -q update -i $(LOCALE)/mutualplan.pot -d $(LOCALE) -D mutualplan \
		--no-wrap --ignore-obsolete

catalogues: $(INSTALLED)
	$(VENV)/bin/pybabel compile -d $(LOCALE) -D mutualplan --statistics

bench: $(INSTALLED)
	@if [ -f bench/run.py ]; then $(PYTHON) bench/run.py; \
	else echo "No benchmarks yet: bench/run.py does not exist."; fi

# The real window driven offscreen for a set time (edits, drags, undo, exports and
# verifies on the worker); reports operations, crashes and warnings.
SOAK_SECONDS ?= 300
soak: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(PYTHON) bench/soak.py --seconds $(SOAK_SECONDS)

# The frozen one-folder app in dist/mutualplan (packaging/mutualplan.spec), then the
# same bundle copied to a fresh folder and run there (packaging/smoke_test.py).
PACKAGING := $(VENV)/.packaging

$(PACKAGING): $(INSTALLED)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[package]'
	touch $@

package: $(PACKAGING)
	$(VENV)/bin/pyinstaller packaging/mutualplan.spec --noconfirm --distpath dist --workpath build
	@du -sm dist/mutualplan | awk '{print "dist/mutualplan: " $$1 " MB"}'

package-test: package
	$(PYTHON) packaging/smoke_test.py dist/mutualplan $(SMOKE_ARGS)

# The same as a test (tests/test_bundle.py): build, size budget, smoke test, screenshot.
test-bundle: $(PACKAGING)
	MUTUALPLAN_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest -m bundle $(PYTEST_ARGS)

# What CI runs: the whole suite with the bundle built and smoke-tested inside it.
test-all: $(PACKAGING)
	MUTUALPLAN_BUNDLE_TEST=1 QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest $(PYTEST_ARGS)

clean:
	rm -rf .venv .venv-3.1? build dist .pytest_cache .ruff_cache .hypothesis
