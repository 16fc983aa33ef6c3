# One entry point for people and CI alike. `make lab` and `make test` set everything up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: lab app test check lint typecheck notebooks-clean browser bench sample clean

lab: $(STAMP)  ## set up, then open JupyterLab on notebooks/
	$(BIN)/reflectkit lab

app: $(STAMP)  ## set up, then open the check-in as a Voilà app
	$(BIN)/reflectkit app

test: $(STAMP) browser check  ## set up, then run every check and the whole test suite
	home=$$(mktemp -d) && trap 'rm -rf "$$home"' EXIT && \
	  REFLECTKIT_HOME="$$home" MPLBACKEND=Agg $(BIN)/python -m pytest --nbval-lax -p no:cacheprovider tests notebooks

check: lint typecheck notebooks-clean

lint: $(STAMP)
	$(BIN)/ruff check reflectkit tests benchmarks
	$(BIN)/ruff format --check reflectkit tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

notebooks-clean: $(STAMP)  ## notebooks must be committed without outputs
	$(BIN)/python -m reflectkit.devtools.notebooks_clean notebooks

browser:  ## Debian's Chromium for the real-browser tests
	@test -x /usr/bin/chromium || { \
	  echo "Installing Chromium (needed by the browser tests)..."; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

bench: $(STAMP)  ## speed and memory ratios (not part of the test suite)
	$(BIN)/python -m benchmarks

sample: $(STAMP)
	$(BIN)/reflectkit sample

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache
