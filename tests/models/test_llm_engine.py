"""Engine choice: fastest engine that agrees with fp32; recorded per CPU; override wins."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from models.errors import InputError
from models.llm.engine import (
    FALLBACK,
    AgreementRule,
    Measurement,
    check_engine,
    choose_engine,
    read_choice,
    resolve_engine,
    write_choice,
)


def _m(engine: str, tok_s: float, forced: float = 1.0, same: float = 1.0, ttft: float = 0.5,
       error: str | None = None) -> Measurement:  # fmt: skip
    return Measurement(engine, ttft, tok_s, forced, same, error)


def test_picks_the_fastest_engine_that_agrees() -> None:
    ms = [_m("transformers-int8", 37.0), _m("openvino-int8", 62.0), _m("transformers-bf16", 18.0)]
    assert choose_engine(ms) == "openvino-int8"


def test_a_faster_engine_that_changes_answers_is_not_chosen() -> None:
    ms = [
        _m("transformers-int8", 37.0),
        _m("openvino-int4", 70.0, forced=0.97),  # below 99% teacher-forced top-1
        _m("openvino-int8", 62.0, same=2 / 3),  # one reply in three changed
    ]
    assert choose_engine(ms) == "transformers-int8"


def test_an_engine_need_not_agree_better_than_the_supported_default() -> None:
    # the default itself changed one reply in five: a candidate that does no worse passes
    ms = [_m("transformers-int8", 21.0, same=0.8), _m("openvino-int8", 37.0, same=0.8)]
    assert choose_engine(ms) == "openvino-int8"
    worse = [_m("transformers-int8", 21.0, same=0.8), _m("openvino-int8", 37.0, same=0.6)]
    assert choose_engine(worse) == "transformers-int8"
    # without the default among the measurements, the rule's own minimum holds
    assert choose_engine([_m("openvino-int8", 37.0, same=0.8)]) == FALLBACK


def test_an_engine_that_failed_is_never_chosen() -> None:
    ms = [
        _m("openvino-int8", 90.0, error="ImportError: no openvino"),
        _m("transformers-bf16", 18.0),
    ]
    assert choose_engine(ms) == "transformers-bf16"


def test_nothing_passes_falls_back_to_transformers_int8() -> None:
    assert choose_engine([_m("openvino-int4", 70.0, forced=0.5)]) == FALLBACK
    assert choose_engine([]) == FALLBACK


def test_speed_tie_goes_to_the_lower_time_to_first_token() -> None:
    ms = [_m("openvino-int8", 60.02, ttft=0.6), _m("openvino-int4", 60.04, ttft=0.5)]
    assert choose_engine(ms) == "openvino-int4"


def test_rule_is_configurable() -> None:
    ms = [_m("transformers-int8", 37.0), _m("openvino-int4", 70.0, forced=0.97, same=0.5)]
    assert choose_engine(ms, AgreementRule(min_forced_top1=0.95, min_same_answers=0.5)) == (
        "openvino-int4"
    )


def test_record_is_per_cpu_and_per_model(tmp_path: Path) -> None:
    ms = [_m("openvino-int8", 62.0)]
    write_choice(tmp_path, "qwen2.5-0.5b", "AMD EPYC", "openvino-int8", ms)
    write_choice(tmp_path, "smollm2", "AMD EPYC", "transformers-int8", [])
    assert read_choice(tmp_path, "qwen2.5-0.5b", "AMD EPYC") == "openvino-int8"
    assert read_choice(tmp_path, "smollm2", "AMD EPYC") == "transformers-int8"
    assert read_choice(tmp_path, "qwen2.5-0.5b", "Intel Xeon") is None  # other CPU: recalibrate
    saved = json.loads((tmp_path / "engine.json").read_text())
    assert saved["qwen2.5-0.5b"]["measurements"][0]["decode_tok_s"] == 62.0


def test_corrupt_or_unknown_record_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "engine.json").write_text("{not json")
    assert read_choice(tmp_path, "qwen2.5-0.5b", "AMD EPYC") is None
    (tmp_path / "engine.json").write_text(
        json.dumps({"qwen2.5-0.5b": {"version": 1, "cpu": "AMD EPYC", "engine": "gpu-magic"}})
    )
    assert read_choice(tmp_path, "qwen2.5-0.5b", "AMD EPYC") is None


def test_override_beats_record_and_record_beats_fallback(tmp_path: Path) -> None:
    assert resolve_engine(None, tmp_path, "qwen2.5-0.5b", cpu="AMD EPYC") == FALLBACK
    write_choice(tmp_path, "qwen2.5-0.5b", "AMD EPYC", "openvino-int4", [])
    assert resolve_engine(None, tmp_path, "qwen2.5-0.5b", cpu="AMD EPYC") == "openvino-int4"
    assert resolve_engine(" Transformers-BF16 ", tmp_path, "qwen2.5-0.5b", cpu="AMD EPYC") == (
        "transformers-bf16"
    )


def test_unknown_override_names_the_choices() -> None:
    with pytest.raises(InputError) as err:
        check_engine("tensorrt")
    assert "openvino-int8" in str(err.value) and "CLEARCART_ENGINE" in str(err.value)


def test_settings_read_the_override_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from models.settings import Settings

    monkeypatch.setenv("CLEARCART_ENGINE", "openvino-int8")
    assert Settings.from_env().engine == "openvino-int8"
    monkeypatch.delenv("CLEARCART_ENGINE")
    assert Settings.from_env().engine is None


def test_load_lm_follows_the_recorded_engine(tmp_path: Path) -> None:
    from dataclasses import replace

    from models.llm.engine import cpu_model
    from models.llm.local import TransformersLM
    from models.llm.openvino_backend import OpenVINOLM
    from models.llm.registry import load_lm
    from models.settings import Settings

    settings = Settings(llm="smollm2", cache_dir=tmp_path)
    write_choice(tmp_path, "smollm2", cpu_model(), "openvino-int8", [])
    assert isinstance(load_lm(None, settings), TransformersLM)  # IR not exported: fall back
    ir = tmp_path / "openvino" / "smollm2-int8"
    ir.mkdir(parents=True)
    (ir / "openvino_model.xml").write_text("<net/>")
    lm = load_lm(None, settings)
    assert isinstance(lm, OpenVINOLM) and lm.folder == ir
    forced = load_lm(None, replace(settings, engine="transformers-bf16"))
    assert isinstance(forced, TransformersLM) and forced.config.weights == "bfloat16"


def test_prepare_calibrates_only_when_nothing_is_recorded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    import models.llm.calibrate as calibrate
    from models.llm.engine import cpu_model
    from models.prepare import prepare_engine
    from models.settings import Settings

    runs: list[str] = []

    def fake_calibrate(spec, cache_dir, threads=2, **kw):  # type: ignore[no-untyped-def]
        runs.append(spec.name)
        write_choice(cache_dir, spec.name, cpu_model(), "transformers-bf16", [])
        return "transformers-bf16", []

    monkeypatch.setattr(calibrate, "calibrate", fake_calibrate)
    settings = Settings(llm="smollm2", cache_dir=tmp_path)
    assert prepare_engine("smollm2", settings, calibrate=False) is None
    assert prepare_engine("smollm2", settings) == "transformers-bf16"
    assert prepare_engine("smollm2", settings) == "transformers-bf16"  # recorded: no re-run
    assert runs == ["smollm2"]
    override = replace(settings, engine="transformers-int8")
    assert prepare_engine("smollm2", override) == "transformers-int8"
    assert runs == ["smollm2"]
    assert prepare_engine("smollm2", settings, again=True) == "transformers-bf16"
    assert runs == ["smollm2", "smollm2"]  # --recalibrate measures again



class _FakeEngine:
    """Replies with `reply` at a fixed speed; logs each call in `order`."""

    def __init__(self, name: str, reply: list[int], order: list[str], fail: bool = False) -> None:
        from types import SimpleNamespace

        self.name, self.reply, self.order, self.fail = name, reply, order, fail
        self.last_stats = SimpleNamespace(first_token_s=0.5, decode_tokens_per_s=40.0)

    def generate_ids(self, ids: list[int], max_new: int) -> list[int]:
        self.order.append(self.name)
        if self.fail:
            raise RuntimeError("kernel missing")
        return self.reply[:max_new]

    def forced_top1(self, seq: list[int], n_prompt: int) -> list[int]:
        return self.reply[: len(seq) - n_prompt]


def test_calibration_rotates_engines_turn_by_turn_and_scores_agreement() -> None:
    from models.llm.calibrate import Reference, measure_all

    ref = Reference(prompts=[[1, 2]] * 3, outputs=[[7, 8, 9]] * 3)
    order: list[str] = []
    lms = {"a": _FakeEngine("a", [7, 8, 9], order), "b": _FakeEngine("b", [7, 8, 5], order),
           "c": _FakeEngine("c", [7, 8, 9], order, fail=True)}
    ms = {m.engine: m for m in measure_all(lms, ref, max_new=3)}
    assert order == ["a", "b", "c", "b", "a", "a", "b"]  # rotated; c dropped after failing
    assert ms["a"].same_answers == 1.0 and ms["a"].forced_top1 == 1.0
    assert ms["b"].same_answers == 0.0 and ms["b"].forced_top1 == round(2 / 3, 4)
    assert ms["c"].error == "RuntimeError: kernel missing" and not ms["c"].passes(AgreementRule())
    assert ms["a"].decode_tok_s == 40.0
