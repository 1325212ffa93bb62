# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve install migrate seed demo lint format messages bench bench-import check-deploy clean

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# Imports the seed reports once; later runs see they are there and do nothing.
seed: migrate
	$(PY) manage.py import_reports --seed

# The seed and the written example reports (tests/corpus/texts), published: an archive to look
# around in. Running it again adds nothing.
demo: seed
	$(PY) manage.py import_reports --demo

run: seed
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/; create a staff account with: $(PY) manage.py createsuperuser)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest $(PYTEST_ARGS)

# Production-style server: gunicorn with whitenoise serving hashed, compressed static files.
# Never with DEBUG (config/wsgi.py refuses it); logs in var/log/ (config/gunicorn.conf.py).
serve: install
	MINUTES_ENV=production $(PY) manage.py collectstatic --noinput
	MINUTES_ENV=production $(PY) manage.py migrate --noinput
	MINUTES_ENV=production $(VENV)/bin/gunicorn config.wsgi --config config/gunicorn.conf.py --bind $(HOST):$(PORT) --workers $${WEB_CONCURRENCY:-3}

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py make_zh_hans_catalogue
	$(PY) manage.py compilemessages --ignore=.venv

check-deploy: install
	MINUTES_ENV=production DEBUG=0 $(PY) manage.py check --deploy --fail-level WARNING

bench: migrate
	$(PY) manage.py bench_search $(BENCH_ARGS)

bench-import: migrate
	$(PY) manage.py bench_import $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache
