"""Other forms a feature word asked about may be stated in, tried when the word itself is
not in the product's text.

"Touchscreens?" is stated "touchscreen"; "can it go in the freezer?" is answered by "do
not freeze"; "ok in the microwave?" by "remove the sleeve before microwaving"; "does it
work with a phone app?" by "no app"; "are they unscented?" by "lightly scented" (a no).
Plain English word endings only, no shop's vocabulary.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import singular

if TYPE_CHECKING:
    from assistant.qa.query import AttributeFilter

# A word shorter than this has no other forms worth trying ("gps", "usb").
_MIN = 5
# "unscented" -> "scented", "non-toxic" -> "toxic": the word that prefix negates.
_NEGATED = re.compile(r"^(?:un|non-?)(?P<rest>[a-z]{4,})$")


def one_of(f: AttributeFilter) -> AttributeFilter | None:
    """A feature asked in the plural, asked in the singular ("touchscreens" ->
    "touchscreen"); None when it is no plural word."""
    word = f.text or f.name
    one = singular(word)
    if f.op != "has" or f.value is not None or one == word or len(word) < _MIN:
        return None  # "gps" is no plural
    return replace(f, name=singular(f.name), text=one if f.text else None)


def other_forms(f: AttributeFilter) -> list[tuple[AttributeFilter, bool]]:
    """Filters for the word's other forms, each with whether its verdict is the opposite
    ("unscented" is answered by "scented": stated means no). The head of a phrase ("phone
    app" -> "app"; it may only deny: "ships in one box" says nothing of a "ship box"), the
    verb of a noun ("freezer" -> "freeze"), the -ing and -able forms ("microwave" ->
    "microwaving", "microwavable"), the word a prefix negates."""
    word = (f.text or f.name).lower().replace("_", " ")
    if f.op != "has" or f.value is not None or len(word) < _MIN:
        return []
    forms: list[tuple[str, bool]] = []
    if " " in word:
        head = word.rsplit(" ", 1)[1]
        if len(head) >= 3:
            forms.append((head, False))
    else:
        stem = word[:-1] if word.endswith("e") else word
        if word.endswith("er"):
            forms += [(word[:-1], False), (word[:-2], False)]  # freezer: freeze; dryer: dry
        if not word.endswith(("ed", "ing", "able")):  # no "unscenteding"
            forms += [(stem + "ing", False), (stem + "able", False)]
        if m := _NEGATED.match(word):
            forms.append((m.group("rest"), True))
    return [(replace(f, name=w, text=w if f.text else None), flip) for w, flip in forms
            if len(w) >= 3]


def decided_form(f: AttributeFilter, check: Callable[[AttributeFilter], bool | None]
                 ) -> tuple[AttributeFilter, bool | None, bool | None]:
    """The first other form of `f`'s word that `check` decides ("do not freeze" of
    "freezer?"): its filter, its own verdict (for the evidence line) and the verdict on the
    word asked (the opposite for "unscented" stated as "scented"); the verdicts are None
    when no form is decided."""
    one = one_of(f)
    tries = [(one, False)] if one is not None else []
    phrase = " " in (f.text or f.name).replace("_", " ")
    for form, flip in [*tries, *other_forms(f)]:
        value = check(form)
        if value is not None and not (phrase and value and form is not one):
            return form, value, (not value) if flip else value
    return f, None, None


def wanted_words(f: AttributeFilter) -> str:
    """What a filter asks for, in words: "no gluten", "blue", "2.5 kg"."""
    if f.op == "lacks" and not f.text and f.value is None:  # "is it gluten free?"
        return f"no {f.name.replace('_', ' ')}"
    if f.text:
        return f.text.replace("_", " ")
    if f.value is not None:
        return f"{f.value:.3g} {f.unit or ''}".strip()
    return ""


__all__ = ["decided_form", "one_of", "other_forms", "wanted_words"]
