"""ChatTokenizer renders and tokenizes exactly as transformers' AutoTokenizer does,
on the real tokenizer files of both local models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from models.errors import ModelLoadError
from models.llm.chat_tokenizer import ChatTokenizer
from models.llm.weights import SPECS
from models.settings import Settings

CONVERSATIONS: list[list[dict[str, Any]]] = [
    [{"role": "user", "content": "Which tent is the lightest?"}],
    [{"role": "system", "content": "You answer from the FACTS only."},
     {"role": "user", "content": "FACTS:\nP1: name=\"Trail 2P\" | price=$199.00\n\nQUESTION: "
                                 "How much is it?"}],
    [{"role": "system", "content": "Be brief."},
     {"role": "user", "content": "Café crème, naïve résumé — ½ price? 日本語も"},
     {"role": "assistant", "content": "It costs $4.50 ."},
     {"role": "user", "content": "And a cheaper one?  \n\n"}],
]


def _folder(name: str) -> Path:
    folder = Settings().cache_dir / SPECS[name].name
    if not (folder / "tokenizer.json").is_file():
        pytest.skip(f"{name} is not prepared; run `python -m models.prepare`")
    return folder


@pytest.mark.parametrize("name", ["qwen2.5-0.5b", "smollm2"])
def test_same_prompt_ids_and_text_as_transformers(name: str) -> None:
    from transformers import AutoTokenizer

    folder = _folder(name)
    ours, theirs = ChatTokenizer(folder), AutoTokenizer.from_pretrained(str(folder))
    assert ours.all_special_ids == list(theirs.all_special_ids)
    for messages in CONVERSATIONS:
        for generation_prompt in (True, False):
            text = ours.apply_chat_template(messages, add_generation_prompt=generation_prompt)
            assert text == theirs.apply_chat_template(
                messages, add_generation_prompt=generation_prompt, tokenize=False)
            ids = ours(text)["input_ids"]
            assert ids == theirs(text, add_special_tokens=False)["input_ids"]
            for skip in (True, False):
                assert ours.decode(ids, skip_special_tokens=skip) == theirs.decode(
                    ids, skip_special_tokens=skip)


def test_a_folder_without_tokenizer_says_how_to_fix_it(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="models.prepare"):
        ChatTokenizer(tmp_path)
