r"""Label metrics of Dask collections, from one merged table of (label, prediction) counts.

Every label metric (confusion matrix, precision, recall, F-beta, balanced
accuracy, MCC, sensitivity, specificity, G-mean, the imbalanced report) is a
function of the (weighted) confusion matrix. Each partition counts its distinct
(true, predicted) pairs, with their counts and weight sums; the tables (at most
:math:`K^2` rows each) are merged on the driver, and the single-machine function
runs on the merged table, one row per pair weighted by its count (or its weight
sum). Its validation, warnings and errors are the single-machine ones, and so
are its results: integer counts are exact in float64, and imbalanced-learn's
true negatives, which count samples even when weighted, are given the number of
samples behind the table. Weighted sums are added in another order than on one
machine, so they agree to rounding (the weighted support printed by the report
may differ in its last digit).
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .. import metrics as single
from ..metrics._imbalanced import MERGED_TABLE
from ._collections import aligned, require_dask

__all__ = [
    "balanced_accuracy_score",
    "classification_report_imbalanced",
    "confusion_matrix",
    "f1_score",
    "fbeta_score",
    "geometric_mean_score",
    "matthews_corrcoef",
    "precision_recall_fscore_support",
    "precision_score",
    "recall_score",
    "sensitivity_score",
    "sensitivity_specificity_support",
    "specificity_score",
]


def _pairs(y_true, y_pred, w):
    """One partition's distinct (true, predicted) pairs, their counts and weight sums."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        return y_true, y_pred, np.zeros(0, np.int64), np.zeros(0)
    lt, it = np.unique(y_true, return_inverse=True)
    lp, ip = np.unique(y_pred, return_inverse=True)
    keys, inverse = np.unique(it.ravel() * lp.size + ip.ravel(), return_inverse=True)
    counts = np.bincount(inverse.ravel())
    weights = (
        counts.astype(np.float64)
        if w is None
        else np.bincount(inverse.ravel(), weights=np.asarray(w, dtype=np.float64))
    )
    return lt[keys // lp.size], lp[keys % lp.size], counts, weights


def _merged_table(y_true, y_pred, sample_weight):
    require_dask("minibalance.dask")
    import dask

    y, p, w = aligned(y_true, (y_pred, "y_pred"), (sample_weight, "sample_weight"))
    yb, pb = y.to_delayed().ravel(), p.to_delayed().ravel()
    wb = [None] * len(yb) if w is None else w.to_delayed().ravel()
    tables = dask.compute(*[dask.delayed(_pairs)(a, b, c) for a, b, c in zip(yb, pb, wb)])
    t = np.concatenate([tb[0] for tb in tables])
    q = np.concatenate([tb[1] for tb in tables])
    counts = np.concatenate([tb[2] for tb in tables])
    weights = np.concatenate([tb[3] for tb in tables])
    n_rows = int(counts.sum())
    if t.size:  # the same pair from several partitions: one row
        _, t_code = np.unique(t, return_inverse=True)
        _, q_code = np.unique(q, return_inverse=True)
        key = t_code.ravel() * (q_code.max() + 1) + q_code.ravel()
        keys, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        t, q = t[first], q[first]
        counts = np.bincount(inverse.ravel(), weights=counts, minlength=keys.size)
        counts = counts.astype(np.int64)
        weights = np.bincount(inverse.ravel(), weights=weights, minlength=keys.size)
    return t, q, counts, weights, n_rows, w is not None


def _on_table(func):
    name = func.__name__

    @functools.wraps(func)
    def metric(y_true: Any, y_pred: Any, *args: Any, sample_weight: Any = None, **kwargs: Any):
        t, q, counts, weights, n_rows, weighted = _merged_table(y_true, y_pred, sample_weight)
        token = MERGED_TABLE.set((n_rows, weighted))
        try:  # integer counts when unweighted: integer supports, as on one machine
            out = func(t, q, *args, sample_weight=weights if weighted else counts, **kwargs)
        finally:
            MERGED_TABLE.reset(token)
        if name == "confusion_matrix" and not weighted:
            out = out.astype(np.int64)  # counts, as the unweighted single-machine matrix
        return out

    metric.__doc__ = (
        f"{name} of Dask labels: :func:`minibalance.metrics.{name}` on the merged counts.\n\n"
        "Takes Dask arrays or Series (``y_true``, ``y_pred``, ``sample_weight``) and the\n"
        "single-machine function's other parameters, and returns its result (see\n"
        ":mod:`minibalance.dask._labels`).\n"
    )
    return metric


confusion_matrix = _on_table(single.confusion_matrix)
precision_recall_fscore_support = _on_table(single.precision_recall_fscore_support)
precision_score = _on_table(single.precision_score)
recall_score = _on_table(single.recall_score)
f1_score = _on_table(single.f1_score)
fbeta_score = _on_table(single.fbeta_score)
balanced_accuracy_score = _on_table(single.balanced_accuracy_score)
matthews_corrcoef = _on_table(single.matthews_corrcoef)
sensitivity_specificity_support = _on_table(single.sensitivity_specificity_support)
sensitivity_score = _on_table(single.sensitivity_score)
specificity_score = _on_table(single.specificity_score)
geometric_mean_score = _on_table(single.geometric_mean_score)
classification_report_imbalanced = _on_table(single.classification_report_imbalanced)
