# Two commands for a fresh clone: `make run` and `make test`.
VENV     := .venv
PY       := $(VENV)/bin/python
FLASK    := $(PY) -m flask --app tender_board
HOST     ?= 127.0.0.1
PORT     ?= 5000
# The base of every absolute link (feeds, API); the only host answered besides localhost.
PUBLIC_URL ?= http://$(HOST):$(PORT)
PYTHON   ?= python3
CATALOGS := $(shell find tender_board -name '*.po' 2>/dev/null)

.PHONY: run dev test test-postgres fuzz bench translations catalog lint clean

WORKERS  ?= 2
SERVE_ENV := TENDER_BOARD_PUBLIC_URL=$(PUBLIC_URL) TENDER_BOARD_TRUSTED_HOSTS=localhost,127.0.0.1

# Served as in production: gunicorn, access and application log on standard output; the e-mail
# alerts' sender runs beside it every minute (messages go to instance/mail/ without MAIL_SERVER).
run: $(VENV)/.installed instance/config.py translations
	$(FLASK) db upgrade
	$(FLASK) demo
	$(SERVE_ENV) $(FLASK) ledger checkpoint >/dev/null  # signs what a crash may have left unsigned
	$(SERVE_ENV) $(FLASK) alerts send --every 60 & trap "kill $$! 2>/dev/null" EXIT INT TERM; \
	$(SERVE_ENV) $(VENV)/bin/gunicorn -w $(WORKERS) -b $(HOST):$(PORT) --access-logfile - 'tender_board:create_app()'

# The development server: reloads on every change, shows the debugger on errors.
dev: $(VENV)/.installed instance/config.py translations
	$(FLASK) db upgrade
	$(FLASK) demo
	$(SERVE_ENV) $(FLASK) ledger checkpoint >/dev/null
	$(SERVE_ENV) $(FLASK) run --debug --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-test translations
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite against a throw-away PostgreSQL 15 cluster (see .ci/postgres).
test-postgres: $(VENV)/.installed-test translations
	.ci/postgres $(PY) -m pytest $(PYTEST_ARGS)

# The API against its OpenAPI document and every public page against odd input, with a larger budget.
fuzz: $(VENV)/.installed-test translations
	CONTRACT_EXAMPLES=200 FUZZ_EXAMPLES=1000 $(PY) -m pytest tests/test_openapi_contract.py tests/test_fuzz_public_get.py $(PYTEST_ARGS)

bench: $(VENV)/.installed-test instance/config.py translations
	$(PY) bench/run.py $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .

# The verifier first: the server imports its Merkle tree and signed notes (one implementation).
$(VENV)/.installed: pyproject.toml verifier/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ./verifier
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# A random secret key, written once; never a fixed one in the repository.
instance/config.py:
	mkdir -p instance
	$(PY) -c "import secrets; print('SECRET_KEY = ' + repr(secrets.token_hex(32)))" > $@

translations: $(CATALOGS:.po=.mo)

# After changing user-facing text: extract the messages and merge them into the Chinese catalog.
catalog: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k lazy_gettext -k _l -o messages.pot .
	$(VENV)/bin/pybabel update -i messages.pot -d tender_board/translations -l zh --no-fuzzy-matching
	rm messages.pot

%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile --use-fuzzy -i $< -o $@ -l zh

clean:
	rm -rf $(VENV) .pytest_cache
