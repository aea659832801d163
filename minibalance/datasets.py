r"""Synthetic imbalanced classification problems, generated with NumPy alone.

:func:`make_imbalanced` follows the design of Guyon's generator for the NIPS 2003
feature-selection challenge (the one behind scikit-learn's
``make_classification``): every class is a few Gaussian clusters placed at
distinct vertices of a hypercube in the *informative* subspace, so how far apart
the classes are is set by one number, ``class_sep``. Around the informative
features come *redundant* ones (random linear combinations of them, as real
data has correlated measurements) and pure *noise*; a small fraction of labels
is scrambled (``flip_y``), because real labels are never perfect.

The default is the classic fraud problem: 99,000 legitimate and 1,000
fraudulent transactions described by 20 features, hard enough that accuracy
(99% for "never fraud") says nothing and the choice of technique matters.

:func:`make_imbalance` does the opposite job, imbalanced-learn's: it makes a given
(balanced) dataset imbalanced by keeping a random subset of each class.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._validation import check_random_state, check_sampling_strategy, parameter_error

__all__ = ["make_imbalance", "make_imbalanced"]


def make_imbalanced(
    n_samples: int = 100_000,
    *,
    n_features: int = 20,
    weights: Sequence[float] = (0.99, 0.01),
    n_informative: int | None = None,
    n_redundant: int | None = None,
    n_clusters_per_class: int | None = None,
    class_sep: float = 1.0,
    flip_y: float = 0.01,
    random_state: Any = None,
) -> tuple[np.ndarray, np.ndarray]:
    r"""Draw a realistic imbalanced classification problem.

    Class :math:`c` gets :math:`n_c = \max(1, \mathrm{round}(n \, w_c / \sum w))`
    samples. Its rows are split evenly among its clusters; cluster :math:`j` is
    :math:`x = \mu_j + z A_j`, with :math:`z \sim N(0, I)` in the
    :math:`d_{inf}` informative dimensions, :math:`A_j` a random matrix with
    entries in :math:`U(-1, 1)` (so each cluster has its own covariance), and
    :math:`\mu_j` a distinct vertex of the hypercube :math:`\{-s, s\}^{d_{inf}}`
    where :math:`s` is ``class_sep``. The redundant features are
    :math:`x B` with :math:`B` in :math:`U(-1, 1)`; the remaining features are
    :math:`N(0, 1)` noise. Finally a fraction ``flip_y`` of the rows have their
    labels shuffled among themselves, so the class counts stay exact while
    those rows' labels become (mostly) wrong.

    Parameters
    ----------
    n_samples : int, default=100_000
        Approximate number of samples (rounding may move it by a few).
    n_features : int, default=20
        Number of features: informative, then redundant, then noise columns.
    weights : sequence of float, default=(0.99, 0.01)
        Relative class frequencies; their length is the number of classes.
    n_informative : int, default=None
        Dimensions that carry the class signal; ``None``: 30% of the features
        (at least 2, at most ``n_features``).
    n_redundant : int, default=None
        Linear combinations of the informative features; ``None``: 20% of the
        features (as many as fit).
    n_clusters_per_class : int, default=None
        Gaussian clusters per class; ``None``: 2 where the hypercube has enough
        vertices (``2 ** n_informative >= 2 * n_classes``), else 1.
    class_sep : float, default=1.0
        Half the side of the hypercube: larger values separate the classes more.
    flip_y : float in [0, 1), default=0.01
        Fraction of rows whose labels are shuffled (label noise).
    random_state : None, int, RandomState or Generator, default=None
        Seed for reproducible data.

    Returns
    -------
    X : ndarray of float64, shape (n_samples, n_features)
    y : ndarray of int64, shape (n_samples,)
        Labels ``0 .. len(weights) - 1``, in shuffled order.

    References
    ----------
    .. [1] I. Guyon, "Design of experiments for the NIPS 2003 variable selection
       benchmark", 2003.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.datasets import make_imbalanced
    >>> X, y = make_imbalanced(random_state=0)
    >>> X.shape, np.bincount(y).tolist()
    ((100000, 20), [99000, 1000])
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
    if not 0 <= flip_y < 1:
        raise ValueError(f"flip_y={flip_y} must be in [0, 1): the fraction of labels shuffled.")
    if n_informative is None:
        n_informative = min(n_features, max(2, (3 * n_features) // 10))
    if n_redundant is None:
        n_redundant = min(n_features - n_informative, n_features // 5)
    if n_informative < 1 or n_redundant < 0 or n_informative + n_redundant > n_features:
        raise ValueError(
            f"n_informative={n_informative} and n_redundant={n_redundant} must satisfy "
            f"1 <= n_informative and n_informative + n_redundant <= n_features={n_features}."
        )
    n_classes = w.size
    vertices = 2 ** min(n_informative, 62)
    if n_clusters_per_class is None:
        n_clusters_per_class = 2 if vertices >= 2 * n_classes else 1
    if n_clusters_per_class < 1 or n_classes * n_clusters_per_class > vertices:
        raise ValueError(
            f"n_classes * n_clusters_per_class = {n_classes} * {n_clusters_per_class} must be "
            f"between 1 and 2 ** n_informative = {vertices} (each cluster sits on its own "
            "hypercube vertex). Raise n_informative or lower n_clusters_per_class."
        )

    rng = check_random_state(random_state)
    counts = np.maximum(1, np.round(w / w.sum() * n_samples).astype(np.int64))
    n_clusters = n_classes * n_clusters_per_class
    # Distinct vertices: the binary digits of distinct integers.
    codes = rng.choice(vertices, size=n_clusters, replace=False)
    bits = (codes[:, None] >> np.arange(n_informative)[None, :]) & 1
    centres = (2.0 * bits - 1.0) * class_sep

    n_total = int(counts.sum())
    X = np.empty((n_total, n_features))
    y = np.repeat(np.arange(n_classes, dtype=np.int64), counts)
    start = 0
    for c, n_c in enumerate(counts):
        sizes = np.full(n_clusters_per_class, n_c // n_clusters_per_class)
        sizes[: n_c % n_clusters_per_class] += 1
        for j, size in enumerate(sizes):
            mixing = 2.0 * rng.random((n_informative, n_informative)) - 1.0
            z = rng.standard_normal((size, n_informative))
            X[start : start + size, :n_informative] = (
                centres[c * n_clusters_per_class + j] + z @ mixing
            )
            start += size
    if n_redundant:
        combine = 2.0 * rng.random((n_informative, n_redundant)) - 1.0
        X[:, n_informative : n_informative + n_redundant] = X[:, :n_informative] @ combine
    n_noise = n_features - n_informative - n_redundant
    if n_noise:
        X[:, n_features - n_noise :] = rng.standard_normal((n_total, n_noise))
    order = rng.permutation(n_total)
    X, y = X[order], y[order]
    # Drawn last, so that flip_y changes the labels only, never the features.
    n_flip = round(flip_y * n_total)
    if n_flip:
        flipped = rng.choice(n_total, size=n_flip, replace=False)
        y[flipped] = y[rng.permutation(flipped)]
    return X, y


def make_imbalance(
    X: Any,
    y: Any,
    *,
    sampling_strategy: Any = None,
    random_state: Any = None,
    verbose: bool = False,
    **kwargs: Any,
) -> tuple[Any, Any]:
    """Make a dataset imbalanced: keep a random subset of the rows of some classes.

    imbalanced-learn's ``make_imbalance``, with the same rows for the same
    integer ``random_state``: a :class:`~minibalance.under_sampling.RandomUnderSampler`
    without replacement keeps ``sampling_strategy[c]`` rows of each class ``c``
    named, and every row of the others, in their original order.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        The data; a DataFrame comes back as one.
    y : array-like of shape (n_samples,)
        The class labels; a Series comes back as one.
    sampling_strategy : dict or callable
        ``{class: number of rows to keep}`` (at most the class's count), or a
        callable ``f(y, **kwargs)`` returning such a dict. Required.
    random_state : None, int or RandomState, default=None
        Seed of the draw.
    verbose : bool, default=False
        Print the class counts before and after.
    **kwargs
        Passed on to a callable ``sampling_strategy``.

    Returns
    -------
    X_resampled : ndarray or DataFrame of shape (n_samples_new, n_features)
    y_resampled : ndarray or Series of shape (n_samples_new,)

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.datasets import make_imbalance
    >>> X, y = np.arange(40.0).reshape(20, 2), np.repeat([0, 1], 10)
    >>> X_res, y_res = make_imbalance(X, y, sampling_strategy={1: 2}, random_state=0)
    >>> np.bincount(y_res).tolist()
    [10, 2]
    """
    from collections import Counter
    from collections.abc import Mapping

    from .under_sampling import RandomUnderSampler

    if not (isinstance(sampling_strategy, Mapping) or callable(sampling_strategy)):
        raise parameter_error(
            "make_imbalance",
            "sampling_strategy",
            "an instance of 'collections.abc.Mapping' or a callable",
            sampling_strategy,
            "Pass {class: number of rows to keep}.",
        )
    y_arr = np.asarray(y)
    targets = check_sampling_strategy(sampling_strategy, y_arr, "under-sampling", **kwargs)
    if verbose:
        print(f"The original target distribution in the dataset is: {Counter(y_arr.tolist())}")
    sampler = RandomUnderSampler(
        sampling_strategy=targets, replacement=False, random_state=random_state
    )
    X_res, y_res = sampler.fit_resample(X, y)
    if verbose:
        print(f"Make the dataset imbalanced: {Counter(np.asarray(y_res).tolist())}")
    return X_res, y_res
