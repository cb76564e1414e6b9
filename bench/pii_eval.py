"""PII redaction recall and false positives: ClearCart's `redact` beside presidio-analyzer.

    python bench/pii_eval.py [--only clearcart|presidio] [--show 15]
    python bench/pii_eval.py --presidio-python /tmp/presidio-venv/bin/python

Issue 18, item 4 asks to evaluate presidio-analyzer's pattern recognizers (no spaCy
model) against `assistant.privacy.redact.redact`. Data: bench/pii/messages.jsonl, shop-chat
messages written by hand for ClearCart in 2026 (same licence as this repository); one
JSON object a line, {"text": ..., "pii": [{"kind": K, "value": exact substring}]}, K one of
EMAIL PHONE CARD IBAN ADDRESS NAME. About 40% carry personal data in many formats and
countries (US/UK/DE/FR/ES/IN phones with and without +country and extensions, cards of
several networks, IBANs, street addresses, names after a cue and without one); the rest
is plain shopping talk full of look-alikes (prices, model numbers, sizes, dimensions,
dates, order numbers, EANs, SKUs, "size@home", brands that are people's names). No
message is about a real person: card numbers are published test numbers or made-up digits
completed to pass Luhn, IBANs are the standard documentation examples, phone numbers are
made up (in the fictional ranges where a country has them: US 555-01xx, UK 07700 900xxx,
020 7946 0xxx, 0161 496 0xxx), names and addresses are invented, fictional or of public
buildings.

Per system:
- recall per kind: share of gold values that no longer appear verbatim in the output;
- partial: values counted as gone of which a piece still shows (a token with 3+ digits,
  an email's local part, a name's word, an address's number or proper name), e.g. an
  extension or a surname left behind;
- false-positive rate: share of plain messages (no gold PII) changed at all.

Systems: `clearcart` (redact); `presidio-4`: presidio's AnalyzerEngine with its no-op NLP
engine (no spaCy model) and only EmailRecognizer, PhoneRecognizer, CreditCardRecognizer and
IbanRecognizer, the kinds ClearCart redacts that presidio finds without NER;
`presidio-all`: every predefined recognizer the registry loads for English with the no-op
engine (adds dates, URLs, IPs, US ids ...). Presidio spans (score threshold 0, the engine's
default) become <ENTITY_TYPE>. Presidio has no pattern recognizer for names or street
addresses (spaCy NER finds those), so its recall there is whatever other patterns cover.

Presidio is optional: without `presidio_analyzer` its rows are skipped. It can live in its
own virtualenv: `--presidio-python PATH` runs this script there with `--only presidio`
(that venv needs only presidio-analyzer) and reads the outputs back. No network: the
script empties TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS before presidio loads, so tldextract
(used by presidio's EmailRecognizer) reads its bundled suffix list instead of fetching
publicsuffix.org. Timings are wall clock on a shared machine: rough. The last line is
one JSON object of the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "bench" / "pii" / "messages.jsonl"
KINDS = ("EMAIL", "PHONE", "CARD", "IBAN", "ADDRESS", "NAME")
PRESIDIO_CORE = ("EmailRecognizer", "PhoneRecognizer", "CreditCardRecognizer", "IbanRecognizer")
# Words of an address that say nothing about where someone lives.
_ADDRESS_WORDS = frozenset({
    "street", "st", "avenue", "ave", "road", "rd", "lane", "ln", "drive", "dr", "court", "way",
    "place", "terrace", "close", "crescent", "square", "parkway", "boulevard", "blvd", "flat",
    "apt", "suite", "unit", "box", "the", "rue", "calle", "via", "cross", "main",
})
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]|<[A-Z_]+>")


@dataclass(frozen=True)
class Pii:
    kind: str  # one of KINDS
    value: str  # the exact substring of the message


@dataclass(frozen=True)
class Message:
    text: str
    pii: tuple[Pii, ...]  # empty for plain shopping talk


def load_messages(path: Path = DATA) -> list[Message]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        pii = tuple(Pii(p["kind"], p["value"]) for p in row["pii"])
        for p in pii:
            if p.kind not in KINDS or p.value not in row["text"]:
                raise ValueError(f"{path}:{n}: {p} is not a substring of the text or its kind "
                                 f"is not one of {KINDS}; fix the line")
        out.append(Message(row["text"], pii))
    return out


# -- systems -------------------------------------------------------------------------

def clearcart_system() -> Callable[[str], str]:
    from assistant.privacy.redact import redact

    return lambda text: redact(text).text


def mask(text: str, spans: Sequence[tuple[int, int, str]]) -> str:
    """Replace (start, end, label) spans by <label>, overlapping spans merged."""
    merged: list[list[Any]] = []
    for start, end, label in sorted(spans, key=lambda s: (s[0], -s[1])):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            continue
        merged.append([start, end, label])
    out, last = [], 0
    for start, end, label in merged:
        out += [text[last:start], f"<{label}>"]
        last = end
    return "".join([*out, text[last:]])


def presidio_systems() -> tuple[dict[str, Callable[[str], str]], dict[str, Any]]:
    """`presidio-4` and `presidio-all` with the no-op NLP engine; raises ImportError."""
    os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")  # no fetch at run time
    started = time.perf_counter()
    import presidio_analyzer
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    imported = time.perf_counter()
    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "no_op", "models": [{"lang_code": "en", "model_name": "no_op"}],
    }).create_engine()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(nlp_engine=nlp, languages=["en"])
    everything = AnalyzerEngine(nlp_engine=nlp, registry=registry)
    core_registry = RecognizerRegistry(
        recognizers=[r for r in registry.recognizers if r.name in PRESIDIO_CORE])
    core = AnalyzerEngine(nlp_engine=nlp, registry=core_registry)

    def runner(engine: Any) -> Callable[[str], str]:
        def run(text: str) -> str:
            found = engine.analyze(text=text, language="en")
            return mask(text, [(r.start, r.end, r.entity_type) for r in found])
        return run

    info = {
        "version": getattr(presidio_analyzer, "__version__", None) or _dist_version(),
        "import_s": round(imported - started, 2),
        "setup_s": round(time.perf_counter() - imported, 2),
        "recognizers_all": sorted(r.name for r in registry.recognizers),
    }
    return {"presidio-4": runner(core), "presidio-all": runner(everything)}, info


def _dist_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("presidio-analyzer")
    except PackageNotFoundError:
        return None


def run_system(fn: Callable[[str], str], texts: Sequence[str]) -> tuple[list[str], float]:
    started = time.perf_counter()
    outputs = [fn(t) for t in texts]
    return outputs, (time.perf_counter() - started) * 1000 / max(len(texts), 1)


# -- scoring -------------------------------------------------------------------------

def pieces(p: Pii) -> list[str]:
    """The parts of a value that still identify someone when left behind."""
    tokens = [t.strip(".,'’-") for t in re.split(r"[\s,()<>]+", p.value)]
    if p.kind == "EMAIL":
        return [re.split(r"@| at ", p.value)[0]]
    if p.kind in ("PHONE", "CARD", "IBAN"):
        groups = re.split(r"[^0-9A-Za-z]+", p.value)
        return [g for g in groups if sum(c.isdigit() for c in g) >= 3]
    if p.kind == "NAME":
        return [t for t in tokens if len(t) >= 3]
    return [t for t in tokens if any(c.isdigit() for c in t)
            or (len(t) >= 3 and t[0].isupper() and t.lower() not in _ADDRESS_WORDS)]


def partial(p: Pii, text: str, output: str) -> bool:
    """A piece of the value shows in the output more often than elsewhere in the text."""
    outside = text.replace(p.value, " ", 1)
    return any(output.count(s) > outside.count(s) for s in pieces(p) if s)


def score(messages: Sequence[Message], outputs: Sequence[str]) -> dict[str, Any]:
    per_kind = {k: {"n": 0, "gone": 0, "partial": 0} for k in KINDS}
    missed, leaked, changed = [], [], []
    plain = 0
    for m, out in zip(messages, outputs, strict=True):
        if not m.pii:
            plain += 1
            if out != m.text:
                labels = sorted(set(_PLACEHOLDER.findall(out)) - set(_PLACEHOLDER.findall(m.text)))
                changed.append((m.text, out, labels))
        for p in m.pii:
            row = per_kind[p.kind]
            row["n"] += 1
            if p.value in out:
                missed.append((p, m.text, out))
            else:
                row["gone"] += 1
                if partial(p, m.text, out):
                    row["partial"] += 1
                    leaked.append((p, m.text, out))
    total = sum(r["n"] for r in per_kind.values())
    gone = sum(r["gone"] for r in per_kind.values())
    return {
        "per_kind": per_kind,
        "recall": {k: round(r["gone"] / r["n"], 3) if r["n"] else None
                   for k, r in per_kind.items()},
        "recall_all": round(gone / total, 3) if total else None,
        "partial": sum(r["partial"] for r in per_kind.values()),
        "fp": len(changed), "plain": plain,
        "fp_rate": round(len(changed) / plain, 3) if plain else None,
        "missed": missed, "leaked": leaked, "changed": changed,
    }


# -- report --------------------------------------------------------------------------

def print_table(scores: dict[str, dict[str, Any]], ms: dict[str, float]) -> None:
    head = f"{'system':<13}" + "".join(f"{k:>9}" for k in KINDS)
    print(head + f"{'all':>9}{'partial':>9}{'FP plain':>10}{'ms/msg':>8}")
    for name, s in scores.items():
        cells = "".join(f"{r['gone']:>5}/{r['n']:<3}" for r in s["per_kind"].values())
        gone = sum(r["gone"] for r in s["per_kind"].values())
        n = sum(r["n"] for r in s["per_kind"].values())
        print(f"{name:<13}{cells}{gone:>5}/{n:<3}{s['partial']:>9}"
              f"{s['fp']:>5}/{s['plain']:<4}{ms[name]:>8.2f}")
    print("(recall: values gone / values; partial: gone but a piece still shows; "
          "FP: plain messages changed)")


def print_details(name: str, s: dict[str, Any], show: int) -> None:
    if show <= 0:
        return
    print(f"\n== {name}: missed {len(s['missed'])}, partial {len(s['leaked'])}, "
          f"plain changed {len(s['changed'])}")
    for p, _text, out in s["missed"][:show]:
        print(f"  missed  {p.kind:<7} {p.value!r:<34} -> {out}")
    for p, _text, out in s["leaked"][:show]:
        print(f"  partial {p.kind:<7} {p.value!r:<34} -> {out}")
    for _text, out, labels in s["changed"][:show]:
        print(f"  FP      {','.join(labels):<42} -> {out}")


def print_differences(messages: Sequence[Message], a: str, b: str,
                      outputs: dict[str, list[str]]) -> None:
    print(f"\n== {a} vs {b}")
    for m, oa, ob in zip(messages, outputs[a], outputs[b], strict=True):
        for p in m.pii:
            if (p.value in oa) != (p.value in ob):
                catcher = a if p.value in ob else b
                print(f"  only {catcher:<12} catches {p.kind:<7} {p.value!r}  in {m.text!r}")
        if not m.pii and (oa != m.text) != (ob != m.text):
            print(f"  only {a if oa != m.text else b:<12} changes plain {m.text!r}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", choices=("clearcart", "presidio"), default=None)
    ap.add_argument("--presidio-python", default=None,
                    help="python of a venv with presidio-analyzer (runs that half there)")
    ap.add_argument("--outputs", type=Path, default=None,
                    help="write each system's redacted texts and timings as JSON")
    ap.add_argument("--show", type=int, default=15, help="misses / FPs listed per system")
    args = ap.parse_args()

    messages = load_messages()
    texts = [m.text for m in messages]
    outputs: dict[str, list[str]] = {}
    ms: dict[str, float] = {}
    presidio: dict[str, Any] = {}
    if args.only != "presidio":
        outputs["clearcart"], ms["clearcart"] = run_system(clearcart_system(), texts)
    if args.only != "clearcart":
        if args.presidio_python:
            with tempfile.TemporaryDirectory() as tmp:
                dump = Path(tmp) / "presidio.json"
                subprocess.run([args.presidio_python, __file__, "--only", "presidio",
                                "--show", "0", "--outputs", str(dump)], check=True,
                               stdout=subprocess.DEVNULL)
                got = json.loads(dump.read_text(encoding="utf-8"))
            outputs.update(got["outputs"])
            ms.update(got["ms"])
            presidio = got["presidio"]
        else:
            try:
                systems, presidio = presidio_systems()
            except ImportError as e:
                presidio = {"skipped": f"presidio-analyzer not importable ({e}); install it "
                            "in a throwaway venv and pass --presidio-python"}
                print(f"presidio: skipped, {presidio['skipped']}")
                systems = {}
            for name, fn in systems.items():
                outputs[name], ms[name] = run_system(fn, texts)
    if args.outputs:
        args.outputs.write_text(json.dumps({"outputs": outputs, "ms": ms,
                                            "presidio": presidio}), encoding="utf-8")

    scores = {name: score(messages, out) for name, out in outputs.items()}
    plain = sum(1 for m in messages if not m.pii)
    print(f"{len(messages)} messages ({len(messages) - plain} with PII, {plain} plain), "
          f"load average {os.getloadavg()[0]:.1f}")
    if "version" in presidio:
        print(f"presidio-analyzer {presidio['version']}: import {presidio['import_s']} s, "
              f"engines {presidio['setup_s']} s, presidio-all = "
              f"{', '.join(presidio['recognizers_all'])}")
    print_table(scores, ms)
    for name, s in scores.items():
        print_details(name, s, args.show)
    if "clearcart" in outputs and "presidio-4" in outputs and args.show > 0:
        print_differences(messages, "clearcart", "presidio-4", outputs)
    print(json.dumps({
        "messages": len(messages), "plain": plain,
        "systems": {name: {"recall": s["recall"], "recall_all": s["recall_all"],
                           "partial": s["partial"], "fp_rate": s["fp_rate"],
                           "ms_per_message": round(ms[name], 3)}
                    for name, s in scores.items()},
        "presidio": {k: v for k, v in presidio.items() if k != "recognizers_all"},
    }))


if __name__ == "__main__":
    main()
