"""Grammar-constrained decoding: a token mask that only lets a JSON schema through.

xgrammar compiles a JSON schema into a grammar over the model's tokenizer;
at every decoding step a `JsonMatcher` sets the logit of each token that
would break the schema to -inf, so greedy decoding can only produce text
the schema accepts (enums included: a category the catalog does not have
cannot be written). Compiling takes milliseconds; each mask well under one.

    constrainer = JsonConstrainer(tokenizer, vocab_size=model.config.vocab_size, stop_ids={eos})
    matcher = constrainer.matcher({"type": "object", "properties": {...}})
    matcher.mask(logits); token = int(logits.argmax()); matcher.accept(token)

xgrammar is imported here only, on first use (it costs ~0.3 s).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from models.errors import InputError, ModelLoadError

_FIX_INSTALL = "pip install xgrammar==0.2.9 (pinned in pyproject.toml)"


class TokenConstraint(Protocol):
    """What a decode loop needs from a constraint: mask the logits, then accept the pick."""

    def mask(self, logits: Any) -> None: ...

    def accept(self, token: int) -> bool: ...

    def forced(self) -> list[int]: ...

    @property
    def terminated(self) -> bool: ...


def _xgrammar() -> Any:
    try:
        import xgrammar
    except ImportError as exc:
        raise ModelLoadError(
            "Constrained JSON decoding needs the xgrammar package, which is not installed.",
            fix=_FIX_INSTALL,
        ) from exc
    return xgrammar


class JsonMatcher:
    """The grammar state of one generation: which tokens may come next."""

    def __init__(
        self, compiled: Any, vocab_size: int, encode: Callable[[str], list[int]] | None = None
    ) -> None:
        xgr = _xgrammar()
        self._encode = encode
        self._xgr = xgr
        self._matcher = xgr.GrammarMatcher(compiled)
        self._bitmask = xgr.allocate_token_bitmask(1, vocab_size)
        self._vocab_size = vocab_size

    def mask(self, logits: Any) -> None:
        """Set, in place, the logits of every token the schema forbids here to -inf."""
        self._matcher.fill_next_token_bitmask(self._bitmask)
        self._xgr.apply_token_bitmask_inplace(
            logits, self._bitmask[0].to(logits.device), vocab_size=self._vocab_size
        )

    def allowed(self) -> set[int]:
        """Token ids allowed next (for tests and debugging; `mask` is the fast path)."""
        import torch

        logits = torch.zeros(self._vocab_size)
        self.mask(logits)
        return {int(i) for i in torch.nonzero(torch.isfinite(logits)).flatten()}

    def accept(self, token: int) -> bool:
        """Advance past `token`; False if the grammar rejects it (nothing changes then)."""
        return bool(self._matcher.accept_token(int(token)))

    def forced(self) -> list[int]:
        """Tokens for the text the grammar now forces (accepted already); [] if none.

        E.g. after `{"intent":"superl` only `ative"` can follow. The caller feeds
        them to the model in one pass (jump-forward decoding). The forced text is
        tokenized on its own, so its LAST token is left to the model: a lone `"`
        forced where the model would write `",` made the 0.5B model close the
        object after the intent (`{"intent":"count"}`) in most turns.
        """
        if self._encode is None:
            return []
        text = self._matcher.find_jump_forward_string()
        out: list[int] = []
        for token in self._encode(text)[:-1] if text else ():
            if not self._matcher.accept_token(int(token)):
                break
            out.append(int(token))
        return out

    @property
    def terminated(self) -> bool:
        """True once a complete JSON value was written and the stop token accepted."""
        return bool(self._matcher.is_terminated())

    @property
    def complete(self) -> bool:
        """True once the JSON value is complete (only a stop token may follow)."""
        return bool(self._matcher.is_completed())


class JsonConstrainer:
    """Compiles JSON schemas for one tokenizer (schemas cached, most recent kept)."""

    def __init__(
        self,
        tokenizer: Any,
        vocab_size: int | None = None,
        stop_ids: Iterable[int] = (),
        cache_size: int = 8,
    ) -> None:
        xgr = _xgrammar()
        stops = sorted({int(i) for i in stop_ids}) or None
        self._tokenizer = tokenizer
        self._info = xgr.TokenizerInfo.from_huggingface(
            tokenizer, vocab_size=vocab_size, stop_token_ids=stops
        )
        self._compiler = xgr.GrammarCompiler(self._info)
        self._cache: OrderedDict[str, Any] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    @property
    def vocab_size(self) -> int:
        return int(self._info.vocab_size)

    def compile(self, schema: dict[str, Any]) -> Any:
        """The compiled grammar for `schema` (cached by its JSON text)."""
        key = json.dumps(schema, sort_keys=True)
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        try:
            # Compact JSON (no free whitespace): fewer tokens, and a small model
            # cannot wander off into endless spaces.
            compiled = self._compiler.compile_json_schema(
                json.dumps(schema), any_whitespace=False, separators=(",", ":")
            )
        except Exception as exc:  # xgrammar raises RuntimeError/ValueError subclasses
            raise InputError(
                f"The JSON schema cannot be compiled into a grammar: {exc}",
                fix="use JSON Schema types, enum, properties, items, anyOf, required "
                "(see xgrammar's supported subset)",
            ) from exc
        with self._lock:
            self._cache[key] = compiled
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return compiled

    def matcher(self, schema: dict[str, Any], jump_forward: bool = True) -> JsonMatcher:
        """A fresh grammar state for one generation under `schema`.

        `jump_forward`: `forced()` returns the tokens of text the grammar forces.
        """
        encode = self._encode if jump_forward else None
        return JsonMatcher(self.compile(schema), self.vocab_size, encode)

    def _encode(self, text: str) -> list[int]:
        return list(self._tokenizer(text, add_special_tokens=False)["input_ids"])


__all__ = ["JsonConstrainer", "JsonMatcher", "TokenConstraint"]
