"""Which inference engine runs the local model on this CPU: the choice and its record.

`python -m models.prepare` measures each candidate engine once on this machine
(models/llm/calibrate.py) and `choose_engine` keeps the fastest one whose
answers agree with the fp32 reference. The choice is recorded in the cache
(`engine.json`, keyed by CPU model and model name), so AMD and Intel machines
each get theirs. `Settings.engine` (CLEARCART_ENGINE) overrides it.
"""

from __future__ import annotations

import json
import platform
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from models.errors import InputError

# Candidate engines, most conservative first. "transformers-int8" is the fallback:
# it needs nothing beyond the project's own packages.
ENGINES = ("transformers-int8", "transformers-bf16", "openvino-int8", "openvino-int4",
           "openvino-int4mix")
# What the first `models.prepare` measures. OpenVINO int4 is left to bench/chat_speed.py:
# its 4-bit weights changed answers on every machine tried (teacher-forced top-1 94-97.6%
# against fp32, below the rule's 99%), and skipping it saves an export. int4mix (int4 on
# 60% of the layers) passes the rule on 2 EPYC cores with 1.2x int8's decode, but the
# grounding check replaced its phrasing 4 times in bench/qa_eval.py's 305 questions where
# int8's was replaced once: opt in with CLEARCART_ENGINE=openvino-int4mix.
CALIBRATED = ("transformers-int8", "transformers-bf16", "openvino-int8")
FALLBACK = "transformers-int8"
RECORD = "engine.json"
RECORD_VERSION = 3  # bump when candidates or the agreement rule change


@dataclass(frozen=True)
class AgreementRule:
    # Teacher-forced top-1 agreement with fp32 must reach this share of tokens.
    min_forced_top1: float = 0.99
    # Share of calibration replies that must be identical to fp32's greedy replies, or
    # FALLBACK's share when that is lower: every quantized engine, the supported default
    # included, changes a word now and then, so a candidate must only not do worse.
    min_same_answers: float = 1.0

    def same_answers_needed(self, measurements: list[Measurement]) -> float:
        """The identical-reply share a candidate needs among these measurements."""
        base = [m.same_answers for m in measurements if m.engine == FALLBACK and m.error is None]
        return min([self.min_same_answers, *base])


@dataclass(frozen=True)
class Measurement:
    """One engine's calibration result on this machine (medians over the turns)."""

    engine: str
    ttft_s: float
    decode_tok_s: float
    forced_top1: float  # teacher-forced top-1 agreement with fp32
    same_answers: float  # share of replies identical to fp32's
    error: str | None = None  # why it could not run (not installed, export failed...)

    def passes(self, rule: AgreementRule, same_answers_needed: float | None = None) -> bool:
        """Whether this engine agrees with fp32 well enough (`same_answers_needed`
        defaults to the rule's own minimum)."""
        needed = rule.min_same_answers if same_answers_needed is None else same_answers_needed
        return (
            self.error is None
            and self.forced_top1 >= rule.min_forced_top1
            and self.same_answers >= needed
        )


def choose_engine(measurements: list[Measurement], rule: AgreementRule | None = None) -> str:
    """The fastest-decoding engine that passes the agreement rule; FALLBACK if none does.

    Ties on decode speed go to the lower time to first token.
    """
    rule = rule or AgreementRule()
    needed = rule.same_answers_needed(measurements)
    passing = [m for m in measurements if m.passes(rule, needed)]
    if not passing:
        return FALLBACK
    best = max(passing, key=lambda m: (round(m.decode_tok_s, 1), -m.ttft_s))
    return best.engine


def check_engine(name: str) -> str:
    key = name.strip().lower()
    if key not in ENGINES:
        raise InputError(
            f"Unknown inference engine {name!r}.",
            fix=f"set CLEARCART_ENGINE to one of: {', '.join(ENGINES)} (or unset it to use "
            "the engine measured fastest by `python -m models.prepare`)",
        )
    return key


def cpu_model() -> str:
    """The CPU model name (lscpu's 'Model name'), or the best the platform says."""
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True, timeout=5).stdout
        for line in out.splitlines():
            if line.startswith("Model name:"):
                return line.split(":", 1)[1].strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return platform.processor() or platform.machine() or "unknown"


def write_choice(
    cache_dir: Path, llm: str, cpu: str, choice: str, measurements: list[Measurement]
) -> Path:
    """Record `choice` for (llm, cpu) in the cache, keeping other models' records."""
    path = cache_dir / RECORD
    data = _read(path)
    data[llm] = {
        "version": RECORD_VERSION,
        "cpu": cpu,
        "engine": choice,
        "measurements": [asdict(m) for m in measurements],
    }
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2))
    tmp.replace(path)
    return path


def read_choice(cache_dir: Path, llm: str, cpu: str) -> str | None:
    """The recorded engine for (llm, cpu); None if never calibrated here (or stale)."""
    entry = _read(cache_dir / RECORD).get(llm)
    if not isinstance(entry, dict):
        return None
    if entry.get("version") != RECORD_VERSION or entry.get("cpu") != cpu:
        return None
    engine = entry.get("engine")
    return engine if engine in ENGINES else None


def resolve_engine(override: str | None, cache_dir: Path, llm: str, cpu: str | None = None) -> str:
    """The override (CLEARCART_ENGINE) if set, else the recorded choice, else FALLBACK."""
    if override:
        return check_engine(override)
    return read_choice(cache_dir, llm, cpu if cpu is not None else cpu_model()) or FALLBACK


def _read(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


__all__ = [
    "ENGINES",
    "CALIBRATED",
    "FALLBACK",
    "AgreementRule",
    "Measurement",
    "check_engine",
    "choose_engine",
    "cpu_model",
    "read_choice",
    "resolve_engine",
    "write_choice",
]
