r"""The value difference metric (VDM) between rows of categorical features.

Two categories of a feature are close when they predict the classes alike
(Stanfill & Waltz 1986; Cost & Salzberg 1993). With :math:`P_f(c \mid v)` the
share of class :math:`c` among the rows whose feature :math:`f` takes value
:math:`v`, the distance between two rows is

.. math:: \delta(x, z) = \sum_f \left( \sum_c |P_f(c \mid x_f) - P_f(c \mid z_f)|^k
          \right)^{r / k}.

Each feature contributes through a small table: :math:`D_f[a, b]`, the distance
between its categories :math:`a` and :math:`b`, built once from the class shares.
A row's distances to a block of rows are then sums of table lookups, so the
distances of many rows are computed block by block (:func:`vdm_rows`) and SMOTEN
never holds an n x n matrix. The values are imbalanced-learn's bit for bit (the
same sums in the same order: class by class within a table entry, feature by
feature across the row).

References
----------
Stanfill, C., & Waltz, D. (1986). Toward memory-based reasoning. Communications
of the ACM, 29(12), 1213-1228.

Cost, S., & Salzberg, S. (1993). A weighted nearest neighbor algorithm for
learning with symbolic features. Machine Learning, 10(1), 57-78.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .._labels import distinct
from .._validation import check_y, parameter_error
from ..base import ParamsMixin
from ..exceptions import NotFittedError, with_sklearn_twin

__all__ = ["ValueDifferenceMetric", "vdm_rows"]


def _check_codes(X: Any, name: str = "X") -> np.ndarray:
    """Validate ordinal-encoded categories: a 2-D array of non-negative integers."""
    arr = np.asarray(X)
    if arr.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_samples, n_features); got shape {arr.shape}.")
    if arr.dtype.kind not in "biuf" or (
        arr.dtype.kind == "f" and not np.array_equal(arr, np.round(arr))
    ):
        raise TypeError(
            f"{name} must hold category codes 0, 1, 2, ... (integers); got dtype {arr.dtype}. "
            "Encode the categories first (sklearn.preprocessing.OrdinalEncoder)."
        )
    if arr.size and arr.min() < 0:
        raise ValueError(
            f"Negative values in data passed to {name}: category codes must be >= 0 "
            "(encode them with an OrdinalEncoder)."
        )
    return arr.astype(np.intp, copy=False)


class ValueDifferenceMetric(ParamsMixin):
    r"""The value difference metric between rows of ordinal-encoded categorical features.

    imbalanced-learn's ``minibalance.metrics.pairwise.ValueDifferenceMetric``,
    with the same values.

    Parameters
    ----------
    n_categories : "auto" or array-like of shape (n_features,), default="auto"
        Categories per feature (codes ``0 .. n - 1``); ``"auto"`` takes the
        largest code seen plus one.
    k : int, default=1
        Exponent inside the sum over classes.
    r : int, default=2
        Exponent of each feature's term.

    Attributes
    ----------
    n_categories_ : ndarray of shape (n_features,)
    proba_per_class_ : list of ndarray of shape (n_categories, n_classes)
        :math:`P_f(c \mid v)` per feature (0 for a category no row takes).

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.metrics.pairwise import ValueDifferenceMetric
    >>> X = np.array([[0], [0], [1], [1], [2]])
    >>> y = np.array([0, 0, 1, 1, 1])
    >>> ValueDifferenceMetric().fit(X, y).pairwise(X[[0, 2, 4]])
    array([[0., 4., 4.],
           [4., 0., 0.],
           [4., 0., 0.]])
    """

    def __init__(self, *, n_categories="auto", k=1, r=2):
        self.n_categories = n_categories
        self.k = k
        self.r = r

    def _check_params(self) -> None:
        owner = type(self).__name__
        for name in ("k", "r"):
            value = getattr(self, name)
            if (
                not (isinstance(value, numbers.Integral) and not isinstance(value, bool))
                or value < 1
            ):
                raise parameter_error(owner, name, "an int in the range [1, inf)", value)
        n_cat = self.n_categories
        if not (isinstance(n_cat, str) and n_cat == "auto") and np.ndim(n_cat) != 1:
            raise parameter_error(owner, "n_categories", "'auto' or an array-like", n_cat)

    def fit(self, X: Any, y: Any) -> ValueDifferenceMetric:
        """Count the class shares of every category of every feature.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Category codes (non-negative integers), as an ``OrdinalEncoder`` gives.
        y : array-like of shape (n_samples,)

        Returns
        -------
        self
        """
        self._check_params()
        codes = _check_codes(X)
        y = check_y(y)
        if codes.shape[0] != y.shape[0]:
            raise ValueError(
                f"Found input variables with inconsistent numbers of samples: "
                f"[{codes.shape[0]}, {y.shape[0]}]. X and y must describe the same rows."
            )
        self.n_features_in_ = codes.shape[1]
        if isinstance(self.n_categories, str):
            self.n_categories_ = codes.max(axis=0) + 1
        else:
            if len(self.n_categories) != self.n_features_in_:
                raise ValueError(
                    "The length of n_categories is not consistent with the number of feature "
                    f"in X. Got {len(self.n_categories)} elements in n_categories and "
                    f"{self.n_features_in_} in X."
                )
            self.n_categories_ = np.asarray(self.n_categories)
            too_big = codes.max(axis=0) >= self.n_categories_ if codes.size else []
            if np.any(too_big):
                raise ValueError(
                    f"X has codes beyond n_categories in features {np.flatnonzero(too_big)}; "
                    "codes must lie in 0 .. n_categories - 1."
                )
        classes = distinct(y)
        class_of = np.searchsorted(classes, y)
        self.proba_per_class_ = []
        for f in range(self.n_features_in_):
            n_cat = int(self.n_categories_[f])
            counts = np.empty((n_cat, classes.size), dtype=np.float64)
            for c in range(classes.size):
                counts[:, c] = np.bincount(codes[class_of == c, f], minlength=n_cat)
            with np.errstate(invalid="ignore"):  # 0 / 0 for a category no row takes
                counts /= counts.sum(axis=1).reshape(-1, 1)
            np.nan_to_num(counts, copy=False)
            self.proba_per_class_.append(counts)
        self._tables = None
        return self

    def feature_tables(self) -> list[np.ndarray]:
        """Return :math:`D_f[a, b]` for every feature: the term two categories contribute.

        Built once (``n_categories**2`` values per feature) from the class shares,
        with the arithmetic of scipy's ``distance_matrix`` that imbalanced-learn
        uses: ``sum_c |P[b, c] - P[a, c]|**k`` (``k = 1``: no power), its
        ``1/k``-th root, then the ``r``-th power.
        """
        if getattr(self, "_tables", None) is None:
            self._tables = [self._table(P) for P in self.proba_per_class_]
        return self._tables

    def _table(self, P: np.ndarray) -> np.ndarray:
        table = np.empty((P.shape[0], P.shape[0]))
        for a in range(P.shape[0]):
            diff = np.abs(P - P[a])
            if self.k == 1:
                table[a] = np.sum(diff, axis=-1)
            else:
                table[a] = np.sum(diff**self.k, axis=-1) ** (1.0 / self.k)
        return table**self.r

    def pairwise(self, X: Any, Y: Any = None) -> np.ndarray:
        """Return the VDM distance of every row of ``X`` to every row of ``Y`` (or ``X``).

        Parameters
        ----------
        X : array-like of shape (n_samples_X, n_features)
        Y : array-like of shape (n_samples_Y, n_features), default=None

        Returns
        -------
        ndarray of shape (n_samples_X, n_samples_Y)
        """
        if not hasattr(self, "proba_per_class_"):
            raise with_sklearn_twin(NotFittedError)(
                "This ValueDifferenceMetric instance is not fitted yet. Call 'fit' with "
                "appropriate arguments before using pairwise."
            )
        codes_X = _check_codes(X)
        codes_Y = codes_X if Y is None else _check_codes(Y, "Y")
        for codes in (codes_X, codes_Y):
            if codes.shape[1] != self.n_features_in_:
                raise ValueError(
                    f"X has {codes.shape[1]} features, but ValueDifferenceMetric is fitted "
                    f"on {self.n_features_in_}."
                )
            if codes.size and np.any(codes.max(axis=0) >= self.n_categories_):
                raise ValueError("X holds category codes that were not seen in fit.")
        return vdm_rows(self.feature_tables(), codes_X, codes_Y)


def vdm_rows(tables: list[np.ndarray], Q: np.ndarray, Z: np.ndarray) -> np.ndarray:
    """Return the VDM distances from every row of ``Q`` to every row of ``Z``.

    ``distance[i, j] = D_0[Q[i, 0], Z[j, 0]] + D_1[Q[i, 1], Z[j, 1]] + ...``,
    summed feature by feature from zero, as imbalanced-learn accumulates them.
    The caller bounds memory by passing a block of ``Q`` at a time.
    """
    out = np.zeros((Q.shape[0], Z.shape[0]))
    for f, table in enumerate(tables):
        out += table[Q[:, f][:, None], Z[:, f][None, :]]
    return out
