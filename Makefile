# zhengwu — every target bootstraps .venv itself, so a fresh clone needs only Python 3.11+ and make.
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null && echo $$p && break; done)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test reset lint format bench demo check

run: $(STAMP)  ## migrate, load the Xiangxi demo (kept between runs), start web + worker + scheduler on :8000
	$(PY) manage.py run_platform

test: $(STAMP)  ## the whole suite: services, API, pages, scope matrix, schemathesis, browser
	$(PY) -m pytest -q

reset:  ## throw the embedded database away; the next `make run` starts from a fresh demo
	rm -rf var/zhengwu.sqlite3 var/zhengwu.sqlite3-wal var/zhengwu.sqlite3-shm var/audit-head.json var/media

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench
	$(VENV)/bin/mypy

format: $(STAMP)
	$(VENV)/bin/ruff format src tests bench
	$(VENV)/bin/ruff check --fix src tests bench

bench: $(STAMP)  ## benchmarks, printed as tables (bench/README.md)
	$(PY) bench/run.py

demo: $(STAMP)
	$(PY) manage.py migrate -v0 && $(PY) manage.py load_demo

check: $(STAMP)
	ZHENGWU_ENV=production SECRET_KEY=$$(python3 -c 'import secrets;print(secrets.token_urlsafe(64))') \
	  ZHENGWU_FIELD_KEY=$$(python3 -c 'import base64,os;print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	  ALLOWED_HOSTS=zhengwu.example.gov.cn $(PY) manage.py check --deploy --fail-level WARNING

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || { echo "需要 Python 3.11 或更高版本 (Python 3.11+ is required)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -e ".[dev]"
	touch $(STAMP)
