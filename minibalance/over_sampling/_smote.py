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

The arithmetic is in :mod:`minibalance._kernels.interpolate`, the neighbours come
from :mod:`minibalance._neighbors`.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .._neighbors import kneighbors
from .._validation import check_random_state, parameter_error
from ..base import BaseSampler

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
        :func:`minibalance._validation.check_sampling_strategy`. ``"auto"``
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

    def __init__(self, *, sampling_strategy="auto", random_state=None, k_neighbors=5):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors

    def _check_params(self) -> None:
        super()._check_params()
        k = self.k_neighbors
        is_int = isinstance(k, numbers.Integral) and not isinstance(k, bool)
        if (is_int and k < 1) or (
            not is_int and not (hasattr(k, "kneighbors") and hasattr(k, "kneighbors_graph"))
        ):
            raise parameter_error(
                type(self).__name__,
                "k_neighbors",
                "an int in the range [1, inf) or an object implementing 'kneighbors' and "
                "'kneighbors_graph'",
                k,
                "The default is 5; sklearn.neighbors.NearestNeighbors is such an object.",
            )

    def _neighbors_of(self, X_class: np.ndarray, label: Any) -> np.ndarray:
        k = self.k_neighbors
        if isinstance(k, numbers.Integral) and not isinstance(k, bool):
            if X_class.shape[0] <= k:
                raise ValueError(
                    f"k_neighbors={k} needs at least {k + 1} samples of class {label!r}; "
                    f"it has {X_class.shape[0]}. Lower k_neighbors (to at most "
                    f"{X_class.shape[0] - 1}), leave this class out of sampling_strategy, "
                    "or use RandomOverSampler for it."
                )
            return kneighbors(X_class, int(k))
        # A fresh copy per class, as imbalanced-learn clones the estimator.
        est = type(k)(**k.get_params(deep=False)) if hasattr(k, "get_params") else k
        est.fit(X_class)
        nn = np.asarray(est.kneighbors(X_class, return_distance=False))
        return nn[:, 1:].astype(np.intp, copy=False)

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if X.dtype == np.bool_:  # imbalanced-learn fails on the boolean subtraction
            raise TypeError(
                "X has dtype bool, but SMOTE interpolates between rows (x + s * (x_n - x)); "
                "pass X.astype(float) (or use RandomOverSampler, which only copies rows)."
            )
        plan = [(c, n) for c, n in self.sampling_strategy_.items() if n > 0]
        n_samples = X.shape[0]
        n_new = sum(n for _, n in plan)
        X_res = np.empty((n_samples + n_new, X.shape[1]), dtype=X.dtype)
        X_res[:n_samples] = X
        y_res = np.empty(n_samples + n_new, dtype=y.dtype)
        y_res[:n_samples] = y
        self.base_indices_ = np.empty(n_new, dtype=np.intp)
        self.neighbor_indices_ = np.empty(n_new, dtype=np.intp)
        self.steps_ = np.empty(n_new)

        interpolate = _interpolation_kernel(X.dtype)
        start = n_samples
        for label, n_class_new in plan:
            class_rows = np.flatnonzero(y == label)
            X_class = X[class_rows]
            nn = self._neighbors_of(X_class, label)
            k = nn.shape[1]
            # imbalanced-learn re-runs check_random_state for every class: an int
            # seed restarts the same stream, a RandomState instance continues.
            rng = check_random_state(self.random_state)
            if isinstance(rng, np.random.Generator):
                draws = rng.integers(0, nn.size, size=n_class_new)
                steps = rng.random(n_class_new)
            else:
                draws = rng.randint(low=0, high=nn.size, size=n_class_new)
                steps = 1.0 * rng.uniform(size=n_class_new)
            rows = draws // k
            cols = draws - rows * k  # draws % k, without a second division
            neighbors = nn[rows, cols]
            stop = start + n_class_new
            interpolate(X_class, rows, neighbors, steps, X_res[start:stop])
            y_res[start:stop] = label
            at = slice(start - n_samples, stop - n_samples)
            self.base_indices_[at] = class_rows[rows]
            self.neighbor_indices_[at] = class_rows[neighbors]
            self.steps_[at] = steps
            start = stop
        return X_res, y_res


def _interpolation_kernel(dtype: np.dtype):
    from .._kernels import twin

    # Integer (and float16) X: the NumPy reference, whose integer handling is the spec.
    return twin("interpolate", "interpolate", numba_ok=dtype in (np.float32, np.float64))
