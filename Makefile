# Two entry points for a fresh machine: `make demo` and `make test`.
# uv manages the virtual environment from uv.lock; it is installed with pip when missing.
VENV := .venv
BIN := $(VENV)/bin
UV := $(shell command -v uv 2>/dev/null)
OUT := out
EXAMPLE := examples/ukraine-2025

.PHONY: demo test lint serve system-deps clean train-extractor eval-extractor

$(BIN)/detente: pyproject.toml uv.lock
	@if [ -z "$(UV)" ]; then python3 -m pip install --quiet uv; fi
	uv sync --locked --extra dev
	@touch $@

# The whole pipeline on the bundled example: the curated flagship scenario, and the demo briefs
# (written in the project's own words) run through ingest, extraction and proposal.
# With ../shared/seeds present, the report quotes the flagship's evidence from the seed articles.
SEEDS := $(wildcard ../shared/seeds)
demo: $(BIN)/detente
	@mkdir -p $(OUT)
	$(BIN)/detente validate $(EXAMPLE)/scenario.yaml
	$(BIN)/detente show $(EXAMPLE)/scenario.yaml
	$(BIN)/detente extract $(EXAMPLE)/briefs --scenario $(EXAMPLE)/scenario.yaml --db $(OUT)/corpus.db --out $(OUT)/extract
	$(BIN)/detente propose --scenario $(EXAMPLE)/scenario.yaml --claims $(OUT)/extract $(EXAMPLE)/briefs --out $(OUT)/proposed.yaml
	$(BIN)/detente forecast $(EXAMPLE)/scenario.yaml
	$(BIN)/detente forecast $(EXAMPLE)/scenario.yaml --model bdm.v1 --issue territory_recognition --explain
	$(BIN)/detente deals $(EXAMPLE)/scenario.yaml --top 3
	$(BIN)/detente simulate $(EXAMPLE)/scenario.yaml --strategy boulware --seed 1
	$(BIN)/detente report $(EXAMPLE)/scenario.yaml --corpus $(OUT)/corpus.db $(if $(SEEDS),--docs $(SEEDS)) --out $(OUT)/report.html

# The learned stance step (stance.v2): check the corpus, write its offset gold and splits, then
# fit, calibrate and ship src/detente/nlp/data/stance.v2.npz (seeded: the same corpus gives the
# same weights). eval-extractor also scores the blind test split: run it once per round.
train-extractor: $(BIN)/detente
	$(BIN)/python scripts/build_extraction_corpus.py
	$(BIN)/python scripts/train_extractor.py --seed 7

eval-extractor: $(BIN)/detente
	$(BIN)/python scripts/build_extraction_corpus.py
	$(BIN)/python scripts/train_extractor.py --seed 7 --score-test

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
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache
