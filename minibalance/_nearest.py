"""The samplers' neighbour parameters: an int for the engine, or a k-NN estimator.

imbalanced-learn lets ``k_neighbors``, ``n_neighbors`` and ``m_neighbors`` be an
int or an object with ``kneighbors`` and ``kneighbors_graph`` (scikit-learn's
``NearestNeighbors``). An int goes to the exact engine
(:func:`minibalance._neighbors.kneighbors`); an estimator is cloned, fitted on
the reference rows and asked for its ``n_neighbors`` points, of which the first
(the query itself) is dropped when the queries are reference rows, as
imbalanced-learn does.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ._neighbors import distances, kneighbors
from ._validation import parameter_error
from .base import ParamsMixin, fresh_copy

__all__ = [
    "ExactNearestNeighbors",
    "check_neighbors_param",
    "is_int_param",
    "neighbors_estimator",
    "neighbors_of",
]


def is_int_param(value: Any) -> bool:
    """Tell whether ``value`` is an integer (not a bool)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_neighbors_param(owner: str, name: str, value: Any, default: int) -> None:
    """Check a neighbour parameter as imbalanced-learn's constraints do (int >= 1 or estimator)."""
    is_int = is_int_param(value)
    estimator = isinstance(value, ExactNearestNeighbors) or (
        hasattr(value, "kneighbors") and hasattr(value, "kneighbors_graph")
    )
    if (is_int and value < 1) or (not is_int and not estimator):
        raise parameter_error(
            owner,
            name,
            "an int in the range [1, inf) or an object implementing 'kneighbors' and "
            "'kneighbors_graph'",
            value,
            f"The default is {default}; sklearn.neighbors.NearestNeighbors is such an object.",
        )


def n_neighbors_of(value: Any) -> int:
    """Return the neighbours a parameter asks for (an estimator's count includes the query)."""
    return int(value) if is_int_param(value) else int(value.n_neighbors) - 1


def neighbors_of(
    X: np.ndarray,
    value: Any,
    name: str,
    *,
    queries: np.ndarray | None = None,
    what: str = "X",
    fix: str = "",
) -> np.ndarray:
    """Return the neighbours (rows of ``X``) of each query, for a neighbour parameter.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        The reference rows.
    value : int or estimator
        The parameter's value: ``k`` neighbours by the engine, or an estimator.
    name : str
        The parameter's name, for the error message.
    queries : None, ndarray of int, or 2-D ndarray
        As in :func:`minibalance._neighbors.kneighbors`: every row of ``X``
        (default), some rows (1-D integers) or points of another set (2-D). Rows
        drop themselves (the first of ``k + 1``); points drop nothing.
    what : str
        How the message names the reference set (``"class 1"``, ``"X"``).
    fix : str
        Extra advice for the message when ``X`` is too small.

    Returns
    -------
    ndarray of intp, shape (n_queries, k)
    """
    rows = queries is None or np.asarray(queries).ndim == 1
    if is_int_param(value):
        k = int(value)
        need = k + 1 if rows else k
        if X.shape[0] < need:
            raise ValueError(
                f"{name}={k} needs at least {need} samples of {what}; it has {X.shape[0]}. "
                f"Lower {name} (to at most {X.shape[0] - (1 if rows else 0)}){fix}."
            )
        return kneighbors(X, k, queries=queries)
    est = fresh_copy(value)
    est.fit(X)
    Q = X if queries is None else (X[queries] if rows else queries)
    if Q.shape[0] == 0:
        return np.empty((0, n_neighbors_of(value) + (0 if rows else 1)), dtype=np.intp)
    nn = np.asarray(est.kneighbors(Q, return_distance=False)).astype(np.intp, copy=False)
    return nn[:, 1:] if rows else nn


class ExactNearestNeighbors(ParamsMixin):
    """The engine behind scikit-learn's ``NearestNeighbors`` interface (exact, ties by row).

    What the samplers expose as ``nn_k_``, ``nn_m_`` or ``nn_`` where
    imbalanced-learn exposes a ``NearestNeighbors``: the same ``n_neighbors``
    (the query itself included), and ``fit`` / ``kneighbors`` answered by
    :func:`minibalance._neighbors.kneighbors`.

    Parameters
    ----------
    n_neighbors : int, default=5
    """

    def __init__(self, n_neighbors=5):
        self.n_neighbors = n_neighbors

    def fit(self, X, y=None):
        """Store the reference rows (float64)."""
        self._fit_X = np.ascontiguousarray(X, dtype=np.float64)
        self.n_samples_fit_ = self._fit_X.shape[0]
        return self

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """Find the nearest reference rows of each query, as scikit-learn's method.

        ``X=None``: the reference rows themselves, each excluded from its own
        neighbours.
        """
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        ref = self._fit_X
        if X is None:
            ind = kneighbors(ref, k)
            Q = ref
        else:
            Q = np.ascontiguousarray(X, dtype=np.float64)
            ind = kneighbors(ref, k, queries=Q)
        return (distances(ref, Q, ind), ind) if return_distance else ind


def neighbors_estimator(value: Any, additional: int = 1) -> Any:
    """Return what imbalanced-learn's ``check_neighbors_object`` returns, as ours.

    An int ``k`` becomes ``ExactNearestNeighbors(k + additional)``; an estimator
    an unfitted copy.
    """
    if is_int_param(value):
        return ExactNearestNeighbors(n_neighbors=int(value) + additional)
    return fresh_copy(value)
