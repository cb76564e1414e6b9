"""Load test of the web app through its public gradio_client API.

N concurrent shoppers (default 16) x T turns (default 20) against the running
app on the loopback interface (started here with the default model unless --url
or --llm is given). Each shopper reads for 5-15 s (`--think`) between turns, as
people do; every other turn streams through /chat, timing its first text chunk.
Each shopper's messages carry a unique marker; a cross-session leak
is any other shopper's marker or id in a reply, a disclosure or an export, or
browsing history used for a shopper who never consented. Prints figures and
ends with one JSON line: errors, leaks, p50/p95 turn latency, p50/p95 first
chunk, turns/s, the share of replies the LM phrased, and the CPU model.

`--questions mixed` (default) asks lists and single products, as shoppers do;
a list's answer is composed in code without the LM (QAConfig.lm_max_draft_chars).
`--questions lookups` asks only about single products, so the LM phrases
every reply: the model's serving under load.

    python bench/ui_load.py [--url http://127.0.0.1:7860/] [--sessions 16]
        [--turns 20] [--think 5 15] [--timeout 900] [--llm NAME]
        [--questions mixed|lookups]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from memory import PeakRSS, tree_rss_mb  # noqa: E402

from models.llm.engine import cpu_model  # noqa: E402

QUESTIONS = [
    "Which laptop under $800 has the best rating?",
    "a cheap tablet for reading",
    "noise cancelling headphones",
    "and a cheaper one?",
    "a TV for a small bedroom",
    "what about a monitor for photo editing",
]


@dataclass
class Shopper:
    index: int
    marker: str  # unique word in this shopper's messages
    shopper_id: str
    consents: bool  # odd shoppers share browsing history, even ones never do
    latencies: list[float] = field(default_factory=list)
    first_chunk: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    payloads: list[str] = field(default_factory=list)  # everything this shopper was shown
    phrased: list[bool] = field(default_factory=list)  # /chat_json replies: did the LM phrase it


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_app(llm: str | None) -> tuple[subprocess.Popen[bytes], str, Path]:
    home = Path(tempfile.mkdtemp(prefix="clearcart-bench-"))
    port = free_port()
    env = {**os.environ, "CLEARCART_HOME": str(home)}
    if llm:
        env["CLEARCART_LLM"] = llm
    log = home / "app.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, str(REPO / "app.py"), "--port", str(port),
             *(["--llm", llm] if llm else [])],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"app.py exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return proc, url, log
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("app.py did not start within 600 s")


def first_answer(url: str, question: str) -> float:
    """Seconds one fresh shopper waits for an answer (the app's first, after start)."""
    from gradio_client import Client

    client = Client(url, verbose=False, headers=session_header(url))
    t0 = time.perf_counter()
    client.predict(question, api_name="/chat_json")
    return time.perf_counter() - t0


def session_header(url: str) -> dict[str, str]:
    """A new shopper: a session token from the app, sent as a header (the API takes no id)."""
    with urllib.request.urlopen(urllib.request.Request(url + "clearcart/session",
                                                       method="POST"), timeout=30) as r:
        token = json.loads(r.read())["token"]
    return {"X-ClearCart-Session": token}


def lookup_questions(n: int = 12) -> list[str]:
    """Single-product questions on the demo catalog, as bench/concurrent_turns.py builds them
    (each planned as a lookup of that one product, so the LM phrases the answer)."""
    sys.path.insert(0, str(REPO / "bench"))
    from concurrent_turns import lookup_questions as build

    from assistant import ShopAssistant

    home = tempfile.mkdtemp(prefix="clearcart-bench-")
    os.environ.setdefault("CLEARCART_HOME", home)
    return build(ShopAssistant.load(), n)


def run_shopper(
    url: str, sh: Shopper, turns: int, deadline: float, start: threading.Barrier,
    think: tuple[float, float] = (0.0, 0.0), questions: list[str] = QUESTIONS,
) -> None:
    from gradio_client import Client

    client = Client(url, verbose=False, headers=session_header(url))
    rng = random.Random(sh.index)
    start.wait()
    try:
        sh.shopper_id = client.predict(api_name="/export_data")["shopper_id"]
        if sh.consents:
            client.predict("browsing_history", True, api_name="/consent")
        for t in range(turns):
            if time.monotonic() > deadline:
                break
            if t:
                time.sleep(rng.uniform(*think))  # reading the last reply
            text = f"{questions[(t + sh.index) % len(questions)]} ({sh.marker})"
            t0 = time.perf_counter()
            try:
                if t % 2 == 1:  # every other turn streams through /chat
                    job = client.submit(text, api_name="/chat")
                    first = None
                    for _ in job:
                        first = first if first is not None else time.perf_counter() - t0
                    if first is not None:
                        sh.first_chunk.append(first)
                    sh.payloads.append(str(job.outputs()[-1] if job.outputs() else ""))
                else:
                    reply = client.predict(text, api_name="/chat_json")
                    sh.payloads.append(json.dumps(reply))
                    sh.phrased.append(bool(reply.get("phrased_by_lm")))
                    check_disclosures(sh, reply)
                    if sh.consents and t == 0 and reply["suggestions"]:
                        first_id = reply["suggestions"][0]["product"]["id"]
                        client.predict(first_id, api_name="/view")
                sh.latencies.append(time.perf_counter() - t0)
            except Exception as exc:  # every failure is counted, the run goes on
                sh.errors.append(f"turn {t}: {type(exc).__name__}: {exc}"[:300])
        export = client.predict(api_name="/export_data")
        sh.payloads.append(json.dumps(export, default=str))
    except Exception as exc:
        sh.errors.append(f"session: {type(exc).__name__}: {exc}"[:300])


def check_disclosures(sh: Shopper, reply: dict[str, Any]) -> None:
    if sh.consents:
        return
    for s in reply.get("suggestions", []):
        if "browsing_history" in s["disclosure"]["used"]:
            sh.leaks.append(f"browsing history used without consent for {s['product']['id']}")


def find_leaks(shoppers: list[Shopper]) -> None:
    for sh in shoppers:
        others = [(o.marker, o.shopper_id) for o in shoppers if o is not sh]
        for payload in sh.payloads:
            for marker, sid in others:
                if marker in payload or sid in payload:
                    sh.leaks.append(f"saw {marker}/{sid}")


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--url",
                   help="a running app (default: start app.py here on a free loopback port)")
    p.add_argument("--sessions", type=int, default=16)
    p.add_argument("--turns", type=int, default=20)
    p.add_argument("--timeout", type=float, default=900.0,
                   help="stop starting turns after this many seconds")
    p.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"),
                   help="seconds each shopper reads between turns (uniform)")
    p.add_argument("--llm", default=None,
                   help="LM for the app this script starts (default: the app's default)")
    p.add_argument("--questions", choices=("mixed", "lookups"), default="mixed",
                   help="lists and single products, or single products only (LM every turn)")
    args = p.parse_args()
    questions = QUESTIONS if args.questions == "mixed" else lookup_questions()
    proc = None
    if args.url:
        url = args.url
    else:
        t0 = time.perf_counter()
        proc, url, _ = start_app(args.llm)
        print(f"app started in {time.perf_counter() - t0:.1f} s at {url}")
        first_answer_s = first_answer(url, questions[0]) + time.perf_counter() - t0
        rss_first = tree_rss_mb(pid=proc.pid)
        print(f"python app.py to the first answered question: {first_answer_s:.1f} s; "
              f"RSS after it {rss_first:.0f} MB (the app and its model worker)")
    peak = PeakRSS(proc.pid if proc is not None else "self")
    try:
        run = uuid.uuid4().hex[:6]
        shoppers = [
            Shopper(i, f"zq{run}m{i:02d}x", f"bench-{run}-{i:02d}", consents=i % 2 == 1)
            for i in range(args.sessions)
        ]
        barrier = threading.Barrier(args.sessions)
        t0 = time.perf_counter()
        deadline = time.monotonic() + args.timeout
        with peak, ThreadPoolExecutor(max_workers=args.sessions) as pool:
            for sh in shoppers:
                pool.submit(run_shopper, url, sh, args.turns, deadline, barrier,
                            tuple(args.think), questions)
        wall = time.perf_counter() - t0
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
    find_leaks(shoppers)
    lat = [x for sh in shoppers for x in sh.latencies]
    ttfc = [x for sh in shoppers for x in sh.first_chunk]
    errors = [e for sh in shoppers for e in sh.errors]
    leaks = [f"shopper {sh.index}: {leak}" for sh in shoppers for leak in sh.leaks]
    planned = args.sessions * args.turns
    print(f"{len(lat)}/{planned} turns in {wall:.1f} s ({len(lat) / wall:.2f} turns/s), "
          f"{args.sessions} sessions")
    print(f"turn latency p50 {pct(lat, 0.5):.2f} s, p95 {pct(lat, 0.95):.2f} s, "
          f"max {max(lat, default=0):.2f} s")
    print(f"CPU: {cpu_model()}")
    print(f"streamed first chunk p50 {pct(ttfc, 0.5):.2f} s, p95 {pct(ttfc, 0.95):.2f} s")
    phrased = [x for sh in shoppers for x in sh.phrased]
    share = sum(phrased) / len(phrased) if phrased else 0.0
    print(f"phrased by the LM: {sum(phrased)}/{len(phrased)} /chat_json replies "
          f"({args.questions} questions)")
    print(f"errors: {len(errors)}  cross-session leaks: {len(leaks)}")
    if proc is not None:
        print(f"app RSS peak during the load: {peak.peak:.0f} MB")
    for line in (errors + leaks)[:10]:
        print("  ", line)
    print(json.dumps({
        "sessions": args.sessions, "turns_planned": planned, "turns_done": len(lat),
        "errors": len(errors), "leaks": len(leaks),
        "p50_s": round(pct(lat, 0.5), 3), "p95_s": round(pct(lat, 0.95), 3),
        "median_first_chunk_s": round(statistics.median(ttfc), 3) if ttfc else None,
        "p95_first_chunk_s": round(pct(ttfc, 0.95), 3) if ttfc else None,
        "cpu": cpu_model(), "think_s": list(args.think),
        "turns_per_s": round(len(lat) / wall, 3), "wall_s": round(wall, 1),
        "questions": args.questions, "lm_phrased_share": round(share, 3),
        **({"start_to_first_answer_s": round(first_answer_s, 1),
            "rss_after_first_reply_mb": round(rss_first),
            "rss_peak_mb": round(peak.peak)} if proc is not None else {}),
    }))


if __name__ == "__main__":
    main()
