"""Small synthetic imbalanced datasets, generated with NumPy alone."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validation import check_random_state

__all__ = ["make_imbalanced"]


def make_imbalanced(
    n_samples: int = 1000,
    *,
    n_features: int = 2,
    weights: Sequence[float] = (0.95, 0.05),
    class_sep: float = 1.0,
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw an imbalanced classification problem: one Gaussian blob per class.

    Class ``k`` gets ``round(weights[k] / sum(weights) * n_samples)`` samples
    (at least one), drawn from a standard normal around a random centre; the
    centres lie ``class_sep`` apart on average, so larger values make the
    problem easier.

    Parameters
    ----------
    n_samples : int, default=1000
        Approximate number of samples (rounding may move it by a few).
    n_features : int, default=2
        Number of features.
    weights : sequence of float, default=(0.95, 0.05)
        Relative class frequencies; their length is the number of classes.
    class_sep : float, default=1.0
        Scale of the distance between class centres.
    random_state : None, int, RandomState or Generator, default=None
        Seed for reproducible data.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, n_features)
    y : ndarray of int64, shape (n_samples,)
        Labels ``0 .. len(weights) - 1``, in shuffled order.

    Examples
    --------
    >>> from minibalance.datasets import make_imbalanced
    >>> X, y = make_imbalanced(200, weights=[0.9, 0.1], random_state=0)
    >>> X.shape, int((y == 1).sum())
    ((200, 2), 20)
    """
    w = np.asarray(weights, dtype=np.float64)
    if w.ndim != 1 or w.size < 2 or np.any(w <= 0) or not np.all(np.isfinite(w)):
        raise ValueError(
            f"weights={list(weights)!r} must hold at least two positive numbers, "
            "one relative frequency per class."
        )
    if n_samples < w.size or n_features < 1:
        raise ValueError(
            f"n_samples={n_samples} and n_features={n_features}: need at least one "
            "sample per class and one feature."
        )
    rng = check_random_state(random_state)
    counts = np.maximum(1, np.round(w / w.sum() * n_samples).astype(np.int64))
    centres = rng.standard_normal((w.size, n_features)) * class_sep * 2.0
    X = np.concatenate([c + rng.standard_normal((k, n_features)) for c, k in zip(centres, counts)])
    y = np.repeat(np.arange(w.size, dtype=np.int64), counts)
    order = rng.permutation(y.size)
    return X[order], y[order]
