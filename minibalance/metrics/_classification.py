r"""Metrics from predicted labels: confusion matrix, balanced accuracy, MCC.

Accuracy rewards predicting the majority; these do not:

- **balanced accuracy**: the mean of the per-class recalls,
  :math:`\frac{1}{K}\sum_k \frac{C_{kk}}{\sum_j C_{kj}}`, optionally adjusted so
  that chance scores 0 (Brodersen et al., 2010);
- **Matthews correlation coefficient** (Matthews, 1975; Gorodkin's K-class form):

  .. math:: MCC = \frac{c\,s - \sum_k p_k t_k}
                       {\sqrt{(s^2 - \sum_k p_k^2)(s^2 - \sum_k t_k^2)}}

  with :math:`c` the correct predictions, :math:`s` the samples, :math:`t_k` and
  :math:`p_k` the true and predicted counts of class :math:`k`.

Outputs, warnings and errors follow scikit-learn 1.9.

References
----------
.. [1] K. H. Brodersen, C. S. Ong, K. E. Stephan and J. M. Buhmann, "The balanced
   accuracy and its posterior distribution", ICPR 2010.
.. [2] B. W. Matthews, "Comparison of the predicted and observed secondary
   structure of T4 phage lysozyme", Biochimica et Biophysica Acta 405, 1975.
.. [3] J. Gorodkin, "Comparing two K-category assignments by a K-category
   correlation coefficient", Computational Biology and Chemistry 28, 2004.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .._validation import InvalidParameterError, check_average_param, check_weights
from ..exceptions import undefined_metric_warning
from ._base import distinct, divide, type_of_target

__all__ = [
    "balanced_accuracy_score",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "matthews_corrcoef",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
]


def _lengths(*arrays):
    return [a.shape[0] if a.ndim else 1 for a in arrays if a is not None]


def _common_integer_labels(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signed and unsigned labels in one exact integer dtype.

    NumPy promotes int64 with uint64 to float64, which merges labels above 2**53.
    """
    values = [int(v.min()) for v in (a, b) if v.size] + [int(v.max()) for v in (a, b) if v.size]
    if not values or max(values) <= np.iinfo(np.int64).max:
        return a.astype(np.int64), b.astype(np.int64)
    if min(values) >= 0:
        return a.astype(np.uint64), b.astype(np.uint64)
    raise ValueError(
        "y_true and y_pred hold labels both below 0 and above 2**63 - 1; no integer dtype "
        "holds them all. Map the labels to a smaller range first."
    )


def _label_kinds(labels: np.ndarray) -> set[str]:
    """Which of "str", "bytes", "number" the labels are (scikit-learn: str or not)."""
    if labels.dtype.kind == "U":
        return {"str"}
    if labels.dtype.kind == "S":
        return {"bytes"}
    if labels.dtype.kind != "O":
        return {"number"}
    return {
        "str" if isinstance(v, str) else "bytes" if isinstance(v, bytes) else "number"
        for v in labels.tolist()
    }


def check_targets(y_true: Any, y_pred: Any, sample_weight: Any = None):
    """Validate a pair of label vectors as scikit-learn's ``_check_targets`` does.

    Returns
    -------
    y_type : {"binary", "multiclass", "multilabel-indicator"}
    labels : ndarray
        Sorted union of the labels of ``y_true`` and ``y_pred``.
    y_true, y_pred : ndarray
    sample_weight : ndarray or None
        Integer weights stay integer.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if {y_true.dtype.kind, y_pred.dtype.kind} == {"i", "u"}:
        y_true, y_pred = _common_integer_labels(y_true, y_pred)
    sw = None if sample_weight is None else np.asarray(sample_weight)
    lengths = _lengths(y_true, y_pred, sw)
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")
    type_true = type_of_target(y_true, input_name="y_true")
    type_pred = type_of_target(y_pred, input_name="y_pred")
    if y_true.size == 0 or y_pred.size == 0:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
            "of 1 sample is required."
        )
    if sw is not None:
        sw = check_weights(sw, y_true.shape[0])
        if not np.any(sw):
            raise ValueError("Sample weights must contain at least one non-zero number.")
    y_type = {type_true, type_pred}
    if y_type == {"binary", "multiclass"}:
        y_type = {"multiclass"}
    if len(y_type) > 1:
        raise ValueError(
            f"Classification metrics can't handle a mix of {type_true} and {type_pred} targets"
        )
    kind = y_type.pop()
    if kind not in ("binary", "multiclass", "multilabel-indicator"):
        raise ValueError(f"{kind} is not supported")
    if kind in ("binary", "multiclass"):
        y_true = y_true.ravel() if y_true.ndim == 2 and y_true.shape[1] == 1 else y_true
        y_pred = y_pred.ravel() if y_pred.ndim == 2 and y_pred.shape[1] == 1 else y_pred
        true_labels, pred_labels = distinct(y_true), distinct(y_pred)
        if _label_kinds(true_labels) | _label_kinds(pred_labels) not in (
            {"str"},
            {"number"},
            {"bytes"},
        ):
            raise ValueError(
                "Mix of label input types (string and number): y_true has "
                f"{sorted(_label_kinds(true_labels))} labels, y_pred "
                f"{sorted(_label_kinds(pred_labels))}."
            )
        labels = distinct(np.concatenate([true_labels, pred_labels]))
        if kind == "binary" and labels.size > 2:
            kind = "multiclass"
    else:
        labels = np.arange(y_true.shape[1])
    return kind, labels, y_true, y_pred, sw


def confusion_matrix(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    sample_weight: Any = None,
    normalize: str | None = None,
) -> np.ndarray:
    """Confusion matrix: ``C[i, j]`` counts class ``labels[i]`` predicted as ``labels[j]``.

    Same inputs and outputs as ``sklearn.metrics.confusion_matrix``: int64 counts
    (float64 with float sample weights), rows and columns in the order of
    ``labels`` (sorted labels by default); labels outside ``labels`` are ignored.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    labels : array-like of shape (n_classes,), default=None
        Classes to index the matrix with.
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    normalize : {"true", "pred", "all"}, default=None
        Divide by the row sums, the column sums or the total.

    Returns
    -------
    ndarray of shape (n_classes, n_classes)

    Examples
    --------
    >>> from minibalance.metrics import confusion_matrix
    >>> confusion_matrix(["ok", "fraud", "ok", "ok"], ["ok", "ok", "ok", "fraud"])
    array([[0, 1],
           [1, 2]])
    """
    if normalize not in (None, "true", "pred", "all"):
        raise InvalidParameterError(
            f"normalize={normalize!r} must be one of 'true', 'pred', 'all' or None."
        )
    y_type, classes, y_true, y_pred, sw = check_targets(y_true, y_pred, sample_weight)
    if y_type not in ("binary", "multiclass"):
        raise ValueError(f"{y_type} is not supported")
    if labels is None:
        labels = classes
    else:
        labels = np.asarray(labels)
        if labels.size == 0:
            raise ValueError("'labels' should contain at least one label.")
        if np.intersect1d(y_true, labels).size == 0:
            raise ValueError("At least one label specified must be in y_true")
    n = labels.size
    # Index of each label in `labels` (the last one among duplicates, as scikit-learn).
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]

    def index_of(y):
        pos = np.searchsorted(sorted_labels, y, side="right") - 1
        found = (pos >= 0) & (sorted_labels[np.clip(pos, 0, n - 1)] == y)
        return order[np.clip(pos, 0, n - 1)], found

    true_idx, true_ok = index_of(y_true)
    pred_idx, pred_ok = index_of(y_pred)
    keep = true_ok & pred_ok
    cells = true_idx[keep] * n + pred_idx[keep]
    if sw is None:
        cm = np.bincount(cells, minlength=n * n).astype(np.int64)
    elif sw.dtype.kind in "iub":
        # Integer weights are summed as integers (float64 loses counts above 2**53).
        cm = np.zeros(n * n, dtype=np.int64)
        np.add.at(cm, cells, sw[keep].astype(np.int64))
    else:
        # bincount adds each cell's weights in input order, as scipy's coo -> dense
        cm = np.bincount(cells, weights=sw[keep].astype(np.float64), minlength=n * n)
        cm = cm.astype(np.float64)  # an empty bincount is int64 even with weights
    cm = cm.reshape(n, n)
    with np.errstate(all="ignore"):
        if normalize == "true":
            cm = cm / cm.sum(axis=1, keepdims=True)
        elif normalize == "pred":
            cm = cm / cm.sum(axis=0, keepdims=True)
        elif normalize == "all":
            cm = cm / cm.sum()
        cm = np.nan_to_num(cm)
    if cm.shape == (1, 1):
        warnings.warn(
            "A single label was found in 'y_true' and 'y_pred'. For the confusion "
            "matrix to have the correct shape, use the 'labels' parameter to pass "
            "all known labels.",
            UserWarning,
            stacklevel=2,
        )
    return cm


def balanced_accuracy_score(
    y_true: Any, y_pred: Any, *, sample_weight: Any = None, adjusted: bool = False
) -> float:
    """Balanced accuracy: the mean recall over the classes of ``y_true``.

    With ``adjusted=True`` it is rescaled so that random guessing scores 0 and a
    perfect prediction 1. Same results as ``sklearn.metrics.balanced_accuracy_score``.

    Examples
    --------
    >>> from minibalance.metrics import balanced_accuracy_score
    >>> balanced_accuracy_score([0, 0, 0, 0, 1], [0, 0, 0, 0, 0])  # majority guess
    0.5
    """
    C = confusion_matrix(y_true, y_pred, sample_weight=sample_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_class = np.diag(C) / C.sum(axis=1)
    if np.any(np.isnan(per_class)):
        warnings.warn("y_pred contains classes not in y_true", UserWarning, stacklevel=2)
        per_class = per_class[~np.isnan(per_class)]
    score = np.mean(per_class)
    if adjusted:
        n_classes = per_class.shape[0]
        chance = 1 / n_classes
        score -= chance
        score /= 1 - chance
    return float(score)


def matthews_corrcoef(y_true: Any, y_pred: Any, *, sample_weight: Any = None) -> float:
    """Matthews correlation coefficient, binary or multiclass (see the module notes).

    Same results as ``sklearn.metrics.matthews_corrcoef``; 0.0 when undefined.

    Examples
    --------
    >>> from minibalance.metrics import matthews_corrcoef
    >>> matthews_corrcoef([1, 1, 1, 0], [1, 0, 1, 1])
    -0.3333333333333333
    """
    y_type, classes, y_true, y_pred, sw = check_targets(y_true, y_pred, sample_weight)
    if y_type not in ("binary", "multiclass"):
        raise ValueError(f"{y_type} is not supported")
    C = confusion_matrix(
        np.searchsorted(classes, y_true), np.searchsorted(classes, y_pred), sample_weight=sw
    )
    t_sum = C.sum(axis=1, dtype=np.float64)
    p_sum = C.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(C, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    cov_ypyp_ytyt = cov_ypyp * cov_ytyt
    if cov_ypyp_ytyt == 0:
        return 0.0
    return float(cov_ytyp / np.sqrt(cov_ypyp_ytyt))


# --- precision, recall, F-beta ----------------------------------------------------------

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


def _set_wise_labels(y_type, present, average, labels, pos_label):
    if average == "binary":
        if y_type == "binary":
            if pos_label not in present.tolist() and len(present) >= 2:
                raise ValueError(
                    f"pos_label={pos_label} is not a valid label. It should be one of {present}"
                )
            return [pos_label]
        options = list(_AVERAGES)
        if y_type == "multiclass":
            options.remove("samples")
        raise ValueError(
            f"Target is {y_type} but average='binary'. Please choose another average "
            f"setting, one of {options!r}."
        )
    if pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single "
            "positive class.",
            UserWarning,
            stacklevel=3,
        )
    return labels


def precision_recall_fscore_support(
    y_true: Any,
    y_pred: Any,
    *,
    beta: float = 1.0,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: Any = ("precision", "recall", "f-score"),
    sample_weight: Any = None,
    zero_division: Any = "warn",
):
    r"""Precision, recall, F-beta and support per class, or averaged.

    .. math:: P = \frac{TP}{TP + FP}, \quad R = \frac{TP}{TP + FN}, \quad
              F_\beta = \frac{(1 + \beta^2)\, TP}{(1 + \beta^2)\, TP + \beta^2 FN + FP}

    Same inputs, outputs, warnings and errors as scikit-learn 1.9's function
    of the same name, for binary, multiclass and multilabel-indicator targets.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        True and predicted labels.
    beta : float, default=1.0
        Weight of recall against precision in the F-score.
    labels : array-like, default=None
        Labels to report, and their order.
    pos_label : int, float, bool or str, default=1
        The class to report with ``average="binary"``.
    average : {"binary", "micro", "macro", "weighted", "samples"} or None, default=None
        ``None``: per-class scores. ``"binary"``: the ``pos_label`` class only.
        ``"micro"``: from the pooled counts. ``"macro"``: unweighted mean over
        classes. ``"weighted"``: mean weighted by support. ``"samples"``
        (multilabel): mean over samples.
    warn_for : tuple of str, default=("precision", "recall", "f-score")
        Which ill-defined scores warn (with ``zero_division="warn"``).
    sample_weight : array-like of shape (n_samples,), default=None
        Sample weights.
    zero_division : {"warn", 0.0, 1.0, np.nan}, default="warn"
        The value of a score whose denominator is 0; ``"warn"`` means 0.0 and an
        ``UndefinedMetricWarning``.

    Returns
    -------
    precision, recall, fbeta_score : float or ndarray of float64
    support : ndarray of int64 (float64 with weights), or None when averaged

    Examples
    --------
    >>> from minibalance.metrics import precision_recall_fscore_support
    >>> precision_recall_fscore_support([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], average="binary")
    (1.0, 0.6666666666666666, 0.8, None)
    """
    _check_zero_division(zero_division)
    if isinstance(beta, bool) or not isinstance(beta, (int, float)) or not beta >= 0:
        raise InvalidParameterError(f"beta={beta!r} must be a number >= 0.")
    check_average_param("precision_recall_fscore_support", average, _PRF_AVERAGES)
    y_type, present, *_ = check_targets(y_true, y_pred)
    labels = _set_wise_labels(y_type, present, average, labels, pos_label)
    _, _, tp_sum, pred_sum, true_sum = _class_counts(
        y_true, y_pred, labels, sample_weight, samplewise=average == "samples"
    )
    if average == "micro":
        tp_sum = np.array([tp_sum.sum()])
        pred_sum = np.array([pred_sum.sum()])
        true_sum = np.array([true_sum.sum()])
    beta2 = beta**2
    precision = _prf_divide(
        tp_sum, pred_sum, "precision", "predicted", average, warn_for, zero_division
    )
    recall = _prf_divide(tp_sum, true_sum, "recall", "true", average, warn_for, zero_division)
    if np.isposinf(beta):
        f_score = recall
    elif beta == 0:
        f_score = precision
    else:
        denom = beta2 * true_sum.astype(np.float64) + pred_sum.astype(np.float64)
        f_score = _prf_divide(
            (1 + beta2) * tp_sum.astype(np.float64),
            denom,
            "f-score",
            "true nor predicted",
            average,
            warn_for,
            zero_division,
        )
    if average is not None:
        weights = {"weighted": true_sum, "samples": sample_weight}.get(average)
        precision = float(_nanaverage(precision, weights=weights))
        recall = float(_nanaverage(recall, weights=weights))
        f_score = float(_nanaverage(f_score, weights=weights))
        true_sum = None
    return precision, recall, f_score, true_sum


def fbeta_score(
    y_true,
    y_pred,
    *,
    beta,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """F-beta score: the weighted harmonic mean of precision and recall.

    See :func:`precision_recall_fscore_support`; same as scikit-learn's.

    Examples
    --------
    >>> from minibalance.metrics import fbeta_score
    >>> round(fbeta_score([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], beta=2), 6)
    0.714286
    """
    check_average_param("fbeta_score", average, _PRF_AVERAGES)
    _, _, f, _ = precision_recall_fscore_support(
        y_true,
        y_pred,
        beta=beta,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("f-score",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    return f


def f1_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """F1 score: the harmonic mean of precision and recall (``fbeta_score`` with beta=1).

    Examples
    --------
    >>> from minibalance.metrics import f1_score
    >>> f1_score([0, 1, 1, 0, 1], [0, 1, 0, 0, 1])
    0.8
    """
    check_average_param("f1_score", average, _PRF_AVERAGES)
    return fbeta_score(
        y_true,
        y_pred,
        beta=1,
        labels=labels,
        pos_label=pos_label,
        average=average,
        sample_weight=sample_weight,
        zero_division=zero_division,
    )


def precision_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """Precision: the share of predicted positives that are positive.

    Examples
    --------
    >>> from minibalance.metrics import precision_score
    >>> precision_score([0, 1, 1, 0, 1], [0, 1, 0, 1, 1])
    0.6666666666666666
    """
    check_average_param("precision_score", average, _PRF_AVERAGES)
    p, _, _, _ = precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("precision",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    return p


def recall_score(
    y_true,
    y_pred,
    *,
    labels=None,
    pos_label=1,
    average="binary",
    sample_weight=None,
    zero_division="warn",
):
    """Recall (sensitivity): the share of positives that are found.

    Examples
    --------
    >>> from minibalance.metrics import recall_score
    >>> recall_score([0, 1, 1, 0, 1], [0, 1, 0, 1, 1])
    0.6666666666666666
    """
    check_average_param("recall_score", average, _PRF_AVERAGES)
    _, r, _, _ = precision_recall_fscore_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("recall",),
        sample_weight=sample_weight,
        zero_division=zero_division,
    )
    return r
