"""A model's tokenizer and chat template without transformers (and so without torch).

`transformers` imports torch as soon as it is imported (~290 MB resident): the
OpenVINO engine needs neither in the web server's process, only the
tokenizer. `ChatTokenizer` reads the same files `AutoTokenizer` reads
(`tokenizer.json`, `tokenizer_config.json`, `chat_template.jinja`) and offers
the part of its interface the engine uses: `apply_chat_template(...,
tokenize=False)`, `__call__(text, add_special_tokens=False)["input_ids"]`,
`decode(ids, skip_special_tokens=True)` and `all_special_ids`. The template is
rendered the way transformers renders it (a sandboxed jinja2 environment with
`trim_blocks`, `lstrip_blocks`, `tojson` and `raise_exception`);
tests/models/test_llm_chat_tokenizer.py checks texts and ids against
AutoTokenizer for both local models.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from models.errors import ModelLoadError

# Attributes whose tokens make up `all_special_ids`, in transformers' order.
_SPECIAL_ATTRS = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token",
                  "mask_token")


def _content(token: Any) -> str | None:
    """A special token as tokenizer_config.json stores it: a string or {"content": ...}."""
    if isinstance(token, dict):
        return str(token.get("content")) if token.get("content") is not None else None
    return str(token) if token else None


class ChatTokenizer:
    """The tokenizer and chat template of the model folder `folder`."""

    def __init__(self, folder: Path) -> None:
        from tokenizers import Tokenizer

        try:
            self._tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
            config = json.loads((folder / "tokenizer_config.json").read_text())
        except Exception as exc:  # OSError, bad JSON, or the tokenizers library's own
            raise ModelLoadError(
                f"Could not read the tokenizer in {folder}: {type(exc).__name__}: {exc}",
                fix=f"delete {folder} and run `python -m models.prepare`",
            ) from exc
        self._tok.no_truncation()
        self._tok.no_padding()
        self.special_tokens = {a: c for a in _SPECIAL_ATTRS
                               if (c := _content(config.get(a))) is not None}
        extra = config.get("additional_special_tokens") or config.get("extra_special_tokens")
        names = [*self.special_tokens.values(), *[_content(t) for t in (extra or [])]]
        ids = [self._tok.token_to_id(n) for n in names if n]
        self.all_special_ids: list[int] = list(dict.fromkeys(i for i in ids if i is not None))
        self.clean_up_spaces = bool(config.get("clean_up_tokenization_spaces", False))
        template_file = folder / "chat_template.jinja"
        template = (template_file.read_text() if template_file.is_file()
                    else config.get("chat_template"))
        if not template:
            raise ModelLoadError(f"The model in {folder} has no chat template.",
                                 fix=f"delete {folder} and run `python -m models.prepare`")
        self._template = _compile(str(template))

    def apply_chat_template(self, messages: Sequence[dict[str, Any]],
                            add_generation_prompt: bool = False, tokenize: bool = False) -> Any:
        """The prompt text (or its ids with `tokenize=True`), as transformers renders it."""
        text = self._template.render(messages=list(messages), tools=None, documents=None,
                                     add_generation_prompt=add_generation_prompt,
                                     **self.special_tokens)
        return self(text)["input_ids"] if tokenize else text

    def __call__(self, text: str, add_special_tokens: bool = False) -> dict[str, list[int]]:
        return {"input_ids": self._tok.encode(text, add_special_tokens=add_special_tokens).ids}

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = False) -> str:
        text: str = self._tok.decode(list(ids), skip_special_tokens=skip_special_tokens)
        if self.clean_up_spaces:  # transformers' clean_up_tokenization
            for before, after in ((" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","),
                                  (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"),
                                  (" 've", "'ve"), (" 're", "'re")):
                text = text.replace(before, after)
        return text


def _compile(template: str) -> Any:
    """The template in a sandbox set up as transformers sets it up."""
    from jinja2.exceptions import TemplateError
    from jinja2.ext import loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    def raise_exception(message: str) -> None:
        raise TemplateError(message)

    def tojson(x: Any, ensure_ascii: bool = False, indent: int | None = None,
               separators: Any = None, sort_keys: bool = False) -> str:
        return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators,
                          sort_keys=sort_keys)

    def strftime_now(fmt: str) -> str:
        return datetime.now().strftime(fmt)

    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
                                        extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    env.globals["strftime_now"] = strftime_now
    return env.from_string(template)


__all__ = ["ChatTokenizer"]
