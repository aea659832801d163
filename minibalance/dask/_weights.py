r"""Class counts and class weights of Dask labels: one pass, the counts meet on the driver.

Each partition counts its labels (:func:`minibalance._labels.count_labels`); the
per-partition tables (a few numbers each) are merged on the driver, and the
single-machine formulas run on the merged counts, e.g. King & Zeng's balanced
weight :math:`w_c = n / (K n_c)`. Counts are integers, so the results equal the
single-machine ones exactly; weighted counts are sums of floats, equal to
rounding. :func:`compute_sample_weight` maps each partition's labels to their
weights lazily: a Dask array chunked like ``y``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._labels import count_labels
from ..class_weight import (
    ClassDistribution,
    _check_class_weight_param,
    _weights_from_counts,
)
from ._collections import as_dask_array, require_dask

__all__ = ["class_distribution", "compute_class_weight", "compute_sample_weight"]


def _count_block(y: np.ndarray, w: np.ndarray | None):
    y = np.asarray(y)
    if y.dtype.kind == "f" and not np.all(np.isfinite(y)):
        raise ValueError("Input y contains NaN or infinity; labels must be finite.")
    counted = count_labels(y, sample_weight=None if w is None else np.asarray(w, np.float64))
    return counted.classes, counted.counts, counted.weighted


def _merged_counts(y: Any, sample_weight: Any = None):
    """Distinct labels of Dask ``y`` with their counts (and weighted counts)."""
    require_dask("minibalance.dask")
    import dask

    y = as_dask_array(y, "y")
    w = None if sample_weight is None else as_dask_array(sample_weight, "sample_weight", like=y)
    yb = y.to_delayed().ravel()
    wb = [None] * len(yb) if w is None else w.to_delayed().ravel()
    tables = dask.compute(*[dask.delayed(_count_block)(a, b) for a, b in zip(yb, wb)])
    classes = np.unique(np.concatenate([t[0] for t in tables])) if tables else np.empty(0)
    counts = np.zeros(classes.size, dtype=np.int64)
    weighted = None if w is None else np.zeros(classes.size)
    for labels, c, wc in tables:
        at = np.searchsorted(classes, labels)
        counts[at] += c
        if weighted is not None:
            weighted[at] += wc
    return classes, counts, weighted


def class_distribution(y: Any) -> ClassDistribution:
    """Count the classes of Dask labels: :func:`minibalance.class_distribution`, distributed.

    Parameters
    ----------
    y : Dask array or Series of shape (n_samples,)

    Returns
    -------
    ClassDistribution
        The same object as on one machine (counts, shares, imbalance ratio).
    """
    classes, counts, _ = _merged_counts(y)
    if classes.size == 0:
        raise ValueError("y is empty; class_distribution needs at least one label.")
    return ClassDistribution(classes, counts)


def compute_class_weight(
    class_weight: Any, *, classes: np.ndarray, y: Any, sample_weight: Any = None
) -> np.ndarray:
    """Class weights from Dask labels, equal to :func:`minibalance.compute_class_weight`.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
    classes : ndarray
        The classes to weigh (e.g. ``class_distribution(y).labels``).
    y : Dask array or Series of shape (n_samples,)
    sample_weight : Dask array or Series, default=None
        With ``"balanced"``, the classes' weighted counts are used.

    Returns
    -------
    ndarray of float64, shape (n_classes,)
    """
    _check_class_weight_param(class_weight)
    if not isinstance(classes, np.ndarray):
        raise TypeError(
            f"classes must be a numpy.ndarray (e.g. np.unique(y)); got {type(classes).__name__}."
        )
    balanced = isinstance(class_weight, str)
    labels, counts, weighted = _merged_counts(y, sample_weight if balanced else None)
    if balanced and labels.size == 0:
        raise ValueError("Sample weights must contain at least one non-zero number. y is empty.")
    return _weights_from_counts(
        class_weight, classes, labels, counts if weighted is None else weighted
    )


def _map_weights(y: np.ndarray, classes: np.ndarray, weights: np.ndarray) -> np.ndarray:
    return weights[np.searchsorted(classes, np.asarray(y))]


def compute_sample_weight(class_weight: Any, y: Any):
    """Per-sample weights of Dask labels, lazily: a Dask array chunked like ``y``.

    Equal to :func:`minibalance.compute_sample_weight` on the same labels (one
    column of labels; ``indices`` is a single-machine option). The class counts
    take one pass over ``y`` now; the weights are mapped when computed.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
    y : Dask array or Series of shape (n_samples,)

    Returns
    -------
    dask.array.Array of float64, shape (n_samples,)

    Examples
    --------
    >>> import dask.array as da
    >>> from minibalance.dask import compute_sample_weight
    >>> y = da.from_array([1, 1, 1, 1, 0, 0], chunks=3)
    >>> compute_sample_weight("balanced", y).compute()
    array([0.75, 0.75, 0.75, 0.75, 1.5 , 1.5 ])
    """
    _check_class_weight_param(class_weight)
    y = as_dask_array(y, "y")
    classes, counts, _ = _merged_counts(y)
    if isinstance(class_weight, str) and classes.size == 0:
        raise ValueError("Sample weights must contain at least one non-zero number. y is empty.")
    weights = _weights_from_counts(class_weight, classes, classes, counts)
    return y.map_blocks(_map_weights, classes, weights, dtype=np.float64)
