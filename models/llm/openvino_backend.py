"""`OpenVINOLM`: a local chat model run with OpenVINO GenAI on CPU.

Loads an OpenVINO IR with int8 or int4 weights straight from the cache (made
once by `python -m models.prepare`, see models/llm/ov_convert.py): no fp32
copy at run time. Measured on 2 AMD EPYC cores (bench/chat_speed.py): about
1.5x the decode speed of the transformers int8 path with the same answers.

The prompt is built with the model's own chat template and tokenizer files in
the converted folder (models/llm/chat_tokenizer.py: no transformers, so no
torch, in this process), token-for-token the prompt `TransformersLM` sees.
Generation is greedy by default; `complete_json` decodes under a JSON-schema
grammar (OpenVINO GenAI structured output).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import BackendError, InputError, ModelLoadError
from models.llm.base import GenerationConfig, LMBackend, Message
from models.llm.chat_tokenizer import ChatTokenizer
from models.llm.openvino_batch import OVBatchConfig
from models.llm.ov_convert import WEIGHT_ARGS
from models.llm.stops import StopScanner

OV_WEIGHTS = tuple(WEIGHT_ARGS)  # the weight formats models/llm/ov_convert.py exports
_DONE = object()  # end-of-stream marker on the chunk queue


@dataclass(frozen=True)
class OpenVINOConfig:
    # CPU threads for OpenVINO inference (the demo machine has 2 cores).
    threads: int = 2
    # Hard cap on new tokens, whatever a GenerationConfig asks for.
    max_new_tokens: int = 512
    # Stop strings applied to every reply, on top of GenerationConfig.stop.
    stop: tuple[str, ...] = field(default_factory=tuple)
    # Refuse prompts longer than this many tokens (keeps latency bounded).
    max_prompt_tokens: int = 6000
    # Seconds a consumer may leave a started reply unread before it is abandoned.
    idle_timeout_s: float = 60.0
    # Activation precision: None lets OpenVINO pick (bf16 on CPUs with AVX-512 bf16 or
    # AMX), "f32" keeps activations in fp32 (closer to the fp32 reference, slower).
    precision: str | None = None
    # Run the continuous batch (`lockstep_batch`, what ServingLM uses) in a child process:
    # OpenVINO's step holds Python's GIL, which stalled the web server's threads.
    batch_process: bool = True
    # KV cache precision for both pipelines. OpenVINO's CPU default, u8 with scales shared
    # by the tokens written together, made a reply depend on its batch and on prompt-lookup
    # proposals (1 of 48 QA replies changed); f16 and f32 store each value alone and kept all
    # 48 identical, f16 at 12 KB a token for Qwen2.5-0.5B (u8: 6, f32: 24) and no slower
    # on 2 EPYC cores. None: OpenVINO's default.
    kv_cache_precision: str | None = "f16"
    # The continuous batch: KV cache size, prompt-lookup decoding, prefix caching.
    batch: OVBatchConfig = field(default_factory=OVBatchConfig)


@dataclass
class OVTurnStats:
    """Timings of the last reply (for benchmarks and logs)."""

    prompt_tokens: int = 0
    new_tokens: int = 0
    first_token_s: float = 0.0  # request -> first text piece
    decode_s: float = 0.0  # first piece -> last piece

    @property
    def decode_tokens_per_s(self) -> float:
        if self.new_tokens > 1 and self.decode_s > 0:
            return (self.new_tokens - 1) / self.decode_s
        return 0.0


class OpenVINOLM(LMBackend):
    """Chat model from an OpenVINO IR folder; the pipeline loads on first use."""

    def __init__(self, name: str, folder: Path, config: OpenVINOConfig | None = None) -> None:
        self.name = name
        self.folder = folder
        self.config = config or OpenVINOConfig()
        self.last_stats = OVTurnStats()
        self._pipe: Any = None
        self._tokenizer: Any = None
        self._load_lock = threading.Lock()
        self._run_lock = threading.Lock()  # one generation at a time per pipeline
        self._raw: Any = None  # the IR compiled alone, for teacher-forced checks only
        self._batch: Any = None  # the continuous-batching pipeline, made on first use

    # -- loading ---------------------------------------------------------------

    def load(self) -> None:
        """Check the model and load its tokenizer now. Each pipeline compiles on first use
        (from the compile cache): the batch one when `ServingLM` serves many shoppers, the
        single `LLMPipeline` for constrained decoding and sampling. Holding only the one in
        use saves a copy of the weights."""
        with self._load_lock:
            if self._tokenizer is None:
                self._tokenizer = self._load_tokenizer()

    def _load_tokenizer(self) -> Any:
        if not (self.folder / "openvino_model.xml").is_file():
            raise ModelLoadError(
                f"No OpenVINO model at {self.folder}.",
                fix="run `python -m models.prepare` (converts the model once, needs the network "
                "the first time) or choose CLEARCART_ENGINE=transformers",
            )
        try:
            import openvino_genai  # noqa: F401
        except ImportError as exc:
            raise ModelLoadError(
                f"OpenVINO GenAI is not installed ({exc}).",
                fix="pip install openvino-genai==2026.4.1.0 (see pyproject.toml) "
                "or choose CLEARCART_ENGINE=transformers",
            ) from exc
        return ChatTokenizer(self.folder)

    def _load_error(self, exc: Exception) -> ModelLoadError:
        return ModelLoadError(
            f"Could not load the OpenVINO model at {self.folder}: {type(exc).__name__}: {exc}",
            fix=f"delete {self.folder} and run `python -m models.prepare`",
        )

    def compile_properties(self) -> dict[str, Any]:
        """Threads and the precision hint, for either pipeline. No CACHE_DIR: with it the
        batch pipeline started slower (1.9 s against 1.4 s on 2 EPYC cores), the weights
        stayed mapped from the IR anyway, and a 635 MB blob was rewritten at most starts."""
        return {"INFERENCE_NUM_THREADS": max(1, self.config.threads),
                **self.precision_properties()}

    def precision_properties(self) -> dict[str, str]:
        p, kv = self.config.precision, self.config.kv_cache_precision
        return {**({"INFERENCE_PRECISION_HINT": p} if p else {}),
                **({"KV_CACHE_PRECISION": kv} if kv else {})}

    def lockstep_batch(self) -> Any:
        """Greedy replies decoded together by OpenVINO's continuous batching
        (models/llm/openvino_batch.py); `ServingLM` uses it for many shoppers. With
        `config.batch_process` (the default) it runs in a child process
        (models/llm/ov_worker.py), so its steps leave this process's threads free."""
        from models.llm.openvino_batch import OVContinuousBatch
        from models.llm.ov_worker import OVProcessBatch

        self.load()
        if self._batch is None or not getattr(self._batch, "alive", True):  # none, or it died
            if self.config.batch_process:
                self._batch = OVProcessBatch(self.folder, self.compile_properties(),
                                             self.tokenizer.all_special_ids, self.config.batch)
            else:
                self._batch = OVContinuousBatch.for_lm(self, self.config.batch)
        return self._batch

    @property
    def pipe(self) -> Any:
        """The single-reply `LLMPipeline`, compiled on first use."""
        self.load()
        with self._load_lock:
            if self._pipe is None:
                import openvino_genai as ov_genai

                try:
                    self._pipe = ov_genai.LLMPipeline(str(self.folder), "CPU",
                                                      **self.compile_properties())
                except Exception as exc:
                    raise self._load_error(exc) from exc
        return self._pipe

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._tokenizer

    # -- prompting -------------------------------------------------------------

    def prompt_text(self, messages: Sequence[Message]) -> str:
        """The chat-template prompt, ending with the assistant header."""
        if not messages:
            raise InputError("No messages to answer.", fix="pass at least one user message")
        text = str(
            self.tokenizer.apply_chat_template(
                [dict(m) for m in messages], add_generation_prompt=True, tokenize=False
            )
        )
        return text

    def prompt_ids(self, messages: Sequence[Message]) -> list[int]:
        """Token ids of the chat-template prompt (same ids as TransformersLM.prompt_ids)."""
        ids = list(
            self.tokenizer(self.prompt_text(messages), add_special_tokens=False)["input_ids"]
        )
        if len(ids) > self.config.max_prompt_tokens:
            raise InputError(
                f"The prompt is {len(ids)} tokens; the limit is {self.config.max_prompt_tokens}.",
                fix="shorten the conversation or the facts block, "
                "or raise OpenVINOConfig.max_prompt_tokens",
            )
        return ids

    def generation_config(self, max_new_tokens: int, temperature: float) -> Any:
        from models.llm.openvino_batch import ov_generation_config

        return ov_generation_config(max_new_tokens, temperature)

    # -- generation ------------------------------------------------------------

    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        config = config or GenerationConfig()
        ids = self.prompt_ids(messages)
        budget = min(config.max_new_tokens, self.config.max_new_tokens)
        cfg = self.generation_config(budget, config.temperature)
        scanner = StopScanner(tuple(config.stop) + self.config.stop)
        yield from scanner.scan(self._pieces(ids, cfg, deadline=None))

    def complete_json(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        max_new_tokens: int = 256,
        timeout_s: float | None = None,
    ) -> str:
        """The reply as JSON text that `schema` accepts (greedy, grammar-constrained)."""
        import openvino_genai as ov_genai

        ids = self.prompt_ids(messages)
        cfg = self.generation_config(min(max_new_tokens, self.config.max_new_tokens), 0.0)
        cfg.structured_output_config = ov_genai.StructuredOutputConfig(
            json_schema=json.dumps(schema)
        )
        deadline = time.monotonic() + timeout_s if timeout_s is not None else None
        return "".join(self._pieces(ids, cfg, deadline=deadline))

    def _pieces(self, ids: list[int], cfg: Any, deadline: float | None) -> Iterator[str]:
        """Run one generation in a worker thread; yield its text pieces as they come.

        The worker stops when the reply ends, when `deadline` passes, or when the
        consumer closes this iterator (or leaves it unread for idle_timeout_s).
        """
        import numpy as np
        import openvino as ov
        import openvino_genai as ov_genai

        pieces: queue.Queue[object] = queue.Queue()
        cancel = threading.Event()
        stats = OVTurnStats(prompt_tokens=len(ids))
        self.last_stats = stats
        errors: list[BaseException] = []

        tick = _clock(stats)

        def on_piece(text: str) -> Any:
            tick()
            if text:
                pieces.put(text)
            late = deadline is not None and time.monotonic() > deadline
            if cancel.is_set() or late:
                return ov_genai.StreamingStatus.CANCEL
            return ov_genai.StreamingStatus.RUNNING

        def work() -> None:
            try:
                with self._run_lock:
                    tokens = ov.Tensor(np.array([ids], dtype=np.int64))
                    pipe.generate(tokens, cfg, _TokenStreamer(self._tokenizer, on_piece))
            except BaseException as exc:  # handed to the consumer thread
                errors.append(exc)
            finally:
                pieces.put(_DONE)

        pipe = self.pipe
        worker = threading.Thread(target=work, name=f"{self.name}-generate", daemon=True)
        worker.start()
        try:
            while True:
                try:
                    item = pieces.get(timeout=self.config.idle_timeout_s)
                except queue.Empty:
                    cancel.set()
                    raise BackendError(
                        f"Local model '{self.name}' produced nothing for "
                        f"{self.config.idle_timeout_s:.0f} s.",
                        fix="retry; if it persists, check the machine's load",
                    ) from None
                if item is _DONE:
                    break
                yield str(item)
        finally:
            cancel.set()  # consumer went away (or finished): stop the worker early
            worker.join(timeout=self.config.idle_timeout_s)  # it stops at its next token
        if errors:
            raise BackendError(
                f"Local model '{self.name}' failed on a {len(ids)}-token prompt: {errors[0]}",
                fix="retry; if it persists, re-run `python -m models.prepare`",
            ) from errors[0]

    def generate_ids(self, ids: list[int], max_new_tokens: int) -> list[int]:
        """Greedy new token ids for prompt `ids` (for benchmarks and agreement checks)."""
        import numpy as np
        import openvino as ov
        import openvino_genai as ov_genai

        cfg = self.generation_config(max_new_tokens, 0.0)
        stats = OVTurnStats(prompt_tokens=len(ids))
        self.last_stats = stats
        tick = _clock(stats)

        def on_piece(_text: str) -> Any:
            tick()
            return ov_genai.StreamingStatus.RUNNING

        pipe = self.pipe
        with self._run_lock:
            tokens = ov.Tensor(np.array([ids], dtype=np.int64))
            out = pipe.generate(tokens, cfg, _TokenStreamer(self._tokenizer, on_piece))
        new = [int(t) for t in out.tokens[0]]
        special = set(self._tokenizer.all_special_ids)
        while new and new[-1] in special:  # the end-of-turn token is not part of the reply
            new.pop()
            stats.new_tokens = max(0, stats.new_tokens - 1)
        return new

    def forced_top1(self, ids: list[int], start: int) -> list[int]:
        """Top-1 next-token ids at positions start-1 .. len(ids)-2, given `ids` as context.

        Teacher forcing on the raw IR (one prefill, full logits) for agreement checks.
        """
        import numpy as np
        import openvino as ov

        if self._raw is None:
            core = ov.Core()
            model = core.read_model(str(self.folder / "openvino_model.xml"))
            self._raw = core.compile_model(model, "CPU", self.compile_properties())
        request = self._raw.create_infer_request()
        n = len(ids)
        feed = {
            "input_ids": np.array([ids], dtype=np.int64),
            "attention_mask": np.ones((1, n), dtype=np.int64),
            "position_ids": np.arange(n, dtype=np.int64)[None, :],
            "beam_idx": np.zeros(1, dtype=np.int32),
        }
        names = {p.get_any_name() for p in self._raw.inputs}
        request.reset_state()
        out = request.infer({k: v for k, v in feed.items() if k in names})
        logits = out[self._raw.output(0)][0]
        return [int(t) for t in logits[start - 1 : n - 1].argmax(-1)]


def _clock(stats: OVTurnStats) -> Any:
    """A function to call once per generated token: fills `stats` timings from now on."""
    start = time.perf_counter()
    first = [0.0]

    def tick() -> None:
        now = time.perf_counter()
        if stats.new_tokens == 0:
            stats.first_token_s = now - start
            first[0] = now
        else:
            stats.decode_s = now - first[0]
        stats.new_tokens += 1

    return tick


class _TokenStreamer:
    """Turns streamed token ids into text pieces (whole characters only)."""

    def __new__(cls, tokenizer: Any, on_piece: Any) -> Any:
        import openvino_genai as ov_genai

        class Streamer(ov_genai.StreamerBase):  # type: ignore[misc]
            def __init__(self) -> None:
                super().__init__()
                self.ids: list[int] = []
                self.shown = ""

            def write(self, token: Any) -> Any:
                new = list(token) if isinstance(token, list | tuple) else [int(token)]
                self.ids.extend(int(t) for t in new)
                text = tokenizer.decode(self.ids, skip_special_tokens=True)
                piece = ""
                if not text.endswith("\ufffd"):  # an incomplete multi-byte character
                    piece, self.shown = text[len(self.shown) :], text
                return on_piece(piece)

            def end(self) -> None:
                pass

        return Streamer()


__all__ = ["OV_WEIGHTS", "OVTurnStats", "OpenVINOConfig", "OpenVINOLM"]
