# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv browser lint format clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

venv: $(VENV)/.installed

# Migrated SQLite, demo users, the sample article, the web server and a Celery worker (with the
# periodic sweep) together; Ctrl-C stops both.
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_setup
	@echo "Claimdesk: http://$(HOST):$(PORT)/  (sign in as editor or reporter with the passwords above)"
	@trap 'kill 0' INT TERM EXIT; \
	$(VENV)/bin/celery -A newsroom worker --beat --loglevel=INFO --concurrency=1 & \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Browser tests drive Debian's Chromium (never a downloaded browser); installed here when missing.
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null); } || \
	  echo "Chromium is not installed: browser tests will be skipped (apt-get install chromium)."

test: venv browser
	$(PY) -m pytest -q

lint: venv
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: venv
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf var staticfiles
