"""What the loaded catalog says, in its own words, built once per catalog.

It knows the shop, not the conversation: `vocab` (categories, brands, product types,
spelling), `kinds` (is this product a "monitor"?), `attributes` (the specs with units each
product states, with what its catalog record states: `stated`, and how word values,
stock and sales are checked: `value_match`) and the plain-English words for them
(`attribute_words`), `naming` and
`retrieval` (which products a phrase names or needs), `titles` and `textnorm` (the English
of titles). Turning a whole message into a query is `assistant.qa.reading`'s job.
`ShopKnowledge` (`shop.py`) bundles them for one catalog:

    knowledge = ShopKnowledge.build(catalog, embedder)

Of `assistant.qa` it imports only `query`.
"""

from assistant.qa.knowledge.shop import ShopKnowledge, attribute_words, generic_words

__all__ = ["ShopKnowledge", "attribute_words", "generic_words"]
