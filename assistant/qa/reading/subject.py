"""Which catalog words a message names are the thing wanted, and which only set the scene.

"I can't hear the dialogue in movies on my TV" names TVs, but wants something for the TV;
"an affordable monitor for my home office" wants a monitor, not a "home" product; "my old
laptop is too slow" wants a laptop again. The rules parser (`reading/parse.py`) lists every
category and product type a message names; `subject_of` keeps those in subject position
and drops the rest, in shop English only:

* context: owned ("my TV", "our wifi") unless it is to be replaced ("my old laptop", "my
  knives are so dull"); the object of a verb ("to watch movies", "to power a fridge");
  a place or activity after a preposition once the wanted thing was named ("a monitor for
  my home office", "a sleeping bag for winter camping"); any word of a problem told rather
  than a thing asked for ("my grandpa can barely hear the TV") unless it is replaced;
* subject: everything else, and what someone loves ("a sister who loves coffee").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from assistant.qa.knowledge.textnorm import fold, singular
from assistant.qa.need import NeedWords
from assistant.qa.query import AttributeFilter
from assistant.qa.reading.attribute_reading import read_attributes
from assistant.qa.reading.cues import asks_price
from assistant.qa.reading.needs import FRAME_WORDS as _FRAME
from assistant.qa.reading.needs import around_band, read_needs, remedy_words, retrieval_text
from assistant.qa.reading.with_features import with_features
from assistant.qa.reading.words import YES_NO_START

if TYPE_CHECKING:
    from assistant.qa.knowledge import ShopKnowledge
    from assistant.qa.query import Query
    from assistant.qa.reading.parse import Parsed

_OWNER = frozenset({"my", "our", "his", "her", "their"})  # "your": the shop's own
_PREPOSITIONS = frozenset({"for", "from", "at", "in", "on", "when", "while", "with", "during",
                           "into", "near", "inside", "outside", "after", "before", "around"})
# "looking for a TV": the thing asked for, not what it is for.
_ASKING_FOR = re.compile(r"\b(?:looking|shopping|searching|search|look|hunting|gift|present|"
                         r"what|something|anything|one|ones)\s+for\s*$", re.I)
_INTEREST = re.compile(r"\b(?:loves?|likes?|enjoys?|into|fan of|crazy about|obsessed with|"
                       r"passionate about|keen on)\s+(?:\w+\s+){0,2}$", re.I)
_REPLACE_BEFORE = re.compile(r"\b(?:replace|replacing|upgrade|upgrading|new|another|better|"
                             r"second|spare|my old|our old|my current|our current|my broken)"
                             r"\s+(?:\w+\s+){0,2}$", re.I)
_REPLACE_AFTER = re.compile(
    r"^\W*(?:is|are|'s|was|were|keeps?|has|have|got|gets|getting|just)?\s*(?:getting\s+)?"
    r"(?:so|too|really|very|way too|pretty|kind of|all|totally|completely)?\s*"
    r"(?:old|slow|dull|blunt|broken|broke|outdated|worn(?: out)?|dead|dying|cracked|laggy|"
    r"falling apart|useless|obsolete|ancient|tiny|too small|damaged|ruined)\b", re.I)
_WORD = re.compile(r"[A-Za-z0-9][\w'-]*")


@dataclass(frozen=True)
class KindWord:
    """A category or product type the message names, where, and in which role."""

    field: str  # "categories" | "product_types"
    value: str  # the catalog's spelling
    start: int
    end: int
    role: str  # "subject" | "context"


def roles(text: str, query: Query, knowledge: ShopKnowledge,
          needs: NeedWords) -> list[KindWord]:
    """Every category and type of `query`, at each place the message names it, with its role."""
    found: list[KindWord] = []
    mentions = list(knowledge.vocab.mentions(text))
    for fld in ("categories", "product_types"):
        for value in getattr(query, fld):
            spans = [(m.start, m.end) for m in mentions if m.value == value]
            if not spans and fld == "categories":
                spans = _word_spans(text, value)
            if not spans and fld == "product_types":
                spans = _word_spans(text, value)
            if not spans:  # not located: keep it as asked
                found.append(KindWord(fld, value, 0, 0, "subject"))
                continue
            found += [KindWord(fld, value, a, b, "") for a, b in spans]
    found.sort(key=lambda k: k.start)
    out: list[KindWord] = []
    subject_seen = False
    for k in found:
        role = k.role or _role(text, k.start, k.end, needs, subject_seen)
        subject_seen = subject_seen or role == "subject"
        out.append(KindWord(k.field, k.value, k.start, k.end, role))
    return out


def subject_of(text: str, query: Query, knowledge: ShopKnowledge,
               needs: NeedWords) -> tuple[Query, list[KindWord]]:
    """`query` with only the categories and types in subject position; the dropped ones."""
    words = roles(text, query, knowledge, needs)
    keep = {(k.field, k.value) for k in words if k.role == "subject"}
    dropped = [k for k in words if k.role == "context" and (k.field, k.value) not in keep]
    if not dropped:
        return query, []
    cats = tuple(c for c in query.categories if ("categories", c) in keep)
    types = tuple(t for t in query.product_types if ("product_types", t) in keep)
    return query.but(categories=cats, product_types=types), dropped


def read_request(parsed: Parsed, knowledge: ShopKnowledge) -> tuple[Parsed, NeedWords]:
    """The rules' reading with the needs said in words: the budget level (and the band of
    "around $50"), only the kinds in subject position, and a need to search for when no
    kind is left ("my grandpa can barely hear the TV")."""
    text = parsed.text
    needs = read_needs(text)
    q = parsed.query
    if needs.budget:
        q = q.but(budget=needs.budget)
        if needs.budget == "around" and needs.around is not None \
                and q.min_price is None and q.max_price is None:
            lo, hi = around_band(needs.around)
            q = q.but(soft_min=lo, soft_max=hi)
    if q.intent == "lookup" and q.products and (needs.budget or needs.said) \
            and not parsed.ref.points and not re.match(YES_NO_START, text.lower()) \
            and not asks_price(text):  # "how much for the corner play kitchen?" names it
        # "premium noise cancelling headphones": a kind ("can my 2 year old use the X?" asks
        # of the X)
        kinds = tuple(dict.fromkeys(knowledge.vocab.type_of(knowledge.catalog.by_id[i])
                                    for i in q.products if i in knowledge.catalog.by_id))
        q = q.but(intent="search", products=(), product_types=kinds if needs.budget else ())
    q, dropped = subject_of(text, q, knowledge, needs)
    q = _head_of_compound(text, q, knowledge)
    q = _as_possible(text, q, knowledge)
    asked = {singular(fold(k)) for k in (*q.categories, *q.product_types)}
    if any(f.op == "eq" and f.text and singular(fold(f.text)) in asked for f in q.filters):
        q = q.but(filters=tuple(f for f in q.filters if not (  # "chocolate but not milk
            f.op == "eq" and f.text and singular(fold(f.text)) in asked)))  # chocolate": a kind
    q = q.but(filters=tuple(_with_kind(f, text, asked) for f in q.filters))
    if q.intent in ("search", "count", "superlative") and not q.products:
        # "cordless lawn mowers": the cordless ones, and a band is of that kind
        had = {f.text or f.name for f in q.filters}
        q = q.but(filters=q.filters + tuple(
            f for f in _modifiers(text, q, knowledge, around=bool(needs.budget))
            if f.name not in had and f.name not in {fold(b) for b in q.brands}))
        q = q.but(filters=q.filters + with_features(knowledge, text, q))  # "with bluetooth"
    context = tuple(dict.fromkeys((k.field, k.value) for k in dropped))
    search = retrieval_text(text, needs)
    if needs.problem and (remedy := remedy_words(text)):  # "too dark": lamps, not stoves
        search = f"{search} {remedy}"
    subject = bool(q.categories or q.product_types or q.products)
    # "it's too dark to cook", "when it rains": "it" names nothing
    weather_it = bool(_DUMMY_IT.match(text) or _WEATHER_IT.search(text))
    if weather_it and not subject and q.intent == "lookup":
        q = q.but(intent="search")
    points = parsed.ref.points and not weather_it
    # the rules read a need, the words state one, or every kind named only set the scene
    # ("something to watch movies on in bed": the verb "watch" is no smartwatch)
    said = bool(q.need) or needs.any or bool(context)
    if not subject and not points and search and said and q.intent in ("search", "count"):
        q = q.but(need=search)
        if needs.problem:  # "my toast burns": the problem's words are no specification
            q = q.but(filters=tuple(f for f in q.filters if f.value is not None))
    elif subject and needs.said:
        uses = " ".join(s.words for s in needs.said if s.kind != "problem")
        q = q.but(need=q.need or retrieval_text(uses, NeedWords()))
    elif subject and q.intent in ("search", "count") and q.sort is None and parsed.content \
            and not q.products and _TELLS.search(text):  # "I have oily skin, which cleanser?":
        # the oily-skin ones first ("king sheet sets" tells nothing of the shopper)
        q = q.but(need=" ".join(parsed.content))
    elif not subject and not search:
        q = q.but(need="")  # "something not too pricey": a refinement, nothing to search
    needs = replace(needs, context=context, search=search)
    return replace(parsed, query=q), needs


_DUMMY_IT = re.compile(r"\s*it(?:'s| is| gets| was)\s+(?:too|so|very|really|always|getting|"
                       r"way too)\s+\w+\s+(?:to|at|in|when|for|outside)\b", re.I)
_WEATHER_IT = re.compile(r"\bit(?:'s| is)?\s+(?:rains?|raining|snows?|snowing|pours?|pouring|"
                         r"storms?|storming|freezes|freezing|gets? (?:cold|dark|hot|windy))\b",
                         re.I)
# The shopper tells something of themselves ("I have oily skin", "my eyes are sensitive").
_TELLS = re.compile(r"\b(?:i|i'm|im|i've|my|we|we're|our)\b", re.I)
_AS_POSSIBLE = re.compile(r"\bas (\w+) as (?:possible|it gets|you have|can be)\b", re.I)


def _as_possible(text: str, q: Query, knowledge: ShopKnowledge) -> Query:
    """"as light as possible": the lightest first (the attribute superlative it means)."""
    m = _AS_POSSIBLE.search(text)
    if m is None or q.sort is not None:
        return q
    word = m.group(1).lower()
    most = word + ("est" if not word.endswith("e") else "st")
    if word.endswith("y"):
        most = word[:-1] + "iest"
    sort = getattr(read_attributes(knowledge.attributes, f"the {most} one"), "sort", None)
    if sort is None:
        return q
    return q.but(sort=sort, intent="superlative" if q.intent == "search" else q.intent)


def _head_of_compound(text: str, q: Query, knowledge: ShopKnowledge) -> Query:
    """"a game console": two type words side by side name one thing, the last ("console")."""
    if len(q.product_types) < 2:
        return q
    spans = sorted((m.start, m.end, m.value) for m in knowledge.vocab.mentions(text)
                   if m.kind == "type" and m.value in q.product_types)
    drop = {a[2] for a, b in zip(spans, spans[1:], strict=False)
            if not text[a[1]:b[0]].strip() and a[2] != b[2]}
    kept = tuple(t for t in q.product_types if t not in drop)
    return q.but(product_types=kept) if kept else q


# Words before a kind that say nothing about which of its products ("a good new laptop").
_PLAIN = frozenset(str.split("""
good new nice great decent best better proper small big large little cheap cheapest premium
budget affordable high end mid range top quality quality fancy simple basic really very one
expensive inexpensive pricey priciest costly dear dearest priced most least lowest highest
"""))


def _with_kind(f: AttributeFilter, text: str, kinds: set[str]) -> AttributeFilter:
    """"Chocolate but not milk chocolate" rules out milk chocolate, not every bar that "may
    contain traces of milk": an excluded word said before the kind keeps the kind."""
    if f.op != "lacks" or f.text or f.value is not None:
        return f
    for kind in kinds:
        if re.search(rf"\b{re.escape(f.name)}[\s-]+{re.escape(kind)}(?:e?s)?\b", text, re.I):
            return replace(f, name=f"{f.name} {kind}")
    return f


def _modifiers(text: str, q: Query, knowledge: ShopKnowledge,
               around: bool = True) -> tuple[AttributeFilter, ...]:
    """Words right before the kind that pick some of its products ("backpacking stove",
    "chef's knife", "cordless lawn mowers"), and with `around` one after it too ("knives
    chef"): each becomes a "has" filter when some, not all, of the kind's products state
    it, so the kind is the one asked and a band is of that kind."""
    kinds = [m for m in knowledge.vocab.mentions(text)
             if m.value in (*q.product_types, *q.categories)]
    if not kinds:
        return ()
    first = min(kinds, key=lambda m: m.start)
    last = max(kinds, key=lambda m: m.end)
    near = [*_WORD.findall(text[:first.start])[-2:],
            *(_WORD.findall(text[last.end:])[:1] if around else ())]
    words = [fold(w).replace("'s", "") for w in near]
    words = [w for w in words if len(w) > 2 and w not in _PLAIN and w not in _OWNER
             and w not in _FRAME and w not in _PREPOSITIONS and not re.fullmatch(r"\d.*", w)]
    if not words:
        return ()
    vocab = knowledge.vocab  # the kind's rows from its indexes, not a walk of the catalog
    pool = list({p.id: p for p in (*(p for c in q.categories for p in vocab.products_in(c)),
                                   *(p for t in q.product_types
                                     for p in vocab.products_of_type(t)))}.values())
    texts = [fold(" ".join((p.title, *p.features))).replace("-", " ") for p in pool]
    out: list[AttributeFilter] = []
    for w in words:
        n = sum(w in t for t in texts)
        if 2 <= n < len(texts):
            out.append(AttributeFilter(w, "has"))
    return tuple(out)


# What a person in the message wants, named right after the wanting.
_WANTED = re.compile(r"\b(?:wants?|needs?|would\s+like|(?:is|are)\s+after|asked\s+for|"
                     r"(?:is|are)\s+looking\s+for)\s+(?:(?:a|an|the|some|new|good|first|"
                     r"proper)\s+)*$", re.I)


def _role(text: str, start: int, end: int, needs: NeedWords, subject_seen: bool) -> str:
    before, after = text[:start], text[end:]
    words = [w.lower() for w in _WORD.findall(before)]
    last = words[-3:]
    if _INTEREST.search(before):
        return "subject"  # "a sister who loves coffee"
    replaced = bool(_REPLACE_BEFORE.search(before) or _REPLACE_AFTER.search(after))
    if replaced:
        return "subject"  # "my old laptop is too slow", "my knives are so dull"
    if _WANTED.search(before):
        return "subject"  # "my 9-year-old needs a helmet", "my son wants a mountain bike"
    if any(s.start < start and end <= s.end for s in needs.said if s.kind != "problem"):
        return "context"  # "for working from home", "my son is going on a camping trip"
    if words and (words[-1] in _OWNER or (len(words) > 1 and words[-2] in _OWNER)):
        return "context"  # "on my TV", "my front porch"
    if needs.problem:
        return "context"  # "my grandpa can barely hear the TV"
    if words and words[-1] == "to" or (len(words) > 1 and words[-2] == "to"
                                       and words[-1] not in ("a", "an", "the")):
        return "context"  # "something to watch movies", "to power a fridge"
    if subject_seen and any(w in _PREPOSITIONS for w in last) and not _ASKING_FOR.search(before):
        return "context"  # "a monitor for my home office"
    if not subject_seen and last and last[-1] in ("when", "while"):
        return "context"  # "cold at night when camping"
    return "subject"


def _word_spans(text: str, value: str) -> list[tuple[int, int]]:
    """Where the message uses a word of `value` (a category named by one of its words)."""
    wanted = {singular(w) for w in re.findall(r"[a-z0-9]+", fold(value)) if len(w) > 2}
    return [(m.start(), m.end()) for m in _WORD.finditer(text)
            if singular(fold(m.group(0))) in wanted]


__all__ = ["KindWord", "read_request", "roles", "subject_of"]
