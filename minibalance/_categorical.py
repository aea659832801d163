"""Categorical columns as integer codes, and the most frequent code among neighbours.

SMOTEN and SMOTENC work on category *codes*: column ``f`` takes values
``categories[f][0] < categories[f][1] < ...`` and a row holds their positions.
:class:`OrdinalCodes` is scikit-learn's ``OrdinalEncoder`` (the encoder
imbalanced-learn uses) for what these samplers need, with NumPy alone: the same
sorted categories, so the same codes, and the way back.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["OrdinalCodes", "most_frequent"]


def _is_missing(values: np.ndarray) -> np.ndarray:
    """Return where an object column holds None or NaN."""
    return np.array([v is None or (isinstance(v, float) and v != v) for v in values], dtype=bool)


class OrdinalCodes:
    """Encode each column's values as their position among its sorted distinct values.

    Attributes
    ----------
    categories_ : list of ndarray
        The sorted distinct values of every column (in the column's dtype).
    dtype : type
        ``np.int32``, the code type of the ``OrdinalEncoder`` imbalanced-learn
        defaults to (the codes themselves are returned as ``intp``).
    """

    dtype = np.int32

    def fit_transform(self, X: np.ndarray) -> np.ndarray:
        """Learn every column's categories; return the codes (intp, shape of X)."""
        codes = np.empty(X.shape, dtype=np.intp)
        self.categories_ = []
        for f in range(X.shape[1]):
            column = X[:, f]
            missing = (
                _is_missing(column)
                if column.dtype == object
                else np.isnan(column)
                if column.dtype.kind == "f"
                else np.zeros(column.shape, dtype=bool)
            )
            if missing.any():
                raise ValueError(
                    f"Column {f} has {int(missing.sum())} missing values (NaN or None); "
                    "categories must be known. Fill them, or make 'missing' a category of "
                    "its own."
                )
            try:
                categories, codes[:, f] = np.unique(column, return_inverse=True)
            except TypeError as exc:
                kinds = sorted({type(v).__name__ for v in column})
                raise TypeError(
                    f"Encoders require their input argument must be uniformly strings or "
                    f"numbers. Got {kinds} in column {f}; convert the column to one type."
                ) from exc
            self.categories_.append(categories)
        return codes

    def inverse_transform(self, codes: np.ndarray, dtype: Any) -> np.ndarray:
        """Return the values the codes stand for, as an array of ``dtype``."""
        out = np.empty(codes.shape, dtype=dtype)
        for f, categories in enumerate(self.categories_):
            out[:, f] = categories[codes[:, f]]
        return out


def most_frequent(values: np.ndarray) -> np.ndarray:
    """Return, per row and column, the most frequent value along axis 1 (the smallest if tied).

    ``values`` has shape (n_rows, n_neighbours, n_columns); the result (n_rows,
    n_columns) is scipy's ``stats.mode(values, axis=1).mode``, which
    imbalanced-learn uses. Sorted along the neighbours, each value's count is
    that of its equals; the first maximum is then the smallest tied value.
    """
    ordered = np.sort(values, axis=1)
    counts = (ordered[:, :, None, :] == ordered[:, None, :, :]).sum(axis=2)
    pick = np.argmax(counts, axis=1)
    return np.take_along_axis(ordered, pick[:, None, :], axis=1)[:, 0, :]
