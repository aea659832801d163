"""The counts core's merge, average precision, ROC area and PR curve: NumPy and Numba twins.

``merge_counts_numpy`` merges the sorted positive and negative scores with
``searchsorted``; the Numba twins walk both from the largest value down, like the
merge step of merge sort (:func:`_next_group`), closing a group of equal scores
every time the next score is smaller. Same outputs.

Average precision and the ROC area need the false positives only at the positives'
scores, so on small inputs (below the radix sort's cut-over) they sort the
positives alone and place each negative among them by binary search
(:func:`bin_negatives_numpy`): ``n_neg log2(n_pos)`` comparisons instead of sorting
the negatives too, which at a thousand scores and 1% positives was most of the
time (numba's sort of 990 values: 11 of 21 microseconds, measured). The same
integer counts, so the same terms and the same results as the merge.

The usual small PR-curve call (int64 labels of {0, 1} or {-1, 1}, finite float
scores) is one compiled pass from the raw arrays, the label checks included
(:func:`pr_curve_usual_numba`): at a thousand scores the NumPy validation around
the kernel was a third of the call. Any other input returns ``None`` there and
takes the full validation.
"""

import numpy as np

from .._numba import njit
from . import placement, radix_sort
from .placement import _bisect_right

# From this size up the Numba twins of the binned metrics place the negatives by
# a bucket table (one pass) rather than a binary search each.
TABLE_MIN_SIZE = radix_sort.RADIX_MIN_SIZE


@njit(cache=True, nogil=True)
def _next_group(pos, neg, i, j):  # pragma: no cover
    """Step down two sorted runs to the next distinct score: the merge step.

    ``i`` and ``j`` index the next positive and negative from the top. Returns the
    score, the new ``i`` and ``j``, and how many positives and negatives hold it.
    """
    if j < 0 or (i >= 0 and pos[i] >= neg[j]):
        value = pos[i]
    else:
        value = neg[j]
    i0, j0 = i, j
    while i >= 0 and pos[i] == value:
        i -= 1
    while j >= 0 and neg[j] == value:
        j -= 1
    return value, i, j, i0 - i, j0 - j


@njit(cache=True, nogil=True)
def _merge_counts_into(pos, neg, fps, tps, thresholds):  # pragma: no cover
    """Write the counts per distinct threshold, from the top, into ``[:g]``; return ``g``."""
    i, j = pos.shape[0] - 1, neg.shape[0] - 1  # next positive / negative, from the top
    tp = 0
    fp = 0
    g = 0
    while i >= 0 or j >= 0:
        value, i, j, t, f = _next_group(pos, neg, i, j)
        tp += t
        fp += f
        thresholds[g] = value
        tps[g] = tp
        fps[g] = fp
        g += 1
    return g


def merge_counts_numba(pos, neg):
    """Count positives and negatives at every distinct threshold (see the module notes).

    The outputs are NumPy's buffers (huge pages; see :func:`_pr_curve`): at a million
    scores the kernel's own arrays took 11.5 ms, measured.
    """
    dtype = np.result_type(pos, neg)
    pos, neg = pos.astype(dtype, copy=False), neg.astype(dtype, copy=False)
    n = pos.shape[0] + neg.shape[0]
    fps, tps, thresholds = np.empty(n), np.empty(n), np.empty(n, dtype=dtype)
    g = _merge_counts_into(pos, neg, fps, tps, thresholds)
    if g == n:  # all scores distinct: no trimming copy
        return fps, tps, thresholds
    return fps[:g].copy(), tps[:g].copy(), thresholds[:g].copy()


@njit(cache=True, nogil=True)
def _average_precision(pos, neg):  # pragma: no cover
    n_pos = pos.shape[0]
    i, j = n_pos - 1, neg.shape[0] - 1
    tp = 0
    fp = 0
    previous_recall = 0.0
    total = 0.0
    while i >= 0 or j >= 0:
        _, i, j, t, f = _next_group(pos, neg, i, j)
        tp += t
        fp += f
        if t:
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


@njit(cache=True, nogil=True)
def _twice_roc_area(pos, neg):  # pragma: no cover
    i, j = pos.shape[0] - 1, neg.shape[0] - 1
    tp = 0
    total = 0
    while i >= 0 or j >= 0:
        _, i, j, t, f = _next_group(pos, neg, i, j)
        total += f * (2 * tp + t)
        tp += t
    return total


def twice_roc_area_numba(pos, neg):
    r"""Twice the unnormalised ROC area, an integer: :math:`\sum_g f_g (2 T_{g-1} + t_g)`.

    Over the distinct scores :math:`g` in decreasing order, :math:`f_g` and
    :math:`t_g` are the negatives and positives scoring exactly :math:`g` and
    :math:`T_{g-1}` the positives scoring above it: each group adds the trapezoid
    under its ROC segment, times :math:`2 P N`. Numba twin of
    :func:`twice_roc_area_numpy`; integers, so both give the same number.
    """
    dtype = np.result_type(pos, neg)
    return int(_twice_roc_area(pos.astype(dtype, copy=False), neg.astype(dtype, copy=False)))


def twice_roc_area_numpy(pos, neg):
    """NumPy twin of :func:`twice_roc_area_numba`, from :func:`merge_counts_numpy`."""
    if pos.size == 0 or neg.size == 0:  # no (positive, negative) pair
        return 0
    fps, tps, _ = merge_counts_numpy(pos, neg)
    tps = tps.astype(np.int64)
    fp_group = fps.astype(np.int64)
    del fps
    fp_group[1:] -= fp_group[:-1].copy()  # the negatives of each group
    both = tps.copy()  # T_{g-1} + T_g
    both[1:] += tps[:-1]
    return int(np.dot(fp_group, both))


@njit(cache=True, nogil=True)
def _pr_curve_into(pos, neg, precision, recall, thresholds):  # pragma: no cover
    """Write the curve at the end of arrays sized for all-distinct scores; return its start.

    Each point goes straight to its place in increasing-threshold order (no
    intermediate count arrays: at a million scores those doubled the memory
    written). With ties the curve fills ``[start:]`` only.
    """
    n = pos.shape[0] + neg.shape[0]
    total = float(pos.shape[0])
    i, j = pos.shape[0] - 1, neg.shape[0] - 1
    tp = 0
    fp = 0
    r = n
    while i >= 0 or j >= 0:
        value, i, j, t, f = _next_group(pos, neg, i, j)
        tp += t
        fp += f
        r -= 1
        precision[r] = float(tp) / float(tp + fp)
        recall[r] = float(tp) / total if total > 0 else 1.0
        thresholds[r] = value
    precision[n] = 1.0
    recall[n] = 0.0
    return r


def _pr_curve(pos, neg):
    """Run :func:`_pr_curve_into` on NumPy buffers and trim the result.

    NumPy asks the kernel for huge pages on large arrays; numba's allocator does
    not, and at a million scores first touching 24 MB of output pages in 4 KiB
    steps took longer than computing the curve (measured: 19.8 vs 6.6 ms, float32).
    """
    n = pos.shape[0] + neg.shape[0]
    curve = np.empty(n + 1), np.empty(n + 1), np.empty(n, dtype=pos.dtype)
    return _trimmed(*curve, _pr_curve_into(pos, neg, *curve))


def _trimmed(precision, recall, thresholds, start):
    """Return the curve written at ``[start:]`` of its buffers (``start`` > 0 with ties).

    Views when the unused head is at most an eighth of the buffers (float32 scores
    of a million samples share a few percent of their values; copying the three
    arrays took a quarter of the curve's time), copies otherwise, so that a curve
    of few distinct scores does not keep large buffers alive.
    """
    if start * 8 <= precision.shape[0]:
        return precision[start:], recall[start:], thresholds[start:]
    return precision[start:].copy(), recall[start:].copy(), thresholds[start:].copy()


def pr_curve_numba(pos, neg):
    """Precision, recall and thresholds of an unweighted PR curve, from sorted scores.

    One pass for :func:`minibalance.metrics.precision_recall_curve`: the counts of
    :func:`merge_counts_numba`, then ``tp / (tp + fp)`` and ``tp / P`` written in
    increasing-threshold order with the closing (1, 0); recall is 1 everywhere when
    there is no positive (the caller warns). Numba twin of :func:`pr_curve_numpy`.
    """
    dtype = np.result_type(pos, neg)
    return _pr_curve(pos.astype(dtype, copy=False), neg.astype(dtype, copy=False))


def pr_curve_numpy(pos, neg):
    """Compute the PR curve as :func:`pr_curve_numba` does, in NumPy (its twin)."""
    fps, tps, found = merge_counts_numpy(pos, neg)
    m = tps.shape[0]
    precision = np.empty(m + 1)
    recall = np.empty(m + 1)
    precision[:m] = (tps / (tps + fps))[::-1]
    if m and tps[-1] > 0:
        recall[:m] = (tps / tps[-1])[::-1]
    else:
        recall[:m] = 1.0
    precision[m], recall[m] = 1.0, 0.0
    return precision, recall, found[::-1].copy()


@njit(cache=True, nogil=True)
def _pr_curve_from_labels(is_pos, score):  # pragma: no cover
    n = score.shape[0]
    precision, recall = np.empty(n + 1), np.empty(n + 1)
    thresholds = np.empty(n, dtype=score.dtype)
    pos, neg = np.sort(score[is_pos]), np.sort(score[~is_pos])
    start = _pr_curve_into(pos, neg, precision, recall, thresholds)
    return precision, recall, thresholds, start


def pr_curve_from_labels_numba(is_pos, score):
    """:func:`pr_curve_numba` from the labels and the scores: the split and the sorts too.

    Small inputs are one compiled call, so a curve of a thousand scores does not pay
    for half a dozen NumPy calls (about 8 of 25 microseconds, measured); large float
    inputs are sorted by :func:`minibalance._kernels.radix_sort.split_sorted_numba`.
    """
    if score.shape[0] < radix_sort.RADIX_MIN_SIZE or score.dtype.kind != "f":
        return _trimmed(*_pr_curve_from_labels(is_pos, score))
    return _pr_curve(*radix_sort.split_sorted_numba(is_pos, score))


def pr_curve_from_labels_numpy(is_pos, score):
    """Split and sort the scores by label, then :func:`pr_curve_numpy` (the NumPy twin)."""
    return pr_curve_numpy(np.sort(score[is_pos]), np.sort(score[~is_pos]))


@njit(cache=True, nogil=True)
def _usual_binary(y, score):  # pragma: no cover
    """Whether ``y`` holds exactly the classes {0, 1} or {-1, 1} and every score is finite."""
    lo, hi = y[0], y[0]
    for i in range(y.shape[0]):
        v = y[i]
        lo = min(lo, v)
        hi = max(hi, v)
    if hi != 1 or (lo != 0 and lo != -1):
        return False
    for i in range(y.shape[0]):
        v = y[i]
        x = score[i]
        if (v != lo and v != hi) or x - x != 0:  # a third class; NaN or infinity
            return False
    return True


@njit(cache=True, nogil=True)
def _pr_curve_usual(y, score):  # pragma: no cover
    if not _usual_binary(y, score):
        empty = np.empty(0)
        return False, (empty, empty, score[:0].copy(), 0)
    return True, _pr_curve_from_labels(y == 1, score)


def pr_curve_usual_numba(y, score):
    """Return the PR curve of the usual small call in one compiled pass, or ``None``.

    ``y`` int64 and ``score`` float64 or float32, both 1-D, native, contiguous, of
    one length below the radix sort's cut-over (the caller checks). When ``y``
    holds exactly {0, 1} or {-1, 1} and the scores are finite, the curve of
    :func:`pr_curve_from_labels_numba` for ``pos_label=1``; otherwise ``None``, and
    the caller validates as usual (to raise or warn as scikit-learn does). At a
    thousand scores the checks and the label split in NumPy took about 10 of 28
    microseconds (measured). Numba twin of :func:`pr_curve_usual_numpy`.
    """
    usual, curve = _pr_curve_usual(y, score)
    return _trimmed(*curve) if usual else None


def pr_curve_usual_numpy(y, score):
    """NumPy twin of :func:`pr_curve_usual_numba`: the same checks, then the curve."""
    lo, hi = y.min(), y.max()
    if hi != 1 or lo not in (0, -1) or not np.all((y == lo) | (y == hi)):
        return None
    if not np.isfinite(score).all():
        return None
    return pr_curve_from_labels_numpy(y == 1, score)


def merge_counts_numpy(pos, neg):
    """Count positives and negatives at every distinct threshold, from sorted scores.

    The NumPy twin of :func:`merge_counts_numba`.

    Returns
    -------
    fps, tps : ndarray of float64
    thresholds : ndarray, decreasing, in the scores' dtype
    """
    n = pos.size + neg.size
    # Merge the two sorted runs: the positives go in at their insertion points
    # (one pass over the negatives), and we know where each positive landed.
    # (Each temporary is released as soon as it is used: at ten million scores
    # every array of n numbers is 76 MiB.)
    pos_at = np.searchsorted(neg, pos, side="left")
    pos_at += np.arange(pos.size)
    merged = np.empty(n, dtype=np.result_type(pos, neg))
    merged[pos_at] = pos
    is_neg = np.ones(n, dtype=bool)
    is_neg[pos_at] = False
    merged[is_neg] = neg
    del is_neg
    # starts of the groups of equal scores, in increasing score order
    is_start = np.empty(n, dtype=bool)
    is_start[0] = True
    np.not_equal(merged[1:], merged[:-1], out=is_start[1:])
    starts = np.flatnonzero(is_start)
    del is_start
    group = np.searchsorted(starts, pos_at, side="right")
    del pos_at
    group -= 1
    pos_per_group = np.bincount(group, minlength=starts.size)
    del group
    # positives scoring below each group, then (decreasing thresholds, as
    # scikit-learn returns them) the positives and negatives scoring >= it
    below = np.cumsum(pos_per_group)
    below -= pos_per_group
    del pos_per_group
    tps = np.subtract(pos.size, below[::-1], dtype=np.float64)
    del below
    thresholds = merged[starts[::-1]]
    del merged
    fps = np.subtract(n, starts[::-1], dtype=np.float64)
    fps -= tps
    return fps, tps, thresholds


def average_precision_numpy(pos, neg):
    """NumPy twin of :func:`average_precision_numba`."""
    fps, tps, _ = merge_counts_numpy(pos, neg)
    gained = np.flatnonzero(tps[1:] != tps[:-1])  # the groups holding a positive
    gained += 1
    if tps.size and tps[0] > 0:
        gained = np.concatenate(([0], gained))
    tp, fp = tps[gained], fps[gained]
    recall = tp / pos.size
    terms = (recall - np.concatenate(([0.0], recall[:-1]))) * (tp / (tp + fp))
    return float(np.cumsum(terms)[-1]) if terms.size else 0.0  # in order, as the twin


# -- small inputs: the positives sorted, the negatives placed among them ------------


@njit(cache=True, nogil=True)
def _at_most(pos, x):  # pragma: no cover
    """How many of the sorted ``pos`` are ``<= x``: ``searchsorted(pos, x, "right")``.

    Written out because it runs once per negative: numba's ``np.searchsorted`` on
    one value made the binning 15% slower (4.6 vs 5.3 us at 1,000 scores, measured).
    """
    return _bisect_right(pos, x, 0, pos.shape[0])


@njit(cache=True, nogil=True)
def _bin_negatives(is_pos, score):  # pragma: no cover
    pos = np.sort(score[is_pos])
    bins = np.zeros(pos.shape[0] + 1, dtype=np.int64)
    for i in range(score.shape[0]):
        if not is_pos[i]:
            bins[_at_most(pos, score[i])] += 1
    return pos, bins


def bin_negatives_numba(is_pos, score):
    """Numba twin of :func:`bin_negatives_numpy` (one pass, a binary search per negative)."""
    return _bin_negatives(is_pos, score)


def bin_negatives_numpy(is_pos, score):
    """Sort the positive scores; count the negatives by how many positives they reach.

    Returns
    -------
    pos : ndarray
        The positive scores, sorted (increasing).
    bins : ndarray of int64, shape (n_pos + 1,)
        ``bins[k]``: the negatives ``x`` with exactly ``k`` positives scoring at most
        ``x``, so a negative counts as a false positive at the threshold of the
        positive ``pos[i]`` exactly when its ``k > i``.
    """
    pos = np.sort(score[is_pos])
    at_most = np.searchsorted(pos, score[~is_pos], side="right")
    return pos, np.bincount(at_most, minlength=pos.shape[0] + 1).astype(np.int64, copy=False)


@njit(cache=True, nogil=True)
def _average_precision_binned(is_pos, score):  # pragma: no cover
    pos, bins = _bin_negatives(is_pos, score)
    n_pos = pos.shape[0]
    i = n_pos - 1  # the next positive, from the top
    fp = 0  # the negatives scoring at least pos[i + 1], the lowest positive so far
    previous_recall = 0.0
    total = 0.0
    while i >= 0:
        value = pos[i]
        while i >= 0 and pos[i] == value:  # the group of positives scoring ``value``
            fp += bins[i + 1]
            i -= 1
        tp = n_pos - 1 - i
        recall = tp / n_pos
        total += (recall - previous_recall) * (tp / (tp + fp))
        previous_recall = recall
    return total


def _table(score):
    """Whether the Numba twins place the negatives by the bucket table.

    Float scores from :data:`TABLE_MIN_SIZE` up (:mod:`minibalance._kernels.placement`).
    """
    return score.shape[0] >= TABLE_MIN_SIZE and score.dtype in (np.float64, np.float32)


def average_precision_binned_numba(is_pos, score):
    """Average precision from the labels and the scores, by :func:`bin_negatives_numba`.

    From :data:`TABLE_MIN_SIZE` float scores up, by the bucket table of
    :func:`~minibalance._kernels.placement.place_negatives_numba` instead: the
    same integers, so the same terms.

    The terms of :func:`average_precision_numba`, one per distinct positive score
    ``v`` from the top: ``tp`` the positives and ``fp`` the negatives scoring at
    least ``v``, ``(tp / P - previous recall) * tp / (tp + fp)``, added in that
    order. Numba twin of :func:`average_precision_binned_numpy`.
    """
    if _table(score):
        counts, bins, _ = placement.place_negatives_numba(is_pos, score)
        return placement.average_precision_numba(counts, bins)
    return _average_precision_binned(is_pos, score)


def average_precision_binned_numpy(is_pos, score):
    """NumPy twin of :func:`average_precision_binned_numba`."""
    pos, bins = bin_negatives_numpy(is_pos, score)
    n_pos = pos.shape[0]
    # the lowest index of each group of equal positives, from the top group down
    lowest = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]])[::-1]
    reaching = np.cumsum(bins[::-1])[::-1]  # reaching[j]: the negatives with k >= j
    tp = (n_pos - lowest).astype(np.float64)
    fp = reaching[lowest + 1].astype(np.float64)
    recall = tp / n_pos
    terms = (recall - np.r_[0.0, recall[:-1]]) * (tp / (tp + fp))
    return float(np.cumsum(terms)[-1])


@njit(cache=True, nogil=True)
def _twice_roc_area_binned(is_pos, score):  # pragma: no cover
    pos = np.sort(score[is_pos])
    n_pos = pos.shape[0]
    total = 0
    for i in range(score.shape[0]):
        if is_pos[i]:
            continue
        x = score[i]
        k = _at_most(pos, x)
        total += 2 * (n_pos - k)  # twice the positives above x
        if k > 0 and pos[k - 1] == x:  # and once each positive tied with it
            total += k - np.searchsorted(pos, x, side="left")
    return total


def twice_roc_area_binned_numba(is_pos, score):
    r""":func:`twice_roc_area_numba` from the labels and the scores, by binary search.

    The same integer, summed over the negatives ``x`` instead of the groups:
    :math:`\sum_x (2 \#\{p > x\} + \#\{p = x\})`, each count a binary search in
    the sorted positives (from :data:`TABLE_MIN_SIZE` float scores up, by the
    bucket table of :func:`~minibalance._kernels.placement.place_negatives_numba`).
    Numba twin of :func:`twice_roc_area_binned_numpy`.
    """
    if _table(score):
        return placement.twice_roc_area_numba(*placement.place_negatives_numba(is_pos, score))
    return int(_twice_roc_area_binned(is_pos, score))


def twice_roc_area_binned_numpy(is_pos, score):
    """NumPy twin of :func:`twice_roc_area_binned_numba`."""
    pos = np.sort(score[is_pos])
    neg = score[~is_pos]
    above_or_tied = pos.shape[0] - np.searchsorted(pos, neg, side="left")
    above = pos.shape[0] - np.searchsorted(pos, neg, side="right")
    return int(above_or_tied.sum()) + int(above.sum())
