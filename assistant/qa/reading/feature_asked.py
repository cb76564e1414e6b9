"""The feature a yes/no question asks of the product it names or points at.

"Does it have Wi-Fi?" asks for "wi-fi"; "which one comes with a battery?" (of a list) for
"battery", not its battery life; "is the lemon agrumato an extra virgin olive oil?" for
"extra virgin", the words of the product's own title ("olive oil") being its name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.qa.knowledge.attribute_words import ALIASES
from assistant.qa.knowledge.textnorm import fold
from assistant.qa.reading.word_level import VERB, blank, feature_words, residual
from assistant.qa.reading.words import INCLUDED, YES_NO_START

# "Is the X a Y?": what X is asked to be.
_IS_A = re.compile(r"^\s*(?:is|are)\s+(?:the|this|that|your)\s+.+?\s+an?\s+(.+?)\s*[?.!]*\s*$",
                   re.I)
# A request put as a question: "can you compare ...", "could you show me ...".
_REQUEST = re.compile(r"\s*(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+)?(?:compare|show|"
                      r"tell|help|find|recommend|suggest|give|list|check|explain|describe)\b")
# "Are (the) batteries included (with ...)?": what is asked to come with it.
_INCLUDED_ASKED = re.compile(r"^\s*(?:is|are)\s+(?:an?\s+|the\s+|any\s+)?(?P<f>[a-z][\w -]{1,30}?)"
                             r"\s+included\b", re.I)
# Words that ask for no feature of their own.
_NO_FEATURE = frozenset({"other", "different", "more"})
# What a shopper adds about themselves, not the product: "while I'm pregnant", "I travel".
_ABOUT_ME = frozenset({"while", "m", "i", "me", "am", "going", "when", "if"})


# A sentence that asks something, question mark or not.
_ASKS = re.compile(r"\s*(?:and\s+|so\s+)?(?:how|what|which|when|where|why|who|is|are|does|do|"
                   r"can|could|will|would|should|any)\b", re.I)


def question_part(text: str) -> str:
    """"Is it dual voltage? I travel a lot": a yes/no question, without the sentence after
    it that says why it is asked (a second question is kept)."""
    if not re.match(YES_NO_START, text.lower()):
        return text
    q = text.find("?")
    rest = text[q + 1:] if q >= 0 else ""
    if q < 0 or not rest.strip() or "?" in rest or _ASKS.match(rest):
        return text  # "... the GA-50E? how much is it": two questions
    return text[:q + 1]


def asks_is_a(text: str) -> bool:
    """"Is the lemon agrumato an extra virgin olive oil?"."""
    return bool(_IS_A.match(text))


def feature_asked(text: str, generic: set[str], asked: Sequence[str],
                  named_spans: list[tuple[int, int]], titles: Sequence[str]) -> str:
    """The feature words asked ('' for none): after the verb, without the product's name,
    the attribute names' words, or (for "is the X a Y?") the words of X's own title."""
    low = text.lower()  # (the parser has cut the reason after the question: `question_part`)
    if _REQUEST.match(low):
        return ""  # "can you compare the Halden and the Aria?" asks for no feature
    if included := _INCLUDED_ASKED.match(low):
        return f"{included.group('f')} included"
    is_a = _IS_A.match(text)
    if is_a and titles:
        own = {w for t in titles for w in re.findall(r"[a-z0-9]+", fold(t))}
        words = [w for w in re.findall(r"[a-z][a-z-]*", fold(is_a.group(1))) if w not in own]
        if 0 < len(words) <= 3:
            return " ".join(words)
    verb = VERB.search(text)
    rest = blank(text, named_spans)[verb.end():] if verb else blank(text, named_spans)
    rest = re.split(r"\s+or\s+(?:do|does|is|are|will|would|should|can)\b", rest)[0]  # "the
    rest = " ".join(w for w in re.split(r"[\s']+", rest) if w.lower() not in _ABOUT_ME)
    feature = feature_words(residual(rest, []), generic)  # power bank, or do I need my own?"
    said = set() if INCLUDED.search(low) else {  # "come with a battery?": included,
        w for n in asked for a in ALIASES.get(n, ()) for w in a.split()}  # not its life
    return feature if feature and not set(feature.split()) <= said | _NO_FEATURE else ""


__all__ = ["asks_is_a", "feature_asked", "question_part"]
