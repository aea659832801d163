r"""The exact best decision threshold: every distinct score, one sort, one cumulative sum.

A score classifier predicts positive when :math:`s_i \ge t`. As :math:`t` falls
from :math:`+\infty` through the distinct scores :math:`u_1 > u_2 > \dots > u_m`,
the confusion counts change only at those scores, so the :math:`m + 1` candidates

.. math:: t \in \{+\infty, u_1, \dots, u_m\}

(``+inf`` predicts nothing positive) realise every operating point the scores
allow; no threshold between two candidates does anything a candidate does not.
The counts core (:func:`minibalance._counts.binary_counts`) gives the cumulative
:math:`TP(u_j)` and :math:`FP(u_j)` from one sort; then :math:`FN = P - TP`,
:math:`TN = N - FP`, and the objective is evaluated for all candidates at once
(:mod:`minibalance.threshold._objectives`). A grid of 100 thresholds, as
scikit-learn's ``TunedThresholdClassifierCV`` scores by default, sees at most
100 of these operating points and calls the metric once per point.

References
----------
.. [1] J. Davis and M. Goadrich, "The Relationship Between Precision-Recall and
   ROC Curves", ICML 2006 (the operating points between distinct scores).
.. [2] C. Elkan, "The Foundations of Cost-Sensitive Learning", IJCAI 2001.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._counts import binary_counts
from .._validation import check_binary_inputs
from . import _objectives
from ._objectives import check_objective, evaluate

__all__ = ["ThresholdResult", "best_index", "check_constraint", "find_best_threshold"]


@dataclass(frozen=True, repr=False)
class ThresholdResult:
    """The best threshold of :func:`find_best_threshold` and the curve it was chosen from.

    Attributes
    ----------
    threshold : float
        Predict positive when ``y_score >= threshold``; ``inf`` means predict
        nothing positive.
    score : float
        The objective at ``threshold`` (a cost for ``objective="cost"``).
    precision, recall : float
        At ``threshold``; precision is 0 when nothing is predicted positive.
    tp, fp, fn, tn : int or float
        Confusion counts at ``threshold`` (weighted sums with ``sample_weight``).
    thresholds : ndarray of float64
        Every candidate, decreasing: ``inf`` then each distinct score.
    scores : ndarray of float64
        The objective at each candidate.
    objective : str or callable
        The objective that was optimised.
    """

    threshold: float
    score: float
    precision: float
    recall: float
    tp: Any
    fp: Any
    fn: Any
    tn: Any
    thresholds: np.ndarray
    scores: np.ndarray
    objective: Any

    def __repr__(self) -> str:
        name = getattr(self.objective, "__name__", self.objective)
        return (
            f"ThresholdResult(threshold={self.threshold!r}, score={self.score!r}, "
            f"objective={name!r}, precision={self.precision!r}, recall={self.recall!r}, "
            f"tp={self.tp!r}, fp={self.fp!r}, fn={self.fn!r}, tn={self.tn!r}, "
            f"n_thresholds={self.thresholds.size})"
        )


def check_constraint(value: Any, name: str) -> None:
    """``min_recall`` / ``min_precision`` must be None or a number in [0, 1]."""
    if value is None:
        return
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.number))
        or not 0 <= value <= 1
    ):
        raise ValueError(f"{name} must be None or a number in [0, 1]; got {value!r}.")


def feasible_mask(
    precision: np.ndarray,
    recall: np.ndarray,
    thresholds: np.ndarray,
    min_recall: float | None,
    min_precision: float | None,
) -> np.ndarray | None:
    """Mask the thresholds meeting the constraints; if none does, say the best achievable.

    Returns None when there is no constraint (every threshold is eligible).
    """
    if min_recall is None and min_precision is None:
        return None
    ok = np.ones(thresholds.shape, dtype=bool)
    if min_recall is not None:
        ok &= recall >= min_recall
        if not ok.any():
            i = int(np.argmax(recall))
            raise ValueError(
                f"No threshold reaches recall >= {min_recall}: the best recall achievable is "
                f"{recall[i]:.6g} (at threshold {thresholds[i]:.6g}). Lower min_recall."
            )
    if min_precision is not None:
        meets = ok & (precision >= min_precision)
        if not meets.any():
            where = f" with recall >= {min_recall}" if min_recall is not None else ""
            i = int(np.flatnonzero(ok)[np.argmax(precision[ok])])
            fix = "min_precision or min_recall" if min_recall is not None else "min_precision"
            raise ValueError(
                f"No threshold reaches precision >= {min_precision}{where}: the best "
                f"precision{where} is {precision[i]:.6g} (at threshold {thresholds[i]:.6g}, "
                f"recall {recall[i]:.6g}). Lower {fix}."
            )
        ok = meets
    return ok


def best_index(
    scores: np.ndarray, errors: Any, feasible: np.ndarray | None, *, minimize: bool
) -> int:
    """Index of the best feasible score, for candidates in decreasing threshold order.

    Ties in the objective go to the fewest errors (FP + FN), then to the highest
    threshold (the first index). NaN scores are never chosen. ``errors`` is an
    array, or a function of the tied indices (so it is computed for those only);
    ``feasible=None`` means every candidate is.
    """
    masked = scores if feasible is None else np.where(feasible, scores, np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN: raised below
        best = np.nanmin(masked) if minimize else np.nanmax(masked)
    if np.isnan(best):
        raise ValueError("The objective is NaN at every threshold that meets the constraints.")
    tied = np.flatnonzero(masked == best)
    tied_errors = errors(tied) if callable(errors) else errors[tied]
    return int(tied[np.argmin(tied_errors)])


def find_best_threshold(
    y_true: Any,
    y_score: Any,
    *,
    objective: Any = "f1",
    beta: float = 1.0,
    min_recall: float | None = None,
    min_precision: float | None = None,
    cost_fp: float = 1.0,
    cost_fn: float = 1.0,
    pos_label: Any = None,
    sample_weight: Any = None,
) -> ThresholdResult:
    r"""Find the decision threshold that optimises an objective, exactly.

    Every distinct value of ``y_score`` is a candidate threshold, plus ``+inf``
    (predict nothing positive); all are scored from one sort and one cumulative
    sum, with the prediction rule ``y_score >= threshold`` as in scikit-learn.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True labels, with both classes present.
    y_score : array-like of shape (n_samples,)
        Scores, probabilities or decision values; higher means more likely positive.
    objective : str or callable, default="f1"
        ``"f1"``, ``"fbeta"``, ``"precision"``, ``"recall"``, ``"balanced_accuracy"``,
        ``"mcc"``, ``"gmean"``, ``"youden"`` (TPR - FPR), ``"cost"`` (minimise
        ``cost_fp * FP + cost_fn * FN``), or a callable ``f(tp, fp, fn, tn)`` taking
        float arrays (one entry per candidate) and returning an array of scores
        to maximise. 0/0 ratios score 0.
    beta : float, default=1.0
        Weight of recall for ``objective="fbeta"``.
    min_recall, min_precision : float in [0, 1], default=None
        Only thresholds with recall (precision) at least this are eligible. If
        none is, a ``ValueError`` states the best recall (precision) achievable.
    cost_fp, cost_fn : float, default=1.0
        Cost of a false positive / false negative for ``objective="cost"``.
    pos_label : int, float, bool or str, default=None
        The positive class; by default the greater of {0, 1} or {-1, 1}.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights; counts become sums of weights. Samples of weight zero
        are ignored, including as candidates.

    Returns
    -------
    ThresholdResult
        ``threshold``, ``score``, ``precision``, ``recall``, ``tp``, ``fp``, ``fn``,
        ``tn`` at the best threshold, and the curve ``thresholds``, ``scores``.

    Notes
    -----
    With :math:`P` positives and :math:`N` negatives, for each candidate
    :math:`t`: :math:`TP(t) = \#\{i: y_i = 1, s_i \ge t\}`, :math:`FP(t)` likewise
    over negatives, :math:`FN = P - TP`, :math:`TN = N - FP`. The cost of the
    search is the sort, :math:`O(n \log n)`, whatever the number of candidates.

    **Ties.** Among the eligible thresholds with the best score, the one with
    the fewest errors :math:`FP + FN` wins, and among those the highest
    threshold (the fewest positive predictions). So with ``objective="recall"``
    the highest threshold that keeps the best recall is chosen, and with
    ``"precision"`` the one that keeps the best precision with the most recall.

    References
    ----------
    .. [1] J. Davis and M. Goadrich, "The Relationship Between Precision-Recall
       and ROC Curves", ICML 2006.
    .. [2] C. Elkan, "The Foundations of Cost-Sensitive Learning", IJCAI 2001.

    Examples
    --------
    >>> from minibalance.threshold import find_best_threshold
    >>> y = [0, 0, 0, 0, 1, 0, 1, 1]
    >>> s = [0.1, 0.2, 0.3, 0.35, 0.4, 0.6, 0.7, 0.9]
    >>> best = find_best_threshold(y, s)
    >>> best.threshold, round(best.score, 3), best.tp, best.fp
    (0.4, 0.857, 3, 1)
    >>> find_best_threshold(y, s, objective="precision", min_recall=0.6).threshold
    0.7
    """
    check_objective(objective, beta, cost_fp, cost_fn)
    check_constraint(min_recall, "min_recall")
    check_constraint(min_precision, "min_precision")
    is_pos, y_score, sample_weight = check_binary_inputs(y_true, y_score, sample_weight, pos_label)
    if sample_weight is not None and np.any(sample_weight < 0):
        negative = np.flatnonzero(sample_weight < 0)
        raise ValueError(
            f"sample_weight has {negative.size} negative values (the first at index "
            f"{negative[0]}: {sample_weight[negative[0]]!r}); weights must be >= 0, since "
            "the counts at each threshold are sums of weights."
        )
    fps, tps, thresholds = binary_counts(is_pos, y_score, sample_weight)
    n_pos = tps[-1] if tps.size else 0.0
    n_neg = fps[-1] if fps.size else 0.0
    if not (n_pos > 0 and n_neg > 0):
        missing = "positive" if not n_pos > 0 else "negative"
        raise ValueError(
            f"find_best_threshold needs both classes in y_true, but no {missing} sample "
            f"(with non-zero weight) was found. Check y_true and pos_label={pos_label!r}."
        )
    # candidate "predict nothing positive" first, then the distinct scores (the
    # counts core's arrays are dropped as soon as they are copied: at ten million
    # scores each is 76 MiB)
    thresholds = np.concatenate(([np.inf], thresholds.astype(np.float64, copy=False)))
    tp = np.concatenate(([0.0], tps))
    fp = np.concatenate(([0.0], fps))
    del fps, tps
    fn = n_pos - tp
    tn = n_neg - fp
    scores = evaluate(objective, tp, fp, fn, tn, beta=beta, cost_fp=cost_fp, cost_fn=cost_fn)
    ok = None
    if min_recall is not None or min_precision is not None:
        precision = _objectives.precision(tp, fp, fn, tn)
        recall = tp / n_pos
        ok = feasible_mask(precision, recall, thresholds, min_recall, min_precision)
        del precision, recall
    i = best_index(scores, lambda idx: fp[idx] + fn[idx], ok, minimize=objective == "cost")
    at = slice(i, i + 1)  # the winner's precision and recall, by the same arithmetic
    count = float if sample_weight is not None else int
    return ThresholdResult(
        threshold=float(thresholds[i]),
        score=float(scores[i]),
        precision=float(_objectives.precision(tp[at], fp[at], fn[at], tn[at])[0]),
        recall=float((tp[at] / n_pos)[0]),
        tp=count(tp[i]),
        fp=count(fp[i]),
        fn=count(fn[i]),
        tn=count(tn[i]),
        thresholds=thresholds,
        scores=scores,
        objective=objective,
    )
