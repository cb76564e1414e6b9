"""The LM's phrasing as the shopper sees it: only text that passes the grounding check.

    for piece in checked(lm_pieces, grounder, dropped, by_clause=True): ...

By clause (`QAConfig.lm_show_clauses`), each clause is checked together with the part of
its sentence already shown, and shown as soon as it passes, so the first words reach
the shopper after a few tokens rather than a whole sentence. A clause that fails is
dropped with the rest of its sentence (what was shown stays true: it passed). By
sentence, each whole sentence is checked and shown or dropped. Text cut off by the
token limit without closing punctuation is never shown either way. Why each piece was
dropped goes to `dropped`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from assistant.qa.answering.grounding import Grounder, split_clauses, split_sentences
from models.llm.reply_stream import ReplyStream


def checked(pieces: Iterator[str], grounder: Grounder, dropped: list[str],
            by_clause: bool = True) -> Iterator[str]:
    """`pieces` (the LM's streamed text) re-cut into checked clauses or sentences, each
    ending in one space."""
    if not by_clause:
        for sentence in split_sentences(pieces):
            verdict = grounder.check(sentence)
            if verdict.ok:
                yield sentence.strip() + " "
            else:
                dropped.append(f"{verdict.reason}: {sentence.strip()[:120]}")
        return
    said, broken = "", False  # this sentence so far as shown; a clause of it failed
    for clause, ends in split_clauses(pieces):
        if not broken:
            verdict = grounder.check(said + clause)
            if verdict.ok:
                piece = (clause if said else clause.lstrip()).rstrip() + " "
                said += piece
                yield piece
            else:
                broken = True
                dropped.append(f"{verdict.reason}: {(said + clause).strip()[:120]}")
        if ends:
            said, broken = "", False


class LMSlow(Exception):
    """The LM gave no text that passed the grounding check within the time limit."""


def in_time(reply: ReplyStream, seconds: float, kept: list[str]) -> Iterator[str]:
    """`reply`'s pieces; raises LMSlow (and cancels the reply) when `seconds` pass while
    `kept` (the pieces shown so far) is still empty."""
    deadline = time.monotonic() + seconds
    try:
        while True:
            wait = None if kept else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise LMSlow
            piece = reply.next_within(wait)
            if piece is None:
                return
            if piece:
                yield piece
    finally:
        reply.close()


__all__ = ["LMSlow", "checked", "in_time"]
