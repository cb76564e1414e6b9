"""Reading the shopper's message into a typed `Query` (`assistant.qa.query`).

`parse.RuleParser` reads a message with shop English (`words`, `cues`, `word_level`)
and the catalog's own words (`assistant.qa.knowledge`), the attribute side with
`attribute_reading` (word values and exclusions: `value_reading`; which words name the
product and which ask about it: `predicate`; which kinds are wanted and which only set
the scene: `subject`; needs said in words: `needs`); `lm_parse` (with `lm_schema`) is the
LM's second reading when the rules are unsure; `dialogue` keeps the session's earlier turns
and resolves follow-ups ("the cheaper one", "of those") against them.

Imports `assistant.qa.query`, `assistant.qa.knowledge` and itself, never answering.
"""
