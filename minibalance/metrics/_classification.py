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

from .._validation import InvalidParameterError
from ._base import distinct, type_of_target

__all__ = ["balanced_accuracy_score", "confusion_matrix", "matthews_corrcoef"]


def _lengths(*arrays):
    return [a.shape[0] if a.ndim else 1 for a in arrays if a is not None]


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
    sw = None if sample_weight is None else np.asarray(sample_weight)
    lengths = _lengths(y_true, y_pred, sw)
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")
    type_true, type_pred = type_of_target(y_true), type_of_target(y_pred)
    if y_true.size == 0 or y_pred.size == 0:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
            "of 1 sample is required."
        )
    if sw is not None:
        if sw.ndim != 1:
            raise ValueError("Sample weights must be 1D array or scalar.")
        if sw.dtype.kind == "f" and not np.isfinite(sw).all():
            raise ValueError("Input sample_weight contains NaN or infinity.")
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
        if (true_labels.dtype.kind in "UO") != (pred_labels.dtype.kind in "UO"):
            raise ValueError("Mix of label input types (string and number)")
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
    else:
        # bincount adds each cell's weights in input order, as scipy's coo -> dense
        cm = np.bincount(cells, weights=sw[keep].astype(np.float64), minlength=n * n)
        # (an empty bincount is int64 even with weights, hence the explicit dtype)
        cm = cm.astype(np.int64 if sw.dtype.kind in "iub" else np.float64)
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
