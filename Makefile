# Two commands: `make run` and `make test`. Nothing else needs installing but Python 3.11 and make.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test test-browser lint migrate bench load load-smoke backup restore clean

# Production is the portal's default (it then needs SECRET_KEY, ALLOWED_HOSTS, EMAIL_HOST);
# these development targets run it in development mode.
run test test-browser migrate bench: export DEBUG = True

$(STAMP): requirements.txt requirements-dev.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11（找不到 $(PYTHON)）"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --no-input

run: migrate
	$(PY) manage.py seed_demo
	@echo "门户已启动: http://$(HOST):$(PORT)/  (Ctrl+C 停止)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) manage.py makemigrations --check --dry-run >/dev/null || { echo "有未生成迁移的模型改动"; exit 1; }
	$(PY) -m pytest -n 2 -q
	@if [ -x /usr/bin/chromium ]; then $(MAKE) --no-print-directory test-browser; \
	else echo "未安装 chromium：跳过浏览器测试（运行 ./scripts/install_browser.sh 后执行 make test-browser）"; fi

test-browser: install
	./scripts/install_browser.sh
	$(PY) -m pytest -q -m browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install
	$(PY) -m bench.run

# Production settings under locust beside ../shared/floor; writes docs/benchmarks.md (bench:load).
load: install
	$(PY) -m bench.load

load-smoke: install
	$(PY) -m bench.load --smoke

# Database (pg_dump) + private media files + a manifest of counts and checksums, under BACKUP_DIR.
backup: install
	$(PY) manage.py backup

restore: install
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=backups/<时间>"; exit 1; }
	$(PY) manage.py restore $(BACKUP)

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
