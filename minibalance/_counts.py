"""The counts core: true and false positives at every distinct score threshold.

Every ranking metric (PR curve, ROC curve, average precision, ROC AUC) and the
threshold search read their numbers from :func:`binary_counts`. For each distinct
score ``t`` (in decreasing order) it gives

- ``tps[i]``: (weighted) number of positives with ``score >= thresholds[i]``,
- ``fps[i]``: (weighted) number of negatives with ``score >= thresholds[i]``,

so a tie group of equal scores is one operating point, never split.

Two exact ways to get there:

- **Unweighted**: the counts are integers, so the order inside a tie group does
  not matter and no index sort is needed. The positive and the negative scores
  are sorted separately by value (``np.sort``, several times faster than
  ``np.argsort``; a radix sort on the Numba backend), merged by inserting the
  (few) positives into the negatives, and the positives are counted per distinct
  value. Average precision and the ROC area need the counts at the positives'
  scores only: below the radix sort's cut-over they sort the positives alone and
  place each negative among them by binary search; above it on the Numba backend,
  when the positives are at most half, by a bucket table in one linear pass
  (:mod:`minibalance._kernels.placement`).
- **Weighted**: floating-point sums depend on the order of the additions, so, as
  scikit-learn does, the samples are ordered by decreasing score with a stable
  sort and the weights are summed cumulatively in that order; the result is then
  bit-identical to scikit-learn's.

References
----------
.. [1] J. Davis and M. Goadrich, "The Relationship Between Precision-Recall and
   ROC Curves", Proceedings of the 23rd International Conference on Machine
   Learning (ICML), 233-240, 2006.
"""

from __future__ import annotations

import numpy as np

from ._config import get_backend
from ._kernels import placement, radix_sort, twin

__all__ = [
    "binary_average_precision",
    "binary_counts",
    "binary_pr_curve",
    "binary_roc_auc",
    "counts_at",
    "usual_pr_curve",
]


def binary_counts(
    y_true: np.ndarray, y_score: np.ndarray, sample_weight: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Count true and false positives at every distinct threshold.

    Parameters
    ----------
    y_true : ndarray of bool, shape (n_samples,)
        Whether each sample is positive.
    y_score : ndarray of shape (n_samples,)
        Finite scores; higher means more likely positive.
    sample_weight : ndarray of float64, shape (n_samples,), default=None
        Weights; samples of weight zero are ignored.

    Returns
    -------
    fps, tps : ndarray of float64, shape (n_thresholds,)
        Cumulative (weighted) false and true positives at each threshold.
    thresholds : ndarray, shape (n_thresholds,)
        The distinct scores in decreasing order, in the dtype of ``y_score``.
    """
    if sample_weight is not None:
        return _weighted_counts(y_true, y_score, sample_weight)
    n = y_score.shape[0]
    if n == 0:
        empty = np.empty(0)
        return empty, empty.copy(), y_score[:0]
    pos, neg, numba_ok = _sorted_classes(y_true, y_score)
    return twin("counts", "merge_counts", numba_ok=numba_ok)(pos, neg)


def counts_at(
    y_true: np.ndarray, y_score: np.ndarray, thresholds: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Count false and true positives of the rule ``y_score >= t`` at given thresholds.

    Unweighted. The thresholds need not be scores of the data (nor sorted): each
    count is a binary search in the sorted positive or negative scores.

    Returns
    -------
    fps, tps : ndarray of float64, shape (n_thresholds,)
    """
    pos, neg, _ = _sorted_classes(y_true, y_score)
    tps = pos.size - np.searchsorted(pos, thresholds, side="left")
    fps = neg.size - np.searchsorted(neg, thresholds, side="left")
    return fps.astype(np.float64), tps.astype(np.float64)


def _binned(y_true, y_score):
    """Whether average precision and the ROC area sort the positives only.

    Below the radix sort's cut-over: there, sorting the negatives too was most of
    the time. Above it on the Numba backend when the positives are at most half
    the float scores and at most :data:`~minibalance._kernels.placement.MAX_POSITIVES`:
    the negatives are placed among them by a bucket table in one linear pass
    (:mod:`minibalance._kernels.placement`; 3.3 ms in two threads vs 8.6 ms for the
    radix sort of both classes at a million scores, 1% positives, measured). The
    NumPy twin's binary search per negative is not linear, so NumPy sorts both there.
    """
    n = y_score.shape[0]
    if n < radix_sort.RADIX_MIN_SIZE:
        return True
    if y_score.dtype not in (np.float64, np.float32) or get_backend() != "numba":
        return False
    n_pos = int(np.count_nonzero(y_true))
    return 2 * n_pos <= n and n_pos <= placement.MAX_POSITIVES


def _sorted_classes(y_true, y_score):
    """Positive and negative scores, each sorted by value; and whether Numba can take them.

    The sort is ``np.sort``, or on the Numba backend a radix sort on the floats' bits
    (:mod:`minibalance._kernels.radix_sort`): the same arrays. At a million scores
    0.2-0.3x the time where NumPy's sort is scalar (11 vs 53 ms, 29 vs 104 ms on
    two machines), but 1.6x where NumPy sorts with AVX-512 (8.6 vs 5.4 ms) and
    1.6-2.5x with AVX2, measured; so where NumPy's sort is vectorised the Numba
    backend takes ``np.sort`` too (:func:`~minibalance._kernels.radix_sort.vector_sort`),
    except for NumPy's AVX-512 sort on AMD Zen 4, no faster there than a scalar
    sort (12 vs 52 ms, measured).
    """
    numba_ok = y_score.dtype.kind in "iuf"
    pos, neg = twin("radix_sort", "split_sorted", numba_ok=numba_ok)(y_true, y_score)
    return pos, neg, numba_ok


def binary_pr_curve(y_true: np.ndarray, y_score: np.ndarray):
    """Unweighted PR curve (precision, recall, increasing thresholds) in one kernel pass.

    The arrays :func:`minibalance.metrics.precision_recall_curve` returns; recall is
    1 at every threshold when there is no positive (the caller warns).
    """
    kernel = twin("counts", "pr_curve_from_labels", numba_ok=y_score.dtype.kind in "iuf")
    return kernel(y_true, y_score)


def usual_pr_curve(y_true, y_score):
    """Return the unweighted PR curve of the usual small call in one kernel pass, or ``None``.

    The usual call: 1-D int64 labels of exactly {0, 1} or {-1, 1} (``pos_label``
    left to its default, 1) and finite float64 or float32 scores, native and
    contiguous, below the radix sort's cut-over. Anything else (``None``) takes the
    full validation, which raises or warns as scikit-learn does; the curve is the
    same either way (:func:`~minibalance._kernels.counts.pr_curve_usual_numba`).
    """
    if not (
        type(y_true) is np.ndarray
        and type(y_score) is np.ndarray
        and y_true.dtype == np.int64  # native (a big-endian dtype does not compare equal)
        and (y_score.dtype == np.float64 or y_score.dtype == np.float32)
        and y_true.ndim == 1
        and y_score.ndim == 1
        and 0 < y_true.shape[0] == y_score.shape[0] < radix_sort.RADIX_MIN_SIZE
    ):
        return None
    y_flags, score_flags = y_true.flags, y_score.flags
    if not (
        y_flags.c_contiguous
        and y_flags.aligned
        and score_flags.c_contiguous
        and score_flags.aligned
    ):
        return None
    return twin("counts", "pr_curve_usual")(y_true, y_score)


def binary_average_precision(y_true: np.ndarray, y_score: np.ndarray) -> float:
    r"""Average precision of an unweighted binary problem with at least one positive.

    .. math:: AP = \sum_g (R_g - R_{g-1}) P_g

    over the distinct thresholds :math:`g` in decreasing order. Each term is the
    one scikit-learn computes; the terms are added in threshold order rather than
    by a pairwise sum, which moves the result by a few units in the last place at
    most. Only the groups holding a positive add a term.
    """
    numba_ok = y_score.dtype.kind in "iuf"
    if _binned(y_true, y_score):  # the positives sorted, the negatives binned among them
        return twin("counts", "average_precision_binned", numba_ok=numba_ok)(y_true, y_score)
    pos, neg, numba_ok = _sorted_classes(y_true, y_score)
    return twin("counts", "average_precision", numba_ok=numba_ok)(pos, neg)


def binary_roc_auc(y_true: np.ndarray, y_score: np.ndarray) -> float:
    r"""ROC AUC of an unweighted binary problem with both classes, exactly.

    .. math:: AUC = \frac{1}{2PN} \sum_g f_g \, (2 T_{g-1} + t_g)

    the trapezoids under the ROC curve summed over the distinct thresholds
    :math:`g` (decreasing), with :math:`t_g, f_g` the positives and negatives
    scoring exactly :math:`g` and :math:`T_{g-1}` the positives above it: the
    Mann-Whitney statistic, ties counting one half. The sum is an integer, so the
    result is the exact area rounded once; scikit-learn's trapezoidal sum of
    floats agrees with it to a few units in the last place.
    """
    numba_ok = y_score.dtype.kind in "iuf"
    if _binned(y_true, y_score):  # the positives sorted, the negatives binned among them
        n_pos = int(np.count_nonzero(y_true))
        n_neg = y_true.shape[0] - n_pos
        twice_area = twin("counts", "twice_roc_area_binned", numba_ok=numba_ok)(y_true, y_score)
    else:
        pos, neg, numba_ok = _sorted_classes(y_true, y_score)
        n_pos, n_neg = pos.size, neg.size
        twice_area = twin("counts", "twice_roc_area", numba_ok=numba_ok)(pos, neg)
    return twice_area / (2 * n_pos * n_neg)  # Python ints: one correct rounding


def _weighted_counts(y_true, y_score, sample_weight):
    keep = sample_weight != 0
    y_true, y_score, sample_weight = y_true[keep], y_score[keep], sample_weight[keep]
    # Stable and decreasing: ties keep their input order, as in scikit-learn, so
    # the cumulative sums add the same numbers in the same order.
    # Decreasing by a stable ascending sort of the reversed scores, read backwards
    # (no negation, so unsigned and boolean scores work too).
    n = y_score.size
    order = n - 1 - np.argsort(y_score[::-1], kind="stable")[::-1]
    y_score = y_score[order]
    y = y_true[order].astype(np.float64)
    w = sample_weight[order]
    last = np.append(np.flatnonzero(y_score[1:] != y_score[:-1]), n - 1)
    tps = np.cumsum(y * w)[last]
    fps = np.cumsum((1 - y) * w)[last]
    return fps, tps, y_score[last]
