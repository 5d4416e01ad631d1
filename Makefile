# Everything runs from the project's own virtual environment, created on first use,
# so a fresh clone (as CI has) needs nothing but python3 and make.
#
# GUI tests run headless (QT_QPA_PLATFORM=offscreen) but Qt still needs a few system
# libraries; on Debian/Ubuntu:
#   apt-get install libegl1 libgl1 libfontconfig1 libxkbcommon0 libdbus-1-3 libglib2.0-0
# and, for a real window under Xvfb and for checking PDFs from outside:
#   apt-get install xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 \
#                   libxkbcommon-x11-0 poppler-utils
# .ci/run installs all of them.

PYTHON3 ?= python3
VENV := .venv
PYTHON := $(VENV)/bin/python
# Reinstall only when the dependencies may have changed.
INSTALLED := $(VENV)/.installed

.PHONY: run test lint bench install clean package package-test test-bundle test-all

install: $(INSTALLED)

$(PYTHON):
	$(PYTHON3) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	touch $@

run: $(INSTALLED)
	$(VENV)/bin/mutualplan $(ARGS)

test: $(INSTALLED)
	QT_QPA_PLATFORM=offscreen $(PYTHON) -m pytest $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(VENV)/bin/ruff check

bench: $(INSTALLED)
	@if [ -f bench/run.py ]; then $(PYTHON) bench/run.py; \
	else echo "No benchmarks yet: bench/run.py does not exist."; fi

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
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
