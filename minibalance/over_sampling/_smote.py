r"""SMOTE: Synthetic Minority Over-sampling TEchnique (Chawla et al., 2002).

For a class to over-sample, SMOTE finds the ``k`` nearest same-class neighbours
of every sample, then makes each synthetic sample by picking a sample
:math:`x_r` of the class and one of its neighbours :math:`x_n` at random, and a
point on the segment between them:

.. math:: x_{new} = x_r + s \, (x_n - x_r), \qquad s \sim U[0, 1).

The randomness follows imbalanced-learn draw for draw, so an integer
``random_state`` gives the same rows:

- an integer seed seeds a *fresh* ``RandomState`` for every class (imbalanced-learn
  calls ``check_random_state`` once per class), a ``RandomState`` instance is one
  shared stream;
- per class, ``randint(0, n_class * k, size=n_new)`` picks (row, neighbour) pairs as
  ``divmod(draw, k)``, then ``uniform(size=n_new)`` the steps.

The draws and the arithmetic are the family's shared step
(:mod:`minibalance.over_sampling._base`), the neighbours come from
:mod:`minibalance._neighbors`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._nearest import check_neighbors_param, neighbors_estimator, neighbors_of
from ..base import BaseSampler
from ._base import SyntheticRows, draw_pairs

__all__ = ["SMOTE"]


class SMOTE(BaseSampler):
    """Over-sample by interpolating between same-class nearest neighbours.

    A drop-in for ``imblearn.over_sampling.SMOTE``: the same parameters and, for
    an integer or ``RandomState`` ``random_state``, the same rows bit for bit
    (on data whose nearest neighbours have no distance ties).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and to how many samples; see
        :func:`minibalance.utils.check_sampling_strategy`. ``"auto"``
        brings every class up to the majority's count.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws. An int seeds a fresh ``RandomState`` per class, as
        imbalanced-learn does. A ``Generator`` is accepted too (its draws differ
        from imbalanced-learn's, which does not accept one).
    k_neighbors : int or object with ``kneighbors``, default=5
        Number of nearest neighbours to interpolate with, or a nearest-neighbours
        estimator (fitted on each class, asked for ``n_neighbors`` points of
        which the first, the query itself, is dropped).

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of synthetic samples generated.
    nn_k_ : estimator
        The neighbours searched (imbalanced-learn's attribute):
        ``ExactNearestNeighbors(k_neighbors + 1)``, or a copy of the estimator given.
    n_features_in_ : int
        Number of features seen in ``fit_resample``.
    feature_names_in_ : ndarray of str
        Column names, when X was a DataFrame.
    base_indices_ : ndarray of intp, shape (n_synthetic,)
        For each synthetic row (in output order), the row of the original X it
        starts from.
    neighbor_indices_ : ndarray of intp, shape (n_synthetic,)
        The row of the original X it moves towards.
    steps_ : ndarray of float64, shape (n_synthetic,)
        The interpolation factor in [0, 1):
        ``X_res[n + i] == X[base] + steps_[i] * (X[neighbor] - X[base])``.

    Notes
    -----
    Output rows: the original rows first, unchanged and in order, then one block
    of synthetic rows per class in sorted label order. The dtype of X is kept;
    integer X is interpolated in float64 and truncated, as imbalanced-learn does,
    except that the difference ``X[neighbor] - X[base]`` is taken where it cannot
    wrap around (imbalanced-learn subtracts in X's dtype, so unsigned or
    overflowing differences put its rows off the segment).

    Memory: the output array, one class's rows (and their float64 copy for the
    distances), its neighbour table, and tiles of bounded size; never an
    n x n distance matrix.

    References
    ----------
    .. [1] N. V. Chawla, K. W. Bowyer, L. O. Hall and W. P. Kegelmeyer, "SMOTE:
       Synthetic Minority Over-sampling Technique", Journal of Artificial
       Intelligence Research 16, 321-357, 2002.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.over_sampling import SMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(100, 2))
    >>> y = np.r_[np.zeros(90, int), np.ones(10, int)]
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res).tolist()
    [90, 90]
    >>> bool(np.array_equal(X_res[:100], X))
    True
    """

    _sampling_type = "over-sampling"
    _accept_sparse = True

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _check_params(self) -> None:
        super()._check_params()
        check_neighbors_param(type(self).__name__, "k_neighbors", self.k_neighbors, 5)

    def _class_neighbors(self, X: np.ndarray, class_rows: np.ndarray, label: Any, queries=None):
        """Return the ``k_neighbors`` same-class neighbours (rows of X) of class rows.

        ``queries``: positions within the class of the rows asked about (all by default).
        """
        nn = neighbors_of(
            X[class_rows],
            self.k_neighbors,
            "k_neighbors",
            queries=queries,
            what=f"class {label!r}",
            fix=", leave this class out of sampling_strategy, or use RandomOverSampler for it",
        )
        return class_rows[nn]

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        self.nn_k_ = neighbors_estimator(self.k_neighbors)
        synthetic = SyntheticRows(X, y)
        for label, n_class_new in self.sampling_strategy_.items():
            if n_class_new == 0:
                continue
            class_rows = np.flatnonzero(y == label)
            nn = self._class_neighbors(X, class_rows, label)
            rows, neighbors, steps = draw_pairs(self.random_state, nn, n_class_new)
            synthetic.add(label, class_rows[rows], neighbors, steps)
        return synthetic.build(self)
