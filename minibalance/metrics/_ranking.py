r"""Ranking metrics for the rare class: PR curve, average precision, ROC, ROC AUC.

All of them read true/false positive counts at every distinct threshold from the
one counts core, :func:`minibalance._counts.binary_counts`, and follow
scikit-learn 1.9's definitions, outputs, warnings and errors.

Precision and recall at threshold :math:`t` (predict positive when
``score >= t``):

.. math:: P(t) = \frac{TP(t)}{TP(t) + FP(t)}, \qquad R(t) = \frac{TP(t)}{TP + FN}

Average precision is the step-wise area under the PR curve (no interpolation,
which would be over-optimistic; Davis & Goadrich, 2006):

.. math:: AP = \sum_n (R_n - R_{n-1}) P_n

References
----------
.. [1] J. Davis and M. Goadrich, "The Relationship Between Precision-Recall and
   ROC Curves", ICML 2006.
.. [2] T. Fawcett, "An introduction to ROC analysis", Pattern Recognition
   Letters 27(8), 861-874, 2006.
.. [3] D. K. McClish, "Analyzing a portion of the ROC curve", Medical Decision
   Making 9(3), 190-195, 1989.
.. [4] D. J. Hand and R. J. Till, "A Simple Generalisation of the Area Under the
   ROC Curve for Multiple Class Classification Problems", Machine Learning 45(2),
   171-186, 2001.
"""

from __future__ import annotations

import numbers
import warnings
from functools import partial
from itertools import combinations
from typing import Any

import numpy as np

from .._counts import (
    binary_average_precision,
    binary_counts,
    binary_pr_curve,
    binary_roc_auc,
    usual_pr_curve,
)
from .._kernels import twin
from .._kernels.radix_sort import RADIX_MIN_SIZE
from .._labels import distinct
from .._validation import (
    _assert_finite,
    check_average_param,
    check_binary_inputs,
    parameter_error,
    type_of_target,
)
from ..exceptions import InvalidParameterError, undefined_metric_warning
from ._base import average_binary_score

__all__ = [
    "auc",
    "average_precision_score",
    "precision_recall_curve",
    "roc_auc_score",
    "roc_curve",
]

_trapezoid = getattr(np, "trapezoid", None) or np.trapz  # noqa: NPY201 (numpy < 2.0)


def _check_array_likes(owner: str, **arrays: Any) -> None:
    for name, value in arrays.items():  # scikit-learn's validation refuses scalars
        if np.ndim(value) == 0:
            raise parameter_error(owner, name, "an array-like", value)


def _check_average(average, owner):
    check_average_param(owner, average, ("micro", "macro", "weighted", "samples"))


def _counts(y_true, y_score, pos_label, sample_weight, classes=None):
    positive, score, weight = check_binary_inputs(
        y_true, y_score, sample_weight, pos_label, classes
    )
    return binary_counts(positive, score, weight)


def precision_recall_curve(
    y_true: Any,
    y_score: Any,
    *,
    pos_label: Any = None,
    sample_weight: Any = None,
    drop_intermediate: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision and recall at every distinct threshold.

    Same inputs and outputs as ``sklearn.metrics.precision_recall_curve``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels; without ``pos_label`` they must be {0, 1} or {-1, 1}.
    y_score : array-like of shape (n_samples,)
        Scores (probabilities or decision values) of the positive class.
    pos_label : int, float, bool or str, default=None
        The positive class (1 when ``None``).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    drop_intermediate : bool, default=False
        Drop thresholds that do not change the true positives (points on a
        horizontal stretch of the curve).

    Returns
    -------
    precision : ndarray of float64, shape (n_thresholds + 1,)
        Precision at each threshold (increasing thresholds), ending with 1.
    recall : ndarray of float64, shape (n_thresholds + 1,)
        Recall at each threshold (decreasing), ending with 0.
    thresholds : ndarray, shape (n_thresholds,)
        The distinct scores, increasing, in the dtype of ``y_score``.

    Examples
    --------
    >>> from minibalance.metrics import precision_recall_curve
    >>> precision, recall, thresholds = precision_recall_curve(
    ...     [0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> precision.tolist(), recall.tolist(), thresholds.tolist()
    ([0.5, 0.6666666666666666, 0.5, 1.0, 1.0], [1.0, 1.0, 0.5, 0.5, 0.0], [0.1, 0.35, 0.4, 0.8])
    """
    if sample_weight is None and pos_label is None and not drop_intermediate:
        curve = usual_pr_curve(y_true, y_score)  # the usual call: one compiled pass
        if curve is not None:
            return curve
    _check_array_likes("precision_recall_curve", y_true=y_true, y_score=y_score)
    precision, recall, thresholds = _precision_recall_curve(
        y_true, y_score, pos_label, sample_weight, drop_intermediate
    )
    given = getattr(y_score, "dtype", None)
    if isinstance(given, np.dtype) and not given.isnative and given.kind == "f":
        # the kernels read native scores; scikit-learn returns the scores' byte order
        thresholds = thresholds.astype(given)
    return precision, recall, thresholds


def _precision_recall_curve(
    y_true, y_score, pos_label, sample_weight, drop_intermediate=False, classes=None
):
    if sample_weight is None and not drop_intermediate:
        # unweighted, every threshold: one kernel pass from the sorted scores
        positive, score = None, y_score
        if classes is None:  # the usual large call, checked in one pass
            label = 1 if pos_label is None else pos_label  # None: {0, 1}, 1 positive
            positive = _scanned_binary(y_true, y_score, label, greater=pos_label is None)
        if positive is None:
            positive, score, _ = check_binary_inputs(y_true, y_score, None, pos_label, classes)
        precision, recall, thresholds = binary_pr_curve(positive, score)
        if precision[0] == 0.0:  # P / (P + N) at the lowest threshold: no positive at all
            _warn_no_positive(stacklevel=4)
        return precision, recall, thresholds
    fps, tps, thresholds = _counts(y_true, y_score, pos_label, sample_weight, classes)
    if drop_intermediate and fps.shape[0] > 2:
        keep = np.flatnonzero(np.r_[True, np.logical_or(np.diff(tps[:-1]), np.diff(tps[1:])), True])
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    return _precision_recall_from_counts(fps, tps, thresholds)


def _warn_no_positive(stacklevel):
    warnings.warn(
        "No positive class found in y_true, recall is set to one for all thresholds.",
        UserWarning,
        stacklevel=stacklevel,
    )


def _precision_recall_from_counts(fps, tps, thresholds):
    ps = tps + fps
    precision = np.zeros(ps.shape)
    np.divide(tps, ps, out=precision, where=ps != 0)  # 0 where nothing is predicted
    if tps[-1] == 0:
        _warn_no_positive(stacklevel=5)
        recall = np.ones(tps.shape)
    else:
        recall = tps / tps[-1]
    return _reversed_then(precision, 1.0), _reversed_then(recall, 0.0), thresholds[::-1]


def _reversed_then(values, last):
    out = np.empty(values.shape[0] + 1)
    out[:-1] = values[::-1]
    out[-1] = last
    return out


def roc_curve(
    y_true: Any,
    y_score: Any,
    *,
    pos_label: Any = None,
    sample_weight: Any = None,
    drop_intermediate: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Receiver operating characteristic: false and true positive rates per threshold.

    Same inputs and outputs as ``sklearn.metrics.roc_curve``.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,)
        True binary labels.
    y_score : array-like of shape (n_samples,)
        Scores of the positive class.
    pos_label : int, float, bool or str, default=None
        The positive class (1 when ``None``).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    drop_intermediate : bool, default=True
        Drop thresholds on straight stretches of the curve (collinear points).

    Returns
    -------
    fpr, tpr : ndarray of float64, shape (n_points,)
        Rates at each threshold, starting at (0, 0).
    thresholds : ndarray of float64, shape (n_points,)
        Decreasing thresholds; the first is ``inf`` (nothing predicted positive).

    Examples
    --------
    >>> from minibalance.metrics import roc_curve
    >>> fpr, tpr, thresholds = roc_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    >>> fpr.tolist(), tpr.tolist()
    ([0.0, 0.0, 0.5, 0.5, 1.0], [0.0, 0.5, 0.5, 1.0, 1.0])
    """
    _check_array_likes("roc_curve", y_true=y_true, y_score=y_score)
    return _roc_curve(y_true, y_score, pos_label, sample_weight, drop_intermediate)


def _roc_curve(y_true, y_score, pos_label, sample_weight, drop_intermediate, classes=None):
    """:func:`roc_curve` once the inputs are array-likes (``classes``: y's, if known)."""
    fps, tps, thresholds = _counts(y_true, y_score, pos_label, sample_weight, classes)
    if drop_intermediate and fps.shape[0] > 2:
        inner = np.logical_or(np.diff(fps, 2), np.diff(tps, 2))
        keep = np.flatnonzero(np.concatenate(([True], inner, [True])))
        fps, tps, thresholds = fps[keep], tps[keep], thresholds[keep]
    tps = np.concatenate(([0.0], tps))
    fps = np.concatenate(([0.0], fps))
    thresholds = np.concatenate(([np.inf], thresholds.astype(np.float64)))
    if fps[-1] <= 0:
        warnings.warn(
            "No negative samples in y_true, false positive value should be meaningless",
            undefined_metric_warning(),
            stacklevel=2,
        )
        fpr = np.full(fps.shape, np.nan)
    else:
        fpr = fps / fps[-1]
    if tps[-1] <= 0:
        warnings.warn(
            "No positive samples in y_true, true positive value should be meaningless",
            undefined_metric_warning(),
            stacklevel=2,
        )
        tpr = np.full(tps.shape, np.nan)
    else:
        tpr = tps / tps[-1]
    return fpr, tpr, thresholds


def auc(x: Any, y: Any) -> float:
    """Area under a curve given by points ``(x, y)``, by the trapezoidal rule.

    ``x`` must be monotonic (increasing or decreasing).

    Examples
    --------
    >>> from minibalance.metrics import auc
    >>> auc([0.0, 0.5, 1.0], [0.0, 1.0, 1.0])
    0.75
    """
    x = np.asarray(x)
    y = np.asarray(y)
    if x.ndim != 1 or y.ndim != 1 or x.shape != y.shape:
        raise ValueError(
            f"x and y must be 1-D arrays of the same length; got shapes {x.shape}, {y.shape}."
        )
    if x.shape[0] < 2:
        raise ValueError(
            f"At least 2 points are needed to compute area under curve, but x.shape = {x.shape}"
        )
    direction = 1
    dx = np.diff(x)
    if np.any(dx < 0):
        if np.all(dx <= 0):
            direction = -1
        else:
            raise ValueError(f"x is neither increasing nor decreasing : {x}.")
    return float(direction * _trapezoid(y, x))


def _scanned_binary(y_true, y_score, pos_label, *, greater=False):
    """``y_true == pos_label`` of the usual large binary call, checked in one pass; else None.

    The usual call: 1-D int64 labels of two consecutive values, ``pos_label`` one of
    them (the greater with ``greater=True``), and as many finite float64 or float32
    scores, 1-D, native, contiguous and aligned, at least ``RADIX_MIN_SIZE`` of
    them. There every check of the general path (distinct labels, a binary target,
    ``pos_label`` present, finite scores) passes and it goes on with
    ``y_true == pos_label`` and ``y_score`` as given;
    :mod:`minibalance._kernels.binary_scan` finds that in one pass over the labels
    and the scores where the general path makes four. Any other call, and any call
    that fails a check, returns None, and the general path then validates it and
    raises its errors: the two cannot disagree.
    """
    if not (isinstance(y_true, np.ndarray) and isinstance(y_score, np.ndarray)):
        return None
    n = y_true.shape[0] if y_true.ndim == 1 else 0
    if n < RADIX_MIN_SIZE or y_score.shape != (n,) or y_true.dtype != np.int64:
        return None
    if y_score.dtype not in (np.float64, np.float32):
        return None
    for arr in (y_true, y_score):  # as the kernels are compiled
        if not (arr.dtype.isnative and arr.flags.c_contiguous and arr.flags.aligned):
            return None
    if isinstance(pos_label, bool) or not isinstance(pos_label, (int, np.integer)):
        return None
    if not -(2**63) <= pos_label < 2**63:
        return None
    lo, hi, is_pos, nonfinite = twin("binary_scan", "scan_binary")(y_true, pos_label, y_score)
    if nonfinite or hi - lo != 1 or (pos_label != hi and (greater or pos_label != lo)):
        return None
    return is_pos


def _binary_average_precision(y_true, y_score, pos_label=1, sample_weight=None, classes=None):
    if sample_weight is None:
        positive, score, _ = check_binary_inputs(y_true, y_score, None, pos_label, classes)
        if positive.any():  # else: scikit-learn's warning and convention, below
            return max(0.0, float(binary_average_precision(positive, score)))
    precision, recall, _ = _precision_recall_curve(
        y_true, y_score, pos_label, sample_weight, classes=classes
    )
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def average_precision_score(
    y_true: Any,
    y_score: Any,
    *,
    average: str | None = "macro",
    pos_label: Any = 1,
    sample_weight: Any = None,
) -> float | np.ndarray:
    r"""Average precision (AP): the area under the precision-recall curve, step-wise.

    .. math:: AP = \sum_n (R_n - R_{n-1}) P_n

    Same inputs and outputs as ``sklearn.metrics.average_precision_score``; for
    a rare positive class it is the summary to look at instead of ROC AUC.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        Binary labels, a multilabel indicator matrix, or multiclass labels
        (scored one-vs-rest over the columns of ``y_score``).
    y_score : array-like of shape (n_samples,) or (n_samples, n_labels)
        Scores.
    average : {"macro", "micro", "weighted", "samples"} or None, default="macro"
        How to combine labels (ignored for a binary target).
    pos_label : int, float, bool or str, default=1
        The positive class of a binary target.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.

    Returns
    -------
    float, or ndarray of float64 with ``average=None``

    Examples
    --------
    >>> from minibalance.metrics import average_precision_score
    >>> average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.8333333333333333
    """
    _check_array_likes("average_precision_score", y_true=y_true, y_score=y_score)
    _check_average(average, "average_precision_score")
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        if sample_weight.ndim == 2 and sample_weight.shape[1] == 1:
            sample_weight = sample_weight.ravel()
    if sample_weight is None:
        positive = _scanned_binary(y_true, y_score, pos_label)
        if positive is not None:  # the usual call, checked in one pass
            return max(0.0, float(binary_average_precision(positive, y_score)))
    present = distinct(np.asarray(y_true))
    y_type = type_of_target(y_true, present if np.ndim(y_true) == 1 else None)
    if y_type == "binary":
        if present.shape[0] == 2 and pos_label not in present.tolist():
            raise ValueError(
                f"pos_label={pos_label} is not a valid label. It should be one of {present}"
            )
        if np.ndim(y_true) == 1:  # the labels are counted already: pass them on
            return _binary_average_precision(
                y_true, y_score, pos_label, sample_weight, classes=present
            )
    elif y_type == "multilabel-indicator" and pos_label != 1:
        raise ValueError(
            "Parameter pos_label is fixed to 1 for multilabel-indicator y_true. "
            "Do not set pos_label or set pos_label to 1."
        )
    elif y_type == "multiclass":
        if pos_label != 1:
            raise ValueError(
                "Parameter pos_label is fixed to 1 for multiclass y_true. "
                "Do not set pos_label or set pos_label to 1."
            )
        y_true = (np.asarray(y_true).reshape(-1, 1) == present[None, :]).astype(np.int64)
        y_score = np.asarray(y_score)
        if y_score.shape != y_true.shape:
            raise ValueError(
                "`y_score` needs to be of shape `(n_samples, n_classes)`, since "
                "`y_true` contains multiple classes. Got "
                f"`y_score.shape={y_score.shape}`."
            )
    metric = partial(_binary_average_precision, pos_label=pos_label)
    return average_binary_score(metric, y_true, y_score, average, sample_weight=sample_weight)


def _binary_roc_auc(y_true, y_score, sample_weight=None, max_fpr=None, classes=None):
    """ROC AUC of one binary column; ``classes``, the distinct labels of y, if known."""
    scores = np.asarray(y_score)
    checked = scores.dtype.kind == "f"
    if checked:  # NaN is an error before "one class" is a warning
        _assert_finite(scores, "y_score")
    y_true = np.asarray(y_true)
    if classes is None:
        classes = distinct(y_true)
    if classes.size != 2:
        warnings.warn(
            "Only one class is present in y_true. ROC AUC score is not defined in that case.",
            undefined_metric_warning(),
            stacklevel=3,
        )
        return np.nan
    if sample_weight is None and (max_fpr is None or max_fpr == 1):
        positive, score, _ = check_binary_inputs(
            y_true, scores, None, None, classes, finite_score=checked
        )
        return float(binary_roc_auc(positive, score))
    fpr, tpr, _ = _roc_curve(y_true, y_score, None, sample_weight, True, classes)
    if max_fpr is None or max_fpr == 1:
        return float(_trapezoid(tpr, fpr))  # auc(): fpr increases, so direction is 1
    if max_fpr <= 0 or max_fpr > 1:
        raise ValueError(f"Expected max_fpr in range (0, 1], got: {max_fpr!r}")
    # one more point at max_fpr by linear interpolation, then McClish's correction
    stop = np.searchsorted(fpr, max_fpr, "right")
    x_interp = [fpr[stop - 1], fpr[stop]]
    y_interp = [tpr[stop - 1], tpr[stop]]
    tpr = np.append(tpr[:stop], np.interp(max_fpr, x_interp, y_interp))
    fpr = np.append(fpr[:stop], max_fpr)
    partial_auc = auc(fpr, tpr)
    min_area = 0.5 * max_fpr**2
    max_area = max_fpr
    return 0.5 * (1 + (partial_auc - min_area) / (max_area - min_area))


def roc_auc_score(
    y_true: Any,
    y_score: Any,
    *,
    average: str | None = "macro",
    sample_weight: Any = None,
    max_fpr: float | None = None,
    multi_class: str = "raise",
    labels: Any = None,
) -> float | np.ndarray:
    """Area under the ROC curve, optionally standardised over ``[0, max_fpr]``.

    Same inputs and outputs as ``sklearn.metrics.roc_auc_score`` for binary,
    multilabel-indicator and multiclass targets. A binary target's positive class
    is its greater label.

    Parameters
    ----------
    y_true : array-like of shape (n_samples,) or (n_samples, n_labels)
        Binary labels or a multilabel indicator matrix.
    y_score : array-like of shape (n_samples,) or (n_samples, n_labels)
        Scores of the positive class (of each label).
    average : {"macro", "micro", "weighted", "samples"} or None, default="macro"
        How to combine labels (ignored for a binary target).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    max_fpr : float in (0, 1], default=None
        Return the McClish-standardised partial AUC over ``[0, max_fpr]``.
    multi_class : {"raise", "ovr", "ovo"}, default="raise"
        For multiclass targets (``y_score`` then holds class probabilities):
        ``"ovr"`` scores each class against the rest; ``"ovo"`` averages every
        pair of classes (Hand & Till, 2001).
    labels : array-like, default=None
        For multiclass targets: the classes of the columns of ``y_score``
        (sorted labels of ``y_true`` by default).

    Returns
    -------
    float, or ndarray of float64 with ``average=None``

    Examples
    --------
    >>> from minibalance.metrics import roc_auc_score
    >>> roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    _check_array_likes("roc_auc_score", y_true=y_true, y_score=y_score)
    _check_average(average, "roc_auc_score")
    if max_fpr is not None and (
        isinstance(max_fpr, bool) or not isinstance(max_fpr, numbers.Real) or not 0 < max_fpr <= 1
    ):
        raise InvalidParameterError(
            f"max_fpr={max_fpr!r} must be a float in the range (0.0, 1.0] or None."
        )
    if multi_class not in ("raise", "ovr", "ovo"):
        raise InvalidParameterError(
            f"multi_class={multi_class!r} must be one of 'raise', 'ovr', 'ovo'."
        )
    if sample_weight is None and (max_fpr is None or max_fpr == 1):
        # the usual call, checked in one pass; the greater label is positive
        positive = _scanned_binary(y_true, y_score, 1, greater=True)
        if positive is not None:
            return float(binary_roc_auc(positive, y_score))
    y_true_arr = np.asarray(y_true)
    if y_true_arr.shape[:1] == (0,):  # scikit-learn's check_array wording
        raise ValueError(
            f"Found array with 0 sample(s) (shape={y_true_arr.shape}) while a minimum of 1 "
            "is required."
        )
    # numbers are counted once here; other labels (strings, mixed objects) are left
    # to type_of_target, which says what it makes of them before anything sorts them
    numeric = y_true_arr.ndim == 1 and y_true_arr.dtype.kind in "biuf"
    classes = distinct(y_true_arr) if numeric else None
    y_type = type_of_target(y_true_arr, classes)
    y_score_arr = np.asarray(y_score)
    if y_type == "multiclass" or (
        y_type == "binary" and y_score_arr.ndim == 2 and y_score_arr.shape[1] > 2
    ):
        if max_fpr is not None and max_fpr != 1.0:
            raise ValueError(
                "Partial AUC computation not available in multiclass setting, 'max_fpr' "
                f"must be set to `None`, received `max_fpr={max_fpr}` instead"
            )
        if multi_class == "raise":
            raise ValueError(
                "multi_class must be in ('ovo', 'ovr'): y_true is multiclass, so y_score must "
                "hold class probabilities and multi_class say how to average."
            )
        return _multiclass_roc_auc(
            np.asarray(y_true), y_score_arr, labels, multi_class, average, sample_weight
        )
    if y_type == "binary" and y_true_arr.ndim == 1:
        # the greater label is positive; counted once, then passed down as {0, 1}
        if classes is None:
            classes = distinct(y_true_arr)
        # as int8 {0, 1}: a view of the comparison's booleans (an int64 copy cost
        # 0.3 ms at a million labels, measured)
        is_positive = (y_true_arr == classes[-1]).view(np.int8)
        return _binary_roc_auc(
            is_positive, y_score, sample_weight, max_fpr, np.arange(classes.size, dtype=np.int64)
        )
    if y_type == "binary":
        y = np.asarray(y_true)
        y_true = (y == distinct(y)[-1]).astype(np.int64) if y.size else y
    metric = partial(_binary_roc_auc, max_fpr=max_fpr)
    return average_binary_score(metric, y_true, y_score, average, sample_weight=sample_weight)


def _multiclass_roc_auc(y_true, y_score, labels, multi_class, average, sample_weight):
    """One-vs-rest or one-vs-one ROC AUC over class probabilities, as scikit-learn."""
    if y_score.ndim != 2:
        raise ValueError(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since "
            f"`y_true` contains multiple classes. Got `y_score.shape={y_score.shape}`."
        )
    if not np.allclose(1, y_score.sum(axis=1)):
        raise ValueError(
            "Target scores need to be probabilities for multiclass "
            "roc_auc, i.e. they should sum up to 1.0 over classes"
        )
    options = ("macro", "weighted", None)
    if multi_class == "ovr":
        options = ("micro", *options)
    if average not in options:
        raise ValueError(f"average must be one of {options} for multiclass problems")
    if average is None and multi_class == "ovo":
        raise NotImplementedError("average=None is not implemented for multi_class='ovo'.")
    if labels is not None:
        labels = np.asarray(labels).ravel()
        classes = np.unique(labels)
        if len(classes) != len(labels):
            raise ValueError("Parameter 'labels' must be unique")
        if not np.array_equal(classes, labels):
            raise ValueError("Parameter 'labels' must be ordered")
        if len(classes) != y_score.shape[1]:
            raise ValueError(
                f"Number of given labels, {len(classes)}, not equal to the number "
                f"of columns in 'y_score', {y_score.shape[1]}"
            )
        if len(np.setdiff1d(y_true, classes)):
            raise ValueError("'y_true' contains labels not in parameter 'labels'")
    else:
        classes = distinct(y_true)
        if len(classes) != y_score.shape[1]:
            raise ValueError(
                "Number of classes in y_true not equal to the number of columns in 'y_score'"
            )
    if multi_class == "ovo":
        if sample_weight is not None:
            raise ValueError(
                "sample_weight is not supported for multiclass one-vs-one ROC AUC, "
                "'sample_weight' must be None in this case."
            )
        return _average_ovo(np.searchsorted(classes, y_true), y_score, average)
    indicator = (y_true.reshape(-1, 1) == classes[None, :]).astype(np.int64)
    return average_binary_score(
        _binary_roc_auc, indicator, y_score, average, sample_weight=sample_weight
    )


def _average_ovo(y_true, y_score, average):
    """Hand & Till (2001): the mean over class pairs of the two one-vs-one AUCs."""
    present = distinct(y_true)
    n_pairs = present.size * (present.size - 1) // 2
    pair_scores = np.empty(n_pairs)
    prevalence = np.empty(n_pairs) if average == "weighted" else None
    for ix, (a, b) in enumerate(combinations(present.tolist(), 2)):
        a_mask = y_true == a
        b_mask = y_true == b
        ab_mask = np.logical_or(a_mask, b_mask)
        if prevalence is not None:
            prevalence[ix] = np.average(ab_mask)
        a_score = _binary_roc_auc(a_mask[ab_mask], y_score[ab_mask, a])
        b_score = _binary_roc_auc(b_mask[ab_mask], y_score[ab_mask, b])
        pair_scores[ix] = (a_score + b_score) / 2
    return float(np.average(pair_scores, weights=prevalence))
