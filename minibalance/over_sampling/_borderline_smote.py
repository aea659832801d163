r"""Borderline-SMOTE (Han, Wang & Mao, 2005): SMOTE from the rows on the class boundary.

For each row :math:`x` of a class to over-sample, count among its ``m`` nearest
other rows of X the rows of other classes, :math:`m'`. The row is

- *noise* if :math:`m' = m` (only other classes around it),
- *in danger* if :math:`m / 2 \le m' < m` (on the boundary),
- *safe* otherwise.

Only the rows in danger seed new samples, by SMOTE's draw of (row, neighbour)
pairs: with ``kind="borderline-1"`` the neighbours are the row's ``k`` nearest
of its own class; with ``kind="borderline-2"`` its ``k`` nearest rows of X of any
class, and a step towards a neighbour of another class is shrunk by a factor
:math:`u \sim U[0, 0.5)` (a second stream: imbalanced-learn calls
``check_random_state`` again, so an int seed restarts it). A class with no row
in danger gets no new samples, as in imbalanced-learn.
"""

from __future__ import annotations

import numpy as np

from .._nearest import check_neighbors_param, neighbors_estimator, neighbors_of
from .._validation import check_options_param, check_random_state
from ._base import SyntheticRows, draw_pairs
from ._smote import SMOTE

__all__ = ["BorderlineSMOTE", "danger_and_noise"]


def danger_and_noise(X, y, rows, label, m_neighbors) -> tuple[np.ndarray, np.ndarray]:
    """Mark which of ``rows`` (of class ``label``) are in danger and which are noise.

    The ``m`` nearest other rows of X of each (imbalanced-learn's ``_in_danger_noise``).
    """
    nn = neighbors_of(X, m_neighbors, "m_neighbors", queries=rows)
    m = nn.shape[1]
    n_other = np.count_nonzero(y[nn] != label, axis=1)
    return (n_other >= m / 2) & (n_other < m), n_other == m


class BorderlineSMOTE(SMOTE):
    """Over-sample with SMOTE seeded by the minority rows on the class boundary.

    A drop-in for ``imblearn.over_sampling.BorderlineSMOTE``: the same rows for
    the same integer or ``RandomState`` seed (on data whose neighbours have no
    distance ties).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and by how many samples.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws.
    k_neighbors : int or estimator, default=5
        Neighbours to interpolate with.
    m_neighbors : int or estimator, default=10
        Neighbours (among all rows) that decide whether a row is in danger.
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
        Interpolate with neighbours of the same class only, or of any class.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of synthetic samples asked for.
    in_danger_indices : dict
        Class -> the rows of X found in danger (imbalanced-learn's name, without
        the trailing underscore).
    base_indices_, neighbor_indices_ : ndarray of intp
        For each synthetic row, the rows of X it lies between.
    steps_ : ndarray of float64
        ``X_res[n + i] == X[base] + steps_[i] * (X[neighbor] - X[base])``
        (borderline-2: the product of the step and the shrink factor).
    n_features_in_ : int
        Number of features.

    References
    ----------
    .. [1] H. Han, W.-Y. Wang and B.-H. Mao, "Borderline-SMOTE: a new
       over-sampling method in imbalanced data sets learning", Advances in
       Intelligent Computing (ICIC), 878-887, 2005.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import BorderlineSMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = np.r_[rng.normal(0, 1, (90, 2)), rng.normal(1, 1, (20, 2))]
    >>> y = np.r_[np.zeros(90, int), np.ones(20, int)]
    >>> X_res, y_res = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [90, 90]
    """

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        m_neighbors=10,
        kind="borderline-1",
    ):
        super().__init__(
            sampling_strategy=sampling_strategy, random_state=random_state, k_neighbors=k_neighbors
        )
        self.m_neighbors = m_neighbors
        self.kind = kind

    def _check_params(self) -> None:
        super()._check_params()
        owner = type(self).__name__
        check_neighbors_param(owner, "m_neighbors", self.m_neighbors, 10)
        check_options_param(owner, "kind", self.kind, ("borderline-1", "borderline-2"))

    def _fit_resample(self, X: np.ndarray, y: np.ndarray):
        self.nn_k_ = neighbors_estimator(self.k_neighbors)
        self.nn_m_ = neighbors_estimator(self.m_neighbors)
        synthetic = SyntheticRows(X, y)
        self.in_danger_indices = {}
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            class_rows = np.flatnonzero(y == label)
            danger, _ = danger_and_noise(X, y, class_rows, label, self.m_neighbors)
            if not danger.any():
                continue
            danger_rows = class_rows[danger]
            self.in_danger_indices[label] = danger_rows
            if self.kind == "borderline-1":
                nn = self._class_neighbors(X, class_rows, label, queries=np.flatnonzero(danger))
                rows, neighbors, steps = draw_pairs(self.random_state, nn, n_new)
                synthetic.add(label, danger_rows[rows], neighbors, steps)
                continue
            nn = neighbors_of(X, self.k_neighbors, "k_neighbors", queries=danger_rows)
            rows, neighbors, steps = draw_pairs(self.random_state, nn, n_new)
            other = y[neighbors] != label
            scale = np.ones(n_new)
            rng = check_random_state(self.random_state)
            scale[other] = rng.uniform(low=0.0, high=0.5, size=int(other.sum()))
            synthetic.add(label, danger_rows[rows], neighbors, steps, scale)
        return synthetic.build(self)
