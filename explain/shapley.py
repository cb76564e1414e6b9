"""Exact interventional Shapley values over feature GROUPS for a tree ensemble.

The game for one row x is the public value function

    v(S) = mean over reference rows r of f(x_S, r_notS)

where S is a set of groups ("players"). Groups that are not present (their
data category is not consented) are never players: their features always come
from the reference and their value is exactly 0.0.

Shapley values are linear in the game and f is a sum of leaves, so phi is the
mean over r of the baseline-Shapley values of single-leaf indicator games. For
one leaf and one (x, r) pair, each group on the leaf's path is "x_ok" when x's
values of that group satisfy the path, and "r_ok" likewise for r. The leaf is
reachable in a hybrid iff every player is x_ok or r_ok and every non-player is
r_ok. With A = x_ok & not r_ok and B = r_ok & not x_ok the leaf game is
u(S) = 1[A in S, B disjoint from S], whose Shapley value is
(|A|-1)!|B|!/(|A|+|B|)! for i in A and -|A|!(|B|-1)!/(|A|+|B|)! for i in B.

Implementation: each leaf has up to S "slots" (distinct groups on its path);
x_ok / r_ok are S-bit patterns. Reference rows become per-leaf pattern counts
once; per set of players a table T[leaf, x_pattern, slot] is cached, so a row
costs a gather and one matrix product. Linear terms: phi_g += w*(x_j - mean r_j).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from functools import partial
from typing import Protocol

import numpy as np

from explain.leaf_game import _flatten_leaves, _ok_patterns, _slot_shapley, _weight_tables
from explain.types import Explanation
from explain.verify import brute_force_shapley
from models.errors import InputError
from models.trees import TreeEnsemble

_TABLE_MAX_SLOTS = 6  # above this many groups on one path, skip the table and go row by row
_ADDITIVITY_TOL = 1e-6  # |base + sum(phi) - score| allowed before a row is refused


class GroupLike(Protocol):
    """What explain needs from `models.features.FeatureGroup`."""

    @property
    def name(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def features(self) -> tuple[str, ...]: ...
    @property
    def description(self) -> str: ...


class GroupExplainer:
    """Exact group Shapley values of a TreeEnsemble against a reference sample.

    `table_max_slots`: up to this many distinct groups on one tree path, rows are
    explained from a cached per-leaf table (fast); deeper models go row by row.
    """

    def __init__(
        self,
        ensemble: TreeEnsemble,
        feature_names: Sequence[str],
        groups: Sequence[GroupLike],
        reference: np.ndarray,
        table_max_slots: int = _TABLE_MAX_SLOTS,
    ) -> None:
        self.ensemble = ensemble
        self.feature_names = list(feature_names)
        self.groups = tuple(groups)
        self.group_names = tuple(g.name for g in self.groups)
        self.category_of = {g.name: g.category for g in self.groups}
        reference = np.asarray(reference, dtype=np.float64)
        n_features = len(self.feature_names)
        if reference.ndim != 2 or reference.shape[1] != n_features or len(reference) == 0:
            raise InputError(
                f"reference sample has shape {reference.shape}, expected (R>0, {n_features})",
                fix="pass the ranker's reference sample (ranker.reference)",
            )
        if ensemble.n_features != n_features:
            raise InputError(
                f"the ensemble has {ensemble.n_features} features "
                f"but {n_features} names were given",
                fix="pass ranker.feature_names together with ranker.ensemble()",
            )
        index = {name: j for j, name in enumerate(self.feature_names)}
        group_of_feature = np.full(n_features, -1, dtype=np.int64)
        for gi, g in enumerate(self.groups):
            for name in g.features:
                if name not in index:
                    raise InputError(f"group {g.name!r} names unknown feature {name!r}",
                                     fix="make every group's features a subset of feature_names")
                if group_of_feature[index[name]] >= 0:
                    raise InputError(f"feature {name!r} is in two groups",
                                     fix="put every feature in exactly one group")
                group_of_feature[index[name]] = gi
        orphans = [self.feature_names[j] for j in np.nonzero(group_of_feature < 0)[0]]
        if orphans:
            raise InputError(f"features in no group: {orphans}",
                             fix="put every feature in exactly one group")
        self.group_of_feature = group_of_feature
        self.reference = reference
        self._leaves = _flatten_leaves(ensemble, group_of_feature)
        n_slots = self._leaves.n_slots
        self._wa, self._wb = _weight_tables(n_slots)
        self._ref_patterns = _ok_patterns(self._leaves, reference)  # (R, L)
        n_leaves = len(self._leaves.value)
        n_pat = 1 << n_slots
        self._use_table = n_slots <= table_max_slots
        if self._use_table:
            flat = np.arange(n_leaves)[None, :] * n_pat + self._ref_patterns
            self._ref_counts = np.bincount(flat.ravel(), minlength=n_leaves * n_pat).reshape(
                n_leaves, n_pat).astype(np.float64)
        self._ref_mean = reference.mean(axis=0)
        self.base_value = float(np.mean(ensemble.predict(reference)))
        self._tables: dict[frozenset[str], np.ndarray] = {}
        self._universal: np.ndarray | None = None  # W[mask, q, p, slot], built on first use
        self._slot_onehot = np.zeros((n_leaves * n_slots, len(self.groups)))
        sg = self._leaves.slot_group.ravel()
        real = np.nonzero(sg >= 0)[0]
        self._slot_onehot[real, sg[real]] = 1.0

    # -- players -------------------------------------------------------------
    def _players(self, present: Collection[str] | None) -> frozenset[str]:
        if present is None:
            return frozenset(self.group_names)
        unknown = set(present) - set(self.group_names)
        if unknown:
            raise InputError(f"unknown feature groups: {sorted(unknown)}",
                             fix=f"use group names from {list(self.group_names)}")
        return frozenset(present)

    def _player_mask(self, players: frozenset[str]) -> np.ndarray:
        is_player = np.array([g in players for g in self.group_names] + [False])
        return (is_player[self._leaves.slot_group] << np.arange(self._leaves.n_slots)).sum(
            axis=1).astype(np.int64)  # slot_group -1 picks the trailing False

    def _table(self, players: frozenset[str]) -> np.ndarray:
        """T[leaf, x_pattern, slot]: the leaf's Shapley contribution per slot.

        T = value/R * sum_p counts[leaf, p] * W[player_mask, q, p, slot], where W is
        one universal table of the leaf game's Shapley values; leaves sharing a
        player mask are done in one matrix product.
        """
        if players in self._tables:
            return self._tables[players]
        lv = self._leaves
        n_slots, n_pat = lv.n_slots, 1 << lv.n_slots
        if self._universal is None:
            pats = np.arange(n_pat)
            self._universal = _slot_shapley(pats[None, :, None], pats[None, None, :],
                                            pats[:, None, None], n_slots, self._wa, self._wb)
        masks = self._player_mask(players)
        scale = lv.value / len(self.reference)
        table = np.empty((len(lv.value), n_pat, n_slots))
        for m in np.unique(masks):
            idx = np.nonzero(masks == m)[0]
            w = self._universal[m].transpose(1, 0, 2).reshape(n_pat, n_pat * n_slots)  # (p, q*s)
            table[idx] = (self._ref_counts[idx] @ w).reshape(len(idx), n_pat, n_slots) \
                * scale[idx, None, None]
        self._tables[players] = table
        return table

    # -- values ----------------------------------------------------------------
    def _tree_shapley(self, X: np.ndarray, players: frozenset[str]) -> np.ndarray:
        lv = self._leaves
        q = _ok_patterns(lv, X)  # (n, L)
        n_leaves, n_slots = len(lv.value), lv.n_slots
        if self._use_table:
            table = self._table(players)
            slots = table[np.arange(n_leaves)[None, :], q]  # (n, L, S)
        else:
            mask = self._player_mask(players)
            scale = lv.value / len(self.reference)
            slots = np.empty((len(X), n_leaves, n_slots))
            for i in range(len(X)):
                w = _slot_shapley(q[i][None, :], self._ref_patterns, mask[None, :], n_slots,
                                  self._wa, self._wb)  # (R, L, S)
                slots[i] = w.sum(axis=0) * scale[:, None]
        return slots.reshape(len(X), n_leaves * n_slots) @ self._slot_onehot

    def _tree_scores(self, X: np.ndarray) -> np.ndarray:
        """Model output for each row, from the flattened leaves (== ensemble.predict)."""
        q = _ok_patterns(self._leaves, X)
        full = (1 << self._leaves.n_slots) - 1
        out = np.where(q == full, self._leaves.value, 0.0).sum(axis=1) + self.ensemble.base
        for j, w in self.ensemble.linear.items():
            out = out + w * X[:, j]
        return out

    def shapley_values(self, X: np.ndarray, present: Collection[str] | None = None) -> np.ndarray:
        """(n, G) exact group Shapley values, columns in `group_names` order."""
        X = self._check_rows(X)
        players = self._players(present)
        phi = self._tree_shapley(X, players)
        for j, w in self.ensemble.linear.items():
            g = int(self.group_of_feature[j])
            if self.group_names[g] in players:
                phi[:, g] += w * (X[:, j] - self._ref_mean[j])
        absent = [i for i, g in enumerate(self.group_names) if g not in players]
        phi[:, absent] = 0.0
        return phi

    def value_of(self, x: np.ndarray, groups: Iterable[str],
                 present: Collection[str] | None = None) -> float:
        """v(S) by direct evaluation: hybrid rows (x on S's features, reference elsewhere)."""
        x = self._check_rows(np.asarray(x, dtype=np.float64).reshape(1, -1))[0]
        players = self._players(present)
        wanted = set(groups)
        unknown = wanted - set(self.group_names)
        if unknown:
            raise InputError(f"unknown feature groups: {sorted(unknown)}",
                             fix=f"use group names from {list(self.group_names)}")
        cols = [j for j, g in enumerate(self.group_of_feature)
                if self.group_names[g] in wanted and self.group_names[g] in players]
        hybrid = self.reference.copy()
        hybrid[:, cols] = x[cols]
        return float(np.mean(self.ensemble.predict(hybrid)))

    def explain(self, X: np.ndarray, present: Collection[str] | None = None) -> list[Explanation]:
        """One Explanation per row of X. `present`: the player groups (None = all).

        Rows must hold absent groups at their reference (not-shared) value, as
        the feature builder does; then score == v(players) == base + sum(values).
        A row that breaks this is refused rather than explained wrongly.
        """
        X = self._check_rows(X)
        players = self._players(present)
        phi, scores = self.shapley_values(X, players), self._tree_scores(X)
        out: list[Explanation] = []
        for i in range(len(X)):
            total = self.base_value + float(phi[i].sum())
            if abs(total - scores[i]) > _ADDITIVITY_TOL * max(1.0, abs(scores[i])):
                raise InputError(
                    f"row {i}: base + sum(SHAP) = {total:.9f} but the score is {scores[i]:.9f}; "
                    "a group that is not a player differs from the reference sample",
                    fix="fill groups whose category is not consented with their not-shared "
                        "value (build_features does this), or list them in `present`",
                )
            values = {g: float(phi[i, k]) if g in players else 0.0
                      for k, g in enumerate(self.group_names)}
            row = X[i].copy()
            out.append(Explanation(
                score=float(scores[i]),
                base_value=self.base_value,
                values=values,
                category_of=dict(self.category_of),
                players=tuple(g for g in self.group_names if g in players),
                feature_values={n: float(v) for n, v in zip(self.feature_names, row, strict=True)},
                _value_fn=partial(self.value_of, row, present=players),
            ))
        return out

    def _check_rows(self, X: np.ndarray) -> np.ndarray:
        X = np.asarray(X, dtype=np.float64)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if X.ndim != 2 or X.shape[1] != len(self.feature_names):
            raise InputError(f"rows have shape {X.shape}, expected (n, {len(self.feature_names)})",
                             fix="build rows with the ranker's feature builder")
        if not np.isfinite(X).all():
            raise InputError("rows contain NaN or infinite feature values",
                             fix="fill missing features with their not-shared value")
        return X


def groups_for_categories(groups: Iterable[GroupLike], categories: Collection[str]) -> set[str]:
    """Names of the groups whose data category is in `categories` (e.g. the consented ones)."""
    return {g.name for g in groups if g.category in categories}


_EXPLAINERS: dict[int, tuple[object, GroupExplainer]] = {}


def explainer_for(ranker: object) -> GroupExplainer:
    """A cached GroupExplainer for a ranker (`ensemble()`, `feature_names`, `groups`,
    `reference`)."""
    key = id(ranker)
    hit = _EXPLAINERS.get(key)
    if hit is not None and hit[0] is ranker:
        return hit[1]
    ex = GroupExplainer(ranker.ensemble(), ranker.feature_names,  # type: ignore[attr-defined]
                        ranker.groups, ranker.reference)  # type: ignore[attr-defined]
    _EXPLAINERS[key] = (ranker, ex)
    return ex


def explain_rows(ranker: object, X: np.ndarray,
                 present_groups: Collection[str] | None = None) -> list[Explanation]:
    """Exact group Shapley explanations of `ranker` for the rows X (see GroupExplainer.explain)."""
    return explainer_for(ranker).explain(X, present_groups)


__all__ = [
    "GroupExplainer",
    "GroupLike",
    "brute_force_shapley",
    "explain_rows",
    "explainer_for",
    "groups_for_categories",
]
