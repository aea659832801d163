r"""Edited nearest neighbours (Wilson, 1972): remove the rows their neighbours disagree with.

For every row :math:`x_i` of a targeted class, take its ``k`` nearest other rows
of X (all classes). With ``kind_sel="all"`` the row is kept only if *all* of them
share its class; with ``kind_sel="mode"`` if the most frequent class among them
(the smallest label among ties, as ``scipy.stats.mode``) is its class. Rows of
classes not targeted are always kept.

The neighbours come from the exact engine: the ``k + 1`` nearest rows of X to
each targeted row, of which the first (the row itself) is dropped, as
imbalanced-learn does.
"""

from __future__ import annotations

import numpy as np

from .._labels import count_labels
from .._nearest import check_neighbors_param, neighbors_estimator, neighbors_of
from .._validation import check_n_jobs_param, check_options_param
from ._base import BaseCleaningSampler, grouped_by_class, vote

__all__ = ["EditedNearestNeighbours", "check_enn_params", "edited_rows", "set_enn_attributes"]


def check_enn_params(sampler) -> None:
    """Check the parameters the ENN family shares: n_neighbors, kind_sel, n_jobs."""
    owner = type(sampler).__name__
    check_neighbors_param(owner, "n_neighbors", sampler.n_neighbors, 3)
    check_options_param(owner, "kind_sel", sampler.kind_sel, ("all", "mode"))
    check_n_jobs_param(owner, sampler.n_jobs)


def set_enn_attributes(sampler) -> None:
    """Set ``nn_`` and ``enn_``, imbalanced-learn's attributes of RENN and AllKNN."""
    sampler.nn_ = neighbors_estimator(sampler.n_neighbors)
    sampler.enn_ = EditedNearestNeighbours(
        sampling_strategy=sampler.sampling_strategy,
        n_neighbors=sampler.nn_,
        kind_sel=sampler.kind_sel,
        n_jobs=sampler.n_jobs,
    )


def edited_rows(X, y, targets, n_neighbors, kind_sel) -> np.ndarray:
    """Return the rows ENN keeps, grouped by class in sorted label order.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    targets : collection
        The classes that may lose rows.
    n_neighbors : int or estimator
    kind_sel : {"all", "mode"}

    Returns
    -------
    ndarray of intp
    """
    counted = count_labels(y, return_inverse=True)
    code = counted.inverse
    targeted = np.isin(y, np.asarray(list(targets), dtype=y.dtype))
    rows = np.flatnonzero(targeted)
    keep = np.ones(y.shape[0], dtype=bool)
    if rows.size:
        nn = neighbors_of(X, n_neighbors, "n_neighbors", queries=rows)
        labels = code[nn]
        own = code[rows]
        if kind_sel == "all":
            keep[rows] = np.all(labels == own[:, None], axis=1)
        else:
            keep[rows] = vote(labels, counted.classes.size) == own
    return grouped_by_class(y, keep, targets)


class EditedNearestNeighbours(BaseCleaningSampler):
    """Under-sample by removing the rows whose nearest neighbours are of another class.

    A drop-in for ``imblearn.under_sampling.EditedNearestNeighbours``: the same
    rows kept, in the same order (on data whose neighbours have no distance ties).

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows (``"auto"``: all but the minority).
    n_neighbors : int or estimator, default=3
        Neighbours of each row to consult, or a k-NN estimator (its
        ``n_neighbors`` includes the row itself).
    kind_sel : {"all", "mode"}, default="all"
        Keep a row if all its neighbours share its class, or if their most
        frequent class is its class.
    n_jobs : int, default=None
        Accepted for compatibility; the k-NN engine uses every core.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes cleaned.
    sample_indices_ : ndarray of intp
        The rows of X kept: grouped by class in sorted label order, each class
        in its original order (imbalanced-learn's output order).
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] D. L. Wilson, "Asymptotic properties of nearest neighbor rules using
       edited data", IEEE Transactions on Systems, Man, and Cybernetics 2(3),
       408-421, 1972.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import EditedNearestNeighbours
    >>> X = np.array([[0.0], [0.1], [0.2], [0.3], [5.0], [5.1], [5.2], [0.15]])
    >>> y = np.array([0, 0, 0, 0, 1, 1, 1, 1])
    >>> X_res, y_res = EditedNearestNeighbours(n_neighbors=2).fit_resample(X, y)
    >>> y_res.tolist()  # classes tie: 0 counts as the minority, 1 is edited
    [0, 0, 0, 0, 1, 1, 1]
    """

    def __init__(self, *, sampling_strategy="auto", n_neighbors=3, kind_sel="all", n_jobs=None):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        check_enn_params(self)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        self.nn_ = neighbors_estimator(self.n_neighbors)
        kept = edited_rows(X, y, self.sampling_strategy_, self.n_neighbors, self.kind_sel)
        return self._keep(X, y, kept)
