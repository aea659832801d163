r"""All k-NN (Tomek, 1976): edited nearest neighbours with 1, 2, ..., k neighbours in turn.

Round ``i`` (``i = 1 .. n_neighbors``) applies :class:`EditedNearestNeighbours`
with ``i`` neighbours to the previous round's output. It stops early, keeping
that round, when a class other than the minority falls below the minority's
original count (unless ``allow_minority``) or a class disappears, as
imbalanced-learn's ``AllKNN``.
"""

from __future__ import annotations

import numpy as np

from .._nearest import n_neighbors_of
from .._validation import check_bool_param
from ._base import BaseCleaningSampler
from ._edited_nearest_neighbours import check_enn_params, set_enn_attributes
from ._repeated_edited_nearest_neighbours import edit_rounds

__all__ = ["AllKNN"]


class AllKNN(BaseCleaningSampler):
    """Under-sample by edited nearest neighbours with a growing neighbourhood.

    A drop-in for ``imblearn.under_sampling.AllKNN``.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows (``"auto"``: all but the minority).
    n_neighbors : int or estimator, default=3
        The largest neighbourhood (an estimator's ``n_neighbors`` minus one).
    kind_sel : {"all", "mode"}, default="all"
        ENN's rule (see :class:`EditedNearestNeighbours`).
    allow_minority : bool, default=False
        Go on even when a class falls below the minority's count.
    n_jobs : int, default=None
        Accepted for compatibility; the k-NN engine uses every core.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes cleaned (resolved on the input).
    sample_indices_ : ndarray of intp
        The rows of X kept, in output order.
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] I. Tomek, "An experiment with the edited nearest-neighbor rule", IEEE
       Transactions on Systems, Man, and Cybernetics 6(6), 448-452, 1976.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import AllKNN
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(1.5, 1, (20, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(20, int)]
    >>> X_res, y_res = AllKNN().fit_resample(X, y)
    >>> int((y_res == 1).sum())
    20
    """

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        n_neighbors=3,
        kind_sel="all",
        allow_minority=False,
        n_jobs=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.n_neighbors = n_neighbors
        self.kind_sel = kind_sel
        self.allow_minority = allow_minority
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        check_enn_params(self)
        check_bool_param(type(self).__name__, "allow_minority", self.allow_minority)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        set_enn_attributes(self)
        sizes = range(1, n_neighbors_of(self.n_neighbors) + 1)
        indices, _ = edit_rounds(
            X,
            y,
            self.sampling_strategy,
            self.kind_sel,
            sizes,
            until_stable=False,
            allow_minority=bool(self.allow_minority),
        )
        return self._keep(X, y, indices)
