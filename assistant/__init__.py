"""ClearCart's embeddable shop assistant.

    from assistant import ShopAssistant
    bot = ShopAssistant.load()
    reply = bot.session("shopper-42").ask("Which laptop under $800 has the best rating?")

Importing this package is light: models load in `ShopAssistant.load()`.
"""

from assistant.reply import Reply, Suggestion
from assistant.session import CardsReady, Session
from assistant.shop import AssistantConfig, ShopAssistant
from explain.types import Disclosure, Explanation
from models.errors import (
    CatalogError,
    ClearCartError,
    ConsentError,
    InputError,
    ModelPackageError,
    ServerBusy,
    StoreError,
)

__all__ = [
    "AssistantConfig",
    "CardsReady",
    "CatalogError",
    "ClearCartError",
    "ConsentError",
    "Disclosure",
    "Explanation",
    "InputError",
    "ModelPackageError",
    "Reply",
    "ServerBusy",
    "Session",
    "ShopAssistant",
    "StoreError",
    "Suggestion",
]
