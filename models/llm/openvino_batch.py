"""OpenVINO GenAI's own continuous batching behind the `LockstepBatch` interface.

    batch = OVContinuousBatch.for_lm(lm)          # lm: an OpenVINOLM
    key = batch.add(prompt_ids, max_new_tokens)   # queued; prefilled by the next step
    for key, token in batch.step(): ...           # new tokens; (key, None) when a reply ends

`ServingLM` drives it exactly like the transformers batch: requests join
between steps, and the engine's scheduler (paged KV cache, prefix caching,
prompt chunks split across steps) decides what each step computes.

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

if TYPE_CHECKING:
    from models.llm.openvino_backend import OpenVINOLM


def ov_generation_config(max_new_tokens: int, temperature: float = 0.0) -> Any:
    """OpenVINO GenAI's generation settings: greedy unless `temperature` > 0."""
    import openvino_genai as ov_genai

    cfg = ov_genai.GenerationConfig()
    cfg.max_new_tokens = max_new_tokens
    cfg.apply_chat_template = False  # the prompt text already has it
    if temperature > 0:
        cfg.do_sample = True
        cfg.temperature = temperature
    else:
        cfg.do_sample = False
    return cfg


@dataclass(frozen=True)
class OVBatchConfig:
    # KV cache for all running replies, in GB (8 replies of ~700 tokens need well under 1).
    cache_size_gb: int = 1
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


class OVContinuousBatch:
    """Replies decoded by one `ContinuousBatchingPipeline`; add and drop between steps."""

    def __init__(self, folder: Path, properties: dict[str, Any], special_ids: Iterable[int],
                 config: OVBatchConfig | None = None) -> None:
        import openvino_genai as ov_genai

        self.config = config or OVBatchConfig()
        self.special = set(special_ids)  # never shown: end-of-turn and padding tokens
        scheduler = ov_genai.SchedulerConfig()
        scheduler.cache_size = self.config.cache_size_gb
        scheduler.max_num_seqs = self.config.max_num_seqs
        scheduler.max_num_batched_tokens = self.config.max_num_batched_tokens
        scheduler.dynamic_split_fuse = True
        scheduler.enable_prefix_caching = self.config.prefix_caching
        self.pipe = ov_genai.ContinuousBatchingPipeline(str(folder), scheduler, "CPU",
                                                        properties)
        self._weights = folder / "openvino_model.bin"
        self._handles: dict[int, Any] = {}
        self._next_key = 0

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
        cfg = ov_generation_config(max(1, max_new_tokens))
        self._handles[key] = self.pipe.add_request(
            key, ov.Tensor(np.array([ids], dtype=np.int64)), cfg)
        return key

    def step(self) -> list[tuple[int, int | None]]:
        import openvino_genai as ov_genai

        running = ov_genai.GenerationStatus.RUNNING
        self.pipe.step()
        events: list[tuple[int, int | None]] = []
        for key, handle in list(self._handles.items()):
            if handle.can_read():
                for output in handle.read().values():
                    events += [(key, int(t)) for t in output.generated_ids
                               if int(t) not in self.special]
            if handle.get_status() != running and not handle.can_read():
                events.append((key, None))
                del self._handles[key]
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


__all__ = ["OVBatchConfig", "OVContinuousBatch", "ov_generation_config"]
