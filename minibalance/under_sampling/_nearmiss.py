r"""NearMiss (Mani & Zhang, 2003): keep the majority rows nearest to the minority.

For each row :math:`x` of a class to under-sample, a score from its Euclidean
distances to the minority class (the smallest class):

- **version 1**: the sum of the distances to its ``k`` nearest minority rows;
  the rows with the *smallest* scores are kept;
- **version 2**: the sum of the distances to its ``k`` *farthest* minority
  rows; the smallest scores are kept;
- **version 3**: first, only the rows among the ``n_neighbors_ver3`` nearest
  of some minority row are candidates; of those, the rows with the *largest*
  version-1 scores are kept.

(imbalanced-learn sums where the paper averages; the order is the same.) Rows
come out grouped by class in sorted label order; a class under-sampled lists
its kept rows by score (ties by row order), as imbalanced-learn's stable sort.

The distances come from the exact engine: nearest and farthest rows of the
minority for points of another class, and their exact Euclidean distances.
Memory stays bounded (imbalanced-learn's version 2 builds the full majority x
minority distance matrix).
"""

from __future__ import annotations

import warnings

import numpy as np

from .._labels import count_labels
from .._nearest import check_neighbors_param, is_int_param, neighbors_estimator
from .._neighbors import distances, kneighbors
from .._validation import check_n_jobs_param, parameter_error
from ..base import BaseSampler, fresh_copy
from ._base import first_seen_minority

__all__ = ["NearMiss"]


def _nearest_distances(X_ref, Q, value, name, *, farthest=False, n_all=None):
    """Distances from each point of ``Q`` to its nearest (or farthest) rows of ``X_ref``.

    Sorted nearest first, as scikit-learn's ``kneighbors`` returns them.
    """
    if Q.shape[0] == 0:
        return np.empty((0, 0))
    if not is_int_param(value):  # an estimator: scikit-learn's own distances
        est = fresh_copy(value)
        est.fit(X_ref)
        k = n_all if farthest else None
        dist = est.kneighbors(Q, n_neighbors=k)[0] if k else est.kneighbors(Q)[0]
        return np.asarray(dist)[:, -int(value.n_neighbors) :] if farthest else np.asarray(dist)
    k = int(value)
    if farthest:
        k = min(k, X_ref.shape[0])
    elif X_ref.shape[0] < k:
        raise ValueError(
            f"{name}={k} needs at least {k} samples of the class searched; it has "
            f"{X_ref.shape[0]}. Lower {name}."
        )
    nn = kneighbors(X_ref, k, queries=Q, farthest=farthest)
    dist = distances(X_ref, Q, nn)
    return dist[:, ::-1] if farthest else dist  # ascending, like scikit-learn's columns


# Rows of a class scored at a time (bounds the copy of the rows being scored).
_SCORE_CHUNK = 1 << 17


def _scores(X_min, X, rows, value, *, farthest, n_all):
    """Sum of each row's distances to its nearest (farthest) minority rows, chunk by chunk."""
    parts = [
        np.sum(
            _nearest_distances(
                X_min,
                X[rows[c : c + _SCORE_CHUNK]],
                value,
                "n_neighbors",
                farthest=farthest,
                n_all=n_all,
            ),
            axis=1,
        )
        for c in range(0, rows.size, _SCORE_CHUNK)
    ]
    return np.concatenate(parts) if parts else np.empty(0)


class NearMiss(BaseSampler):
    """Under-sample by keeping the rows of the larger classes nearest to the minority.

    A drop-in for ``imblearn.under_sampling.NearMiss``: the same rows in the same
    order (on data whose distances have no ties).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to under-sample and to how many rows.
    version : {1, 2, 3}, default=1
        The NearMiss heuristic (see the module notes).
    n_neighbors : int or estimator, default=3
        Minority neighbours whose distances make the score.
    n_neighbors_ver3 : int or estimator, default=3
        Version 3: neighbours of each minority row that become candidates.
    n_jobs : int, default=None
        Accepted for compatibility; the k-NN engine uses every core.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> rows kept.
    sample_indices_ : ndarray of intp
        The rows of X kept, in output order.
    n_features_in_ : int
        Number of features.

    Warns
    -----
    UserWarning
        Version 3 finds fewer candidates than rows to keep (all are kept).

    References
    ----------
    .. [1] I. Mani and I. Zhang, "kNN approach to unbalanced data distributions:
       a case study involving information extraction", ICML Workshop on
       Learning from Imbalanced Datasets, 2003.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import NearMiss
    >>> X = np.array([[0.0], [1.0], [2.5], [9.0], [10.0], [0.4], [1.6]])
    >>> y = np.array([0, 0, 0, 0, 0, 1, 1])
    >>> X_res, y_res = NearMiss(n_neighbors=1).fit_resample(X, y)
    >>> X_res.ravel().tolist()
    [0.0, 1.0, 0.4, 1.6]
    """

    _sampling_type = "under-sampling"
    _accept_sparse = True

    def __init__(
        self, *, sampling_strategy="auto", version=1, n_neighbors=3, n_neighbors_ver3=3, n_jobs=None
    ):
        self.sampling_strategy = sampling_strategy
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        if not (is_int_param(self.version) and self.version in (1, 2, 3)):
            raise parameter_error(owner, "version", "an int among {1, 2, 3}", self.version)
        check_neighbors_param(owner, "n_neighbors", self.n_neighbors, 3)
        check_neighbors_param(owner, "n_neighbors_ver3", self.n_neighbors_ver3, 3)
        check_n_jobs_param(owner, self.n_jobs)

    def _copied_rows(self) -> np.ndarray:
        return self.sample_indices_

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        self.nn_ = neighbors_estimator(self.n_neighbors, additional=0)
        if self.version == 3:
            self.nn_ver3_ = neighbors_estimator(self.n_neighbors_ver3, additional=0)
        minority = first_seen_minority(y)
        X_min = X[y == minority]
        k = self.n_neighbors
        kept = []
        for label in count_labels(y).classes.tolist():
            rows = np.flatnonzero(y == label)
            if label not in self.sampling_strategy_:
                kept.append(rows)
                continue
            n_keep = self.sampling_strategy_[label]
            candidates = np.arange(rows.size)
            if self.version == 3:
                near = _nearest_neighbor_rows(X[rows], X_min, self.n_neighbors_ver3)
                candidates = np.unique(near.ravel())
            far = self.version == 2
            score = _scores(X_min, X, rows[candidates], k, farthest=far, n_all=X_min.shape[0])
            # Python's sorted (stable); reverse=True keeps equal scores in row order too.
            order = np.argsort(-score if self.version == 3 else score, kind="stable")
            if order.size < n_keep:
                warnings.warn(
                    "The number of the samples to be selected is larger than the number of "
                    "samples available. The balancing ratio cannot be ensure and all samples "
                    "will be returned.",
                    UserWarning,
                    stacklevel=3,
                )
            kept.append(rows[candidates[order[:n_keep]]])
        self.sample_indices_ = np.concatenate(kept).astype(np.intp)
        return X[self.sample_indices_], y[self.sample_indices_]


def _nearest_neighbor_rows(X_class, X_min, value):
    """Rows of ``X_class`` among the nearest of each minority row (NearMiss-3's candidates)."""
    if not is_int_param(value):
        est = fresh_copy(value)
        est.fit(X_class)
        return np.asarray(est.kneighbors(X_min, return_distance=False))
    k = int(value)
    if X_class.shape[0] < k:
        raise ValueError(
            f"n_neighbors_ver3={k} needs at least {k} samples in each class under-sampled; "
            f"one has {X_class.shape[0]}. Lower n_neighbors_ver3."
        )
    return kneighbors(X_class, k, queries=X_min)
