r"""The neighbourhood cleaning rule (Laurikkala, 2001).

Two sets of rows are removed from the classes to clean:

- :math:`A_1`: the rows edited out by ENN (``kind_sel="mode"``: a row goes when
  the most frequent class among its ``k`` nearest other rows is not its own);
- :math:`A_2`: the ``k`` nearest other rows of every minority row that a
  ``k``-NN vote (the row itself among the voters, as scikit-learn's
  ``KNeighborsClassifier.predict`` on its training rows) misclassifies, if
  they belong to a class to clean: a targeted class with more than
  ``threshold_cleaning`` times the minority's rows.

The rest is kept in its original order. One exact search of the ``k + 1``
nearest rows of each minority row serves both the vote (the first ``k``) and
:math:`A_2` (the last ``k``).
"""

from __future__ import annotations

import numbers

import numpy as np

from .._labels import count_labels
from .._nearest import check_neighbors_param, is_int_param
from .._neighbors import kneighbors
from .._validation import check_n_jobs_param, parameter_error
from ..base import fresh_copy
from ._base import BaseCleaningSampler, first_seen_minority, vote
from ._edited_nearest_neighbours import EditedNearestNeighbours

__all__ = ["NeighbourhoodCleaningRule"]


class NeighbourhoodCleaningRule(BaseCleaningSampler):
    """Under-sample by ENN plus the neighbours of the misclassified minority rows.

    A drop-in for ``imblearn.under_sampling.NeighbourhoodCleaningRule``.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
        The classes that may lose rows (``"auto"``: all but the minority).
    edited_nearest_neighbours : sampler, default=None
        The first step; ``None``: ``EditedNearestNeighbours(sampling_strategy,
        n_neighbors, kind_sel="mode")``.
    n_neighbors : int or estimator, default=3
        Neighbours of the vote (an estimator's ``n_neighbors`` minus one).
    threshold_cleaning : float > 0, default=0.5
        A targeted class is cleaned of :math:`A_2` rows only if it has more than
        ``threshold_cleaning`` times the minority's rows.
    n_jobs : int, default=None
        Accepted for compatibility.

    Attributes
    ----------
    sampling_strategy_ : dict
        The classes targeted.
    classes_to_clean_ : list
        The classes cleaned of :math:`A_2` rows.
    edited_nearest_neighbours_ : sampler
        The fitted first step.
    sample_indices_ : ndarray of intp
        The rows of X kept, in their original order.
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] J. Laurikkala, "Improving identification of difficult small classes
       by balancing class distribution", Artificial Intelligence in Medicine
       (AIME), 63-66, 2001.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import NeighbourhoodCleaningRule
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (60, 2)), rng.normal(1.5, 1, (20, 2))]
    >>> y = np.r_[np.zeros(60, int), np.ones(20, int)]
    >>> X_res, y_res = NeighbourhoodCleaningRule().fit_resample(X, y)
    >>> int((y_res == 1).sum())
    20
    """

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        edited_nearest_neighbours=None,
        n_neighbors=3,
        threshold_cleaning=0.5,
        n_jobs=None,
    ):
        self.sampling_strategy = sampling_strategy
        self.edited_nearest_neighbours = edited_nearest_neighbours
        self.n_neighbors = n_neighbors
        self.threshold_cleaning = threshold_cleaning
        self.n_jobs = n_jobs

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        enn = self.edited_nearest_neighbours
        if enn is not None and not hasattr(enn, "fit_resample"):
            raise parameter_error(
                owner,
                "edited_nearest_neighbours",
                "an object implementing 'fit_resample' or None",
                enn,
            )
        check_neighbors_param(owner, "n_neighbors", self.n_neighbors, 3)
        t = self.threshold_cleaning
        if not (isinstance(t, numbers.Real) and not isinstance(t, bool) and t > 0):
            raise parameter_error(owner, "threshold_cleaning", "a float in the range (0, inf)", t)
        check_n_jobs_param(owner, self.n_jobs)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        if self.edited_nearest_neighbours is None:
            enn = EditedNearestNeighbours(
                sampling_strategy=self.sampling_strategy,
                n_neighbors=self.n_neighbors,
                kind_sel="mode",
                n_jobs=self.n_jobs,
            )
        else:
            enn = fresh_copy(self.edited_nearest_neighbours)
        self.edited_nearest_neighbours_ = enn
        enn.fit_resample(X, y)
        removed = np.ones(y.shape[0], dtype=bool)
        removed[enn.sample_indices_] = False  # A1

        counted = count_labels(y, return_inverse=True)
        minority = first_seen_minority(y)
        n_minority = int(np.count_nonzero(y == minority))
        seen = y[np.sort(np.unique(counted.inverse, return_index=True)[1])]  # Counter's order
        self.classes_to_clean_ = [
            c
            for c in seen.tolist()
            if c in self.sampling_strategy_
            and np.count_nonzero(y == c) > n_minority * self.threshold_cleaning
        ]
        value = self.n_neighbors
        k = int(value) if is_int_param(value) else int(value.n_neighbors) - 1
        minority_rows = np.flatnonzero(y == minority)
        if X.shape[0] < k + 1:
            raise ValueError(
                f"n_neighbors={k} needs at least {k + 1} samples; X has {X.shape[0]}. "
                "Lower n_neighbors."
            )
        nn = kneighbors(X, k + 1, queries=minority_rows, exclude_self=False)
        code = counted.inverse
        wrong = vote(code[nn[:, :k]], counted.classes.size) != code[minority_rows]
        a2 = np.unique(nn[wrong, 1:])
        a2 = a2[np.isin(y[a2], np.asarray(self.classes_to_clean_, dtype=y.dtype))]
        removed[a2] = True
        return self._keep(X, y, np.flatnonzero(~removed))
