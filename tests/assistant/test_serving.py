"""Many shoppers at once through the public API: cards before text, no shopper waits on
another's slow reader, and a full queue still answers (the facts, with a clear note)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence

from assistant import AssistantConfig, CardsReady, ServerBusy, ShopAssistant
from assistant.qa import HashingEmbedder
from assistant.qa.engine import BUSY_NOTE, QAConfig
from models.llm.base import GenerationConfig, Message
from models.llm.serving import ServingConfig, ServingLM

from fakes import FakeLM

# These questions' answers are lists, whose drafts skip the LM by default
# (QAConfig.lm_max_draft_chars); here the LM phrases them, so serving is exercised.
LISTS_TOO = QAConfig(lm_max_draft_chars=0)


def test_cards_come_before_the_reply_text() -> None:
    bot = ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder(), qa_config=LISTS_TOO)
    events = list(bot.session("cards").ask_events("Which laptop under $800 has the best rating?"))
    assert isinstance(events[0], CardsReady) and events[0].suggestions
    assert all(isinstance(e, str) for e in events[1:]) and len(events) > 1
    reply = bot.session("cards").last_reply
    assert reply is not None
    assert [s.product.id for s in events[0].suggestions] == [
        s.product.id for s in reply.suggestions]


def test_a_shopper_who_stops_reading_does_not_hold_up_another() -> None:
    bot = ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder(), qa_config=LISTS_TOO)
    assert isinstance(bot.lm, ServingLM)
    slow = bot.session("slow-reader").ask_stream("cheapest laptop")
    next(slow)  # read the first chunk, then walk away mid-reply
    done = threading.Event()
    threading.Thread(target=lambda: (bot.session("other").ask("cheapest TV"), done.set()),
                     daemon=True).start()
    assert done.wait(20), "the second shopper waited on the first one's reader"
    slow.close()


class BusyLM(FakeLM):
    def stream(self, messages: Sequence[Message], config: GenerationConfig | None = None
               ) -> Iterator[str]:
        raise ServerBusy("8 requests are already waiting for the model.", fix="try again")
        yield ""  # pragma: no cover - a generator


def test_when_the_model_is_busy_the_shopper_gets_the_facts_and_a_clear_note() -> None:
    bot = ShopAssistant.load(lm=BusyLM(), embedder=HashingEmbedder(), qa_config=LISTS_TOO)
    reply = bot.session("busy").ask("What's the cheapest TV?")
    assert "$" in reply.text and "cheapest" in reply.text.lower()
    assert BUSY_NOTE in reply.notes and "try again in a moment" in BUSY_NOTE
    assert not reply.phrased_by_lm and reply.to_dict()["phrased_by_lm"] is False


def test_a_full_queue_answers_at_once() -> None:
    lm = FakeLM()
    gate = threading.Event()
    original = lm.stream

    def held(messages: Sequence[Message], config: GenerationConfig | None = None
             ) -> Iterator[str]:
        gate.wait(10)
        yield from original(messages, config)

    lm.stream = held  # type: ignore[method-assign]
    config = AssistantConfig(serving=ServingConfig(max_waiting=1))
    bot = ShopAssistant.load(lm=lm, embedder=HashingEmbedder(), config=config,
                             qa_config=LISTS_TOO)
    for i in range(2):  # one generating (held), one waiting: the queue is full
        threading.Thread(target=bot.session(f"q{i}").ask, args=("cheapest laptop",),
                         daemon=True).start()
        time.sleep(0.3)
    start = time.perf_counter()
    reply = bot.session("third").ask("cheapest laptop")
    assert time.perf_counter() - start < 5
    assert BUSY_NOTE in reply.notes and "$" in reply.text
    gate.set()


def test_warm_up_answers_off_the_record() -> None:
    lm = FakeLM()
    bot = ShopAssistant.load(lm=lm, embedder=HashingEmbedder())
    assert bot.warm() >= 0
    assert len(lm.history) == 1  # the model phrased one answer
    assert bot.store.audit_records() == []  # nothing recorded: no shopper asked anything


def test_the_reply_says_whether_the_lm_phrased_it() -> None:
    bot = ShopAssistant.load(lm=FakeLM(), embedder=HashingEmbedder())
    one = bot.session("one").ask("How much is the Beats Studio Pro?")
    assert one.kind == "lookup" and one.phrased_by_lm and one.to_dict()["phrased_by_lm"]
    listing = bot.session("list").ask("Which laptop under $800 has the best rating?")
    assert listing.answer_ids and not listing.phrased_by_lm  # a list: composed in code
