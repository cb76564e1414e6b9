"""Several prompts decoded in lockstep on one `TransformersLM` (continuous batching).

    batch = LockstepBatch(lm)
    row = batch.add(prompt_ids, max_new_tokens=64)   # prefill alone (prefix cache and all)
    while batch:
        for row, token in batch.step(): ...  # one token per row; None: the row ended

A new prompt is prefilled on its own, exactly as a single reply would be (so
its first token is the single-stream one), then its KV cache joins the running
batch between two decode steps: rows are left-padded to a common length, an
attention mask hides the padding and each row keeps its own positions. A
finished row leaves at once. Decoding is greedy (temperature 0), the
project's default. On 2 cores a decode step of 8 rows costs well under 8
single steps (memory-bound int8 weights are read once per step), which is
what serving many shoppers buys; prompt prefill is compute-bound and is not
shortened by batching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.llm.local import TransformersLM


@dataclass
class _Row:
    key: int
    budget: int  # new tokens left
    next_token: int  # decided from the last logits, not yet emitted
    length: int  # real (unpadded) tokens in this row's cache
    emitted: list[int] = field(default_factory=list)


class LockstepBatch:
    """Rows decoding together on one model; add and drop rows between steps."""

    def __init__(self, lm: TransformersLM) -> None:
        self.lm = lm
        self._rows: list[_Row] = []
        self._keys: list[Any] = []  # per layer: (B, heads, T, dim)
        self._values: list[Any] = []
        self._mask: Any = None  # (B, T): 1 real, 0 padding
        self._next_key = 0

    def __len__(self) -> int:
        return len(self._rows)

    # -- joining -------------------------------------------------------------
    def add(self, ids: list[int], max_new_tokens: int) -> int:
        """Prefill `ids` alone and join the batch; returns the row's key."""
        import torch

        lm = self.lm
        with torch.inference_mode():
            cache, reused = lm._take_prefix(ids)
            out = lm.model(input_ids=torch.tensor([ids[reused:]]), cache=cache, use_cache=True,
                           logits_to_keep=1)
            if lm.config.prefix_cache:
                lm._store_prefix(ids, cache)
            token = int(torch.argmax(out.logits[0, -1]))
        row = _Row(self._next_key, max(0, max_new_tokens), token, len(ids))
        self._next_key += 1
        self._merge(row, cache)
        return row.key

    def _merge(self, row: _Row, cache: Any) -> None:
        import torch

        layers = [(layer.keys, layer.values) for layer in cache.layers]
        if not self._rows:
            self._keys = [k for k, _ in layers]
            self._values = [v for _, v in layers]
            self._mask = torch.ones((1, row.length), dtype=torch.long)
            self._rows = [row]
            return
        have, new = self._mask.shape[1], row.length
        width = max(have, new)
        self._keys = [torch.cat([_left_pad(k, width), _left_pad(nk, width)])
                      for k, (nk, _) in zip(self._keys, layers, strict=True)]
        self._values = [torch.cat([_left_pad(v, width), _left_pad(nv, width)])
                        for v, (_, nv) in zip(self._values, layers, strict=True)]
        mask_new = torch.ones((1, new), dtype=torch.long)
        self._mask = torch.cat([_left_pad_mask(self._mask, width), _left_pad_mask(mask_new, width)])
        self._rows.append(row)

    # -- decoding ------------------------------------------------------------
    def step(self) -> list[tuple[int, int | None]]:
        """Emit each row's next token, (key, token); a row that ends says (key, None) and
        leaves. Then decode one step for the rows still running."""
        import torch
        from transformers import DynamicCache

        events: list[tuple[int, int | None]] = []
        keep: list[int] = []
        for i, row in enumerate(self._rows):
            if row.budget > 0 and row.next_token not in self.lm._eos:
                events.append((row.key, row.next_token))
                row.emitted.append(row.next_token)
                row.budget -= 1
            if row.budget > 0 and row.next_token not in self.lm._eos:
                keep.append(i)
            else:
                events.append((row.key, None))
        self.drop_rows(keep)
        if not self._rows:
            return events
        tokens = torch.tensor([[r.emitted[-1]] for r in self._rows])
        self._mask = torch.cat([self._mask, torch.ones((len(self._rows), 1), dtype=torch.long)],
                               dim=1)
        positions = torch.tensor([[r.length] for r in self._rows])
        cache: Any = DynamicCache(ddp_cache_data=list(zip(self._keys, self._values, strict=True)),
                                  config=self.lm.model.config)
        with torch.inference_mode():
            res = self.lm.model(input_ids=tokens, attention_mask=self._mask,
                                position_ids=positions, cache=cache, use_cache=True,
                                logits_to_keep=1)
        self._keys = [layer.keys for layer in cache.layers]
        self._values = [layer.values for layer in cache.layers]
        for r, logits in zip(self._rows, res.logits[:, -1], strict=True):
            r.length += 1
            r.next_token = int(torch.argmax(logits))
        return events

    def drop(self, key: int) -> None:
        """Leave the batch now (a cancelled request)."""
        self.drop_rows([i for i, r in enumerate(self._rows) if r.key != key])

    def drop_rows(self, keep: list[int]) -> None:
        import torch

        if len(keep) == len(self._rows):
            return
        self._rows = [self._rows[i] for i in keep]
        if not keep:
            self._keys, self._values, self._mask = [], [], None
            return
        index = torch.tensor(keep)
        self._keys = [k.index_select(0, index) for k in self._keys]
        self._values = [v.index_select(0, index) for v in self._values]
        self._mask = self._mask.index_select(0, index)
        pad = int((self._mask.sum(dim=0) == 0).long().cumprod(0).sum())  # all-padding columns
        if pad:
            self._keys = [k[:, :, pad:] for k in self._keys]
            self._values = [v[:, :, pad:] for v in self._values]
            self._mask = self._mask[:, pad:]


def _left_pad(t: Any, width: int) -> Any:
    import torch

    missing = width - t.shape[-2]
    if missing <= 0:
        return t
    pad = torch.zeros((*t.shape[:-2], missing, t.shape[-1]), dtype=t.dtype)
    return torch.cat([pad, t], dim=-2)


def _left_pad_mask(mask: Any, width: int) -> Any:
    import torch

    missing = width - mask.shape[1]
    if missing <= 0:
        return mask
    return torch.cat([torch.zeros((mask.shape[0], missing), dtype=mask.dtype), mask], dim=1)


__all__ = ["LockstepBatch"]
