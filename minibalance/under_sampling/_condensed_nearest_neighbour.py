r"""Condensed nearest neighbour (Hart, 1968): keep a consistent subset of each class.

For each class to under-sample: start a store :math:`C` with all the minority
rows and ``n_seeds_S`` rows of the class drawn at random; then visit the class's
rows in order and add to :math:`C` every row that the ``k``-NN rule on :math:`C`
(``k = 1`` by default) misclassifies. The rows kept are the class's rows in
:math:`C`, in the order they were added.

As imbalanced-learn's ``CondensedNearestNeighbour``: after each addition, the
rows the new rule classifies correctly are skipped for the rest of the pass
(one pass, not until no change). imbalanced-learn mixes row numbers of X (the
seeds) with positions within the class in that skip set; the same set is kept
here, so the rows are the same.

Each addition changes the 1-NN prediction only where the new row is nearer
than the current nearest one, so the rule is updated incrementally (one
distance pass over the class per addition, no refit); with ``k > 1`` the
predictions are recomputed by the engine.
"""

from __future__ import annotations

import numpy as np

from .._labels import count_labels
from .._neighbors import canonical_float, kneighbors, scaled_for_distances
from .._neighbors_sparse import sparse_distances
from .._sparse import is_sparse
from .._validation import check_random_state
from ._base import NearestNeighbourRule, first_seen_minority, vote
from ._one_sided_selection import SeededRuleSampler, vote_k

__all__ = ["CondensedNearestNeighbour"]


class _NearestRule:
    """The k-NN rule of a growing store, applied to a fixed set of query rows."""

    def __init__(self, X, code, n_classes, store, queries, k):
        self.X, self.code, self.n_classes, self.k = X, code, n_classes, k
        self.store = list(store)
        self.Q = X[queries]
        self._refit()

    def _refit(self) -> None:
        C = np.asarray(self.store)
        nn = kneighbors(self.X[C], self.k, queries=self.Q)
        if self.k == 1:
            self.nearest = C[nn[:, 0]]
            self.dist2 = self._sq_distance(self.nearest)
            self.pred = self.code[self.nearest]
        else:
            self.pred = vote(self.code[C][nn], self.n_classes)

    def _sq_distance(self, rows: np.ndarray) -> np.ndarray:
        """Exact squared distances from each query to ``X[rows[i]]``, summed as the engine sums."""
        if is_sparse(self.X):
            return sparse_distances(self.X, self.Q, rows[:, None])[:, 0]
        d2 = np.zeros(self.Q.shape[0])
        for f in range(self.X.shape[1]):
            t = self.X[rows, f] - self.Q[:, f]
            d2 += t * t
        return d2

    def add(self, row: int) -> None:
        """Add ``row`` to the store and update the predictions."""
        self.store.append(row)
        if self.k > 1:
            self._refit()
            return
        d2 = self._sq_distance(np.full(self.Q.shape[0], row))
        # the engine's rule: exact squared distance, ties to the earlier store position
        # (the newest row comes last, so it wins only when strictly nearer)
        nearer = d2 < self.dist2
        self.dist2 = np.where(nearer, d2, self.dist2)
        self.nearest = np.where(nearer, row, self.nearest)
        self.pred = self.code[self.nearest]


class CondensedNearestNeighbour(SeededRuleSampler):
    """Under-sample to a subset on which the k-NN rule classifies the class consistently.

    A drop-in for ``imblearn.under_sampling.CondensedNearestNeighbour``: the same
    rows for the same seed (on data whose distances have no ties).

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows (``"auto"``: all but the minority).
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draw of the seeds.
    n_neighbors : int or estimator, default=None
        Voters of the k-NN rule (``None``: 1; a ``KNeighborsClassifier``: its
        ``n_neighbors``, uniform weights).
    n_seeds_S : int, default=1
        Rows of each class that start the store.
    n_jobs : int, default=None
        Accepted for compatibility.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes targeted.
    estimators_ : list of NearestNeighbourRule
        The final k-NN rule on the store of each class under-sampled.
    sample_indices_ : ndarray of intp
        The rows of X kept, in output order.
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] P. E. Hart, "The condensed nearest neighbor rule", IEEE Transactions
       on Information Theory 14(3), 515-516, 1968.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import CondensedNearestNeighbour
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(1.5, 1, (20, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(20, int)]
    >>> X_res, y_res = CondensedNearestNeighbour(random_state=0).fit_resample(X, y)
    >>> bool((y_res == 0).sum() < 60)
    True
    """

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        rng = check_random_state(self.random_state)
        k = vote_k(self.n_neighbors)
        counted = count_labels(y, return_inverse=True)
        code = counted.inverse
        minority_rows = np.flatnonzero(y == first_seen_minority(y))
        # scaled as the engine scales huge or tiny data: the rule's squares stay finite
        Xf = scaled_for_distances(canonical_float(X))
        kept = []
        self.estimators_ = []
        for label in counted.classes.tolist():
            rows = np.flatnonzero(y == label)
            if label not in self.sampling_strategy_:
                kept.append(rows)
                continue
            seeds = list(rows[rng.randint(low=0, high=rows.size, size=self.n_seeds_S)])
            store = np.append(minority_rows, seeds)
            if store.size < k:
                raise ValueError(
                    f"n_neighbors={k} voters need at least {k} rows in the minority class plus "
                    f"the seeds; there are {store.size}. Lower n_neighbors or raise n_seeds_S."
                )
            rule = _NearestRule(Xf, code, counted.classes.size, store, rows, k)
            own = code[rows]
            # imbalanced-learn's skip set: row numbers of the seeds, then positions
            skip = set(np.asarray(seeds).tolist())
            for position in range(rows.size):
                if position in skip:
                    continue
                if rule.pred[position] != own[position]:
                    seeds.append(rows[position])
                    rule.add(int(rows[position]))
                    good = np.flatnonzero(rule.pred == own)
                    skip = set(np.asarray(seeds).tolist()) | set(good.tolist())
            kept.append(np.asarray(seeds, dtype=np.intp))
            store = np.asarray(rule.store)
            self.estimators_.append(NearestNeighbourRule(X[store], y[store], k))
        return self._keep(X, y, np.concatenate(kept))
