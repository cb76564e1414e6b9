"""`TransformersLM`: a local chat model run with transformers on CPU.

Speed (2 cores): a manual greedy decode loop with the KV cache under
`torch.inference_mode`, and a prompt-prefix KV cache: the cache after the
last prompt's prefill is kept, so the next prompt re-uses the longest common
token prefix (the fixed system prompt, earlier turns) and only prefills the
rest. Weights can run as bfloat16 or int8 (dynamic, Linear layers only); see
bench/chat_speed.py for what each step buys. Greedy output equals
`model.generate(do_sample=False)` (tests/models/test_llm_local.py).
`complete_json` runs the same loop with a grammar mask from
models/llm/constrained.py applied to the logits before each pick.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import BackendError, InputError, ModelLoadError
from models.llm.base import GenerationConfig, LMBackend, Message
from models.llm.constrained import JsonConstrainer, TokenConstraint
from models.llm.int8_store import load_int8
from models.llm.stops import StopScanner
from models.llm.weights import WeightSpec, locate_parts

WEIGHT_FORMATS = ("int8", "bfloat16", "float32", "int8-dynamic")
MIN_FRESH_TOKENS = 17  # > quant.DECODE_ROWS, so a re-used prompt is prefilled the same way
SAME_LINE_TOKENS = 32  # prompts sharing this many first tokens share one prefix-cache slot


@dataclass(frozen=True)
class LocalConfig:
    # torch intra-op threads (the demo machine has 2 cores; more only adds contention).
    threads: int = 2
    # Hard cap on new tokens, whatever a GenerationConfig asks for.
    max_new_tokens: int = 512
    # Stop strings applied to every reply, on top of GenerationConfig.stop.
    stop: tuple[str, ...] = field(default_factory=tuple)
    # Weight format. "int8": weight-only int8 Linear layers (bf16 inside the
    # kernel, fp32 elsewhere): 3-4x fp32's decode speed, same top-1 tokens as
    # bf16; "bfloat16": half the memory traffic of fp32 on CPUs with native
    # bf16; "float32": the exact reference (what the GGUF dequantizes to);
    # "int8-dynamic": torch.ao dynamic quantization (int8 activations too; measured
    # to change answers, kept for comparison in bench/chat_speed.py).
    weights: str = "int8"
    # Re-use the KV cache of the longest common prompt prefix across calls.
    prefix_cache: bool = True
    # Prompt lines cached side by side (the reply prompt and the LM parser's prompt
    # alternate every turn; with one slot each would evict the other).
    prefix_slots: int = 2
    # Refuse prompts longer than this many tokens (keeps latency bounded).
    max_prompt_tokens: int = 6000


@dataclass
class TurnStats:
    """Timings of the last reply (for benchmarks and logs)."""

    prompt_tokens: int = 0
    reused_tokens: int = 0  # prompt tokens served from the prefix cache
    new_tokens: int = 0
    first_token_s: float = 0.0  # request -> first token computed
    decode_s: float = 0.0  # first token -> last token

    @property
    def decode_tokens_per_s(self) -> float:
        return (
            (self.new_tokens - 1) / self.decode_s
            if self.new_tokens > 1 and self.decode_s > 0
            else 0.0
        )


class TransformersLM(LMBackend):
    """Chat model from a converted checkpoint; weights load on first use."""

    def __init__(
        self, spec: WeightSpec, cache_dir: Path, config: LocalConfig | None = None
    ) -> None:
        locate_parts(spec)  # fail now, with the pip command, if weights are missing
        self.spec = spec
        self.name = spec.name
        self.cache_dir = cache_dir
        self.config = config or LocalConfig()
        if self.config.weights not in WEIGHT_FORMATS:
            raise InputError(
                f"Unknown weight format {self.config.weights!r}.",
                fix=f"use one of: {', '.join(WEIGHT_FORMATS)}",
            )
        self.last_stats = TurnStats()
        self._model: Any = None
        self._tokenizer: Any = None
        self._eos: set[int] = set()
        self._load_lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._prefixes: list[tuple[list[int], Any]] = []  # (prompt ids, KV after them), LRU first
        self._json: JsonConstrainer | None = None  # built on the first complete_json

    # -- loading ---------------------------------------------------------------

    def load(self) -> None:
        """Load weights now (converting once if needed) instead of on the first reply."""
        with self._load_lock:
            if self._model is None:
                self._load()

    def _load(self) -> None:
        import torch
        from transformers import AutoModelForCausalLM, AutoTokenizer

        from models.llm.convert import ensure_converted

        torch.set_num_threads(max(1, self.config.threads))
        folder = ensure_converted(self.spec, self.cache_dir)
        fmt = self.config.weights
        # int8 keeps the rest of the model (norms, attention, rotary) in fp32: bf16
        # elementwise ops are slow on CPU (measured ~25% faster decode this way);
        # only the Linear kernels run in bf16.
        dtype = torch.bfloat16 if fmt == "bfloat16" else torch.float32
        try:
            tokenizer = AutoTokenizer.from_pretrained(str(folder))
            if fmt == "int8":
                model = load_int8(folder)
            else:
                model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=dtype)
        except Exception as exc:
            raise ModelLoadError(
                f"Could not load the converted model at {folder}: {type(exc).__name__}: {exc}",
                fix=f"delete {folder} and run `python -m models.prepare --llm {self.spec.name}`",
            ) from exc
        model.eval()
        if fmt == "int8-dynamic":
            model = _quantize_dynamic(model)
        self._eos = _eos_ids(model, tokenizer)
        self._tokenizer, self._model = tokenizer, model

    @property
    def model(self) -> Any:
        self.load()
        return self._model

    @property
    def tokenizer(self) -> Any:
        self.load()
        return self._tokenizer

    # -- prompting -------------------------------------------------------------

    def prompt_ids(self, messages: Sequence[Message]) -> list[int]:
        """Token ids of the chat-template prompt, ending with the assistant header."""
        if not messages:
            raise InputError("No messages to answer.", fix="pass at least one user message")
        text = self.tokenizer.apply_chat_template(
            [dict(m) for m in messages], add_generation_prompt=True, tokenize=False
        )
        ids = list(self.tokenizer(text, add_special_tokens=False)["input_ids"])
        if len(ids) > self.config.max_prompt_tokens:
            raise InputError(
                f"The prompt is {len(ids)} tokens; the limit is {self.config.max_prompt_tokens}.",
                fix=(
                    "shorten the conversation or the facts block, "
                    "or raise LocalConfig.max_prompt_tokens"
                ),
            )
        return ids

    # -- generation ------------------------------------------------------------

    def stream(
        self, messages: Sequence[Message], config: GenerationConfig | None = None
    ) -> Iterator[str]:
        config = config or GenerationConfig()
        ids = self.prompt_ids(messages)
        budget = min(config.max_new_tokens, self.config.max_new_tokens)
        scanner = StopScanner(tuple(config.stop) + self.config.stop)
        yield from scanner.scan(self._new_text(ids, budget, config.temperature))

    def _new_text(self, ids: list[int], budget: int, temperature: float) -> Iterator[str]:
        """The text each generated token adds (held back while a character is incomplete)."""
        decoded = ""
        new: list[int] = []
        for token in self.greedy_tokens(ids, budget, temperature=temperature):
            new.append(token)
            text = self._tokenizer.decode(new, skip_special_tokens=True)
            if text.endswith("\ufffd"):  # an incomplete multi-byte character
                continue
            yield text[len(decoded) :]
            decoded = text

    def complete_json(
        self,
        messages: Sequence[Message],
        schema: dict[str, Any],
        max_new_tokens: int = 256,
        timeout_s: float | None = None,
    ) -> str:
        ids = self.prompt_ids(messages)
        if self._json is None:
            self._json = JsonConstrainer(
                self._tokenizer, vocab_size=self._model.config.vocab_size, stop_ids=self._eos
            )
        matcher = self._json.matcher(schema)
        deadline = None if timeout_s is None else time.perf_counter() + timeout_s
        budget = min(max_new_tokens, self.config.max_new_tokens)
        new: list[int] = []
        for token in self.greedy_tokens(ids, budget, constraint=matcher):
            new.append(token)
            if matcher.complete or len(new) >= budget:
                break  # complete: only EOS may follow, so skip that last forward pass
            if deadline is not None and time.perf_counter() > deadline:
                break
        return str(self._tokenizer.decode(new, skip_special_tokens=True))

    def greedy_tokens(
        self,
        ids: list[int],
        max_new_tokens: int,
        temperature: float = 0.0,
        constraint: TokenConstraint | None = None,
    ) -> Iterator[int]:
        """Yield next tokens for prompt `ids` until EOS or the budget.

        Greedy (argmax) at temperature 0, the default: same prompt, same reply.
        A positive temperature samples from softmax(logits / temperature).
        A `constraint` masks the logits before each pick and is told each token.
        """
        import torch

        model = self.model
        stats = TurnStats(prompt_tokens=len(ids))
        self.last_stats = stats
        start = first = time.perf_counter()
        with torch.inference_mode():
            cache, reused = self._take_prefix(ids)
            stats.reused_tokens = reused
            try:
                out = model(
                    input_ids=torch.tensor([ids[reused:]]),
                    cache=cache,
                    use_cache=True,
                    logits_to_keep=1,
                )
            except Exception as exc:
                raise BackendError(
                    f"Local model '{self.name}' failed on a {len(ids)}-token prompt: {exc}",
                    fix=(
                        "retry; if it persists, re-run `python -m models.prepare` "
                        "and check free memory"
                    ),
                ) from exc
            if self.config.prefix_cache:
                self._store_prefix(ids, cache)
            logits = out.logits[0, -1]
            for step in range(max_new_tokens):
                if constraint is not None:
                    constraint.mask(logits)
                if temperature > 0:
                    probs = torch.softmax(logits.float() / temperature, dim=-1)
                    token = int(torch.multinomial(probs, 1))
                else:
                    token = int(torch.argmax(logits))
                if step == 0:
                    stats.first_token_s = time.perf_counter() - start
                    first = time.perf_counter()
                if token in self._eos or (constraint is not None and not constraint.accept(token)):
                    break
                stats.new_tokens += 1
                stats.decode_s = time.perf_counter() - first
                yield token
                if step + 1 == max_new_tokens:
                    break
                # text the grammar forces next (`"first":"` after `"key":"price",`) is fed
                # in the same forward pass instead of being decoded token by token
                feed = [token, *(constraint.forced() if constraint is not None else ())]
                for forced in feed[1:]:
                    stats.new_tokens += 1
                    yield forced
                out = model(input_ids=torch.tensor([feed]), cache=cache, use_cache=True,
                            logits_to_keep=1)
                logits = out.logits[0, -1]

    def lockstep_batch(self) -> Any:
        """Greedy replies decoded together, joining between steps (models/llm/batch_decode.py)."""
        from models.llm.batch_decode import LockstepBatch

        self.load()
        return LockstepBatch(self)

    def _take_prefix(self, ids: list[int]) -> tuple[Any, int]:
        """A private copy of the cached KV for the longest common prefix, and its length."""
        from transformers import DynamicCache

        with self._cache_lock:
            best = max(self._prefixes, key=lambda p: _common_prefix(p[0], ids), default=None)
            if best is not None:  # most recently used now
                self._prefixes.remove(best)
                self._prefixes.append(best)
        if not self.config.prefix_cache or best is None:
            return DynamicCache(config=self._model.config), 0
        cached_ids, cached_kv = best
        n = _common_prefix(cached_ids, ids)
        # Always prefill the last MIN_FRESH_TOKENS afresh: the same prompt then takes
        # the same (batched) kernels whether or not it was seen before.
        n = min(n, len(ids) - MIN_FRESH_TOKENS)
        if n <= 0:
            return DynamicCache(config=self._model.config), 0
        cache = copy.deepcopy(cached_kv)
        cache.crop(n - cache.get_seq_length())  # negative: tokens to drop
        return cache, n

    def _store_prefix(self, ids: list[int], cache: Any) -> None:
        """Keep the KV after `ids`, replacing the slot of the same prompt line (shared start)."""
        snapshot = copy.deepcopy(cache)
        with self._cache_lock:
            kin = max(self._prefixes, key=lambda p: _common_prefix(p[0], ids), default=None)
            if kin is not None and _common_prefix(kin[0], ids) >= SAME_LINE_TOKENS:
                self._prefixes.remove(kin)
            self._prefixes.append((list(ids), snapshot))
            del self._prefixes[: -max(1, self.config.prefix_slots)]

    def clear_prefix_cache(self) -> None:
        with self._cache_lock:
            self._prefixes.clear()


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    for i in range(n):
        if a[i] != b[i]:
            return i
    return n


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    """Every token id that ends a chat turn for this model."""
    ids: set[int] = set()
    for source in (
        model.generation_config.eos_token_id,
        model.config.eos_token_id,
        tokenizer.eos_token_id,
    ):
        if isinstance(source, int):
            ids.add(source)
        elif isinstance(source, list | tuple):
            ids.update(int(i) for i in source)
    vocab = tokenizer.get_vocab()
    for special in ("<|im_end|>", "<|endoftext|>", "<|eot_id|>", "</s>"):
        if special in vocab:
            ids.add(int(vocab[special]))
    return ids


def _quantize_dynamic(model: Any) -> Any:
    """torch.ao dynamic int8 quantization of every Linear (weights and activations)."""
    import warnings

    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecation notice pointing at torchao
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


__all__ = ["WEIGHT_FORMATS", "LocalConfig", "TransformersLM", "TurnStats"]
