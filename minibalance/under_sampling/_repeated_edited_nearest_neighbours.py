r"""Repeated edited nearest neighbours (Tomek, 1976): ENN until nothing changes.

Apply :class:`EditedNearestNeighbours` to its own output again and again, for at
most ``max_iter`` rounds, stopping after the round in which (as
imbalanced-learn's ``RepeatedEditedNearestNeighbours``)

1. no row was removed, or
2. a class other than the minority fell below the minority's original count, or
3. a class disappeared.

The round that triggers 2 or 3 is kept. ``sampling_strategy`` is resolved again
on each round's labels. The minority is the smallest class of the input (the
first to appear in y among ties, as ``Counter`` orders them).
"""

from __future__ import annotations

import numpy as np

from .._labels import count_labels
from .._validation import check_int_param, check_sampling_strategy
from ._base import BaseCleaningSampler, first_seen_minority
from ._edited_nearest_neighbours import check_enn_params, edited_rows, set_enn_attributes

__all__ = ["RepeatedEditedNearestNeighbours", "edit_rounds"]


def edit_rounds(X, y, sampling_strategy, kind_sel, sizes, *, until_stable, allow_minority=False):
    """Apply ENN round after round, one neighbourhood size per round, as imbalanced-learn.

    Round ``r`` runs ENN with ``sizes[r]`` neighbours on the previous round's
    output, ``sampling_strategy`` resolved on its labels. The loop stops after
    a round in which a class other than the input's minority fell below that
    minority's count (unless ``allow_minority``), a class vanished, or (with
    ``until_stable``) nothing was removed.

    Returns
    -------
    indices : ndarray of intp
        The rows of X kept, in output order.
    n_rounds : int
    """
    minority = first_seen_minority(y)
    n_minority = int(np.count_nonzero(y == minority))
    n_classes = count_labels(y).classes.size
    indices = np.arange(y.shape[0], dtype=np.intp)
    X_, y_ = X, y
    n_rounds = 0
    for k in sizes:
        n_rounds += 1
        targets = check_sampling_strategy(sampling_strategy, y_, "clean-sampling")
        kept = edited_rows(X_, y_, targets, k, kind_sel)
        stable = kept.size == y_.shape[0]
        X_, y_, indices = X_[kept], y_[kept], indices[kept]
        counted = count_labels(y_)
        others = counted.counts[counted.classes != minority]
        too_small = bool(np.any(others < n_minority)) and not allow_minority
        if (until_stable and stable) or too_small or counted.classes.size < n_classes:
            break
    return indices, n_rounds


class RepeatedEditedNearestNeighbours(BaseCleaningSampler):
    """Under-sample by applying edited nearest neighbours repeatedly.

    A drop-in for ``imblearn.under_sampling.RepeatedEditedNearestNeighbours``.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows (``"auto"``: all but the minority).
    n_neighbors : int or estimator, default=3
        Neighbours consulted by each ENN round.
    max_iter : int, default=100
        Most ENN rounds.
    kind_sel : {"all", "mode"}, default="all"
        ENN's rule (see :class:`EditedNearestNeighbours`).
    n_jobs : int, default=None
        Accepted for compatibility; the k-NN engine uses every core.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes cleaned (resolved on the input).
    sample_indices_ : ndarray of intp
        The rows of X kept, in output order: ``X_res == X[sample_indices_]``.
    n_iter_ : int
        Rounds run.
    n_features_in_ : int
        Number of features.

    Notes
    -----
    imbalanced-learn composes ``sample_indices_`` with the last round's indices
    twice when it stops on convergence, which makes it disagree with its own
    output when the first round already converges on data not grouped by class;
    here ``sample_indices_`` always indexes the output.

    References
    ----------
    .. [1] I. Tomek, "An experiment with the edited nearest-neighbor rule", IEEE
       Transactions on Systems, Man, and Cybernetics 6(6), 448-452, 1976.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import RepeatedEditedNearestNeighbours
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(1.5, 1, (20, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(20, int)]
    >>> renn = RepeatedEditedNearestNeighbours()
    >>> X_res, y_res = renn.fit_resample(X, y)
    >>> bool(np.array_equal(X_res, X[renn.sample_indices_]))
    True
    """

    def __init__(
        self, *, sampling_strategy="auto", n_neighbors=3, max_iter=100, kind_sel="all", n_jobs=None
    ):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.max_iter = max_iter
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        check_enn_params(self)
        check_int_param(type(self).__name__, "max_iter", self.max_iter, 1)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        set_enn_attributes(self)
        sizes = [self.n_neighbors] * self.max_iter
        indices, self.n_iter_ = edit_rounds(
            X, y, self.sampling_strategy, self.kind_sel, sizes, until_stable=True
        )
        return self._keep(X, y, indices)
