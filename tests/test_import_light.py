"""`import assistant` must stay light: no gradio ever, no model libraries until load()."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["gradio", "torch", "transformers", "sentence_transformers", "shap", "matplotlib"]


def _modules_after(statement: str) -> set[str]:
    code = f"import sys, json; {statement}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_assistant_does_not_import_gradio_or_models() -> None:
    loaded = _modules_after("import assistant")
    assert not [m for m in HEAVY if m in loaded], [m for m in HEAVY if m in loaded]


def test_the_check_itself_can_see_a_heavy_import() -> None:
    # Guards the test above: if the subprocess check were broken it would pass vacuously.
    assert "matplotlib" in _modules_after("import assistant, matplotlib")
