"""Helpers shared by the metrics: averaging over labels, and the per-label counts.

Input checks (target types, lengths, ``pos_label``) live in :mod:`minibalance._validation`.
"""

from __future__ import annotations

import warnings

import numpy as np

from .._arith import divide
from .._validation import check_consistent_length, check_targets, type_of_target
from ..exceptions import InvalidParameterError, undefined_metric_warning

__all__ = [
    "_AVERAGES",
    "_PRF_AVERAGES",
    "average_binary_score",
    "label_sums",
]


def average_binary_score(binary_metric, y_true, y_score, average, sample_weight=None):
    """Apply a binary metric to a binary or multilabel-indicator target, then average.

    The same rules as scikit-learn's ``_average_binary_score``: ``"micro"`` pools
    every (sample, label) pair; ``"macro"`` is the plain mean over labels;
    ``"weighted"`` weights labels by their (weighted) number of positives;
    ``"samples"`` scores each sample's row; ``None`` returns the per-label scores.
    """
    options = (None, "micro", "macro", "weighted", "samples")
    if average not in options:
        raise ValueError(f"average has to be one of {options}")
    y_type = type_of_target(y_true)
    if y_type not in ("binary", "multilabel-indicator"):
        raise ValueError(
            f"{y_type} format is not supported: y_true must be binary or a multilabel indicator."
        )
    if y_type == "binary":
        return binary_metric(y_true, y_score, sample_weight=sample_weight)

    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score)
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
    check_consistent_length(y_true, y_score, sample_weight)
    if y_score.ndim != 2:
        raise ValueError(
            f"y_score must be 2-D (n_samples, n_labels) for a multilabel y_true; "
            f"got shape {y_score.shape}."
        )
    not_average_axis = 1
    score_weight = sample_weight
    average_weight = None
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, y_true.shape[1])
        y_true = y_true.ravel()
        y_score = y_score.ravel()
    elif average == "weighted":
        if score_weight is not None:
            average_weight = np.sum(
                np.multiply(y_true.astype(score_weight.dtype), score_weight.reshape(-1, 1)),
                axis=0,
            )
        else:
            average_weight = np.sum(y_true, axis=0)
        if np.isclose(np.sum(average_weight), 0):
            return 0
    elif average == "samples":
        average_weight = score_weight
        score_weight = None
        not_average_axis = 0
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if y_score.ndim == 1:
        y_score = y_score.reshape(-1, 1)
    n_classes = y_score.shape[not_average_axis]
    score = np.zeros(n_classes)
    for c in range(n_classes):
        y_true_c = y_true.take([c], axis=not_average_axis).ravel()
        y_score_c = y_score.take([c], axis=not_average_axis).ravel()
        score[c] = binary_metric(y_true_c, y_score_c, sample_weight=score_weight)
    if average is not None:
        if average_weight is not None:
            # a zero-weight label cannot drag a NaN into the average
            score[np.asarray(average_weight) == 0] = 0
        return float(np.average(score, weights=average_weight))
    return score


# --- shared by precision/recall/F and sensitivity/specificity ---------------------

_AVERAGES = (None, "micro", "macro", "weighted", "samples")
_PRF_AVERAGES = ("binary", "micro", "macro", "weighted", "samples")


def _check_zero_division(zero_division):
    if isinstance(zero_division, str) and zero_division == "warn":
        return np.float64(0.0)
    if isinstance(zero_division, (int, float)) and zero_division in (0, 1):
        return np.float64(zero_division)
    if isinstance(zero_division, float) and np.isnan(zero_division):
        return np.nan
    raise InvalidParameterError(
        f"zero_division={zero_division!r} must be 'warn', 0.0, 1.0 or np.nan."
    )


def _warn_prf(average, modifier, msg_start, result_size):
    axis0, axis1 = ("label", "sample") if average == "samples" else ("sample", "label")
    msg = (
        f"{msg_start} ill-defined and being set to 0.0 {{0}} no {modifier} {axis0}s. "
        "Use `zero_division` parameter to control this behavior."
    )
    msg = msg.format("due to" if result_size == 1 else f"in {axis1}s with")
    warnings.warn(msg, undefined_metric_warning(), stacklevel=4)


def _prf_divide(numerator, denominator, metric, modifier, average, warn_for, zero_division):
    if not np.any(np.asarray(denominator) == 0):
        return divide(numerator, denominator)
    result = divide(numerator, denominator, _check_zero_division(zero_division))
    if zero_division == "warn" and metric in warn_for:
        _warn_prf(average, modifier, f"{metric.capitalize()} is", result.shape[0])
    return result


def _nanaverage(a, weights=None):
    if a.shape[0] == 0:
        return np.nan
    mask = np.isnan(a)
    if np.all(mask):
        return np.nan
    if weights is None:
        return np.nanmean(a)
    weights = np.asarray(weights)
    a, weights = a[~mask], weights[~mask]
    try:
        return np.average(a, weights=weights)
    except ZeroDivisionError:  # all weights zero: ignore them
        return np.average(a)


def _multilabel_counts(y_true, y_pred, labels, sw, samplewise):
    """tp, predicted and true sums of an indicator target, per label or per sample."""
    y_true = np.asarray(y_true) != 0
    y_pred = np.asarray(y_pred) != 0
    if y_true.shape[1] != y_pred.shape[1]:
        raise ValueError("Multi-label binary indicator input with different numbers of labels")
    present = np.arange(y_true.shape[1])
    if labels is not None:
        labels = np.asarray(labels)
        n_labels = labels.shape[0]
        labels = np.concatenate([labels, np.setdiff1d(present, labels, assume_unique=True)])
        if labels.shape != present.shape or np.any(labels != present):
            if np.max(labels) > np.max(present):
                raise ValueError(
                    "All labels must be in [0, n labels) for multilabel targets. "
                    f"Got {np.max(labels)} > {np.max(present)}"
                )
            if np.min(labels) < 0:
                raise ValueError(
                    "All labels must be in [0, n labels) for multilabel targets. "
                    f"Got {np.min(labels)} < 0"
                )
        y_true = y_true[:, labels[:n_labels]]
        y_pred = y_pred[:, labels[:n_labels]]
    axis = 1 if samplewise else 0

    def count(indicator):
        if sw is None:
            return indicator.sum(axis=axis)
        if samplewise:
            return indicator.sum(axis=1) * sw
        # column sums of the weights, row after row (scikit-learn's bincount order)
        return np.bincount(
            np.nonzero(indicator)[1],
            weights=np.repeat(sw, indicator.sum(axis=1)),
            minlength=indicator.shape[1],
        )

    tp, pred, true = count(y_true & y_pred), count(y_pred), count(y_true)
    fp, fn = pred - tp, true - tp
    if sw is not None and samplewise:
        tn = sw * y_true.shape[1] - tp - fp - fn
    elif sw is not None:
        tn = np.sum(sw) - tp - fp - fn
    elif samplewise:
        tn = y_true.shape[1] - tp - fp - fn
    else:
        tn = y_true.shape[0] - tp - fp - fn
    dtype = np.result_type(tn, fp, fn, tp)  # one matrix in scikit-learn
    tp = tp.astype(dtype)
    return tp, tp + fp.astype(dtype), tp + fn.astype(dtype)


def _class_counts(y_true, y_pred, labels, sample_weight, samplewise=False):
    """Per-label true positives, predicted and true totals.

    ``labels`` first (in the given order), as scikit-learn's
    ``multilabel_confusion_matrix`` counts them; per sample with ``samplewise``
    (multilabel targets only).
    """
    y_type, present, y_true, y_pred, sw = check_targets(y_true, y_pred, sample_weight)
    if y_type == "multilabel-indicator":
        return (y_type, present, *_multilabel_counts(y_true, y_pred, labels, sw, samplewise))
    if samplewise:
        raise ValueError(
            "Samplewise metrics are not available outside of multilabel classification."
        )
    tp_sum, pred_sum, true_sum, at, _ = label_sums(y_true, y_pred, labels, present, sw)
    # scikit-learn stacks tp, fp, fn (and tn) into one matrix, then adds tp back:
    # the common dtype (float when no sample is a hit) and the rounding follow.
    dtype = np.result_type(tp_sum, pred_sum, true_sum)
    tp_sum = tp_sum.astype(dtype)
    pred_sum = tp_sum + (pred_sum - tp_sum).astype(dtype)
    true_sum = tp_sum + (true_sum - tp_sum).astype(dtype)
    return y_type, present, tp_sum[at], pred_sum[at], true_sum[at]


def label_sums(y_true, y_pred, labels, present, sample_weight):
    """Per-label (weighted) true positives, predictions and true samples.

    The counting step shared by precision/recall/F and imbalanced-learn's
    sensitivity/specificity: ``labels`` (if given) come first, the other present
    labels after them, as both libraries order them.

    Returns
    -------
    tp_sum, pred_sum, true_sum : ndarray
        Over the sorted labels; ``tp_sum`` is float zeros when no sample is a hit
        (as both references have it).
    at : ndarray of intp
        Positions of the requested labels (all present ones by default) in them.
    n_samples : int
    """
    if labels is None:
        labels, n_labels = present, None
    else:
        labels = np.asarray(labels)
        n_labels = labels.shape[0]
        labels = np.concatenate([labels, np.setdiff1d(present, labels, assume_unique=True)])
    sorted_labels = np.unique(labels)
    missing = np.setdiff1d(np.concatenate([y_true, y_pred]), sorted_labels)
    if missing.size:
        raise ValueError(f"y contains previously unseen labels: {missing.tolist()}")
    t = np.searchsorted(sorted_labels, y_true)
    p = np.searchsorted(sorted_labels, y_pred)
    size = sorted_labels.shape[0]
    sw = None if sample_weight is None else np.asarray(sample_weight)
    hit = t == p
    if hit.any():
        tp_sum = np.bincount(t[hit], weights=None if sw is None else sw[hit], minlength=size)
    else:
        tp_sum = np.zeros(size)
    pred_sum = np.bincount(p, weights=sw, minlength=size)
    true_sum = np.bincount(t, weights=sw, minlength=size)
    return tp_sum, pred_sum, true_sum, np.searchsorted(sorted_labels, labels[:n_labels]), t.size
