# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py

# Tests run against real services; override these to point elsewhere.
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/ikone
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
TEST_ENV := DEBUG=false SECRET_KEY=test-only-secret-key-not-for-production \
	DATABASE_URL=$(or $(DATABASE_URL),$(TEST_DATABASE_URL)) \
	REDIS_URL=$(or $(REDIS_URL),$(TEST_REDIS_URL)) \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver

.PHONY: run test lint typecheck format venv assets messages lock bench bench-scales attacks faults clean

$(BIN)/activate: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(BIN)/activate

venv: $(BIN)/activate

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.package-lock.json

# Front-end packages come from npm and are copied into a git-ignored folder
# that whitenoise serves; nothing is loaded from a CDN.
static/vendor/.copied: node_modules/.package-lock.json
	rm -rf static/vendor
	mkdir -p static/vendor/htmx
	cp -r node_modules/@kern-ux/native/dist static/vendor/kern
	cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
	touch static/vendor/.copied

assets: static/vendor/.copied

# The English catalogue: `make messages` extracts the German source strings into
# locale/en/LC_MESSAGES/django.po; translate there, then it compiles the .mo.
I18N_IGNORE := --ignore='.venv/*' --ignore='node_modules/*' --ignore='static/*' \
	--ignore='var/*' --ignore='tests/*' --ignore='bench/*'
messages: venv
	DEBUG=true $(MANAGE) makemessages -l en --no-obsolete $(I18N_IGNORE)
	DEBUG=true $(MANAGE) compilemessages -l en -l de $(I18N_IGNORE)

## make run: the portal with the demo network on http://127.0.0.1:8000
## (on the embedded PostgreSQL under var/postgres unless DATABASE_URL is set)
run: venv assets
	DEBUG=$${DEBUG:-true} $(BIN)/python -m core.embedded_postgres -- bash -c \
		'$(MANAGE) migrate --no-input && $(MANAGE) load_demo && exec $(MANAGE) runserver 127.0.0.1:8000'

## make test: the whole suite on PostgreSQL and Redis, browser tests included
test: venv assets
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

## make bench: the portal at national scale (BENCH_SCALE=1 is Germany), see README
BENCH_SCALE ?= 1
BENCH_REPEAT ?= 50
BENCH_THROUGHPUT_SECONDS ?= 15
BENCH_DB_NAME := ikone_bench_$(subst .,_,$(BENCH_SCALE))
BENCH_ENV := DEBUG=false SECRET_KEY=bench-only-secret-key-not-for-production-use-0123456789 \
	DATABASE_URL=$(or $(BENCH_DATABASE_URL),postgres://postgres@127.0.0.1:5432/$(BENCH_DB_NAME)) \
	REDIS_URL=$(or $(BENCH_REDIS_URL),redis://127.0.0.1:6379/7) \
	SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=testserver,127.0.0.1,localhost LOG_LEVEL=WARNING \
	API_THROTTLE_ANON=1000000/minute API_THROTTLE_USER=1000000/minute ANON_PAGE_RATE=1000000/minute
# (the benchmark measures the whole stack, not how soon a rate limit says 429)
bench: venv assets
	$(BENCH_ENV) $(BIN)/python -m bench prepare --scale $(BENCH_SCALE)
	$(BENCH_ENV) $(BIN)/python -m bench run --scale $(BENCH_SCALE) --repeat $(BENCH_REPEAT) \
		--throughput-seconds $(BENCH_THROUGHPUT_SECONDS)

## make bench-scales: the same cases at each of BENCH_SCALES (each in its own
## database), then docs/bench-scales.svg, p95 against scale for every case
BENCH_SCALES ?= 0.1 1 3
bench-scales: venv assets
	for scale in $(BENCH_SCALES); do \
		$(MAKE) bench BENCH_SCALE=$$scale && cp var/bench.json var/bench-$$scale.json || exit 1; \
	done
	$(BIN)/python -m bench chart

## make faults: reminders under crashes (kill -9, Redis and mail server down,
## database connections cut), see README › Fehler unter Last. Not part of make test.
FAULTS_OBLIGATIONS ?= 2000
FAULTS_ENV := DEBUG=false SECRET_KEY=faults-only-secret-key-not-for-production-use-0123456789 \
	DATABASE_URL=$(or $(FAULTS_DATABASE_URL),postgres://postgres@127.0.0.1:5432/ikone_faults) \
	SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=localhost,127.0.0.1 SITE_URL=https://portal.ikone-rlp.de
faults: venv
	$(FAULTS_ENV) $(BIN)/python -m bench.faults --obligations $(FAULTS_OBLIGATIONS)

## make lint: style (ruff) and the layers between the apps (import-linter)
lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

## make typecheck: mypy with django-stubs over core/ and every app's services,
## selectors and permissions (see [tool.mypy] in pyproject.toml)
typecheck: venv
	DEBUG=true $(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

lock: venv
	$(BIN)/pip-compile --quiet --extra dev --strip-extras -o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules static/vendor var

## make attacks: the attacks of issue 11 on production settings (gunicorn, 2
## workers, PostgreSQL, Redis), a table of what each gets now (README › Sicherheit).
## Its database is created if missing; its two Redis databases are emptied.
ATTACKS_ENV := DEBUG=false SECRET_KEY=attacks-only-secret-key-not-for-production-0123456789 \
	DATABASE_URL=$(or $(ATTACKS_DATABASE_URL),postgres://postgres@127.0.0.1:5432/ikone_attacks) \
	REDIS_URL=$(or $(ATTACKS_REDIS_URL),redis://127.0.0.1:6379/9) \
	REDIS_CACHE_URL=$(or $(ATTACKS_REDIS_CACHE_URL),redis://127.0.0.1:6379/6) \
	SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false \
	ALLOWED_HOSTS=127.0.0.1,localhost LOG_LEVEL=WARNING
# (plain HTTP on the loopback: no TLS redirect, cookies without the Secure flag)
attacks: venv assets
	$(ATTACKS_ENV) $(BIN)/python -m bench.attacks $(if $(ATTACKS_ONLY),--only $(ATTACKS_ONLY))
