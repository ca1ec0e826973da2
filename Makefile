# Two commands: `make run` (the desk on http://127.0.0.1:8000) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-dev migrate demo serve worker lint messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files re-run pip only when a requirements file changes.
$(VENV)/.runtime-installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

install: $(VENV)/.runtime-installed
install-dev: $(VENV)/.dev-installed

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py demo

run: demo
	@echo "팩트체크 데스크: http://$(HOST)/"
	$(BIN)/python manage.py runserver $(HOST)

# Production processes (README, "Running it in production"). Run `make migrate` once per release first;
# `/readyz` answers 503 until the migrations are applied. `serve` is gunicorn (factcheck/gunicorn_conf.py)
# with WhiteNoise serving collectstatic's output, so it runs with DJANGO_DEBUG=0 unless told otherwise;
# uploads are queued in the database for `worker` (any number of hosts sharing DATABASE_URL).
SERVE_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-0} FACTCHECK_TASK_BACKEND=$${FACTCHECK_TASK_BACKEND:-database}
serve: install
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --no-input -v0
	$(SERVE_ENV) exec $(BIN)/gunicorn -c factcheck/gunicorn_conf.py factcheck.wsgi

worker: install
	$(SERVE_ENV) exec $(BIN)/python manage.py db_worker --no-reload

test: install-dev
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh locale/ko/LC_MESSAGES/django.po from the code and templates (then fill in the new msgstr) and
# compile the django.mo that is committed, so `make run` needs no gettext. Needs GNU gettext (apt install gettext).
MESSAGE_IGNORES := --ignore .venv --ignore tests --ignore bench --ignore node_modules --ignore staticfiles
messages: install
	$(BIN)/python manage.py makemessages --locale ko --no-obsolete --add-location file $(MESSAGE_IGNORES)
	$(BIN)/python manage.py compilemessages --locale ko $(MESSAGE_IGNORES)

bench: install-dev
	$(BIN)/python bench/bench_extraction.py
	$(BIN)/python bench/bench_upload.py
	$(BIN)/python bench/bench_search_workers.py

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache
