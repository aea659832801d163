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

from .._validation import check_average_param, check_targets
from ..exceptions import InvalidParameterError
from ._base import (
    _AVERAGES,
    _PRF_AVERAGES,
    _check_zero_division,
    _class_counts,
    _nanaverage,
    _prf_divide,
)

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
        raise ValueError(f"{y_type} is not supported: y_true must be binary or multiclass.")
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
        raise ValueError(f"{y_type} is not supported: y_true must be binary or multiclass.")
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
