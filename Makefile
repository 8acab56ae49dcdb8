# Two entry points for a fresh machine: `make demo` and `make test`.
# uv manages the virtual environment from uv.lock; it is installed with pip when missing.
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null)
OUT := out
EXAMPLE := examples/ukraine-2025

.PHONY: demo test lint serve system-deps clean

$(BIN)/detente: pyproject.toml uv.lock
	@if [ -z "$(UV)" ]; then python3 -m pip install --quiet uv; fi
	uv sync --locked --extra dev
	@touch $@

demo: $(BIN)/detente
	$(BIN)/detente show $(EXAMPLE)/scenario.yaml

test: $(BIN)/detente system-deps
	$(BIN)/pytest -q

lint: $(BIN)/detente
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src/detente

# Debian packages the end-to-end tests need (headless Chromium); installs only what is missing.
system-deps:
	@bash scripts/install-system-deps.sh

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
