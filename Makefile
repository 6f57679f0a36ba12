# The two commands: `make run` serves the Neural Networks II lesson, `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.12 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Without Redis the cache is in-process memory, so one process must serve every request.
ifeq ($(strip $(REDIS_URL)),)
WEB_WORKERS ?= 1
else
WEB_WORKERS ?= 3
endif

.PHONY: run test lint install install-dev worker bench clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12 or newer is needed"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_demo --port $(PORT)
	@if [ -n "$(REDIS_URL)" ]; then \
		EMAIL_BACKEND=$${EMAIL_BACKEND:-console} nice -n 10 $(BIN)/celery -A classroom worker --beat \
			--schedule .celerybeat-schedule --loglevel WARNING --concurrency 2 & \
		trap 'kill %1 2>/dev/null' EXIT; \
	fi; \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-console} $(BIN)/gunicorn classroom.wsgi --bind 0.0.0.0:$(PORT) --workers $(WEB_WORKERS) --threads 16 --keep-alive 5 \
		--access-logfile - --logger-class classroom.accesslog.RedactingLogger --log-level warning

# One worker that also runs beat's schedule (settings' CELERY_BEAT_SCHEDULE: the sweepers).
worker: install
	$(BIN)/celery -A classroom worker --beat --schedule .celerybeat-schedule --loglevel INFO

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: install-dev lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(BIN)/python bench/poll.py

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 .pytest_cache .ruff_cache test-artifacts
