"""`ShopAssistant`: the facade a shop embeds. Loads every part once, hands out sessions."""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.identity import Identities
from models.llm.serving import ServingConfig, ServingLM
from models.settings import Settings, offline_env

if TYPE_CHECKING:
    from assistant.catalog import Catalog
    from assistant.catalog.cache import ArtefactStore
    from assistant.console import MarketerConsole
    from assistant.demo import ShopDemo
    from assistant.qa.engine import QAConfig
    from assistant.session import Session
    from models.llm.base import LMBackend


@dataclass(frozen=True)
class AssistantConfig:
    # Sessions kept in memory (least recently used are dropped; their data stays in the store).
    max_sessions: int = 1000
    # Longest request text used for ranking features (the QA layer caps and says so).
    max_request_chars: int = 2000
    # Longest chat message stored (after PII redaction).
    max_stored_chars: int = 4000
    # How shoppers share a local model: queue bound, batch size, client timeout.
    serving: ServingConfig = field(default_factory=ServingConfig)


class ShopAssistant:
    """Catalog, models, explainer and store, loaded once; one `Session` per shopper.

    `console` is the marketer console (audit log, model parameters, bias audit,
    sponsorships, the privacy center's retention and purposes); `demo` holds the
    demo shoppers and demo traffic.
    """

    def __init__(
        self,
        *,
        settings: Settings,
        catalog: Catalog,
        lm: LMBackend,
        embedder: Any,
        ranker: Any,
        store: Any,
        config: AssistantConfig | None = None,
        qa_config: QAConfig | None = None,
    ) -> None:
        from assistant.catalog.cache import map_large_allocations, release_memory
        from assistant.console import MarketerConsole
        from assistant.decide import Decider
        from assistant.demo import ShopDemo
        from assistant.pipeline import Recommender
        from assistant.qa import QAEngine
        from assistant.qa.knowledge import ShopKnowledge
        from assistant.qa.knowledge.shop import CACHED_PRODUCTS
        from models.features import ProductTable

        self.settings = settings
        self.config = config or AssistantConfig()
        self.catalog = catalog
        # a local model serves every shopper through one bounded queue (batched where the
        # backend can); a server backend schedules requests itself
        self.lm = lm if lm.concurrent else ServingLM(lm, self.config.serving)
        self.embedder = embedder
        self.ranker = ranker
        self.store = store
        # vocabulary, attribute table and search index: built once per catalog (a large one
        # once per catalog version into the cache, then opened from there by every start)
        self.knowledge = ShopKnowledge.build(catalog, embedder, store=catalog_store(settings),
                                             progress=len(catalog) >= CACHED_PRODUCTS)
        self.index = self.knowledge.index
        self.table = ProductTable.from_products(catalog.products, self.index.embeddings)
        self.recommender = Recommender(catalog, self.table, ranker)
        self.qa = QAEngine(catalog, self.index, self.lm, qa_config, knowledge=self.knowledge)
        # the question's own stages of each card's decision record (rules, constraints)
        self.decider = Decider(self.qa.executor)
        self.demo: ShopDemo = ShopDemo(catalog, self.recommender, store)
        self.console: MarketerConsole = MarketerConsole(catalog, store, self.recommender, self.demo)
        # web callers are identified by tokens this server signs (assistant/identity.py)
        self.identities = Identities(store.cipher.derive("sessions/v1"),
                                     customer_secret=settings.customer_secret)
        self._sessions: OrderedDict[str, Session] = OrderedDict()
        self._sessions_lock = threading.Lock()
        self.load_seconds: float = 0.0
        if len(catalog) >= CACHED_PRODUCTS:  # a large build's temporaries go back to the system
            release_memory()
            map_large_allocations()
            # the catalog's million objects live as long as the app: the cyclic collector
            # need not walk them again in every full collection (~0.8 s each at 100,000)
            gc.freeze()

    @classmethod
    def load(
        cls,
        llm: str | None = None,
        *,
        settings: Settings | None = None,
        catalog: str | Path | Catalog | None = None,
        lm: LMBackend | None = None,
        embedder: Any = None,
        ranker: Any = None,
        config: AssistantConfig | None = None,
        qa_config: QAConfig | None = None,
    ) -> ShopAssistant:
        """Load the demo store (or `catalog`) with the default models.

        `llm` picks an LM backend by name ("qwen2.5-0.5b", "smollm2",
        "qwen2.5-1.5b", "openai"); `lm=` passes a backend object instead.
        `qa_config` tunes the Q&A engine (e.g. `QAConfig(use_lm=False)` for facts-only replies).
        """
        from assistant.catalog import Catalog
        from assistant.catalog.cache import load_catalog_cached
        from assistant.catalog.load import demo_catalog_path
        from assistant.privacy import Store
        from models.embedder import Embedder
        from models.llm import load_lm
        from models.ranker import Ranker

        start = time.perf_counter()
        offline_env()
        settings = settings or Settings.from_env()
        if not isinstance(catalog, Catalog):  # a large export is read once into the cache
            path = catalog if catalog is not None else settings.catalog
            catalog = load_catalog_cached(path or demo_catalog_path(), catalog_store(settings),
                                          progress=True)
        bot = cls(
            settings=settings,
            catalog=catalog,
            lm=lm if lm is not None else load_lm(llm or settings.llm, settings),
            embedder=embedder if embedder is not None else Embedder(settings),
            ranker=ranker if ranker is not None else Ranker.load(),
            store=Store.open(settings),
            config=config,
            qa_config=qa_config,
        )
        bot.load_seconds = time.perf_counter() - start
        return bot

    def warm(self) -> float:
        """Load the LM and answer one question off the record (nothing stored), so the
        first shopper does not pay for loading; returns the seconds it took."""
        from assistant.qa import DialogueState

        start = time.perf_counter()
        load = getattr(self.lm, "load", None)
        if callable(load):
            load()
        state = DialogueState()
        category = self.catalog.products[0].category if self.catalog.products else "the shop"
        plan = self.qa.plan(state, f"What is the cheapest product in {category}?")
        self.qa.answer(state, plan, plan.answer_products)
        if self.qa.config.use_lm:
            self._warm_lm()
        self.embed_request("warm up")
        return time.perf_counter() - start

    def _warm_lm(self) -> None:
        """One short reply on the start every phrased reply's prompt shares: compiles the
        model (or starts its worker process) and leaves that start in the prefix cache, so
        shoppers who come at once do not each prefill it. A failure here is the first
        shopper's to see, with the facts-only answer (QAEngine falls back)."""
        from models.llm.base import GenerationConfig

        messages = self.qa.shared_prompt()
        with contextlib.suppress(Exception):
            for _ in self.lm.stream(messages, GenerationConfig(max_new_tokens=4)):
                pass

    # -- sessions --------------------------------------------------------
    def session(self, shopper_id: str) -> Session:
        """The session of a pseudonymous shopper id (created on first use)."""
        from assistant.session import Session

        self.store.check_shopper_id(shopper_id)
        with self._sessions_lock:
            s = self._sessions.get(shopper_id)
            if s is None:
                s = self._sessions[shopper_id] = Session(self, shopper_id)
                while len(self._sessions) > self.config.max_sessions:
                    self._sessions.popitem(last=False)
            self._sessions.move_to_end(shopper_id)
            return s

    def embed_request(self, text: str) -> np.ndarray:
        """The request's embedding, in the space of the catalog's vectors (the index's
        encoder: the embedder, or its static table for a large catalog)."""
        return np.asarray(self.index.embedder.encode([text])[0], dtype=np.float32)

    # -- shopper rights --------------------------------------------------
    def export_data(self, shopper_id: str) -> dict[str, Any]:
        """Everything held about the shopper, as JSON-ready data."""
        return dict(self.store.export_data(shopper_id))

    def erase(self, shopper_id: str) -> dict[str, int]:
        """Delete the shopper's personal data (rows per table are returned) and their live
        conversation; audit records keep an unlinked pseudonym."""
        counts = self.store.erase(shopper_id)
        with self._sessions_lock:
            self._sessions.pop(shopper_id, None)
        return dict(counts)

    def erase_pseudonym(self, pseudonym: str) -> dict[str, int] | None:
        """Erase the shopper behind an audit pseudonym (an admin acting on their request);
        None when no shopper has it. Their live conversation is dropped too."""
        key = self.store.shopper_key_of(pseudonym)
        if key is None:
            return None
        with self._sessions_lock:
            for sid in [s for s in self._sessions if self.store.cipher.shopper_key(s) == key]:
                self._sessions.pop(sid)
        return self.store.erase_pseudonym(pseudonym)


def catalog_store(settings: Settings) -> ArtefactStore:
    """Where what is built from a large catalog is kept (CLEARCART_CACHE/catalogs)."""
    from assistant.catalog.cache import ArtefactStore

    return ArtefactStore(settings.cache_dir / "catalogs")


__all__ = ["AssistantConfig", "ShopAssistant", "catalog_store"]
