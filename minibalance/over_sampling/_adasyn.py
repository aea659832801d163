r"""ADASYN (He, Bai, Garcia & Li, 2008): more synthetic samples where the class is harder.

For each row :math:`x_i` of a class to over-sample, :math:`r_i` is the share of
other classes among its ``k`` nearest other rows of X. Normalised,
:math:`\hat r_i = r_i / \sum_j r_j`, it decides how many new samples
:math:`g_i = \mathrm{rint}(\hat r_i\, G)` the row seeds (``G`` asked for by
``sampling_strategy``; the total :math:`\sum g_i` is what is generated). Each new
sample interpolates between :math:`x_i` and one of its ``k`` nearest same-class
rows, picked uniformly, with a step :math:`s \sim U[0, 1)`.

The randomness follows imbalanced-learn: one ``check_random_state`` stream for
the whole call; per class, ``choice(k, size=n)`` picks the neighbours, then
``uniform(size=n)`` the steps.
"""

from __future__ import annotations

import numpy as np

from .._nearest import check_neighbors_param, neighbors_estimator, neighbors_of
from .._validation import check_random_state
from ..base import BaseSampler
from ._base import SyntheticRows

__all__ = ["ADASYN"]


class ADASYN(BaseSampler):
    """Over-sample adaptively: more new samples next to the other classes.

    A drop-in for ``imblearn.over_sampling.ADASYN``: the same rows for the same
    integer or ``RandomState`` seed (on data whose neighbours have no distance
    ties).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and by about how many samples.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws.
    n_neighbors : int or estimator, default=5
        Neighbours that measure the difficulty and that are interpolated with.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of synthetic samples asked for (the rounding of the
        ratios decides the number made).
    base_indices_, neighbor_indices_ : ndarray of intp
        For each synthetic row, the rows of X it lies between.
    steps_ : ndarray of float64
        ``X_res[n + i] == X[base] + steps_[i] * (X[neighbor] - X[base])``.
    n_features_in_ : int
        Number of features.

    Raises
    ------
    RuntimeError
        No neighbour of the class's rows belongs to another class.
    ValueError
        The rounded ratios ask for no sample.

    References
    ----------
    .. [1] H. He, Y. Bai, E. A. Garcia and S. Li, "ADASYN: Adaptive synthetic
       sampling approach for imbalanced learning", IEEE International Joint
       Conference on Neural Networks, 1322-1328, 2008.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import ADASYN
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (90, 2)), rng.normal(1, 1, (20, 2))]
    >>> y = np.r_[np.zeros(90, int), np.ones(20, int)]
    >>> X_res, y_res = ADASYN(random_state=0).fit_resample(X, y)
    >>> bool(np.array_equal(X_res[:110], X))
    True
    """

    _sampling_type = "over-sampling"
    _accept_sparse = True

    def __init__(self, *, sampling_strategy="auto", random_state=None, n_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.n_neighbors = n_neighbors

    def _check_params(self) -> None:
        super()._check_params()
        check_neighbors_param(type(self).__name__, "n_neighbors", self.n_neighbors, 5)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        self.nn_ = neighbors_estimator(self.n_neighbors)
        rng = check_random_state(self.random_state)
        synthetic = SyntheticRows(X, y)
        for label, n_asked in self.sampling_strategy_.items():
            if n_asked == 0:
                continue
            class_rows = np.flatnonzero(y == label)
            nn = neighbors_of(X, self.n_neighbors, "n_neighbors", queries=class_rows)
            k = nn.shape[1]
            ratio = np.sum(y[nn] != label, axis=1) / k
            if not np.sum(ratio):
                raise RuntimeError(
                    "Not any neigbours belong to the majority class. This case will induce a "
                    "NaN case with a division by zero. ADASYN is not suited for this specific "
                    f"dataset. Use SMOTE instead (class {label!r}: every one of its rows has "
                    f"only rows of its own class among its n_neighbors={k} nearest)."
                )
            ratio /= np.sum(ratio)
            per_row = np.rint(ratio * n_asked).astype(int)
            n_new = int(np.sum(per_row))
            if not n_new:
                raise ValueError(
                    "No samples will be generated with the provided ratio settings "
                    f"(class {label!r}: {n_asked} asked for, spread over {class_rows.size} "
                    "rows, rounds to none); ask for more samples in sampling_strategy."
                )
            same = class_rows[
                neighbors_of(
                    X[class_rows], self.n_neighbors, "n_neighbors", what=f"class {label!r}"
                )
            ]
            rows = np.repeat(np.arange(class_rows.size), per_row)
            cols = rng.choice(k, size=n_new)
            steps = (
                rng.uniform(size=n_new)
                if not isinstance(rng, np.random.Generator)
                else rng.random(n_new)
            )
            synthetic.add(label, class_rows[rows], same[rows, cols], steps)
        return synthetic.build(self)
