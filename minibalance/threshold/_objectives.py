r"""Threshold objectives computed from confusion counts, for every threshold at once.

Each objective takes arrays ``tp, fp, fn, tn`` (one entry per candidate
threshold, float64, possibly weighted) and returns one score per threshold. The
arithmetic follows scikit-learn's (and imbalanced-learn's for the geometric
mean) operation for operation, so on unweighted data a score equals the one the
reference metric gives on the thresholded predictions, bit for bit. An
undefined ratio (0/0) scores 0, as scikit-learn's ``zero_division=0``.

With :math:`P = TP + FN` positives and :math:`N = FP + TN` negatives:

========================  ===================================================
objective                 score
========================  ===================================================
``"precision"``           :math:`TP / (TP + FP)`
``"recall"``              :math:`TP / P` (sensitivity, TPR)
``"f1"``, ``"fbeta"``     :math:`(1+\beta^2) TP / (\beta^2 P + TP + FP)`
``"balanced_accuracy"``   :math:`(TP/P + TN/N) / 2`
``"mcc"``                 Matthews, in scikit-learn's covariance form:
                          :math:`(TP\,TN - FP\,FN) / \sqrt{(TP+FP)(TP+FN)(TN+FP)(TN+FN)}`
``"gmean"``               :math:`\sqrt{TPR \cdot TNR}`, as :math:`\exp(\mathrm{mean}(\log))`
``"youden"``              Youden's J: :math:`TP/P - FP/N` (TPR - FPR)
``"cost"``                :math:`c_{FP} FP + c_{FN} FN`, the one objective minimised
========================  ===================================================
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._arith import divide

__all__ = ["OBJECTIVES", "check_objective", "evaluate"]

OBJECTIVES = (
    "f1",
    "fbeta",
    "precision",
    "recall",
    "balanced_accuracy",
    "mcc",
    "gmean",
    "youden",
    "cost",
)


def precision(tp, fp, fn, tn):
    return divide(tp, tp + fp)


def recall(tp, fp, fn, tn):
    return divide(tp, tp + fn)


def fbeta(tp, fp, fn, tn, beta=1.0):
    if np.isposinf(beta):
        return recall(tp, fp, fn, tn)
    beta2 = beta**2
    # scikit-learn: (1 + beta2) * tp / (beta2 * true_sum + pred_sum)
    return divide((1 + beta2) * tp, beta2 * (tp + fn) + (tp + fp))


def balanced_accuracy(tp, fp, fn, tn):
    return (divide(tn, tn + fp) + divide(tp, tp + fn)) / 2


def mcc(tp, fp, fn, tn):
    # scikit-learn's covariance form with t_sum = (N, P), p_sum = (TN+FN, FP+TP)
    t0, t1 = tn + fp, fn + tp
    p0, p1 = tn + fn, fp + tp
    n = p0 + p1
    cov_ytyp = (tn + tp) * n - (t0 * p0 + t1 * p1)
    cov_ypyp = n**2 - (p0 * p0 + p1 * p1)
    cov_ytyt = n**2 - (t0 * t0 + t1 * t1)
    prod = cov_ypyp * cov_ytyt
    zero = prod == 0
    out = cov_ytyp / np.sqrt(np.where(zero, 1.0, prod))
    out[zero] = 0.0
    return out


def gmean(tp, fp, fn, tn):
    # imbalanced-learn: exp(mean(log(per-class recall))), a zero recall giving 0
    with np.errstate(divide="ignore"):
        logs = np.log(divide(tn, tn + fp)) + np.log(divide(tp, tp + fn))
    return np.exp(logs / 2)


def youden(tp, fp, fn, tn):
    return divide(tp, tp + fn) - divide(fp, fp + tn)


def cost(tp, fp, fn, tn, cost_fp=1.0, cost_fn=1.0):
    return cost_fp * fp + cost_fn * fn


_FUNCTIONS: dict[str, Callable] = {
    "f1": fbeta,
    "fbeta": fbeta,
    "precision": precision,
    "recall": recall,
    "balanced_accuracy": balanced_accuracy,
    "mcc": mcc,
    "gmean": gmean,
    "youden": youden,
    "cost": cost,
}


def check_objective(objective: Any, beta: Any, cost_fp: Any, cost_fn: Any) -> None:
    """Raise a clear error for an unknown objective or a bad beta / cost."""
    if not callable(objective) and objective not in OBJECTIVES:
        raise ValueError(
            f"objective={objective!r} is not supported; use one of {list(OBJECTIVES)} "
            "or a callable taking arrays (tp, fp, fn, tn) and returning one score per threshold."
        )
    if objective == "fbeta" and (
        isinstance(beta, bool) or not isinstance(beta, (int, float, np.number)) or not beta >= 0
    ):
        raise ValueError(f"beta must be a number >= 0 (or inf for recall); got {beta!r}.")
    if objective == "cost":
        for name, value in (("cost_fp", cost_fp), ("cost_fn", cost_fn)):
            if (
                isinstance(value, bool)
                or not isinstance(value, (int, float, np.number))
                or not (np.isfinite(value) and value >= 0)
            ):
                raise ValueError(f"{name} must be a finite number >= 0; got {value!r}.")


def evaluate(
    objective: Any,
    tp: np.ndarray,
    fp: np.ndarray,
    fn: np.ndarray,
    tn: np.ndarray,
    *,
    beta: float = 1.0,
    cost_fp: float = 1.0,
    cost_fn: float = 1.0,
) -> np.ndarray:
    """Score every threshold; higher is better except for ``"cost"``.

    Returns
    -------
    ndarray of float64, shape (n_thresholds,)
    """
    if callable(objective):
        scores = np.asarray(objective(tp, fp, fn, tn), dtype=np.float64)
        if scores.shape != tp.shape:
            raise ValueError(
                f"The objective callable must return one score per threshold, shape "
                f"{tp.shape}; it returned shape {scores.shape}."
            )
        return scores
    with np.errstate(invalid="ignore", over="ignore"):
        if objective == "f1":
            return fbeta(tp, fp, fn, tn, beta=1.0)
        if objective == "fbeta":
            return fbeta(tp, fp, fn, tn, beta=float(beta))
        if objective == "cost":
            return cost(tp, fp, fn, tn, cost_fp=float(cost_fp), cost_fn=float(cost_fn))
        return _FUNCTIONS[objective](tp, fp, fn, tn)
