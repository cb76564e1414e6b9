"""From an interaction log to ranking examples for models.train: per-user history,
one query per request (or per click/purchase), the shopper context at each query's
time (history before it only, consent dropped at random in training), features,
and the train/test split (each user's last `test_requests` held out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from models.features import FEATURE_NAMES, ProductTable, ShopperContext, build_features

if TYPE_CHECKING:
    from models.train import TrainConfig

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class Examples:
    X: np.ndarray  # (n, F) features
    y: np.ndarray  # (n,) 1 = clicked or bought
    qid: np.ndarray  # (n,) example (request) id, rows of one query are contiguous
    user: np.ndarray  # (n,) user id of each row's query


def _history(ev: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per user: event timestamps, product ids, event kinds (time-sorted)."""
    out = {}
    for uid, g in ev.groupby("user_id", sort=True):
        out[str(uid)] = (g["ts"].to_numpy(), g["product_id"].to_numpy(), g["event"].to_numpy())
    return out


def _context(hist: tuple[np.ndarray, np.ndarray, np.ndarray] | None, ts: np.datetime64,
             table: ProductTable, keep_views: bool, keep_buys: bool,
             request: ShopperContext) -> ShopperContext:
    viewed: tuple[str, ...] | None = None
    bought: tuple[tuple[str, float], ...] | None = None
    if hist is not None:
        t, pid, kind = hist
        before = t < ts
        if keep_views:
            viewed = tuple(pid[before & (kind == "view")][-50:])
        if keep_buys:
            bought = tuple((p, float(table.price[table.index[p]])) for p in
                           pid[before & (kind == "purchase")] if p in table.index)
    else:
        viewed = () if keep_views else None
        bought = () if keep_buys else None
    return replace(request, viewed_ids=viewed, bought=bought)


def examples_from_log(events: pd.DataFrame, requests: pd.DataFrame | None, table: ProductTable,
                      embed: Embed, cfg: TrainConfig, progress: bool = False,
                      ) -> tuple[Examples, Examples]:
    """Training examples (negatives sampled, consent dropped at random) and test examples
    (all candidates, full consent) from a log. Split: each user's last `test_requests`."""
    from tqdm import tqdm

    rng = np.random.default_rng(cfg.seed + 1)
    ev = events.copy()
    ev["ts"] = pd.to_datetime(ev["timestamp"], format="ISO8601").to_numpy()
    ev = ev[ev["product_id"].astype(str).isin(table.index)]
    ev = ev.sort_values(["user_id", "ts"], kind="stable")
    ev["product_id"] = ev["product_id"].astype(str)
    hist = _history(ev)
    queries = _queries(ev, requests, table, embed)
    n_test: dict[str, int] = {}
    for q in reversed(queries):
        n_test[q["user"]] = n_test.get(q["user"], 0) + 1
        q["test"] = n_test[q["user"]] <= cfg.test_requests
    parts: dict[bool, list[tuple[np.ndarray, np.ndarray, int, str]]] = {True: [], False: []}
    for k, q in enumerate(tqdm(queries, desc="features", disable=not progress, leave=False)):
        test = bool(q["test"])
        pos = table.rows(q["positives"])
        cand = q["candidates"]
        if test:
            idx = np.union1d(cand, pos)
            keep_v = keep_b = True
        else:
            neg = np.setdiff1d(cand, pos)
            if len(neg):
                neg = rng.choice(neg, size=min(cfg.negatives, len(neg)), replace=False)
            out = q.get("outside", np.zeros(0, np.int64))
            if len(out) and cfg.outside_negatives > 0:
                out = rng.choice(out, size=min(cfg.outside_negatives, len(out)), replace=False)
                neg = np.concatenate([neg, out])
            idx = np.concatenate([pos, np.sort(neg)])
            keep_v = bool(rng.random() >= cfg.consent_drop)
            keep_b = bool(rng.random() >= cfg.consent_drop)
        ctx = _context(hist.get(q["user"]), q["ts"], table, keep_v, keep_b, q["request"])
        X = build_features(ctx, table, idx)
        y = np.isin(idx, pos).astype(np.int64)
        parts[test].append((X, y, k, q["user"]))
    return _stack(parts[False]), _stack(parts[True])


def _stack(parts: list[tuple[np.ndarray, np.ndarray, int, str]]) -> Examples:
    if not parts:
        return Examples(np.zeros((0, len(FEATURE_NAMES))), np.zeros(0, np.int64),
                        np.zeros(0, np.int64), np.zeros(0, dtype=object))
    return Examples(np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                    np.concatenate([np.full(len(p[1]), p[2]) for p in parts]),
                    np.concatenate([np.full(len(p[1]), p[3], dtype=object) for p in parts]))


def _queries(ev: pd.DataFrame, requests: pd.DataFrame | None, table: ProductTable,
             embed: Embed) -> list[dict[str, Any]]:
    """One query per request (with its answering clicks/purchases), or per positive event."""
    positive = ev[ev["event"].isin(["click", "purchase"])]
    out: list[dict[str, Any]] = []
    if requests is None or requests.empty:
        all_rows = np.arange(len(table))
        events = zip(positive["user_id"], positive["product_id"], positive["ts"], strict=True)
        for uid, pid, ts in events:
            out.append({"user": str(uid), "ts": ts, "positives": (pid,), "candidates": all_rows,
                        "request": ShopperContext()})
        return out
    rq = requests.copy()
    rq["ts"] = pd.to_datetime(rq["timestamp"], format="ISO8601").to_numpy()
    rq = rq.sort_values(["user_id", "ts"], kind="stable")
    uses = rq["use_text"].fillna("").astype(str) if "use_text" in rq.columns else None
    texts = sorted(set(rq["request_text"].fillna("").astype(str))
                   | (set(uses) - {""} if uses is not None else set()))
    vecs = dict(zip(texts, embed(texts), strict=True)) if texts else {}
    pos_by_user = {str(u): g for u, g in positive.groupby("user_id")}
    for uid, g in rq.groupby("user_id", sort=True):
        uid = str(uid)
        starts = g["ts"].to_numpy()
        ends = np.append(starts[1:], np.datetime64("2262-01-01"))
        p = pos_by_user.get(uid)
        for (_, r), end in zip(g.iterrows(), ends, strict=True):
            if p is None:
                continue
            answer = p[(p["ts"] >= r["ts"]) & (p["ts"] < end)]
            if answer.empty:
                continue
            cat = r["category"] if isinstance(r["category"], str) and r["category"] else None
            band = (_num(r.get("band_min")), _num(r.get("band_max")))
            use = str(r.get("use_text") or "") if uses is not None else ""
            use = "" if use == "nan" else use
            req = ShopperContext(
                request_text=str(r["request_text"]),
                request_embedding=vecs.get(str(r["request_text"])),
                request_category=cat,
                request_max_price=_num(r.get("max_price")),
                request_min_price=_num(r.get("min_price")),
                # a budget said in words and what the product is for (columns a shop's
                # requests file may have: band_min, band_max, use_text)
                request_band=band if any(b is not None for b in band) else None,
                use_text=use,
                use_embedding=vecs.get(use) if use else None,
            )
            outside = np.zeros(0, np.int64)
            if cat is not None and cat in table.category_names:
                in_cat = table.cat_codes == table.category_names.index(cat)
                cand = np.flatnonzero(in_cat)
                if req.request_embedding is not None:
                    sim = table.embeddings @ np.asarray(req.request_embedding, np.float32)
                    outside = np.flatnonzero(~in_cat)[np.argsort(-sim[~in_cat], kind="stable")[:30]]
            else:
                cand = np.argsort(-(table.embeddings @ req.request_embedding))[:60] \
                    if req.request_embedding is not None else np.arange(len(table))
            out.append({
                "user": uid,
                "ts": r["ts"],
                "positives": tuple(dict.fromkeys(answer["product_id"])),
                "candidates": np.sort(cand),
                "request": req,
                "outside": outside,
            })
    return out


def _num(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(f) else f
