"""What the cleaning under-samplers share: they keep a subset of the rows, in order.

imbalanced-learn's cleaning samplers (Tomek links, the edited nearest neighbours
family, the condensed and one-sided selections, the neighbourhood cleaning rule)
decide per row whether to keep it; their output is ``X[sample_indices_]``.
``sampling_strategy`` names the classes that may lose rows (``"auto"``: every class
but the minority); rows of the other classes are always kept.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._labels import count_labels
from .._neighbors import canonical_float
from ..base import BaseSampler

__all__ = [
    "BaseCleaningSampler",
    "NearestNeighbourRule",
    "first_seen_minority",
    "grouped_by_class",
    "vote",
]


class BaseCleaningSampler(BaseSampler):
    """Base of the cleaning samplers: the output is the rows ``sample_indices_`` of X."""

    _sampling_type = "clean-sampling"
    _accept_sparse = True

    def _copied_rows(self) -> np.ndarray:
        return self.sample_indices_

    def _keep(self, X: np.ndarray, y: np.ndarray, indices: np.ndarray):
        self.sample_indices_ = np.asarray(indices, dtype=np.intp)
        return X[self.sample_indices_], y[self.sample_indices_]


def grouped_by_class(y: np.ndarray, keep: np.ndarray, targets: Any) -> np.ndarray:
    """Rows kept, grouped by class in sorted label order (imbalanced-learn's ENN order).

    ``keep`` is a boolean mask over the rows; rows of a class not in ``targets``
    are all kept.
    """
    out = []
    for label in count_labels(y).classes.tolist():
        rows = np.flatnonzero(y == label)
        out.append(rows[keep[rows]] if label in targets else rows)
    return np.concatenate(out) if out else np.empty(0, dtype=np.intp)


def first_seen_minority(y: np.ndarray) -> Any:
    """Return the smallest class, the first to appear in y among ties (as ``Counter``).

    imbalanced-learn's iterative samplers pick their minority as
    ``min(Counter(y), key=...)``, which breaks ties by first appearance in ``y``.
    """
    counted = count_labels(y)
    smallest = counted.counts == counted.counts.min()
    candidates = counted.classes[smallest]
    if candidates.size == 1:
        return candidates[0]
    first = [np.flatnonzero(y == c)[0] for c in candidates.tolist()]
    return candidates[int(np.argmin(first))]


def vote(codes: np.ndarray, n_classes: int) -> np.ndarray:
    """Return the most frequent class code of each row of ``codes`` (the smallest on ties).

    The k-NN majority vote with uniform weights, as ``scipy.stats.mode`` and
    scikit-learn's ``KNeighborsClassifier.predict`` break ties (the first
    class in sorted order).
    """
    votes = np.zeros((codes.shape[0], n_classes), dtype=np.intp)
    np.add.at(votes, (np.repeat(np.arange(codes.shape[0]), codes.shape[1]), codes.ravel()), 1)
    return np.argmax(votes, axis=1)


class NearestNeighbourRule:
    """A fitted k-NN rule (uniform votes) on the exact engine: ``estimators_`` of OSS and CNN.

    imbalanced-learn fits a ``KNeighborsClassifier`` on each store; this is the
    same rule with the attributes its tests read (``classes_``, ``n_neighbors``)
    and ``predict``.

    Parameters
    ----------
    X : ndarray of shape (n_store, n_features)
    y : ndarray of shape (n_store,)
    n_neighbors : int
    """

    def __init__(self, X: np.ndarray, y: np.ndarray, n_neighbors: int) -> None:
        self.n_neighbors = n_neighbors
        self._X = canonical_float(X)
        counted = count_labels(y, return_inverse=True)
        self.classes_ = counted.classes
        self._code = counted.inverse

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Return the majority class of the nearest stored rows (the smallest on ties)."""
        from .._neighbors import kneighbors

        nn = kneighbors(self._X, self.n_neighbors, queries=canonical_float(X))
        return self.classes_[vote(self._code[nn], self.classes_.size)]
