# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed


.PHONY: run test bench stress parse-report package install-desktop lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,package]'
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m confbrowser

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.bench

stress: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.stress

# talks found / right conference / speakers right / spurious per fixture collection
parse-report: $(STAMP)
	$(PY) -m tests.parse_report $(ARGS)

package: $(STAMP)
	$(PY) -m PyInstaller --noconfirm --clean --distpath dist --workpath build packaging/confbrowser.spec
	du -sh dist/confbrowser

install-desktop:
	$(PYTHON) packaging/install_desktop.py

lint: $(STAMP)
	$(PY) -m pip install --quiet ruff mypy
	$(PY) -m ruff check confbrowser tests
	$(PY) -m mypy confbrowser

clean:
	rm -rf build dist $(VENV) .pytest_cache
