# The two commands: `make run` (demo on http://127.0.0.1:8000) and `make test`.
# Both need only python3: uv is installed into .tools/ when it is not on PATH.

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Trust the system certificate store (works behind TLS-inspecting proxies too).
export UV_SYSTEM_CERTS ?= 1

.PHONY: run test pytest lint check-migrations bootstrap clean

bootstrap: $(UV)
	@$(UV) sync --frozen --quiet

$(CURDIR)/.tools/bin/uv:
	python3 -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv

run: bootstrap
	@$(UV) run --frozen zhenggai demo
	@$(UV) run --frozen zhenggai collectstatic --noinput --verbosity 0
	@echo "整改 Zhenggai: http://$(HOST):$(PORT)/  (Ctrl-C 停止)"
	@$(UV) run --frozen zhenggai runserver $(HOST):$(PORT) --noreload --insecure

lint: bootstrap
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .
	$(UV) run --frozen mypy
	$(UV) run --frozen lint-imports --no-cache

check-migrations: bootstrap
	$(UV) run --frozen zhenggai makemigrations --check --dry-run

test: lint check-migrations pytest

# pytest exits 5 when it collected no tests; say so instead of failing obscurely.
pytest: bootstrap
	@$(UV) run --frozen pytest -n 2 $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest: no tests were collected"; exit 0; fi; exit $$rc

clean:
	rm -rf .venv .tools var .pytest_cache .ruff_cache .mypy_cache
