"""Numba twin of the counts core's merge: one pass from the top score down.

Walks the sorted positive and negative scores from the largest value down, like
the merge step of merge sort; every time the next score is smaller than the
last one, the previous group of equal scores is closed and its cumulative
counts written. Same outputs as :func:`minibalance._counts.merge_counts_numpy`.
"""

import numpy as np

from .._numba import njit


@njit(cache=True, nogil=True)
def _merge_counts(pos, neg):  # pragma: no cover
    n_pos, n_neg = pos.shape[0], neg.shape[0]
    n = n_pos + n_neg
    thresholds = np.empty(n, dtype=pos.dtype)
    tps = np.empty(n)
    fps = np.empty(n)
    i, j = n_pos - 1, n_neg - 1  # next positive / negative, from the top
    tp = 0
    fp = 0
    g = 0
    while i >= 0 or j >= 0:
        if j < 0 or (i >= 0 and pos[i] >= neg[j]):
            value = pos[i]
        else:
            value = neg[j]
        while i >= 0 and pos[i] == value:
            tp += 1
            i -= 1
        while j >= 0 and neg[j] == value:
            fp += 1
            j -= 1
        thresholds[g] = value
        tps[g] = tp
        fps[g] = fp
        g += 1
    if g == n:  # all scores distinct: no trimming copy
        return fps, tps, thresholds
    return fps[:g].copy(), tps[:g].copy(), thresholds[:g].copy()


def merge_counts_numba(pos, neg):
    """Count positives and negatives at every distinct threshold (see the module notes)."""
    dtype = np.result_type(pos, neg)
    return _merge_counts(pos.astype(dtype, copy=False), neg.astype(dtype, copy=False))


@njit(cache=True, nogil=True)
def _average_precision(pos, neg):  # pragma: no cover
    n_pos, n_neg = pos.shape[0], neg.shape[0]
    i, j = n_pos - 1, n_neg - 1
    tp = 0
    fp = 0
    previous_recall = 0.0
    total = 0.0
    while i >= 0 or j >= 0:
        if j < 0:
            value = pos[i]
        elif i < 0:
            value = neg[j]
        else:
            value = pos[i] if pos[i] >= neg[j] else neg[j]
        tp_before = tp
        while i >= 0 and pos[i] == value:
            tp += 1
            i -= 1
        while j >= 0 and neg[j] == value:
            fp += 1
            j -= 1
        if tp > tp_before:
            recall = tp / n_pos
            total += (recall - previous_recall) * (tp / (tp + fp))
            previous_recall = recall
    return total


def average_precision_numba(pos, neg):
    """Average precision from sorted positive and negative scores, in one pass.

    Numba twin of :func:`minibalance._counts.average_precision_numpy`: the same
    terms, added in the same (decreasing-threshold) order.
    """
    dtype = np.result_type(pos, neg)
    return _average_precision(pos.astype(dtype, copy=False), neg.astype(dtype, copy=False))
