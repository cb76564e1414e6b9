"""OpenVINO GenAI's own continuous batching behind the `LockstepBatch` interface.

    batch = OVContinuousBatch.for_lm(lm)          # lm: an OpenVINOLM
    key = batch.add(prompt_ids, max_new_tokens)   # queued; prefilled by the next step
    for key, token in batch.step(): ...           # new tokens; (key, None) when a reply ends

`ServingLM` drives it exactly like the transformers batch: requests join
between steps, and the engine's scheduler (paged KV cache, prefix caching,
prompt chunks split across steps) decides what each step computes.

Copy-aware: a phrased reply mostly copies the draft in its prompt, so the
pipeline runs with OpenVINO GenAI's prompt-lookup decoding (`OVBatchConfig.
prompt_lookup`): each step proposes the prompt tokens that followed the reply's
last n-gram and checks them in one pass. Greedy replies stay token for token
those of plain decoding, alone or batched, as long as the KV cache stores each
value alone, f16 or f32 (`OpenVINOConfig.kv_cache_precision`): with OpenVINO's
default u8 cache, whose scales depend on which tokens are written together, a
batch or a proposal changed one reply in 48 ("Bluetooth" for "bluetooth").

`ContinuousBatchingPipeline.step()` holds Python's GIL for the whole step, so
`OpenVINOLM.lockstep_batch()` runs this class in a child process
(models/llm/ov_worker.py) unless `OpenVINOConfig.batch_process` is off.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.llm.mapped import drop_mapped_pages

KV_BLOCK_TOKENS = 32  # OpenVINO GenAI's KV cache block on CPU

if TYPE_CHECKING:
    from models.llm.openvino_backend import OpenVINOLM


def ov_generation_config(max_new_tokens: int, temperature: float = 0.0,
                         lookup: tuple[int, int] | None = None) -> Any:
    """OpenVINO GenAI's generation settings: greedy unless `temperature` > 0; `lookup`
    (tokens proposed a step, longest n-gram) turns on prompt-lookup decoding."""
    import openvino_genai as ov_genai

    cfg = ov_genai.GenerationConfig()
    cfg.max_new_tokens = max_new_tokens
    cfg.apply_chat_template = False  # the prompt text already has it
    if temperature > 0:
        cfg.do_sample = True
        cfg.temperature = temperature
    else:
        cfg.do_sample = False
    if lookup is not None:
        cfg.num_assistant_tokens, cfg.max_ngram_size = lookup
    return cfg


@dataclass(frozen=True)
class OVBatchConfig:
    # KV cache for all running replies and the cached prefixes, in tokens (blocks of 32 on
    # CPU). 8 replies of ~700 tokens fill 5600; at f16 (OpenVINOConfig.kv_cache_precision)
    # a token takes 12 KB with Qwen2.5-0.5B, so 8192 tokens are 96 MB at most. It was a
    # 1 GB pool, whose pages the prefix cache could touch one by one over a day.
    kv_cache_tokens: int = 8192
    # Replies decoded together at most (ServingConfig.max_batch caps it too).
    max_num_seqs: int = 8
    # Prompt tokens computed in one step; a long prompt is split over steps so running
    # replies keep getting tokens (dynamic split-fuse).
    max_num_batched_tokens: int = 256
    # Re-use the KV of shared prompt prefixes (the system prompt) across replies.
    prefix_caching: bool = True
    # When the batch empties, drop the resident pages of the mapped IR weights that the
    # engine has copied into its own buffers (models/llm/mapped.py): ~520 MB less RSS.
    release_mapped_weights: bool = True
    # Copy-aware decoding: OpenVINO GenAI's prompt lookup proposes the tokens that followed
    # the reply's last n-gram in the prompt (the reply rephrases the draft there) and one step
    # checks them all; greedy output stays token for token the plain one (with an f16 or
    # f32 KV cache, see OpenVINOConfig.kv_cache_precision). False: plain decoding.
    prompt_lookup: bool = True
    # Tokens proposed a step for a reply that starts alone; each step checks them all.
    lookup_tokens: int = 5
    # ... and for a reply that joins other running rows: every row checks its k+1 tokens
    # each step, so a full batch spends less on proposals that fail.
    lookup_tokens_batched: int = 2
    # Longest n-gram of the reply's end looked up in the prompt.
    lookup_ngram: int = 3

    def lookup(self, running: int) -> tuple[int, int] | None:
        """(tokens proposed a step, n-gram) for a reply joining `running` rows; None when off."""
        if not self.prompt_lookup:
            return None
        return (self.lookup_tokens if running == 0 else self.lookup_tokens_batched,
                self.lookup_ngram)


class OVContinuousBatch:
    """Replies decoded by one `ContinuousBatchingPipeline`; add and drop between steps."""

    def __init__(self, folder: Path, properties: dict[str, Any], special_ids: Iterable[int],
                 config: OVBatchConfig | None = None) -> None:
        import openvino_genai as ov_genai

        self.config = config or OVBatchConfig()
        self.special = set(special_ids)  # never shown: end-of-turn and padding tokens
        scheduler = ov_genai.SchedulerConfig()
        scheduler.num_kv_blocks = -(-self.config.kv_cache_tokens // KV_BLOCK_TOKENS)
        scheduler.max_num_seqs = self.config.max_num_seqs
        scheduler.max_num_batched_tokens = self.config.max_num_batched_tokens
        scheduler.dynamic_split_fuse = True
        scheduler.enable_prefix_caching = self.config.prefix_caching
        if self.config.prompt_lookup:
            properties = {**properties, "prompt_lookup": True}
        self.pipe = ov_genai.ContinuousBatchingPipeline(str(folder), scheduler, "CPU",
                                                        properties)
        self._weights = folder / "openvino_model.bin"
        self._handles: dict[int, Any] = {}
        self._next_key = 0
        self.steps = 0  # pipeline steps so far, and the reply tokens they gave (benchmarks)
        self.tokens = 0

    @classmethod
    def for_lm(cls, lm: OpenVINOLM, config: OVBatchConfig | None = None) -> OVContinuousBatch:
        """In this process, on `lm`'s folder, threads and compile cache."""
        return cls(lm.folder, lm.compile_properties(), lm.tokenizer.all_special_ids, config)

    def __len__(self) -> int:
        return len(self._handles)

    def add(self, ids: list[int], max_new_tokens: int) -> int:
        import numpy as np
        import openvino as ov

        key = self._next_key
        self._next_key += 1
        cfg = ov_generation_config(max(1, max_new_tokens),
                                   lookup=self.config.lookup(len(self._handles)))
        self._handles[key] = self.pipe.add_request(
            key, ov.Tensor(np.array([ids], dtype=np.int64)), cfg)
        return key

    def step(self) -> list[tuple[int, int | None]]:
        import openvino_genai as ov_genai

        running = ov_genai.GenerationStatus.RUNNING
        self.pipe.step()
        self.steps += 1
        events: list[tuple[int, int | None]] = []
        for key, handle in list(self._handles.items()):
            if handle.can_read():
                for output in handle.read().values():
                    events += [(key, int(t)) for t in output.generated_ids
                               if int(t) not in self.special]
            if handle.get_status() != running and not handle.can_read():
                events.append((key, None))
                del self._handles[key]
        self.tokens += sum(1 for _, token in events if token is not None)
        if not self._handles and events and self.config.release_mapped_weights:
            drop_mapped_pages(self._weights)  # the last reply ended: a quiet moment
        return events

    def drop(self, key: int) -> None:
        handle = self._handles.pop(key, None)
        if handle is not None:
            handle.cancel()

    def drop_rows(self, keep: list[int]) -> None:
        if not keep:
            for key in list(self._handles):
                self.drop(key)

    def counters(self) -> tuple[int, int]:
        """(steps, reply tokens) so far: tokens per step show what prompt lookup saves."""
        return self.steps, self.tokens


__all__ = ["OVBatchConfig", "OVContinuousBatch", "ov_generation_config"]
