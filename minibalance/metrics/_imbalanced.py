r"""Sensitivity, specificity and the geometric mean: imbalanced-learn's metrics.

For a class :math:`k` treated as positive:

.. math:: \text{sensitivity}_k = \frac{TP_k}{TP_k + FN_k}, \qquad
          \text{specificity}_k = \frac{TN_k}{TN_k + FP_k}

The geometric mean (G-mean) of the per-class sensitivities,
:math:`\left(\prod_k \text{sensitivity}_k\right)^{1/K}`, is high only when every
class is recognised: one ignored class makes it 0 (Kubat & Matwin, 1997).
``correction`` replaces zero sensitivities to soften that (Barandela et al., 2003).

Results, warnings and errors follow imbalanced-learn 0.14, including its
quirks: with sample weights, the true negatives still count unweighted samples
(``TN = n_samples - (predicted + true - TP)``).

References
----------
.. [1] M. Kubat and S. Matwin, "Addressing the curse of imbalanced training
   sets: one-sided selection", ICML 1997.
.. [2] R. Barandela, J. S. Sanchez, V. Garcia and E. Rangel, "Strategies for
   learning in class imbalance problems", Pattern Recognition 36(3), 2003.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
import warnings
from typing import Any

import numpy as np

from .._validation import _label_kinds, check_average_param, check_targets
from ._base import _PRF_AVERAGES, _prf_divide, label_sums

__all__ = [
    "classification_report_imbalanced",
    "geometric_mean_score",
    "macro_averaged_mean_absolute_error",
    "make_index_balanced_accuracy",
    "sensitivity_score",
    "sensitivity_specificity_support",
    "specificity_score",
]


# Set while the inputs are a table of (label, prediction) rows weighted by how many
# samples each stands for (minibalance.dask's merged counts): (number of samples,
# whether the user's samples were weighted). imbalanced-learn's true negatives
# count samples, not weights, and an unweighted report prints integer supports.
MERGED_TABLE: contextvars.ContextVar[tuple[int, bool] | None] = contextvars.ContextVar(
    "MERGED_TABLE", default=None
)


def _refuse_bytes(labels: np.ndarray) -> None:
    if "bytes" in _label_kinds(labels):  # imbalanced-learn refuses them in any shape
        raise TypeError(
            "Support for labels represented as bytes is not supported. Convert the labels to "
            "a string or integer format."
        )


def sensitivity_specificity_support(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = None,
    warn_for: Any = ("sensitivity", "specificity"),
    sample_weight: Any = None,
):
    """Sensitivity, specificity and support per class, or averaged.

    The same function as ``imblearn.metrics.sensitivity_specificity_support``
    (binary and multiclass targets).

    Returns
    -------
    sensitivity, specificity : float or ndarray of float64
    support : ndarray, or None when averaged

    Examples
    --------
    >>> from minibalance.metrics import sensitivity_specificity_support
    >>> sen, spe, _ = sensitivity_specificity_support([0, 1, 1, 0], [0, 1, 0, 0], average="binary")
    >>> float(sen), float(spe)
    (0.5, 1.0)
    """
    check_average_param("sensitivity_specificity_support", average, _PRF_AVERAGES, none_first=True)
    y_type, present, y_true, y_pred, sample_weight = check_targets(y_true, y_pred, sample_weight)
    _refuse_bytes(present)
    if average == "binary":
        if y_type == "binary":
            if pos_label not in present.tolist():
                if len(present) < 2:
                    return (0.0, 0.0, 0)
                raise ValueError(f"pos_label={pos_label!r} is not a valid label: {present!r}")
            labels = [pos_label]
        else:
            raise ValueError(
                f"Target is {y_type} but average='binary'. Please choose another average setting."
            )
    elif pos_label not in (None, 1):
        warnings.warn(
            f"Note that pos_label (set to {pos_label!r}) is ignored when average != 'binary' "
            f"(got {average!r}). You may use labels=[pos_label] to specify a single "
            "positive class.",
            UserWarning,
            stacklevel=2,
        )
    if y_type.startswith("multilabel"):
        raise ValueError("imblearn does not support multilabel")
    if average == "samples":
        raise ValueError(
            "Sample-based precision, recall, fscore is not meaningful outside multilabel "
            "classification. See the accuracy_score instead."
        )
    tp_sum, pred_sum, true_sum, at, n = label_sums(y_true, y_pred, labels, present, sample_weight)
    if MERGED_TABLE.get() is not None:
        n = MERGED_TABLE.get()[0]
    tn_sum = n - (pred_sum + true_sum - tp_sum)  # unweighted n, as imbalanced-learn
    tp_sum, true_sum, pred_sum, tn_sum = tp_sum[at], true_sum[at], pred_sum[at], tn_sum[at]
    if average == "micro":
        tp_sum = np.array([tp_sum.sum()])
        pred_sum = np.array([pred_sum.sum()])
        true_sum = np.array([true_sum.sum()])
        tn_sum = np.array([tn_sum.sum()])
    with np.errstate(divide="ignore", invalid="ignore"):
        specificity = _prf_divide(
            tn_sum,
            tn_sum + pred_sum - tp_sum,
            "specificity",
            "predicted",
            average,
            warn_for,
            "warn",
        )
        sensitivity = _prf_divide(
            tp_sum, true_sum, "sensitivity", "true", average, warn_for, "warn"
        )
    weights = None
    if average == "weighted":
        weights = true_sum
        if weights.sum() == 0:
            return 0, 0, None
    if average is not None:
        specificity = np.average(specificity, weights=weights)
        sensitivity = np.average(sensitivity, weights=weights)
        true_sum = None
    return sensitivity, specificity, true_sum


def sensitivity_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """Sensitivity (recall of the positive class): ``tp / (tp + fn)``.

    Examples
    --------
    >>> from minibalance.metrics import sensitivity_score
    >>> float(sensitivity_score([0, 1, 1, 0], [0, 1, 0, 0]))
    0.5
    """
    check_average_param("sensitivity_score", average, _PRF_AVERAGES, none_first=True)
    sensitivity, _, _ = sensitivity_specificity_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("sensitivity",),
        sample_weight=sample_weight,
    )
    return sensitivity


def specificity_score(
    y_true, y_pred, *, labels=None, pos_label=1, average="binary", sample_weight=None
):
    """Specificity (recall of the negative class): ``tn / (tn + fp)``.

    Examples
    --------
    >>> from minibalance.metrics import specificity_score
    >>> float(specificity_score([0, 1, 1, 0], [0, 1, 0, 1]))
    0.5
    """
    check_average_param("specificity_score", average, _PRF_AVERAGES, none_first=True)
    _, specificity, _ = sensitivity_specificity_support(
        y_true,
        y_pred,
        labels=labels,
        pos_label=pos_label,
        average=average,
        warn_for=("specificity",),
        sample_weight=sample_weight,
    )
    return specificity


def geometric_mean_score(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    pos_label: Any = 1,
    average: str | None = "multiclass",
    sample_weight: Any = None,
    correction: float = 0.0,
):
    """Geometric mean of the per-class sensitivities (see the module notes).

    ``average="multiclass"`` (default): the G-mean of every class's recall, zero
    recalls replaced by ``correction``. Any other ``average`` returns
    ``sqrt(sensitivity * specificity)`` averaged that way, as imbalanced-learn.

    Examples
    --------
    >>> from minibalance.metrics import geometric_mean_score
    >>> round(float(geometric_mean_score([0, 0, 1, 1, 2, 2], [0, 0, 1, 0, 2, 1])), 6)
    0.629961
    """
    check_average_param(
        "geometric_mean_score", average, (*_PRF_AVERAGES, "multiclass"), none_first=True
    )
    if average is None or average != "multiclass":
        sen, spe, _ = sensitivity_specificity_support(
            y_true,
            y_pred,
            labels=labels,
            pos_label=pos_label,
            average=average,
            warn_for=("specificity", "specificity"),
            sample_weight=sample_weight,
        )
        return np.sqrt(sen * spe)
    _, present, y_true, y_pred, sample_weight = check_targets(y_true, y_pred, sample_weight)
    _refuse_bytes(present)
    tp_sum, _, true_sum, at, _ = label_sums(y_true, y_pred, labels, present, sample_weight)
    tp_sum, true_sum = tp_sum[at], true_sum[at]
    with np.errstate(divide="ignore", invalid="ignore"):
        recall = _prf_divide(tp_sum, true_sum, "recall", "true", None, "recall", "warn")
    recall[recall == 0] = correction
    if recall.size == 0:
        return 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.float64(np.exp(np.mean(np.log(recall))))


def classification_report_imbalanced(
    y_true: Any,
    y_pred: Any,
    *,
    labels: Any = None,
    target_names: Any = None,
    sample_weight: Any = None,
    digits: int = 2,
    alpha: float = 0.1,
    output_dict: bool = False,
    zero_division: Any = "warn",
):
    r"""Per-class report for imbalanced problems: pre, rec, spe, f1, geo, iba, sup.

    The same report as ``imblearn.metrics.classification_report_imbalanced``:
    precision, recall, specificity, F1, geometric mean, index balanced accuracy
    :math:`IBA_\alpha = (1 + \alpha (\text{sen} - \text{spe}))\, \text{geo}^2`
    (García et al., 2009) and support per class, then support-weighted averages.

    Returns
    -------
    str, or dict with ``output_dict=True``

    References
    ----------
    .. [1] V. García, R. A. Mollineda and J. S. Sánchez, "Index of balanced
       accuracy: a performance measure for skewed class distributions", IbPRIA 2009.

    Examples
    --------
    >>> from minibalance.metrics import classification_report_imbalanced
    >>> print(classification_report_imbalanced([0, 0, 0, 1], [0, 0, 1, 1]))
                       pre       rec       spe        f1       geo       iba       sup
    <BLANKLINE>
              0       1.00      0.67      1.00      0.80      0.82      0.64         3
              1       0.50      1.00      0.67      0.67      0.82      0.69         1
    <BLANKLINE>
    avg / total       0.88      0.75      0.92      0.77      0.82      0.66         4
    <BLANKLINE>
    """
    from ._classification import precision_recall_fscore_support

    if labels is None:
        _, labels, *_ = check_targets(y_true, y_pred)
    else:
        labels = np.asarray(labels)
    last_line_heading = "avg / total"
    if target_names is None:
        target_names = [f"{label}" for label in labels]
    name_width = max(len(cn) for cn in target_names)
    width = max(name_width, len(last_line_heading), digits)
    headers = ["pre", "rec", "spe", "f1", "geo", "iba", "sup"]
    fmt = f"% {width}s  " + " ".join("% 9s" for _ in headers) + "\n"
    report = fmt % tuple(["", *headers]) + "\n"

    common = dict(labels=labels, average=None, sample_weight=sample_weight)
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, zero_division=zero_division, **common
    )
    table = MERGED_TABLE.get()
    if table is not None and not table[1]:
        support = support.astype(np.int64)  # counts of samples, as without weights
    specificity = specificity_score(y_true, y_pred, **common)
    geo_mean = geometric_mean_score(y_true, y_pred, **common)
    # index balanced accuracy of the G-mean, computed as imbalanced-learn does
    sen, spe, _ = sensitivity_specificity_support(y_true, y_pred, pos_label=1, **common)
    iba = (1.0 + alpha * (sen - spe)) * np.power(
        geometric_mean_score(y_true, y_pred, pos_label=1, correction=0.0, **common), 2
    )

    report_dict: dict[str, Any] = {}
    for i in range(len(labels)):
        scores = dict(
            zip(
                headers[:-1],
                [precision[i], recall[i], specificity[i], f1[i], geo_mean[i], iba[i]],
                strict=True,
            )
        )
        values = [target_names[i]] + [f"{v:0.{digits}f}" for v in scores.values()]
        values.append(f"{support[i]}")
        report += fmt % tuple(values)
        report_dict[target_names[i]] = {**scores, headers[-1]: support[i]}
    report += "\n"
    averages = [
        np.average(a, weights=support) for a in (precision, recall, specificity, f1, geo_mean, iba)
    ]
    values = [last_line_heading] + [f"{v:0.{digits}f}" for v in averages]
    values.append(f"{np.sum(support)}")
    report += fmt % tuple(values)
    for name, value in zip(headers[:-1], averages, strict=True):
        report_dict[f"avg_{name}"] = value
    report_dict["total_support"] = np.sum(support)
    return report_dict if output_dict else report


def make_index_balanced_accuracy(*, alpha: float = 0.1, squared: bool = True):
    r"""Turn a label metric into its index balanced accuracy (a decorator factory).

    The index balanced accuracy (García, Sánchez & Mollineda, 2012) weighs a
    score :math:`M` by how lopsided the classifier is:

    .. math:: IBA_\alpha(M) = (1 + \alpha\, (\text{sensitivity} - \text{specificity}))\; M^{s},

    with :math:`s = 2` when ``squared`` (the usual form, with :math:`M` the
    G-mean) and 1 otherwise; sensitivity and specificity are those of
    :func:`sensitivity_specificity_support`, called with the arguments the
    decorated metric received that it also takes (``labels``, ``pos_label``,
    ``average``, ``sample_weight``), as ``imblearn.metrics.make_index_balanced_accuracy``.

    Parameters
    ----------
    alpha : float, default=0.1
        Weight of the dominance ``sensitivity - specificity``.
    squared : bool, default=True
        Square the score before weighing it.

    Returns
    -------
    callable
        A decorator: ``make_index_balanced_accuracy(alpha=0.1)(geometric_mean_score)``.
        Only metrics of ``y_pred`` can be decorated (a metric taking ``y_score``,
        ``y_prob`` or ``y2`` raises ``AttributeError`` when called, as there).

    References
    ----------
    .. [1] V. García, J. S. Sánchez and R. A. Mollineda, "On the effectiveness of
       preprocessing methods when dealing with different levels of class
       imbalance", Knowledge-Based Systems 25(1), 13-21, 2012.

    Examples
    --------
    >>> from minibalance.metrics import geometric_mean_score, make_index_balanced_accuracy
    >>> iba_gmean = make_index_balanced_accuracy(alpha=0.1, squared=True)(geometric_mean_score)
    >>> iba_gmean([1, 0, 0, 1, 0, 1], [0, 0, 1, 1, 0, 1], average=None).round(4).tolist()
    [0.4444, 0.4444]
    """

    def decorate(scoring_func):
        @functools.wraps(scoring_func)
        def compute_score(*args, **kwargs):
            sig = inspect.signature(scoring_func)
            if {"y_score", "y_prob", "y2"} & set(sig.parameters):
                raise AttributeError(
                    f"The function {scoring_func.__name__} has an unsupported attribute. "
                    "Metric with`y_pred` are the only supported metrics is the only supported."
                )
            bound = sig.bind(*args, **kwargs)
            bound.apply_defaults()
            score = scoring_func(*bound.args, **bound.kwargs)
            if squared:
                score = np.power(score, 2)
            shared = set(inspect.signature(sensitivity_specificity_support).parameters)
            sen_spe_args = {k: v for k, v in bound.arguments.items() if k in shared}
            name = scoring_func.__name__
            if name == "geometric_mean_score" and sen_spe_args.get("average") == "multiclass":
                sen_spe_args["average"] = "macro"
            elif name in ("accuracy_score", "jaccard_score"):
                sen_spe_args["average"] = "binary"  # no multilabel: binary is the only one
            sensitivity, specificity, _ = sensitivity_specificity_support(**sen_spe_args)
            return (1.0 + alpha * (sensitivity - specificity)) * score

        return compute_score

    return decorate


def macro_averaged_mean_absolute_error(y_true: Any, y_pred: Any, *, sample_weight: Any = None):
    r"""Mean absolute error averaged over the classes, for ordinal classification.

    .. math:: MA\text{-}MAE = \frac1K \sum_{k} \frac{\sum_{i: y_i = k} w_i |y_i - \hat y_i|}
              {\sum_{i: y_i = k} w_i}

    over the :math:`K` labels present in ``y_true`` or ``y_pred``: each class
    counts the same however rare (Baccianella, Esuli & Sebastiani, 2009), where
    the plain MAE is dominated by the common classes. As
    ``imblearn.metrics.macro_averaged_mean_absolute_error``.

    Parameters
    ----------
    y_true, y_pred : array-like of shape (n_samples,)
        Numeric (ordinal) labels.
    sample_weight : array-like of shape (n_samples,), default=None

    Returns
    -------
    float
        0 is best.

    References
    ----------
    .. [1] S. Baccianella, A. Esuli and F. Sebastiani, "Evaluation Measures for
       Ordinal Regression", ISDA 2009.

    Examples
    --------
    >>> from minibalance.metrics import macro_averaged_mean_absolute_error
    >>> y_true = [1, 1, 1, 1, 1, 2]
    >>> round(float(macro_averaged_mean_absolute_error(y_true, [1, 1, 1, 1, 1, 1])), 2)
    0.5
    """
    _, labels, y_true, y_pred, sample_weight = check_targets(y_true, y_pred, sample_weight)
    if sample_weight is None:
        sample_weight = np.ones(y_true.shape)
    sample_weight = np.asarray(sample_weight, dtype=np.float64).ravel()
    errors = np.abs(y_true.astype(np.float64) - y_pred.astype(np.float64))
    per_class = []
    for label in labels:
        rows = np.flatnonzero(y_true == label)
        if rows.size == 0:
            raise ValueError(
                f"Found array with 0 sample(s) (shape=(0,)) while a minimum of 1 is required: "
                f"label {label!r} is predicted but absent from y_true, and its class has "
                "no error to average."
            )
        total = sample_weight[rows].sum()
        if total == 0:  # imbalanced-learn: ZeroDivisionError from np.average
            raise ValueError(
                f"sample_weight sums to 0 over the rows of class {label!r}, so its mean "
                "absolute error is undefined. Give each class some weight."
            )
        per_class.append(np.multiply(errors[rows], sample_weight[rows]).sum() / total)
    return np.sum(per_class) / len(per_class)
