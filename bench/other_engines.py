"""Chat speed of two more CPU engines, ONNX Runtime GenAI (int4) and CTranslate2 (int8),
on the same weights and turns as bench/chat_speed.py.

The prompts (chat_speed's turns: system prompt + 5 catalog products, ~540 tokens)
and the fp32 greedy reference come from the project's own venv: this script starts
itself there (`--worker`, under .venv/bin/python), which builds the turns with
chat_speed's `turn()`, tokenizes them, answers them with the fp32 transformers model
(greedy, no prefix cache) and then serves the project's own engines, transformers
int8 (prefix cache on, as chat_speed builds it) and OpenVINO int8, over stdin/stdout,
so the two extra engines are compared with the project's in one run. Each turn runs
every engine in turn (rotating the order, a short pause between engines) from the
same prompt token ids; figures are medians over `--runs` turns after one warm-up
turn. Agreement is against the fp32 greedy reply: identical replies and
teacher-forced top-1 share (every engine here exposes logits).

Setup (once; the engines live in their own venv so the project's stays untouched):

    python3 -m venv /tmp/engines-venv
    /tmp/engines-venv/bin/pip install torch==2.13.0          # first: the CPU build
    /tmp/engines-venv/bin/pip install onnxruntime-genai onnxruntime onnx onnx-ir \
        ctranslate2 transformers==5.24.0
    export HF_HUB_OFFLINE=1 HF_HUB_DISABLE_TELEMETRY=1
    /tmp/engines-venv/bin/python -m onnxruntime_genai.models.builder \
        -i ~/.cache/clearcart/qwen2.5-0.5b -o ~/.cache/clearcart/ortgenai/qwen2.5-0.5b-int4 \
        -p int4 -e cpu
    /tmp/engines-venv/bin/ct2-transformers-converter --model ~/.cache/clearcart/qwen2.5-0.5b \
        --quantization int8 --output_dir ~/.cache/clearcart/ct2/qwen2.5-0.5b-int8

Run (from the repository root; the project's .venv must be set up as usual):

    /tmp/engines-venv/bin/python bench/other_engines.py [--runs 5] [--threads 2]
        [--max-new-tokens 64] [--engines transformers-int8,openvino-int8,ortgenai-int4,ct2-int8]

Prints the CPU model and load average; ends with one JSON line of metrics.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from engine_adapters import CT2, OrtGenAI, Reply, Track  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MAIN_PYTHON = ROOT / ".venv" / "bin" / "python"
CACHE = Path.home() / ".cache" / "clearcart"
ORT_DIR = CACHE / "ortgenai" / "qwen2.5-0.5b-int4"
CT2_DIR = CACHE / "ct2" / "qwen2.5-0.5b-int8"
PROJECT_ENGINES = ("transformers-int8", "openvino-int8")  # served by the project's venv
ENGINES = (*PROJECT_ENGINES, "ortgenai-int4", "ct2-int8")
OFFLINE = {"HF_HUB_OFFLINE": "1", "HF_HUB_DISABLE_TELEMETRY": "1", "TRANSFORMERS_OFFLINE": "1",
           "TOKENIZERS_PARALLELISM": "false"}  # fmt: skip


# -- the project's side (runs under .venv/bin/python) ---------------------------------------


def worker(args: argparse.Namespace) -> None:
    """fp32 reference, then the project's engines on request (JSON lines on stdin/stdout)."""
    proto: TextIO = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # anything a library prints goes to stderr, not into the protocol
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import gc

    from chat_speed import _products, turn

    from models.llm.calibrate import build_engine, forced_top1, greedy_ids
    from models.llm.engine import cpu_model
    from models.llm.local import LocalConfig, TransformersLM, _eos_ids
    from models.llm.registry import resolve_name
    from models.llm.weights import SPECS
    from models.settings import Settings, offline_env

    def send(obj: dict[str, Any]) -> None:
        proto.write(json.dumps(obj) + "\n")

    offline_env()
    settings = Settings.from_env()
    name = resolve_name(args.llm, settings)
    spec = SPECS[name]
    rows = _products()
    turns = [turn(i, rows) for i in range(args.runs + 1)]
    ref_lm = TransformersLM(spec, settings.cache_dir, LocalConfig(args.threads, weights="float32",
                                                                  prefix_cache=False))  # fmt: skip
    prompts = [ref_lm.prompt_ids(m) for m in turns]
    eos = sorted(_eos_ids(ref_lm.model, ref_lm.tokenizer))
    outputs, ttfts, rates = [], [], []
    for ids in prompts:
        new, ttft, rate = greedy_ids(ref_lm, ids, args.max_new_tokens)
        outputs.append(new)
        ttfts.append(ttft)
        rates.append(rate)
    del ref_lm
    gc.collect()
    send({"llm": name, "cpu": cpu_model(), "prompts": prompts, "ref": outputs, "eos": eos,
          "ttft": ttfts, "rate": rates})  # fmt: skip

    lms: dict[str, Any] = {}
    loads: dict[str, float] = {}
    errors: dict[str, str] = {}
    for engine in args.project_engines.split(","):
        start = time.perf_counter()
        try:
            lms[engine] = build_engine(engine, spec, settings.cache_dir, args.threads)
            loads[engine] = time.perf_counter() - start
        except Exception as exc:  # reported, the other engines still run
            errors[engine] = f"{type(exc).__name__}: {exc}"
    send({"load_s": loads, "errors": errors})
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd["cmd"] == "generate":
            lm = lms[cmd["engine"]]
            new, ttft, rate = greedy_ids(lm, cmd["ids"], cmd["max_new"])
            send({"new": new, "ttft": ttft, "rate": rate,
                  "reused": getattr(lm.last_stats, "reused_tokens", 0)})  # fmt: skip
        elif cmd["cmd"] == "forced":
            send({"top1": forced_top1(lms[cmd["engine"]], cmd["ids"], cmd["out"])})
        else:
            return


# -- the engines' side (runs under /tmp/engines-venv) ----------------------------------------


class ProjectEngine:
    """One of the project's engines, living in the worker process."""

    def __init__(self, proc: subprocess.Popen[str], name: str) -> None:
        self.proc = proc
        self.name = name
        self.reused: list[int] = []

    def _ask(self, cmd: dict[str, Any]) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the project worker exited")
        return dict(json.loads(line))

    def generate(self, ids: list[int], max_new: int) -> Reply:
        got = self._ask({"cmd": "generate", "engine": self.name, "ids": ids,
                         "max_new": max_new})  # fmt: skip
        self.reused.append(int(got["reused"]))
        return list(got["new"]), float(got["ttft"]), float(got["rate"])

    def forced_top1(self, ids: list[int], out: list[int]) -> list[int]:
        return list(self._ask({"cmd": "forced", "engine": self.name, "ids": ids,
                               "out": out})["top1"])  # fmt: skip


def _start_worker(args: argparse.Namespace) -> subprocess.Popen[str]:
    if not MAIN_PYTHON.is_file():
        sys.exit(f"{MAIN_PYTHON} is missing: set up the project's venv first (see README)")
    cmd = [str(MAIN_PYTHON), str(Path(__file__).resolve()), "--worker", "--llm", args.llm,
           "--runs", str(args.runs), "--threads", str(args.threads),
           "--max-new-tokens", str(args.max_new_tokens),
           "--project-engines", args.project_engines]  # fmt: skip
    return subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                            cwd=ROOT, env={**os.environ, **OFFLINE})  # fmt: skip


def _load(engine: str, args: argparse.Namespace, eos: list[int],
          proc: subprocess.Popen[str], project: dict[str, Any]) -> Any:  # fmt: skip
    if engine in PROJECT_ENGINES:
        if engine in project.get("errors", {}):
            raise RuntimeError(project["errors"][engine])
        if engine not in project.get("load_s", {}):
            raise RuntimeError("the project worker exited")
        return ProjectEngine(proc, engine), float(project["load_s"][engine])
    start = time.perf_counter()
    if engine == "ortgenai-int4":
        lm: Any = OrtGenAI(args.ortgenai_dir, args.threads, eos)
    elif engine == "ct2-int8":
        lm = CT2(args.ct2_dir, args.threads, eos)
    else:
        raise ValueError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}")
    return lm, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--llm", default="qwen2.5-0.5b")
    parser.add_argument("--runs", type=int, default=5, help="timed turns (after 1 warm-up)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--max-new-tokens", type=int, default=64)
    parser.add_argument("--engines", default=",".join(ENGINES), help=", ".join(ENGINES))
    parser.add_argument("--ortgenai-dir", type=Path, default=ORT_DIR)
    parser.add_argument("--ct2-dir", type=Path, default=CT2_DIR)
    parser.add_argument(
        "--pause",
        type=float,
        default=0.3,
        help="seconds between engines (lets spinning thread pools settle)",
    )
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--project-engines", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args)
        return
    os.environ.update(OFFLINE)
    load_before = os.getloadavg()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    args.project_engines = ",".join(e for e in engines if e in PROJECT_ENGINES)
    proc = _start_worker(args)
    assert proc.stdout is not None
    head = json.loads(proc.stdout.readline() or "{}")
    if "prompts" not in head:
        sys.exit("the project worker failed before the fp32 reference (see its errors above)")
    name, cpu, prompts, eos = head["llm"], head["cpu"], head["prompts"], head["eos"]
    print(f"other engines: {name} on {cpu}, {os.cpu_count()} cpus, {args.threads} thread(s), "
          f"{args.runs} turns (+1 warm-up), up to {args.max_new_tokens} new tokens; "
          f"load average {load_before[0]:.1f}", flush=True)  # fmt: skip
    ref = Track("fp32 (reference)", outputs=head["ref"], ttft=head["ttft"][1:],
                rate=head["rate"][1:])  # fmt: skip
    for k, ids in enumerate(prompts):
        ttft, rate = head["ttft"][k], head["rate"][k]
        print(f"  turn {k} fp32 reference{'':<11} prompt {len(ids)}: ttft {ttft:.2f} s, "
              f"{len(ref.outputs[k])} tokens at {rate:.1f} tok/s", flush=True)  # fmt: skip

    lms: dict[str, Any] = {}
    tracks = {e: Track(e) for e in engines}
    project: dict[str, Any] = {}
    if args.project_engines:  # the worker builds them all, then says so in one line
        project = json.loads(proc.stdout.readline() or "{}")
    else:
        proc.kill()
    for engine, track in tracks.items():
        try:
            lms[engine], track.load_s = _load(engine, args, eos, proc, project)
        except Exception as exc:  # report, keep benchmarking the others
            track.error = f"{type(exc).__name__}: {exc}"
            print(f"  {engine}: cannot run here: {track.error}", flush=True)
    live = [e for e in tracks if e in lms]
    for k, ids in enumerate(prompts):
        order = live[k % len(live) :] + live[: k % len(live)] if live else []
        for engine in order:
            time.sleep(args.pause)
            track = tracks[engine]
            try:
                new, ttft, rate = lms[engine].generate(ids, args.max_new_tokens)
            except Exception as exc:
                track.error = f"{type(exc).__name__}: {exc}"
                print(f"  {engine}: failed on turn {k}: {track.error}", flush=True)
                live.remove(engine)
                continue
            track.outputs.append(new)
            if k:
                if isinstance(lms[engine], ProjectEngine):
                    track.reused.append(lms[engine].reused[-1])
                track.ttft.append(ttft)
                track.rate.append(rate)
                print(f"  turn {k} {engine:<26} prompt {len(ids)}: ttft {ttft:.2f} s, "
                      f"{len(new)} tokens at {rate:.1f} tok/s", flush=True)  # fmt: skip
    forced_note: dict[str, str] = {}
    for engine in live:
        hits = total = 0
        try:
            for ids, want in zip(prompts[1:], ref.outputs[1:], strict=True):
                if want:
                    pred = lms[engine].forced_top1(ids, want)
                    hits += sum(int(a == b) for a, b in zip(pred, want, strict=True))
                    total += len(want)
            tracks[engine].forced = hits / max(1, total)
        except Exception as exc:
            forced_note[engine] = f"n/a ({type(exc).__name__}: {exc})"
    if proc.poll() is None and proc.stdin is not None:
        proc.stdin.write(json.dumps({"cmd": "quit"}) + "\n")
        proc.stdin.close()
        proc.wait(timeout=60)
    load_after = os.getloadavg()

    print()
    print(f"{'engine':<28} {'TTFT s':>7} {'tok/s':>6} {'x int8':>7} {'same out':>9} "
          f"{'forced':>7} {'load s':>6}")  # fmt: skip
    base = tracks.get("transformers-int8")
    base_rate = statistics.median(base.rate) if base and base.rate else 0.0
    base_ttft = statistics.median(base.ttft) if base and base.ttft else 0.0
    table: dict[str, dict[str, object]] = {}
    for track in [ref, *tracks.values()]:
        if track.error or not track.rate:
            table[track.engine] = {"error": track.error or "no turns"}
            print(f"{track.engine:<28} error: {track.error}")
            continue
        same = sum(a == b for a, b in zip(ref.outputs[1:], track.outputs[1:], strict=True))
        forced = 1.0 if track is ref else track.forced
        ttft, rate = statistics.median(track.ttft), statistics.median(track.rate)
        x = rate / base_rate if base_rate else 0.0
        note = forced_note.get(track.engine)
        forced_txt = "n/a" if note else f"{forced:.1%}"
        print(f"{track.engine:<28} {ttft:7.2f} {rate:6.1f} {x:7.2f} {same:>5}/{args.runs:<3} "
              f"{forced_txt:>7} {track.load_s:6.1f}")  # fmt: skip
        table[track.engine] = {
            "ttft_s": round(ttft, 3), "tok_s": round(rate, 2),
            "tok_s_vs_int8": round(x, 2),
            "ttft_vs_int8": round(ttft / base_ttft, 2) if base_ttft else None,
            "identical_replies": same, "teacher_forced_top1": None if note else round(forced, 4),
            "load_s": round(track.load_s, 1),
        }  # fmt: skip
        if note:
            table[track.engine]["teacher_forced_note"] = note
    if base and base.reused:
        print(f"(transformers-int8 runs as in chat_speed, with its prefix cache: "
              f"{statistics.median(base.reused):.0f} of ~{len(prompts[1])} prompt tokens reused "
              f"per turn; the other engines prefill the whole prompt)")  # fmt: skip
    print(f"(prompt ~{len(prompts[0])} tokens; same out = identical greedy replies to fp32's, "
          f"forced = teacher-forced top-1 match with the fp32 reply;\n"
          f" load average {load_before[0]:.1f} before, {load_after[0]:.1f} after: "
          f"{'a LOADED machine' if load_before[0] > 1.5 else 'a quiet machine'})")  # fmt: skip
    for engine, lm in lms.items():
        if getattr(lm, "forced_mode", ""):
            print(f"  {engine} teacher-forced: {lm.forced_mode}")
    for note_engine, note in forced_note.items():
        print(f"  {note_engine} teacher-forced: {note}")
    print(json.dumps({
        "bench": "other_engines", "llm": name, "cpu": cpu, "threads": args.threads,
        "runs": args.runs, "max_new_tokens": args.max_new_tokens, "prompt_tokens": len(prompts[0]),
        "load_avg_before": round(load_before[0], 2), "load_avg_after": round(load_after[0], 2),
        "int8_prefix_reused_tokens": int(statistics.median(base.reused)) if base and base.reused
        else None, "engines": table,
    }))  # fmt: skip


if __name__ == "__main__":
    main()
