"""find_best_threshold against a brute-force loop scored by scikit-learn / imbalanced-learn.

The brute force thresholds the scores at every candidate (``inf`` and each
distinct score of a sample with non-zero weight), computes the metric on the
predicted labels with the reference library, and applies the documented rule:
best score, then fewest errors FP + FN, then the highest threshold.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
import sklearn.metrics as skm
from hypothesis import example, given
from hypothesis import strategies as st
from imblearn.metrics import geometric_mean_score

from minibalance.threshold import find_best_threshold
from minibalance.threshold._objectives import OBJECTIVES as BUILT_IN

from .strategies import binary_problems

OBJECTIVES = [*BUILT_IN, "callable"]


def net_benefit(tp, fp, fn, tn):
    """A callable objective: true positives minus twice the false positives."""
    return tp - 2.0 * fp


def reference_metric(objective, y_true, y_pred, pos_label, w, beta, cost_fp, cost_fn):
    """The objective on thresholded labels, computed by the reference library."""
    labels = np.unique(y_true)
    neg_label = labels[labels != pos_label][0]
    cm = skm.confusion_matrix(y_true, y_pred, labels=[neg_label, pos_label], sample_weight=w)
    (tn, fp), (fn, tp) = cm.astype(np.float64)
    common = {"pos_label": pos_label, "sample_weight": w, "zero_division": 0}
    if objective == "f1":
        return skm.f1_score(y_true, y_pred, **common)
    if objective == "fbeta":
        return skm.fbeta_score(y_true, y_pred, beta=beta, **common)
    if objective == "precision":
        return skm.precision_score(y_true, y_pred, **common)
    if objective == "recall":
        return skm.recall_score(y_true, y_pred, **common)
    if objective == "balanced_accuracy":
        return skm.balanced_accuracy_score(y_true, y_pred, sample_weight=w)
    if objective == "mcc":
        return skm.matthews_corrcoef(y_true, y_pred, sample_weight=w)
    if objective == "gmean":
        return geometric_mean_score(y_true, y_pred, sample_weight=w)
    if objective == "youden":
        return tp / (tp + fn) - fp / (fp + tn)
    if objective == "cost":
        return cost_fp * fp + cost_fn * fn
    return net_benefit(tp, fp, fn, tn)


def brute_force(
    y_true,
    y_score,
    w,
    pos_label,
    objective,
    beta,
    cost_fp,
    cost_fn,
    min_recall=None,
    min_precision=None,
):
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score)
    labels = np.unique(y_true)
    neg_label = labels[labels != pos_label][0]
    live = y_score if w is None else y_score[np.asarray(w) != 0]
    candidates = np.concatenate(([np.inf], np.unique(live)[::-1].astype(np.float64)))
    rows = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for t in candidates:
            y_pred = np.where(y_score >= t, pos_label, neg_label).astype(y_true.dtype)
            score = reference_metric(
                objective, y_true, y_pred, pos_label, w, beta, cost_fp, cost_fn
            )
            cm = skm.confusion_matrix(
                y_true, y_pred, labels=[neg_label, pos_label], sample_weight=w
            ).astype(np.float64)
            (_, fp), (fn, tp) = cm
            precision = tp / (tp + fp) if tp + fp > 0 else 0.0
            rows.append((float(score), fp + fn, tp / (tp + fn), precision))
    scores = np.array([r[0] for r in rows])
    errors = np.array([r[1] for r in rows])
    recall = np.array([r[2] for r in rows])
    precision = np.array([r[3] for r in rows])
    ok = np.ones(candidates.size, dtype=bool)
    if min_recall is not None:
        ok &= recall >= min_recall
    if min_precision is not None:
        ok &= precision >= min_precision
    return candidates, scores, errors, ok, precision, recall


def choose(scores, errors, ok, minimize):
    idx = np.flatnonzero(ok)
    values = -scores[idx] if minimize else scores[idx]
    tied = idx[values == values.max()]
    return tied[np.argmin(errors[tied])]


def _objective_arg(objective):
    return net_benefit if objective == "callable" else objective


@given(
    problem=binary_problems(max_size=120, both_classes=True),
    objective=st.sampled_from(OBJECTIVES),
    beta=st.sampled_from([0.5, 2.0, 0.0]),
    costs=st.sampled_from([(1.0, 1.0), (1.0, 10.0), (5.0, 1.0)]),
)
@example(
    problem=(np.array([0, 0, 1, 1]), np.array([0.1, 0.4, 0.35, 0.8]), None, None),
    objective="f1",
    beta=1.0,
    costs=(1.0, 1.0),
)
def test_equals_brute_force_over_every_distinct_threshold(backend, problem, objective, beta, costs):
    y_true, y_score, w, pos_label = problem
    pos_label = 1 if pos_label is None else pos_label
    cost_fp, cost_fn = costs
    ours = find_best_threshold(
        y_true,
        y_score,
        objective=_objective_arg(objective),
        beta=beta,
        cost_fp=cost_fp,
        cost_fn=cost_fn,
        pos_label=pos_label,
        sample_weight=w,
    )
    candidates, scores, errors, ok, _, _ = brute_force(
        y_true, y_score, w, pos_label, objective, beta, cost_fp, cost_fn
    )
    np.testing.assert_array_equal(ours.thresholds, candidates)
    i = choose(scores, errors, ok, minimize=objective == "cost")
    if w is None:  # integer counts: the same arithmetic as the reference, bit for bit
        np.testing.assert_array_equal(ours.scores, scores)
        assert ours.threshold == candidates[i]
        assert ours.score == scores[i]
    else:  # weighted sums are added in another order: equal up to rounding
        np.testing.assert_allclose(ours.scores, scores, rtol=1e-9, atol=1e-9)
        mine = int(np.flatnonzero(candidates == ours.threshold)[0])
        assert abs(scores[mine] - scores[i]) <= 1e-9 * max(1.0, abs(scores[i]))


@given(
    problem=binary_problems(max_size=120, both_classes=True),
    objective=st.sampled_from(["f1", "precision", "recall", "cost", "mcc"]),
    min_recall=st.sampled_from([None, 0.0, 0.5, 0.9, 1.0]),
    min_precision=st.sampled_from([None, 0.3, 0.6, 0.95]),
)
def test_constraints_keep_only_the_thresholds_that_meet_them(
    backend, problem, objective, min_recall, min_precision
):
    y_true, y_score, w, pos_label = problem
    pos_label = 1 if pos_label is None else pos_label
    candidates, scores, errors, ok, precision, recall = brute_force(
        y_true, y_score, w, pos_label, objective, 1.0, 1.0, 3.0, min_recall, min_precision
    )
    kwargs = dict(
        objective=objective,
        cost_fn=3.0,
        pos_label=pos_label,
        sample_weight=w,
        min_recall=min_recall,
        min_precision=min_precision,
    )
    if not ok.any():
        with pytest.raises(ValueError, match=r"the best (precision|recall)") as info:
            find_best_threshold(y_true, y_score, **kwargs)
        # the message states the best achievable value
        base = np.ones_like(ok) if min_recall is None else recall >= min_recall
        best = recall.max() if not base.any() else precision[base].max()
        assert f"{best:.6g}" in str(info.value)
        return
    ours = find_best_threshold(y_true, y_score, **kwargs)
    mine = int(np.flatnonzero(candidates == ours.threshold)[0])
    assert ok[mine]
    assert ours.recall >= (min_recall or 0) and ours.precision >= (min_precision or 0)
    i = choose(scores, errors, ok, minimize=objective == "cost")
    if w is None:
        assert ours.threshold == candidates[i]
    else:
        assert abs(scores[mine] - scores[i]) <= 1e-9 * max(1.0, abs(scores[i]))


@given(problem=binary_problems(max_size=150, both_classes=True))
def test_counts_at_the_best_threshold_match_the_confusion_matrix(backend, problem):
    y_true, y_score, w, pos_label = problem
    pos_label = 1 if pos_label is None else pos_label
    ours = find_best_threshold(y_true, y_score, pos_label=pos_label, sample_weight=w)
    y_true = np.asarray(y_true)
    labels = np.unique(y_true)
    neg_label = labels[labels != pos_label][0]
    y_pred = np.where(np.asarray(y_score) >= ours.threshold, pos_label, neg_label)
    (tn, fp), (fn, tp) = skm.confusion_matrix(
        y_true, y_pred.astype(y_true.dtype), labels=[neg_label, pos_label], sample_weight=w
    )
    np.testing.assert_allclose(
        [ours.tp, ours.fp, ours.fn, ours.tn], [tp, fp, fn, tn], rtol=1e-12, atol=1e-9
    )
    assert type(ours.tp) is (int if w is None else float)


def test_pinned_hand_computed_example():
    # scikit-learn's PR-curve example. Candidates: inf (F1 0), 0.8 (tp 1, fp 0: 2/3),
    # 0.4 (tp 1, fp 1: 1/2), 0.35 (tp 2, fp 1: 4/5), 0.1 (tp 2, fp 2: 2/3).
    best = find_best_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    assert best.threshold == 0.35
    assert best.score == pytest.approx(0.8)
    assert (best.tp, best.fp, best.fn, best.tn) == (2, 1, 0, 1)
    np.testing.assert_allclose(best.scores, [0, 2 / 3, 1 / 2, 4 / 5, 2 / 3])
    # a miss costs 10, a false alarm 1. Costs: inf 20, 0.8 10, 0.4 11, 0.35 1, 0.1 2
    cheap = find_best_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], objective="cost", cost_fn=10)
    assert cheap.threshold == 0.35 and cheap.score == 1.0
    # a false alarm costs 10, a miss 1. Costs: inf 2, 0.8 1, 0.4 11, 0.35 10, 0.1 20
    strict = find_best_threshold([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], objective="cost", cost_fp=10)
    assert strict.threshold == 0.8 and strict.score == 1.0


def test_ties_go_to_fewest_errors_then_the_highest_threshold():
    y = [0, 1, 1, 0, 0]
    s = [0.9, 0.8, 0.7, 0.2, 0.1]
    # errors FP + FN: inf 2, 0.9 3, 0.8 2, 0.7 1, 0.2 2, 0.1 3
    # recall 1 at 0.7, 0.2 and 0.1: 0.7 has the fewest errors
    assert find_best_threshold(y, s, objective="recall").threshold == 0.7
    # a constant objective: every candidate ties; 0.7 has the fewest errors
    flat = find_best_threshold(y, s, objective=lambda tp, fp, fn, tn: np.zeros_like(tp))
    assert flat.threshold == 0.7
    # equal score and equal errors: inf (1 miss) and 0.5 (1 false alarm) -> the highest
    y2, s2 = [1, 0], [0.5, 0.5]
    assert find_best_threshold(y2, s2, objective=lambda *a: np.zeros(2)).threshold == np.inf


def test_the_threshold_reproduces_the_reported_operating_point():
    rng = np.random.default_rng(0)
    y = rng.random(5000) < 0.03
    s = rng.random(5000) + y * 0.4
    best = find_best_threshold(y, s, objective="fbeta", beta=2.0, min_precision=0.2)
    y_pred = s >= best.threshold
    assert skm.fbeta_score(y, y_pred, beta=2.0) == best.score
    assert skm.precision_score(y, y_pred) == best.precision >= 0.2
    assert skm.recall_score(y, y_pred) == best.recall


def test_float32_scores_pandas_and_string_labels_are_accepted_unchanged():
    y = pd.Series(["ok", "fraud", "ok", "ok", "fraud", "ok"], name="label")
    s = pd.Series(np.array([0.1, 0.9, 0.3, 0.45, 0.5, 0.2], dtype=np.float32))
    y_copy, s_copy = y.copy(), s.copy()
    best = find_best_threshold(y, s, pos_label="fraud")
    pd.testing.assert_series_equal(y, y_copy)
    pd.testing.assert_series_equal(s, s_copy)
    assert best.threshold == np.float32(0.5) and best.score == 1.0
    assert best.thresholds.dtype == np.float64
    assert "ThresholdResult(threshold=" in repr(best)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(y_true=[1, 1, 1], y_score=[0.1, 0.2, 0.3]), "both classes.*no negative"),
        (dict(y_true=[0, 0], y_score=[0.1, 0.2]), "both classes.*no positive"),
        (dict(y_true=[0, 1], y_score=[0.1, np.nan]), "NaN"),
        (dict(y_true=[0, 1], y_score=[0.1, np.inf]), "infinity"),
        (dict(y_true=[0, 1, 1], y_score=[0.1, 0.2]), "inconsistent numbers of samples"),
        (dict(y_true=[0, 1, 2], y_score=[0.1, 0.2, 0.3]), "multiclass format"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], objective="auc"), "objective='auc'"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], objective="fbeta", beta=-1), "beta"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], objective="cost", cost_fp=-1), "cost_fp"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], min_recall=1.5), "min_recall"),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], min_precision="high"), "min_precision"),
        (
            dict(y_true=[0, 1], y_score=[0.1, 0.2], objective=lambda *a: np.zeros(1)),
            "one score per threshold",
        ),
        (
            dict(y_true=[0, 1], y_score=[0.1, 0.2], objective=lambda *a: np.full(3, np.nan)),
            "NaN at every threshold",
        ),
        (dict(y_true=[0, 1], y_score=[0.1, 0.2], sample_weight=[1.0, 0.0]), "no positive"),
    ],
)
def test_bad_input_gets_a_clear_error(kwargs, match):
    with pytest.raises(ValueError, match=match):
        find_best_threshold(**kwargs)


def test_infeasible_constraint_states_the_best_achievable():
    y = [0, 0, 1, 0, 1]
    s = [0.9, 0.8, 0.7, 0.6, 0.1]
    with pytest.raises(ValueError, match=r"best precision with recall >= 1.0 is 0.4 "):
        find_best_threshold(y, s, min_recall=1.0, min_precision=0.5)
    with pytest.raises(ValueError, match=r"best precision achievable|best precision is 0.4"):
        find_best_threshold(y, s, min_precision=0.45)
