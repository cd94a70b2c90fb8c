# Enlace: two commands. `make run` serves the demo; `make test` runs the whole suite.
# Both set up what they need on first use and are safe to run again.

VENV      ?= .venv
PY        := $(VENV)/bin/python
PORT      ?= 8000
export PORT

.PHONY: run test lint messages clean

# The virtual environment is rebuilt whenever a pinned requirements file changes.
$(VENV)/.base-installed: requirements/base.txt
	@test -x $(PY) || "$$(scripts/find-python)" -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/base.txt
	@touch $@

$(VENV)/.test-installed: $(VENV)/.base-installed requirements/test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/test.txt
	@touch $@

# Translations are compiled with Babel (a pinned dependency) so GNU gettext is not needed.
messages: $(VENV)/.base-installed
	@$(VENV)/bin/pybabel compile --statistics -D django -d locale 2>&1 | grep -v "^$$" || true

run: $(VENV)/.base-installed messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py serve --port $(PORT)

test: $(VENV)/.test-installed messages
	@scripts/ensure-system-packages
	@scripts/run-tests

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache --no-logo

clean:
	rm -rf $(VENV) enlace.sqlite3* staticfiles
