# The two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
PORT ?= 8000
AMI_PORT ?= 5038
VENV := .venv
PY := $(VENV)/bin/python
UV = $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/callcenter
TEST_REDIS_URL ?= redis://127.0.0.1:6379/14
ASTERISK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/callcenter_asterisk
ASTERISK_REDIS_URL ?= redis://127.0.0.1:6379/15
STACK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/callcenter_stack
STACK_REDIS_URL ?= redis://127.0.0.1:6379/13
APIFUZZ_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/callcenter_apifuzz
APIFUZZ_REDIS_URL ?= redis://127.0.0.1:6379/12
HA_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/callcenter_ha
HA_REDIS_URL ?= redis://127.0.0.1:6379/11

.PHONY: demo test install lint typecheck pytest services messages compose-config bench clean asterisk test-asterisk test-stack test-faults test-ha test-api

$(VENV)/.synced: pyproject.toml uv.lock
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv
	$(UV) sync --frozen --python $(PYTHON)
	@touch $@

install: $(VENV)/.synced

demo: install
	@mkdir -p var
	@# The static files are collected (and compressed) on the second core while the database is seeded.
	CALLCENTER_DEMO=1 $(PY) manage.py collectstatic --noinput --verbosity 0 & collect=$$!; \
	CALLCENTER_DEMO=1 $(PY) manage.py migrate --noinput \
	&& CALLCENTER_DEMO=1 $(PY) manage.py seed_demo --ami-port $(AMI_PORT); seeded=$$?; \
	wait $$collect && exit $$seeded
	CALLCENTER_DEMO=1 $(PY) manage.py run_demo --port $(PORT)

services:
	@bash scripts/ensure-services.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: install
	DJANGO_DEBUG=1 $(VENV)/bin/mypy callcenter tests benchmarks

pytest: install services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_DEBUG=1 \
		$(VENV)/bin/pytest -q --ignore=tests/asterisk --ignore=tests/stack --ignore=tests/faults --ignore=tests/ha --ignore=tests/apifuzz $(PYTEST_ARGS)

test: install services lint typecheck pytest

messages: install
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l ru --ignore=.venv --ignore=var
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv

# Every operation of /api/schema/ fuzzed in-process with schemathesis, stateful phase included (docs/testing.md).
test-api: install services
	DATABASE_URL=$(APIFUZZ_DATABASE_URL) REDIS_URL=$(APIFUZZ_REDIS_URL) DJANGO_DEBUG=1 \
		$(VENV)/bin/pytest -q tests/apifuzz $(PYTEST_ARGS)

# A real Asterisk 22.10.1 with PJSIP and pjproject's pjsua, built from ../shared/asterisk/ into var/asterisk/.
asterisk:
	@bash scripts/build-asterisk.sh

# The end-to-end suite against that Asterisk with pjsua phones (docs/testing.md).
test-asterisk: install services asterisk
	DATABASE_URL=$(ASTERISK_DATABASE_URL) REDIS_URL=$(ASTERISK_REDIS_URL) DJANGO_DEBUG=1 \
		$(VENV)/bin/pytest -q tests/asterisk $(PYTEST_ARGS)

# docker/compose.yaml's services as local processes, on that Asterisk with SIP phones (docs/testing.md).
test-stack: install services asterisk
	DATABASE_URL=$(STACK_DATABASE_URL) REDIS_URL=$(STACK_REDIS_URL) DJANGO_DEBUG=1 \
		$(VENV)/bin/pytest -q tests/stack $(PYTEST_ARGS)

# Two real Asterisk nodes in one group: a node killed, the active bridge killed, a failed group apply (docs/ha.md).
test-ha: install services asterisk
	DATABASE_URL=$(HA_DATABASE_URL) REDIS_URL=$(HA_REDIS_URL) DJANGO_DEBUG=1 \
		$(VENV)/bin/pytest -q tests/ha $(PYTEST_ARGS)

# Faults against that stack under a burst of calls, on a Redis and a PostgreSQL of the suite's own (docs/reliability.md).
test-faults: install services asterisk
	REDIS_URL=$(STACK_REDIS_URL) DJANGO_DEBUG=1 bash scripts/with-own-postgres.sh \
		$(VENV)/bin/pytest -q tests/faults $(PYTEST_ARGS)

compose-config:
	@bash scripts/compose-config.sh

bench: install services
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) DJANGO_DEBUG=1 $(PY) -m benchmarks.run_all

clean:
	rm -rf $(VENV) var
