"""Count class labels: the sorted distinct labels, their counts, optional weighted counts.

Every part of minibalance that needs "which classes, how many of each" asks this
module, so the work is done one way. Integer (and boolean) labels in a compact
range are counted with one ``np.bincount`` pass, O(n) instead of the O(n log n)
sort behind ``np.unique``; any other labels (strings, floats, sparse integers)
go through ``np.unique``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class LabelCounts(NamedTuple):
    """Distinct labels of ``y`` in sorted order, with their counts.

    Attributes
    ----------
    classes : ndarray of shape (n_classes,)
        Sorted distinct labels, in the dtype of ``y``.
    counts : ndarray of int64, shape (n_classes,)
        Number of samples of each class.
    weighted : ndarray of float64 or None
        Sum of ``sample_weight`` over each class (in sample order, as
        ``np.bincount`` adds), or ``None`` when no weights were given.
    inverse : ndarray of intp or None
        Position of each sample's label in ``classes``, when asked for.
    """

    classes: np.ndarray
    counts: np.ndarray
    weighted: np.ndarray | None
    inverse: np.ndarray | None


def _integer_codes(y: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Return ``(codes, offset)`` with ``y == codes + offset`` and small codes.

    ``None`` when ``y`` is not integer-like or its range is too sparse for a
    bincount to beat a sort (the bincount array would dwarf ``y``).
    """
    if y.dtype.kind == "b":
        return y.view(np.uint8), 0
    if y.dtype.kind not in "iu" or y.size == 0:
        return None
    lo, hi = int(y.min()), int(y.max())
    limit = 2 * y.size + 256  # longest bincount array worth allocating
    if hi - lo + 1 > limit:
        return None
    if 0 <= lo and hi < limit and np.can_cast(y.dtype, np.intp, casting="safe"):
        return y, 0  # small non-negative labels: bincount reads y as is, no copy
    if y.dtype.kind == "u":  # y >= lo: the unsigned difference cannot wrap
        return (y - y.dtype.type(lo)).astype(np.intp, copy=False), lo
    # Signed: subtract in int64, since hi - lo may not fit the input dtype (int8: 100 - -100).
    return (y.astype(np.int64) - lo).astype(np.intp, copy=False), lo


def _labels_from_codes(codes: np.ndarray, offset: int, dtype: np.dtype) -> np.ndarray:
    """Return the labels ``codes + offset`` in ``dtype``, added where the sum cannot wrap."""
    if not offset:
        return codes.astype(dtype)
    if dtype.kind == "u":
        return codes.astype(dtype) + dtype.type(offset)
    return (codes.astype(np.int64) + offset).astype(dtype)


def count_labels(
    y: np.ndarray,
    *,
    sample_weight: np.ndarray | None = None,
    return_inverse: bool = False,
) -> LabelCounts:
    """Count the classes of a 1-D label array.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
        Labels of any orderable dtype.
    sample_weight : ndarray of float64, shape (n_samples,), default=None
        When given, also sum the weights of each class.
    return_inverse : bool, default=False
        Also return, for each sample, the index of its class.

    Returns
    -------
    LabelCounts
    """
    codes = _integer_codes(y)
    if codes is not None:
        code, offset = codes
        counts = np.bincount(code)
        present = np.flatnonzero(counts)
        classes = _labels_from_codes(present, offset, y.dtype)
        weighted = inverse = None
        if sample_weight is not None:
            weighted = np.bincount(code, weights=sample_weight)[present]
        if return_inverse:
            lookup = np.cumsum(counts > 0) - 1
            inverse = lookup[code]
        return LabelCounts(classes, counts[present].astype(np.int64), weighted, inverse)

    try:
        if sample_weight is None and not return_inverse:
            classes, counts = np.unique(y, return_counts=True)
            return LabelCounts(classes, counts.astype(np.int64), None, None)
        classes, inverse = np.unique(y, return_inverse=True)
    except TypeError as exc:
        kinds = sorted({type(v).__name__ for v in y.ravel().tolist()})
        raise TypeError(
            f"y mixes label types {kinds}; labels must be all numbers or all "
            "strings. Convert them to one type, e.g. y.astype(str)."
        ) from exc
    inverse = inverse.reshape(-1)
    counts = np.bincount(inverse, minlength=classes.size).astype(np.int64)
    weighted = None
    if sample_weight is not None:
        weighted = np.bincount(inverse, weights=sample_weight, minlength=classes.size)
    return LabelCounts(classes, counts, weighted, inverse if return_inverse else None)


def distinct(y: np.ndarray) -> np.ndarray:
    """Sorted distinct values of ``y`` (any shape): a bincount for integer labels.

    Integer or boolean labels spanning at most two consecutive values (the usual
    binary target) are read from their minimum and maximum alone.
    """
    flat = np.ravel(y)
    if flat.dtype.kind in "biu" and flat.size:
        lo, hi = flat.min(), flat.max()
        if flat.dtype.kind == "b" or int(hi) - int(lo) <= 1:
            return np.array([lo] if lo == hi else [lo, hi], dtype=flat.dtype)
    return count_labels(flat).classes
