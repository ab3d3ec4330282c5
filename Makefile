# Two commands for people:
#   make lab    open the course in JupyterLab (first run creates .venv and installs)
#   make test   run every test: unit tests, every notebook once through nbval, the widgets of
#               the series in a real browser, the Binder check (tools/binder_check.py: a venv
#               from binder/, notebook 06 through nbval there) and the Colab check
#               (tools/colab_check.py), two students on the trial hub (tests/test_hub.py: builds .venv/hub
#               and hub/proxy/node_modules first), on three pytest-xdist workers (PYTEST_WORKERS=0: one process)
#               (extra pytest arguments: make test PYTEST_ARGS="-k loss -x")
#   make publish REPO=owner/name  the student copy for the GitHub repository owner/name, its links
#               pointing there, in ../name (tools/publish.py; see teachers/running-a-class.md)
#   make hub    a trial JupyterHub on this machine (127.0.0.1:8000), printing the class link that
#               clones the course and opens notebook 00 (tools/hub.py; see teachers/running-a-class.md)
#   make mutation  mutation testing of the maths in nnlib/ with mutmut (slow, not part of make test;
#               settings in pyproject.toml [tool.mutmut]; the score is recorded in README.md)
#
# .venv is created with the `python3` on your PATH (3.10+; override: make lab PYTHON=python3.12,
# which only takes effect when .venv is created: delete .venv to change Python).
# Installs run only when a requirements file or pyproject.toml changed since the last
# install (stamp files inside .venv); delete .venv to start from scratch.

PYTHON     ?= python3
VENV       := .venv
PY         := $(VENV)/bin/python
PYTEST_ARGS ?=
HUB_VENV   := $(VENV)/hub
HUB_PORT   ?= 8000
# pytest-xdist workers: the browser tests mostly wait on the page, so three keep two cores busy.
PYTEST_WORKERS ?= 3

# mutmut's processes for `make mutation` (one leaves the other core free)
MUTATION_WORKERS ?= 1

.PHONY: lab test chromium slides mutation publish hub hub-env

# jupyterlab-settings/ holds our JupyterLab user settings (e.g. no news toast);
# a setting a user changes in JupyterLab is saved there too. jupyter-config/ holds the Jupyter
# server's (a notebook is saved without widget views: reopened, an explorer shows its picture and
# says to run the cell). --allow-root only as root. `make lab PROJECTOR=1`: every notebook of the
# session in projector style (NNCOURSE_PROJECTOR, read by nncourse.plots on import).
lab: $(VENV)/.stamp-lab
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter-config" $(if $(PROJECTOR),NNCOURSE_PROJECTOR=$(PROJECTOR)) \
	$(VENV)/bin/jupyter lab --LabApp.user_settings_dir="$(CURDIR)/jupyterlab-settings" \
		$(if $(filter 0,$(shell id -u)),--allow-root) notebooks/00-start-here.ipynb

test: $(VENV)/.stamp-dev chromium slides/node_modules/.package-lock.json hub-env
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder $(PYTEST_ARGS)

# make mutation: mutmut copies nnlib/ into mutants/, makes each small change ("mutant") in turn and
# runs the unit tests that reach the changed function; it keeps its results in mutants/ and, run
# again, retests only what changed. Afterwards the score, then every survivor
# (see one with: .venv/bin/mutmut show NAME).
mutation: $(VENV)/.stamp-mutation
	nice -n 10 $(VENV)/bin/mutmut run --max-children $(MUTATION_WORKERS)
	$(VENV)/bin/mutmut export-cicd-stats
	@$(PY) -c 'import json; s = json.load(open("mutants/mutmut-cicd-stats.json")); \
		killed = s["killed"] + s["timeout"]; total = killed + s["survived"] + s["suspicious"] + s["no_tests"] + s["segfault"]; \
		print(f"mutation score: {killed} of {total} mutants killed, {100 * killed / total:.1f} %"); print(s)'
	$(VENV)/bin/mutmut results

# make slides: every notebook as reveal.js slides that work offline, in build/slides/
# (open build/slides/00-start-here.slides.html). reveal.js and MathJax come from npm, pinned in
# slides/package-lock.json; `npm ci` runs again only when those files change.
slides: $(VENV)/.stamp-lab slides/node_modules/.package-lock.json
	$(PY) tools/build_slides.py --out build/slides

slides/node_modules/.package-lock.json: slides/package.json slides/package-lock.json
	npm ci --prefix slides --no-audit --no-fund

# make hub: JupyterHub (requirements-hub.txt, in .venv/hub) behind configurable-http-proxy (npm, pinned in
# hub/proxy/package-lock.json), on 127.0.0.1 only; Ctrl-C stops it and every student's server.
# tests/test_hub.py and bench/bench_hub.py start the same hub, so make test builds both too.
hub: $(HUB_VENV)/.stamp-hub hub/proxy/node_modules/.package-lock.json
	$(HUB_VENV)/bin/python tools/hub.py --port $(HUB_PORT)

# The hub's own venv: every package pinned, then the course library from this checkout (not editable:
# a student's kernel imports the installed copy, as on a real hub's image), rebuilt when nnlib changes.
$(HUB_VENV)/.stamp-hub: requirements-hub.txt pyproject.toml $(wildcard nnlib/*.py nncourse/*.py nncourse/*/*.py)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "The hub's pins (requirements-hub.txt) need Python 3.11 or newer as '$(PYTHON)'"; exit 1; }
	test -x $(HUB_VENV)/bin/python || $(PYTHON) -m venv $(HUB_VENV)
	$(HUB_VENV)/bin/python -m pip install -r requirements-hub.txt
	$(HUB_VENV)/bin/python -m pip install --no-deps .
	touch $@

# What tests/test_hub.py needs; its pins need Python 3.11, so on 3.10 it is left out and the test skips.
hub-env:
	@if $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then \
		$(MAKE) --no-print-directory $(HUB_VENV)/.stamp-hub hub/proxy/node_modules/.package-lock.json; \
	else echo "Python older than 3.11: no trial hub (requirements-hub.txt needs 3.11); tests/test_hub.py skips"; fi

hub/proxy/node_modules/.package-lock.json: hub/proxy/package.json hub/proxy/package-lock.json
	npm ci --prefix hub/proxy --no-audit --no-fund

# make publish REPO=owner/name [OUT=folder]: the student copy (no solutions, no teachers/, no tests/,
# no "For teachers" in README) with its Binder badge, Colab links and install lines pointing at
# github.com/owner/name, written to ../name or OUT; run again, it updates that folder. It prints how to
# push the copy and the links to hand out. Only the standard library: no .venv needed.
publish:
	@if [ -z "$(REPO)" ]; then \
		echo "make publish needs the GitHub repository the student copy goes to: make publish REPO=owner/name" >&2; \
		exit 2; fi
	@$(PYTHON) tools/publish.py '$(REPO)' $(if $(OUT),--out '$(OUT)')

# A fresh virtual environment, refused if the Python is too old for the pins.
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
		{ echo "Need Python 3.10 or newer as '$(PYTHON)' (try: make $(MAKECMDGOALS) PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }   # no half-made .venv left behind

$(VENV)/.stamp-lab: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements.txt
	touch $@

# requirements-dev.txt includes requirements.txt, so this also covers `make lab`.
$(VENV)/.stamp-dev: requirements-dev.txt requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements-dev.txt
	touch $@ $(VENV)/.stamp-lab

# mutmut and what it needs, on top of the test tools (only for make mutation).
$(VENV)/.stamp-mutation: requirements-mutation.txt $(VENV)/.stamp-dev
	$(PY) -m pip install -r requirements-mutation.txt
	touch $@

# The browser tests drive Debian's Chromium at /usr/bin/chromium through Playwright
# (never `playwright install`). Installed with apt as root, else with sudo; if neither
# works we print how to install it and go on (the browser tests then report it).
# NNLIB_SKIP_BROWSER=1 skips this step (the browser tests then skip themselves).
chromium:
ifeq ($(NNLIB_SKIP_BROWSER),1)
	@echo "NNLIB_SKIP_BROWSER=1: not checking for Chromium"
else
	@if [ -x /usr/bin/chromium ]; then \
		echo "Chromium found: /usr/bin/chromium"; \
	elif [ "$$(id -u)" = 0 ] && apt-get update && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; then :; \
	elif [ "$$(id -u)" != 0 ] && command -v sudo >/dev/null && sudo apt-get update && \
		sudo DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; then :; \
	else \
		echo "WARNING: Chromium is missing, so the browser tests cannot run."; \
		echo "  Install it (Debian/Ubuntu): sudo apt-get install chromium   -> /usr/bin/chromium"; \
		echo "  or skip those tests:        NNLIB_SKIP_BROWSER=1 make test"; \
	fi
endif
