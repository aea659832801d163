r"""Exact ranking metrics and the best threshold on Dask, without gathering the scores.

Average precision, ROC AUC, the curves and the threshold search all read the
counts :math:`TP(t), FP(t)` of positives and negatives scoring at least
:math:`t`, at every distinct score :math:`t` (:mod:`minibalance._counts`). On one
machine they come from one sort. Here the scores are split by value instead:

1. **Boundaries** (one pass over the partitions): each partition validates its
   block (the single-machine checks and messages) and returns its distinct
   labels and an evenly spaced sample of its sorted scores; the pooled sample's
   quantiles cut the score axis into :math:`B` buckets, highest scores first.
   Equal scores fall in the same bucket, so a tie group is never split.
2. **Offsets** (a second pass): each partition counts its positives and
   negatives per bucket (a :math:`B`-bin weighted histogram); the sums meet on
   the driver, and the counts of all higher buckets, a prefix sum, give each
   bucket its offset :math:`(TP_0, FP_0)`.
3. **Shuffle and local work**: the rows move to their bucket's partition
   (Dask's shuffle, ``set_index`` on the bucket); each bucket counts at its own
   distinct scores, :math:`TP(t) = TP_0 + TP_\text{local}(t)`, and computes its
   share of the metric. Only those shares (a few numbers per bucket) meet on
   the driver.

The shares, with :math:`P` positives and :math:`N` negatives in all:

- average precision :math:`\sum_t (R_t - R_{t^-}) \, \text{Prec}_t`, with
  :math:`R_t = TP(t) / P` and :math:`t^-` the next higher score (the bucket's
  offset for its first one);
- ROC AUC, the trapezoids :math:`\sum_t (F_t - F_{t^-})(T_t + T_{t^-}) / 2` with
  :math:`F = FP / N`, :math:`T = TP / P`;
- the best threshold, the bucket's best candidate under the single-machine
  tie rule (best objective, then fewest errors, then the highest threshold), the
  driver then picks among the buckets' candidates in descending order.

Each is a sum or a choice over the same terms as the single-machine
computation, so results agree to rounding (1e-12); integer counts are exact.
Data moves once (the shuffle); the driver holds :math:`O(B)` numbers, the
curves stay on the workers as Dask arrays.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._counts import binary_counts
from .._validation import _assert_finite, check_binary_inputs
from ._collections import aligned, require_dask

__all__ = [
    "average_precision_score",
    "find_best_threshold",
    "precision_recall_curve",
    "roc_auc_score",
    "roc_curve",
]

# scores sampled from each partition to place the bucket boundaries
_SAMPLE_PER_PARTITION = 2000
# the rows a bucket is sized for: one task sorts them (tens of MB), and fewer buckets
# mean fewer pieces to shuffle (partitions x buckets)
_ROWS_PER_BUCKET = 1_000_000


def _summarize(y: np.ndarray, s: np.ndarray, w: np.ndarray | None) -> tuple:
    """Check one partition as on one machine; return its labels and a sample of its scores."""
    y, s = np.asarray(y), np.asarray(s)
    _assert_finite(s, "y_score")  # (floats only: integers are finite)
    _assert_finite(y, "y_true")
    if w is not None:
        w = np.asarray(w, dtype=np.float64)
        _assert_finite(w, "sample_weight")
        if np.any(w < 0):
            raise ValueError("sample_weight must be >= 0: the counts are sums of weights.")
    labels = np.unique(y)
    if s.size == 0:
        return labels, s.astype(np.float64), 0
    # an evenly strided sample (sorting the whole partition would cost more than the rest)
    at = np.linspace(0, s.size - 1, min(s.size, _SAMPLE_PER_PARTITION)).astype(np.intp)
    return labels, np.sort(s[at].astype(np.float64)), s.size


def _bucket_of(s: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Return the bucket of each score, 0 for the highest; equal scores share a bucket."""
    return bounds.size - np.searchsorted(bounds, np.asarray(s, dtype=np.float64), side="right")


def _histogram(y, s, w, pos_label, bounds):
    """Count one partition's weighted positives and negatives per bucket.

    Also each bucket's top score among the rows of non-zero weight (those the
    counts keep) and the positives and negatives at it: the bucket's first
    point, which the ROC curve's collinearity test needs from the next bucket.
    """
    is_pos = np.asarray(y) == pos_label
    w = np.ones(is_pos.size) if w is None else np.asarray(w, dtype=np.float64)
    s = np.asarray(s, dtype=np.float64)
    b = _bucket_of(s, bounds)
    n = bounds.size + 1
    live = w != 0
    top = np.full(n, -np.inf)
    np.maximum.at(top, b[live], s[live])
    at_top = live & (s == top[b])
    return (
        np.bincount(b, weights=w * is_pos, minlength=n),
        np.bincount(b, weights=w * ~is_pos, minlength=n),
        top,
        np.bincount(b[at_top], weights=(w * is_pos)[at_top], minlength=n),
        np.bincount(b[at_top], weights=(w * ~is_pos)[at_top], minlength=n),
    )


@dataclass
class _Plan:
    """Where the scores split, the totals, and the delayed buckets (highest first)."""

    buckets: list  # delayed frames of (fps, tps, thresholds) per bucket, global counts
    counts: Any  # the same as one Dask DataFrame, highest bucket first
    fp0: np.ndarray  # negatives and positives of all higher buckets
    tp0: np.ndarray
    neighbours: tuple  # (next_fp, next_tp, first filled bucket, last filled bucket)
    n_pos: float
    n_neg: float
    weighted: bool
    score_dtype: np.dtype
    pos_label: Any
    labels: np.ndarray


def _bucket_counts(frame, tp0, fp0, tp_end, fp_end, weighted):
    """Count (fps, tps, thresholds) at one bucket's distinct scores, offsets added, as a frame.

    The bucket's last point is set to the running totals of the histograms
    (``tp_end``, ``fp_end``), equal to it but for rounding, so that the next
    bucket's offset continues it exactly and the last point of all holds every
    positive and negative (no false negative left over by rounding).
    """
    import pandas as pd

    if len(frame) == 0:
        empty = np.empty(0)
        return pd.DataFrame(
            {"fps": empty, "tps": empty, "thresholds": empty, "bucket": empty.astype(np.intp)}
        )
    k = int(frame.index[0])  # the partition's bucket (set_index put one bucket in each)
    w = frame["w"].to_numpy() if weighted else None
    is_pos = frame["pos"].to_numpy() == 1.0
    fps, tps, thresholds = binary_counts(is_pos, frame["score"].to_numpy(), w)
    fps, tps = fps + fp0[k], tps + tp0[k]
    if fps.size:
        fps[-1], tps[-1] = fp_end[k], tp_end[k]
    return pd.DataFrame(
        {
            "fps": fps,
            "tps": tps,
            "thresholds": thresholds,
            "bucket": np.full(fps.size, k, dtype=np.intp),
        }
    )


def _arrays(counts):
    return (
        counts["fps"].to_numpy(),
        counts["tps"].to_numpy(),
        counts["thresholds"].to_numpy(),
    )


def _plan(y_true, y_score, sample_weight, pos_label, n_buckets=None) -> _Plan:
    require_dask("minibalance.dask")
    import dask
    import dask.dataframe as dd

    y, s, w = aligned(y_true, (y_score, "y_score"), (sample_weight, "sample_weight"))
    if s.dtype.kind not in "biuf":
        raise ValueError(f"y_score must be numeric; got dtype {s.dtype}.")
    yb, sb = y.to_delayed().ravel(), s.to_delayed().ravel()
    wb = [None] * len(yb) if w is None else w.to_delayed().ravel()
    summaries = dask.compute(*[dask.delayed(_summarize)(a, b, c) for a, b, c in zip(yb, sb, wb)])
    labels = np.unique(np.concatenate([lab for lab, _, _ in summaries]))
    if sum(n for _, _, n in summaries) == 0:
        raise ValueError("y_true is empty; the metric needs at least one sample.")
    # the single-machine rules for the positive class, on the distinct labels
    stand_in = check_binary_inputs(labels, np.zeros(labels.size), None, pos_label)[0]
    positive = labels[stand_in]
    pos_value = positive[0] if positive.size else None
    sample = np.concatenate([smp for _, smp, _ in summaries])
    n_rows = sum(n for _, _, n in summaries)
    # about a million rows a bucket (each bucket is one task's sort), at most one per partition
    n_buckets = n_buckets or int(np.clip(np.ceil(n_rows / _ROWS_PER_BUCKET), 1, len(yb)))
    bounds = np.unique(np.quantile(sample, np.linspace(0, 1, n_buckets + 1)[1:-1]))
    hist = dask.compute(
        *[dask.delayed(_histogram)(a, b, c, pos_value, bounds) for a, b, c in zip(yb, sb, wb)]
    )
    pos_b = np.sum([h[0] for h in hist], axis=0)
    neg_b = np.sum([h[1] for h in hist], axis=0)
    tp_end, fp_end = np.cumsum(pos_b), np.cumsum(neg_b)  # through each bucket
    tp0 = np.concatenate(([0.0], tp_end[:-1]))  # before each bucket
    fp0 = np.concatenate(([0.0], fp_end[:-1]))
    top = np.max([h[2] for h in hist], axis=0)
    first_tp = tp0 + np.sum([np.where(h[2] == top, h[3], 0.0) for h in hist], axis=0)
    first_fp = fp0 + np.sum([np.where(h[2] == top, h[4], 0.0) for h in hist], axis=0)
    filled = np.flatnonzero(np.isfinite(top))  # buckets holding a row of non-zero weight
    # the point after each bucket's last one: the first point of the next filled bucket
    after = np.searchsorted(filled, np.arange(top.size), side="right")
    nxt = np.where(after < filled.size, filled[np.minimum(after, filled.size - 1)], -1)
    next_fp = np.where(nxt >= 0, first_fp[nxt], np.nan)
    next_tp = np.where(nxt >= 0, first_tp[nxt], np.nan)
    ends = (int(filled[0]), int(filled[-1])) if filled.size else (-1, -1)
    import dask.array as da

    # one float64 frame of (score, is positive, bucket[, weight]), built from the arrays
    columns = [
        s.astype(np.float64),
        (y == pos_value).astype(np.float64),
        s.map_blocks(_bucket_of, bounds, dtype=np.intp).astype(np.float64),
    ]
    names = ["score", "pos", "bucket"]
    if w is not None:
        columns.append(w.astype(np.float64))
        names.append("w")
    frame = dd.from_dask_array(da.stack(columns, axis=1), columns=names)
    n = bounds.size + 1
    by_bucket = frame.set_index("bucket", divisions=list(range(n + 1)), sorted=False)
    meta_counts = _bucket_counts(by_bucket._meta, tp0, fp0, tp_end, fp_end, w is not None)
    counts = by_bucket.map_partitions(
        _bucket_counts,
        tp0,
        fp0,
        tp_end,
        fp_end,
        w is not None,
        meta=meta_counts,
        align_dataframes=False,
    )
    buckets = list(counts.to_delayed())
    return _Plan(
        buckets,
        counts,
        fp0,
        tp0,
        (next_fp, next_tp, *ends),
        float(tp_end[-1]),
        float(fp_end[-1]),
        w is not None,
        s.dtype,
        pos_value,
        labels,
    )


# --- average precision and ROC AUC ------------------------------------------------------


def _ap_share(counts, prev_tp, n_pos):
    fps, tps, _ = _arrays(counts)
    if tps.size == 0:
        return 0.0
    precision = tps / (tps + fps)
    recall = tps / n_pos
    previous = np.concatenate(([prev_tp / n_pos], recall[:-1]))
    return float(np.sum((recall - previous) * precision))


def _auc_share(counts, prev_fp, prev_tp, n_neg, n_pos):
    fps, tps, _ = _arrays(counts)
    if tps.size == 0:
        return 0.0
    fpr, tpr = fps / n_neg, tps / n_pos
    f0 = np.concatenate(([prev_fp / n_neg], fpr[:-1]))
    t0 = np.concatenate(([prev_tp / n_pos], tpr[:-1]))
    return float(np.sum((fpr - f0) * (tpr + t0)) / 2)


def _single_class_answer(func, plan: _Plan, **kwargs):
    """Return the single-machine answer for one class present (it ignores the scores)."""
    from .. import metrics

    label = plan.labels[0]
    return getattr(metrics, func)(np.array([label, label]), np.array([0.0, 0.0]), **kwargs)


def average_precision_score(
    y_true: Any, y_score: Any, *, pos_label: Any = 1, sample_weight: Any = None
) -> float:
    """Compute the average precision of binary scores held in Dask collections, exactly.

    Equal (to 1e-12) to :func:`minibalance.metrics.average_precision_score` on the
    same data, ties and sample weights included, and so to scikit-learn's; the
    scores are never gathered (see the module docstring).

    Parameters
    ----------
    y_true : Dask array or Series of shape (n_samples,)
        Binary labels.
    y_score : Dask array or Series of shape (n_samples,)
        Scores of the positive class (chunked like ``y_true``, or rechunked to it).
    pos_label : int, float, bool or str, default=1
    sample_weight : Dask array or Series, default=None

    Returns
    -------
    float
    """
    plan = _plan(y_true, y_score, sample_weight, pos_label)
    if plan.n_pos <= 0:
        return _single_class_answer("average_precision_score", plan, pos_label=pos_label)
    import dask

    shares = dask.compute(
        *[dask.delayed(_ap_share)(c, plan.tp0[k], plan.n_pos) for k, c in enumerate(plan.buckets)]
    )
    return float(sum(shares))


def roc_auc_score(y_true: Any, y_score: Any, *, sample_weight: Any = None) -> float:
    """Compute the ROC AUC of binary scores held in Dask collections, exactly.

    Equal (to 1e-12) to :func:`minibalance.metrics.roc_auc_score` on the same data
    (binary ``y_true``), ties and sample weights included.

    Parameters
    ----------
    y_true : Dask array or Series of shape (n_samples,)
    y_score : Dask array or Series of shape (n_samples,)
    sample_weight : Dask array or Series, default=None

    Returns
    -------
    float
    """
    plan = _plan(y_true, y_score, sample_weight, None)
    if plan.labels.size < 2:
        return _single_class_answer("roc_auc_score", plan)
    import dask

    shares = dask.compute(
        *[
            dask.delayed(_auc_share)(c, plan.fp0[k], plan.tp0[k], plan.n_neg, plan.n_pos)
            for k, c in enumerate(plan.buckets)
        ]
    )
    return float(sum(shares))


# --- curves ---------------------------------------------------------------------------


def _collinear_dropped(counts, fp0, tp0, neighbours):
    """Mask of the ROC points kept by ``drop_intermediate``, as on one machine.

    A point is dropped when it is collinear with its neighbours (zero second
    differences of both counts); the first and the last points are kept. A
    bucket's first point looks back at the previous bucket's last (its offset),
    its last point ahead at the next filled bucket's first (from the histograms).
    """
    fps, tps, _ = _arrays(counts)
    if fps.size == 0:
        return np.zeros(0, dtype=bool)
    next_fp, next_tp, first_bucket, last_bucket = neighbours
    k = int(counts["bucket"].iloc[0])
    f = np.concatenate(([fp0[k]], fps, [next_fp[k]]))
    t = np.concatenate(([tp0[k]], tps, [next_tp[k]]))
    with np.errstate(invalid="ignore"):
        keep = (np.diff(f, 2) != 0) | (np.diff(t, 2) != 0)
    if k == first_bucket:
        keep[0] = True
    if k == last_bucket:
        keep[-1] = True
    return keep


def _curve_column(counts, which, n_pos, n_neg, drop=None):
    import pandas as pd

    if drop is not None:
        counts = counts[_collinear_dropped(counts, *drop)]
    fps, tps, thresholds = _arrays(counts)

    with np.errstate(invalid="ignore", divide="ignore"):
        values = {
            "precision": tps / (tps + fps),
            "recall": tps / n_pos,
            "fpr": fps / n_neg,
            "tpr": tps / n_pos,
            "thresholds": thresholds.astype(np.float64),
        }[which]
    return pd.Series(values, dtype=np.float64)


def _dask_curve(plan: _Plan, which: str, reverse: bool, dtype=np.float64, drop=False):
    """Return one column of the curve as a Dask array: buckets highest first, or reversed."""
    import dask.array as da
    import pandas as pd

    dropping = (plan.fp0, plan.tp0, plan.neighbours) if drop else None
    column = plan.counts.map_partitions(
        _curve_column,
        which,
        plan.n_pos,
        plan.n_neg,
        dropping,
        meta=pd.Series([], dtype=np.float64),
    )
    values = column.to_dask_array()
    if not reverse:
        return values
    blocks = [values.blocks[i] for i in range(values.numblocks[0])][::-1]
    flipped = [b.map_blocks(lambda a: a[::-1], dtype=dtype) for b in blocks]
    return da.concatenate(flipped) if flipped else values


def precision_recall_curve(
    y_true: Any,
    y_score: Any,
    *,
    pos_label: Any = None,
    sample_weight: Any = None,
    max_points: int | None = None,
):
    """Compute precision and recall at every threshold, as lazy Dask arrays.

    The same points as :func:`minibalance.metrics.precision_recall_curve` (and
    scikit-learn's, ``drop_intermediate=False``): ``precision`` and ``recall`` end
    with (1, 0), ``thresholds`` increase. Chunk sizes are unknown until computed.

    Parameters
    ----------
    y_true, y_score : Dask arrays or Series of shape (n_samples,)
    pos_label : int, float, bool or str, default=None
    sample_weight : Dask array or Series, default=None
    max_points : int, default=None
        Return a thinned curve for plotting instead: about ``max_points`` of the
        thresholds, evenly spaced along the curve (the first and the last kept),
        with their precision and recall and the closing (1, 0), as NumPy arrays.
        The thinning computes the curve once, on the workers and then here.

    Returns
    -------
    precision, recall : Dask arrays of float64
    thresholds : Dask array of float64
    """
    import dask.array as da

    plan = _plan(y_true, y_score, sample_weight, pos_label)
    if plan.n_pos <= 0:
        warnings.warn(
            "No positive class found in y_true, recall is set to one for all thresholds "
            "which is equivalent to a random classifier",
            _undefined(),
            stacklevel=2,
        )
    precision = da.concatenate([_dask_curve(plan, "precision", True), da.ones(1)])
    n_pos = plan.n_pos if plan.n_pos > 0 else np.nan
    recall_plan = plan if plan.n_pos > 0 else _with(plan, n_pos=n_pos)
    recall = _dask_curve(recall_plan, "recall", True)
    if plan.n_pos <= 0:
        recall = da.ones_like(recall)
    recall = da.concatenate([recall, da.zeros(1)])
    thresholds = _dask_curve(plan, "thresholds", True)
    if max_points is not None:
        return _thin((precision, recall, thresholds), max_points, closing_point=True)
    return precision, recall, thresholds


def roc_curve(
    y_true: Any,
    y_score: Any,
    *,
    pos_label: Any = None,
    sample_weight: Any = None,
    drop_intermediate: bool = True,
    max_points: int | None = None,
):
    """Compute false and true positive rates at every threshold, as lazy Dask arrays.

    The points of :func:`minibalance.metrics.roc_curve`: every distinct score,
    starting at (0, 0) with threshold ``inf``, without the collinear ones when
    ``drop_intermediate`` (each bucket checks its edge points against its
    neighbours' offsets and first points, counted in the histogram pass). With
    sample weights the counts are sums added in another order than on one machine,
    so a point whose second difference is zero there may be kept here (or the
    reverse) when rounding decides it; unweighted counts decide exactly.

    Parameters
    ----------
    y_true, y_score : Dask arrays or Series of shape (n_samples,)
    pos_label : int, float, bool or str, default=None
    sample_weight : Dask array or Series, default=None
    drop_intermediate : bool, default=True
    max_points : int, default=None
        Return about ``max_points`` evenly spaced points (NumPy arrays).

    Returns
    -------
    fpr, tpr, thresholds : Dask arrays of float64
    """
    import dask.array as da

    plan = _plan(y_true, y_score, sample_weight, pos_label)
    drop = bool(drop_intermediate)
    for count, kind in ((plan.n_neg, "negative"), (plan.n_pos, "positive")):
        if count <= 0:
            which = "false" if kind == "negative" else "true"
            warnings.warn(
                f"No {kind} samples in y_true, {which} positive value should be meaningless",
                _undefined(),
                stacklevel=2,
            )
    safe = _with(plan, n_pos=plan.n_pos or np.nan, n_neg=plan.n_neg or np.nan)
    fpr = da.concatenate([da.zeros(1), _dask_curve(safe, "fpr", False, drop=drop)])
    tpr = da.concatenate([da.zeros(1), _dask_curve(safe, "tpr", False, drop=drop)])
    if plan.n_neg <= 0:
        fpr = da.full_like(fpr, np.nan)
    if plan.n_pos <= 0:
        tpr = da.full_like(tpr, np.nan)
    thresholds = da.concatenate(
        [da.from_array(np.array([np.inf])), _dask_curve(plan, "thresholds", False, drop=drop)]
    )
    if max_points is not None:
        return _thin((fpr, tpr, thresholds), max_points, closing_point=False)
    return fpr, tpr, thresholds


def _with(plan: _Plan, **changes) -> _Plan:
    from dataclasses import replace

    return replace(plan, **changes)


def _undefined():
    from ..exceptions import UndefinedMetricWarning

    return UndefinedMetricWarning


def _thin(curves: tuple, max_points: int, closing_point: bool) -> tuple:
    """Pick about ``max_points`` evenly spaced points of a curve (first and last kept), as NumPy.

    The points are picked along the thresholds (the last array); with
    ``closing_point`` the other arrays also keep their final point, which has no
    threshold (the PR curve's (1, 0)).
    """
    import dask

    if isinstance(max_points, bool) or not isinstance(max_points, (int, np.integer)):
        raise TypeError(f"max_points must be an int >= 2; got {max_points!r}.")
    if max_points < 2:
        raise ValueError(f"max_points must be an int >= 2; got {max_points}.")
    values = dask.compute(*curves)
    n = values[-1].shape[0]
    at = np.unique(np.linspace(0, n - 1, min(n, max_points)).round().astype(np.intp))
    out = []
    for v in values[:-1]:
        picked = v[at]
        out.append(np.r_[picked, v[-1]] if closing_point else picked)
    return (*out, values[-1][at])


# --- the best threshold -----------------------------------------------------------------


def _best_in_bucket(counts, n_pos, n_neg, objective, params, min_recall, min_precision):
    """Find the bucket's best candidate (single-machine tie rule) and what the constraints see."""
    from ..threshold import _objectives
    from ..threshold._objectives import evaluate

    fps, tps, thresholds = _arrays(counts)
    if tps.size == 0:
        return None
    fn, tn = n_pos - tps, n_neg - fps
    scores = evaluate(objective, tps, fps, fn, tn, **params)
    precision = _objectives.precision(tps, fps, fn, tn)
    recall = tps / n_pos
    ok = np.ones(tps.size, dtype=bool)
    if min_recall is not None:
        ok &= recall >= min_recall
    best_precision = None
    if min_precision is not None and ok.any():
        i = int(np.flatnonzero(ok)[np.argmax(precision[ok])])
        best_precision = (float(precision[i]), float(thresholds[i]), float(recall[i]))
        ok &= precision >= min_precision
    top_recall = int(np.argmax(recall))
    summary = {
        "recall_max": (float(recall[top_recall]), float(thresholds[top_recall])),
        "best_precision": best_precision,
        "candidate": None,
    }
    masked = np.where(ok, scores, np.nan)
    if np.all(np.isnan(masked)):
        return summary
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        best = np.nanmin(masked) if objective == "cost" else np.nanmax(masked)
    tied = np.flatnonzero(masked == best)
    i = int(tied[np.argmin(fps[tied] + fn[tied])])
    summary["candidate"] = {
        "score": float(scores[i]),
        "errors": float(fps[i] + fn[i]),
        "threshold": float(thresholds[i]),
        "precision": float(precision[i]),
        "recall": float(recall[i]),
        "tp": float(tps[i]),
        "fp": float(fps[i]),
    }
    return summary


def find_best_threshold(
    y_true: Any,
    y_score: Any,
    *,
    objective: Any = "f1",
    pos_label: Any = 1,
    sample_weight: Any = None,
    beta: float = 1.0,
    min_recall: float | None = None,
    min_precision: float | None = None,
    cost_fp: float | None = None,
    cost_fn: float | None = None,
):
    """Find the exact best threshold over every distinct score, on Dask collections.

    The same search, objectives, constraints, costs, tie rule and errors as
    :func:`minibalance.threshold.find_best_threshold`; each bucket of scores
    proposes its best candidate and the driver picks among them. The returned
    :class:`~minibalance.threshold.ThresholdResult` holds ``thresholds`` and
    ``scores`` as lazy Dask arrays (every distinct score, ``inf`` first).

    Parameters
    ----------
    y_true, y_score : Dask arrays or Series of shape (n_samples,)
    objective, pos_label, beta, min_recall, min_precision, cost_fp, cost_fn
        As :func:`minibalance.threshold.find_best_threshold`.
    sample_weight : Dask array or Series, default=None

    Returns
    -------
    ThresholdResult
    """
    import dask
    import dask.array as da

    from ..threshold import ThresholdResult, _objectives
    from ..threshold._objectives import check_objective, evaluate
    from ..threshold._search import check_constraint

    check_objective(objective, beta, cost_fp, cost_fn)
    check_constraint(min_recall, "min_recall")
    check_constraint(min_precision, "min_precision")
    plan = _plan(y_true, y_score, sample_weight, pos_label)
    n_pos, n_neg = plan.n_pos, plan.n_neg
    if not (n_pos > 0 and n_neg > 0):
        missing = "positive" if not n_pos > 0 else "negative"
        raise ValueError(
            f"find_best_threshold needs both classes in y_true, but no {missing} sample "
            f"(with non-zero weight) was found. Check y_true and pos_label={pos_label!r}."
        )
    params = {"beta": beta, "cost_fp": cost_fp, "cost_fn": cost_fn}
    found = dask.compute(
        *[
            dask.delayed(_best_in_bucket)(
                c, n_pos, n_neg, objective, params, min_recall, min_precision
            )
            for c in plan.buckets
        ]
    )
    found = [f for f in found if f is not None]
    # "predict nothing positive" (threshold inf) is the first candidate
    zero = np.zeros(1)
    none_score = float(evaluate(objective, zero, zero, zero + n_pos, zero + n_neg, **params)[0])
    none_precision = float(_objectives.precision(zero, zero, zero + n_pos, zero + n_neg)[0])
    first = {
        "score": none_score,
        "errors": n_pos,
        "threshold": np.inf,
        "precision": none_precision,
        "recall": 0.0,
        "tp": 0.0,
        "fp": 0.0,
    }
    first_ok = (min_recall is None or min_recall <= 0.0) and (
        min_precision is None or none_precision >= min_precision
    )
    _check_feasible(found, first_ok, first, min_recall, min_precision)
    candidates = ([first] if first_ok else []) + [
        f["candidate"] for f in found if f["candidate"] is not None
    ]
    candidates = [c for c in candidates if not np.isnan(c["score"])]
    if not candidates:
        raise ValueError("The objective is NaN at every threshold that meets the constraints.")
    pick = min if objective == "cost" else max
    best_score = pick(c["score"] for c in candidates)
    tied = [c for c in candidates if c["score"] == best_score]
    best = min(tied, key=lambda c: c["errors"])  # min keeps the first (highest threshold)
    count = float if plan.weighted else int
    tp, fp = best["tp"], best["fp"]
    thresholds = da.concatenate(
        [da.from_array(np.array([np.inf])), _dask_curve(plan, "thresholds", False)]
    )
    scores = da.concatenate(
        [
            da.from_array(np.array([none_score])),
            _dask_scores(plan, objective, params),
        ]
    )
    return ThresholdResult(
        threshold=float(best["threshold"]),
        score=float(best["score"]),
        precision=float(best["precision"]),
        recall=float(best["recall"]),
        tp=count(tp),
        fp=count(fp),
        fn=count(n_pos - tp),
        tn=count(n_neg - fp),
        thresholds=thresholds,
        scores=scores,
        objective=objective,
    )


def _scores_column(counts, n_pos, n_neg, objective, params):
    import pandas as pd

    from ..threshold._objectives import evaluate

    fps, tps, _ = _arrays(counts)
    scores = evaluate(objective, tps, fps, n_pos - tps, n_neg - fps, **params)
    return pd.Series(np.asarray(scores, dtype=np.float64))


def _dask_scores(plan: _Plan, objective, params):
    import pandas as pd

    column = plan.counts.map_partitions(
        _scores_column,
        plan.n_pos,
        plan.n_neg,
        objective,
        params,
        meta=pd.Series([], dtype=np.float64),
    )
    return column.to_dask_array()


def _check_feasible(found, first_ok, first, min_recall, min_precision) -> None:
    """Raise the single-machine message when no threshold meets the constraints.

    Candidates come in the single-machine order (``inf`` first, then the buckets
    from the highest scores), so the first best is the one it would name.
    """
    if min_recall is None and min_precision is None:
        return
    first_recall_ok = min_recall is None or min_recall <= 0.0
    if min_recall is not None and not first_recall_ok:
        if not any(f["recall_max"][0] >= min_recall for f in found):
            best = max((f["recall_max"] for f in found), key=lambda r: r[0])
            raise ValueError(
                f"No threshold reaches recall >= {min_recall}: the best recall achievable is "
                f"{best[0]:.6g} (at threshold {best[1]:.6g}). Lower min_recall."
            )
    if min_precision is None or first_ok or any(f["candidate"] is not None for f in found):
        return
    options = [(first["precision"], np.inf, 0.0)] if first_recall_ok else []
    options += [f["best_precision"] for f in found if f["best_precision"] is not None]
    best = max(options, key=lambda p: p[0])
    where = f" with recall >= {min_recall}" if min_recall is not None else ""
    fix = "min_precision or min_recall" if min_recall is not None else "min_precision"
    raise ValueError(
        f"No threshold reaches precision >= {min_precision}{where}: the best "
        f"precision{where} is {best[0]:.6g} (at threshold {best[1]:.6g}, "
        f"recall {best[2]:.6g}). Lower {fix}."
    )
