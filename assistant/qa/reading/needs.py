"""Needs said in words: a budget without numbers, who it is for, what it is for, a problem.

    needs = read_needs("hi, I need a good laptop for my daughter starting college, not too pricey")
    needs.budget == "modest"; needs.budget_words == "not too pricey"
    [s.words for s in needs.said] == ["for my daughter starting college"]

Shop English only, never a catalog's words: budgets ("on a budget", "not too pricey",
"mid-range", "premium", "money is no object", "around $50"), recipients ("for my daughter",
"a gift for a teenager"), uses ("for the guest room", "for running") and problems ("my neck
hurts", "I keep missing packages"). What a need maps to in a shop (a price band, a kind of
product) is the answering layer's job (answering/budget.py, answering/kinds.py); which of
the catalog words a message names are the thing wanted is `reading/subject.py`'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.qa.need import NeedWords, Said

# Budget levels: (level, pattern). "low": the cheapest third of the kind's prices; "modest":
# the cheapest 40%; "mid": 30% to 70%; "high": the dearest 40%; "any": no band at all.
# Superlatives ("cheapest", "most premium") are sorts, read by reading/cues.py.
BUDGET_WORDS: tuple[tuple[str, str], ...] = (
    ("any", r"\b(?:at )?any price\b|\bprice (?:doesn'?t|does not|won'?t) matter\b|"
            r"\bno budget\b|\bwhatever (?:it )?costs?\b|\bregardless of (?:the )?price\b"),
    ("high", r"(?<!most )\bpremium\b|\bhigh[- ]end\b|"
             r"\b(?:money|price|cost) is no (?:object|issue)\b|\bluxury\b|\bluxurious\b|"
             r"\btop[- ]quality\b|\bhigh[- ]quality\b|\bno expense spared\b|"
             r"\bspare no expense\b|\bprofessional[- ]grade\b|\bthe best money can buy\b|"
             r"\bsplurge\b|\bhigh[- ]priced?\b(?! than)"),
    ("mid", r"\bmid[- ]?(?:range|priced|level|tier|market)\b|\bmoderately priced\b|"
            r"\bmiddle of the (?:range|road)\b|\bnot too cheap(?:,| and| or| but)? not too "
            r"(?:pricey|expensive)\b"),
    ("modest", r"\bnot (?:too|very|that|so|overly|super|crazy) (?:pricey|expensive|costly|dear)\b|"
               r"\baffordabl[ey]\b|\breasonabl[ey] priced\b|\bwon'?t break the bank\b|"
               r"\b(?:doesn'?t|does not|shouldn'?t) cost a (?:fortune|lot|bomb)\b|"
               r"\bwithout breaking the bank\b|\bnot a fortune\b|\bmoderate (?:price|budget)\b"),
    ("low", r"\bon a (?:tight |small |limited |strict |student |shoestring )?budget\b|"
            r"\bbudget[- ](?:friendly|conscious|minded|option|pick)\b|"
            r"\bcheap(?:-?ish)?\b(?!er|est)|"
            r"\binexpensive\b|\bnothing (?:too )?fancy\b|\bnot (?:too |very )?fancy\b|"
            r"\blow[- ](?:cost|priced?|budget)\b|\bbargain\b|\bas cheap as possible\b|"
            r"\bdon'?t want to spend (?:a lot|much|too much)\b|\bentry[- ]level\b"),
)
# "around $50", "budget around $1000", "about 200 dollars", "~$75": an amount give or take.
_AROUND = re.compile(
    r"\b(?:budget (?:is |of )?)?(?:around|about|roughly|approximately|close to|somewhere "
    r"around|in the region of)\s*\$\s?(\d[\d,]*(?:\.\d+)?)\s*(k\b)?|"
    r"\b(?:around|about|roughly|approximately)\s+(\d[\d,]*(?:\.\d+)?)\s*(k\b)?\s*(?:dollars|bucks)\b|"
    r"~\s?\$\s?(\d[\d,]*(?:\.\d+)?)", re.I)
# Share of the amount either side of "around $X" (the bench's labels use 20%).
AROUND_SHARE = 0.2

# People a product may be for (plain English).
PEOPLE = (r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[- ]year[- ]olds?|"
          r"teen(?:ager)?s?|teenage \w+|tweens?|kids?|children|child|son|daughter|boy|girl|mom|"
          r"mum|mother|dad|father|parents?|wife|husband|partner|spouse|girlfriend|boyfriend|"
          r"fianc[eé]e?|friends?|sister|brother|siblings?|grandma|grandpa|grandmother|"
          r"grandfather|grandparents?|grandkids?|grandchildren|aunt|uncle|niece|nephew|cousin|"
          r"couple|boss|coworker|co-worker|colleague|neighbou?r|roommate|family|student|baby|"
          r"toddler|newborn|in-laws?)")
_RECIPIENT = re.compile(
    rf"\b(?:for|get|buy|gift|present)\s+(?:(?:my|our|a|an|the|his|her|their)\s+)?"
    rf"(?:(?:\w+|\d+)\s+){{0,2}}?{PEOPLE}\b(?:[^,.;?!]*)|"
    rf"\b(?:my|our)\s+(?:\w+\s+)?{PEOPLE}\b(?:\s+(?:who|that|is|are|loves?|likes?|enjoys?|"
    rf"just|has|needs?|wants?)\b[^,.;?!]*)?", re.I)
# Who a recipient is, where the word says ("my wife": not men's or kids' products). The
# grown-ups among them are never kids; a son or a sister may be.
_FEMALE = ("wife", "girlfriend", "mom", "mum", "mother", "grandma", "grandmother", "aunt",
           "fiancee", "fiancée", "sister", "daughter", "niece")
_MALE = ("husband", "boyfriend", "dad", "father", "grandpa", "grandfather", "uncle", "fiance",
         "fiancé", "brother", "son", "nephew")
_MAYBE_KIDS = frozenset({"sister", "daughter", "niece", "brother", "son", "nephew"})
_GENDERED = re.compile(rf"\b(?P<f>{'|'.join(_FEMALE)})\b|\b(?P<m>{'|'.join(_MALE)})\b", re.I)


def recipient_person(needs: NeedWords) -> tuple[str, bool]:
    """("female" | "male", a grown-up) for who the recipients are, where every word says the
    same; ("", False) else ("my mom and dad", "my friend")."""
    found = [m for s in needs.of("recipient") for m in _GENDERED.finditer(s.words)]
    genders = {"female" if m.group("f") else "male" for m in found}
    if len(genders) != 1:
        return "", False
    return genders.pop(), all(m.group(0).lower() not in _MAYBE_KIDS for m in found)


_GIFT = re.compile(r"\b(?:gifts?|presents?|birthday|christmas|xmas|housewarming|anniversary|"
                   r"stocking stuffers?|graduation|retirement|wedding|mother'?s day|"
                   r"father'?s day|valentine'?s?|secret santa)\b", re.I)
# What it is for: "for the guest room", "for running", "for college" (a person is a recipient).
_USE = re.compile(r"(?<!looking )(?<!shopping )(?<!searching )(?<!look )(?<!search )"
                  r"\bfor\s+(?!(?:me|myself|us|sale|less|under|below|around|about|over|"
                  r"between|a budget)\b)([^,.;?!]+)", re.I)
# Words that end a use phrase before what follows ("for the gym under $100").
_USE_END = re.compile(r"\s+(?:under|below|less than|around|about|over|between|within|up to|"
                      r"max|not too|on a budget|nothing fancy|that|which|but|and (?:not|under)|"
                      r"please)\b.*$", re.I)
# A problem told rather than a thing asked for ("my neck hurts", "I keep missing packages").
_PROBLEM = re.compile(
    r"\b(?:i|i'm|i am|we|we're|my \w+|our \w+|it|it's|he|she|they)\s+(?:\w+\s+)?"
    r"(?:can'?t|cannot|couldn'?t|don'?t|doesn'?t|won'?t|isn'?t|aren'?t|keeps?|always|never|barely|hardly)\b|"
    r"\b(?:barely|hardly|too (?:\w+)|so (?:dull|slow|old|loud|quiet|dark|cold|hot)|hurts?|"
    r"aches?|sore|problem|trouble|tired of|sick of|fed up|forget|forgets|dies|died|broke|"
    r"broken|stopped|struggl\w+|hate|annoy\w+|(?:is|are|gets?|looks?) (?:always |so |really |too )?"
    r"(?:dirty|filthy|murky|cloudy|smelly|bored|lonely|anxious|restless|itchy|stiff)|"
    r"(?:gets?|got|getting) (?:wet|soaked|drenched|bored|lost|stuck|tangled)|what would help|"
    r"how (?:do|can) (?:i|we)|"
    r"help me|any ideas|ideas for|what should i get|what do i need)\b", re.I)
# What remedies a problem told in plain words, said as the words a remedy's catalog row
# uses: "it's too dark to cook" reads close to stoves, its remedy to lamps and lanterns. Shop
# English only (no product or brand); added to the need's retrieval text, never shown.
REMEDIES: tuple[tuple[str, str], ...] = (
    (r"\b(?:too|so|very|really|pitch) dark\b|\bcan'?t see (?:at night|in the dark|anything)\b",
     "light lamp lantern bright lumens"),
    (r"\b(?:not|isn'?t|aren'?t|never) (?:safe|clean|fit) (?:to|for) drink(?:ing)?\b|"
     r"\b(?:dirty|unsafe|contaminated|murky|cloudy) (?:\w+ )?water\b|"
     r"\bwater\b[^,.;?!]*\b(?:is|are|gets?|looks?|isn'?t|aren'?t) "
     r"(?:always |so |really |too |never |not )?(?:dirty|murky|cloudy|clean)\b",
     "water filter purifier removes bacteria"),
    (r"\b(?:gets?|getting|got|are|is|always) (?:soaked|wet|drenched)\b|"
     r"\b(?:soaked|wet|drenched) (?:when|whenever|every time|in) (?:it rains|the rain)\b",
     "waterproof rain"),
    (r"\bchew(?:s|ed|ing)? (?:up |on )?(?:everything|anything|all|the furniture|shoes)\b|"
     r"\bdestroys? (?:every|all|any)\w*\b", "durable tough chew toy"),
    (r"\b(?:phone|battery|laptop|tablet|devices?|camera)\b[^,.;?!]*\b(?:dies|died|runs? out|"
     r"ran out|goes flat|is always flat|keeps dying)\b|\bout of (?:battery|charge|power)\b",
     "charge devices portable power battery charging"),
)
_REMEDIES = tuple((re.compile(pattern, re.I), words) for pattern, words in REMEDIES)


def remedy_words(text: str) -> str:
    """The words of what remedies the problems `text` tells ("" when it tells none known)."""
    return " ".join(words for pattern, words in _REMEDIES if pattern.search(text))


_ASKING = re.compile(r"\b(?:i(?:'m| am)? (?:need|want|looking for|after|shopping for|"
                     r"searching for)|looking for|do you (?:have|sell|carry)|show me|"
                     r"recommend|suggest|i'?d like)\b|^\s*(?:any|are there any)\b", re.I)  # "any
# luggage locks that don't need a code? I always forget": a thing asked, then why


def read_budget(text: str) -> tuple[str, str, float | None, list[tuple[int, int]]]:
    """(level, words, amount for "around", spans) of the budget said in words."""
    if m := _AROUND.search(text):
        raw = m.group(1) or m.group(3) or m.group(5)
        thousand = m.group(2) or m.group(4)
        amount = float(raw.replace(",", "")) * (1000 if thousand else 1)
        return "around", m.group(0).strip(), amount, [m.span()]
    for level, pattern in BUDGET_WORDS:
        if m := re.search(pattern, text, re.I):
            return level, m.group(0).strip(), None, [m.span()]
    return "", "", None, []


def read_needs(text: str) -> NeedWords:
    """The budget, recipients, uses and problem a message states (see the module doc)."""
    level, words, around, spans = read_budget(text)
    said: list[Said] = []
    taken: list[tuple[int, int]] = []
    for m in _RECIPIENT.finditer(text):
        phrase = _USE_END.sub("", m.group(0)).strip(" ,")
        said.append(Said("recipient", phrase, m.start(), m.start() + len(phrase)))
        taken.append((m.start(), m.start() + len(phrase)))
    for m in _USE.finditer(text):
        if any(a <= m.start() < b for a, b in taken):
            continue
        phrase = _USE_END.sub("", m.group(0)).strip(" ,")
        if len(phrase.split()) < 2 or _is_budget(phrase):
            continue
        if re.fullmatch(r"for (?:it|that|this|them)", phrase, re.I) and (
                doing := re.search(r"\b(?:going|go|went|doing|do)\s+(\w+ing)\b", text, re.I)):
            phrase = f"for {doing.group(1)}"  # "going diving ..., need a watch for it"
        said.append(Said("use", phrase, m.start(), m.start() + len(phrase)))
    unbudgeted = _blank(text, spans)  # "not too pricey" is a budget, not a problem
    problem = bool(_PROBLEM.search(unbudgeted)) and not _ASKING.search(text)
    if problem:
        said.append(Said("problem", text.strip(" ?.!"), 0, len(text)))
    said.sort(key=lambda s: s.start)
    return NeedWords(level, words, around, tuple(said), bool(_GIFT.search(text)), problem,
                     bool(_ASKING.search(text)), tuple(spans))


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _is_budget(phrase: str) -> bool:
    return bool(read_budget(phrase)[0]) or bool(re.search(r"\$\s?\d", phrase))


def around_band(amount: float, share: float = AROUND_SHARE) -> tuple[float, float]:
    """"around $50" -> (40.0, 60.0)."""
    return round(amount * (1 - share), 2), round(amount * (1 + share), 2)


# Words that frame a request without saying what is needed ("hi", "I need", "any ideas").
_FRAME = frozenset(str.split("""
hi hello hey please thanks thank i i'm im i've ive me my we our us you your a an the some any
something anything need needs want wants looking look for get buy find show recommend suggest
what what's whats which would should could can do does good decent nice great best gift gifts
present presents idea ideas birthday christmas help just really very so too also is are was
it's its that this who whos who's someone one you're have has had there their they them
"""))


def retrieval_text(text: str, needs: NeedWords, drop: Sequence[tuple[int, int]] = ()) -> str:
    """The message as a need to search for: without budget words, prices, greetings and
    framing ("hi, I need a good ..."), and without the spans in `drop`."""
    plain = _blank(text, [*needs.spans, *drop])
    plain = re.sub(r"(?:under|below|less than|over|above|up to|around|about|between)?\s*"
                   r"\$\s?\d[\d,]*(?:\.\d+)?(?:\s*(?:and|to|-)\s*\$?\s?\d[\d,]*(?:\.\d+)?)?",
                   " ", plain, flags=re.I)
    plain = _PERSON.sub(" ", plain)  # who it is for says little about what it is
    words = re.findall(r"[A-Za-z0-9][\w'-]*", plain)
    kept = [w for w in words if w.lower() not in _FRAME]
    return " ".join(kept)


_PERSON = re.compile(rf"\b{PEOPLE}\b|\b(?:she|he|they|her|him|his)\b", re.I)


FRAME_WORDS = _FRAME

__all__ = ["AROUND_SHARE", "BUDGET_WORDS", "FRAME_WORDS", "NeedWords", "PEOPLE", "Said",
           "animal_for", "REMEDIES", "around_band", "read_budget", "read_needs", "recipient_person",
           "remedy_words", "retrieval_text"]


# An animal something is for ("perfume for my dog"): in a shop whose catalog never names it,
# nothing is made for it.
_FOR_ANIMAL = re.compile(r"\bfor\s+(?:my|our|the|a|his|her|their)?\s*(?:\w+\s+)?"
                         r"(dog|cat|puppy|kitten|pet|bird|parrot|rabbit|hamster|fish|horse)s?\b",
                         re.I)


def animal_for(text: str) -> str:
    """The animal the message wants something for ("dog" of "perfume for my old dog")."""
    m = _FOR_ANIMAL.search(text)
    return m.group(1).lower() if m else ""

