"""Answering a read `Query` from the catalog, in code: a `Plan`, then its words.

`planner` guards the message and completes the query from the dialogue into a `Plan`
(`assistant.qa.plan`); `execute` decides which products meet it and the yes/no
verdicts (with `evidence`, what the catalog states in its own words); `facts`, `options`,
`verdict_text` and `replies` state the decided facts (the facts block the LM sees, the
facts-only answer); `grounding` checks every sentence the LM writes against them;
`span_reading` lets the LM read a product's text for what the rules leave open, under a
JSON grammar, its evidence checked in code.
`assistant.qa.engine` runs reading and answering for one turn.

Imports the shared types, `assistant.qa.knowledge` and `assistant.qa.reading`.
"""
