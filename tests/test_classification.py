"""confusion_matrix, balanced_accuracy_score, matthews_corrcoef against scikit-learn 1.9."""

import numpy as np
import pytest
import sklearn.metrics as skm
from hypothesis import given
from hypothesis import strategies as st

import minibalance.metrics as mbm

from .test_ranking import _run, assert_same


@st.composite
def predictions(draw):
    """(y_true, y_pred, sample_weight): skewed classes, a noisy classifier."""
    n = draw(st.integers(1, 150))
    k = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    p = 0.3 ** np.arange(k)
    y = rng.choice(k, size=n, p=p / p.sum())
    flip = rng.random(n) < draw(st.sampled_from([0.0, 0.2, 0.6]))
    pred = np.where(flip, rng.integers(0, k + draw(st.integers(0, 1)), n), y)
    kind = draw(st.sampled_from(["int", "str", "bool", "neg"]))
    if kind == "str":
        names = np.array([f"c{i}" for i in range(k + 1)])
        y, pred = names[y], names[pred]
    elif kind == "bool" and k <= 2 and pred.max() <= 1:
        y, pred = y.astype(bool), pred.astype(bool)
    elif kind == "neg":
        y, pred = y - 2, pred - 2
    w = draw(st.sampled_from(["none", "float", "int", "zeros"]))
    if w == "none":
        sw = None
    elif w == "float":
        sw = rng.random(n) * 3
    elif w == "int":
        sw = rng.integers(1, 4, n)
    else:
        sw = rng.random(n) * (rng.random(n) < 0.5)
        sw[0] = 1.0
    return y, pred, sw


@given(
    problem=predictions(), normalize=st.sampled_from([None, "true", "pred", "all"]), data=st.data()
)
def test_confusion_matrix_equals_sklearn(problem, normalize, data):
    y, pred, sw = problem
    labels = None
    choice = data.draw(st.sampled_from(["none", "shuffled", "subset", "extra"]))
    present = np.unique(np.concatenate([y, pred]))
    if choice == "shuffled":
        labels = present[::-1]
    elif choice == "subset":
        labels = present[: max(1, present.size - 1)]
    elif choice == "extra" and present.dtype.kind in "iu":
        labels = np.append(present, present.max() + 7)
    kwargs = dict(labels=labels, sample_weight=sw, normalize=normalize)
    ours = _run(mbm.confusion_matrix, y, pred, **kwargs)
    theirs = _run(skm.confusion_matrix, y, pred, **kwargs)
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    assert ours[2] == theirs[2]
    if ours[0] == "ok":
        assert ours[1].dtype == theirs[1].dtype
        np.testing.assert_array_equal(ours[1], theirs[1])


@given(problem=predictions(), adjusted=st.booleans())
def test_balanced_accuracy_equals_sklearn(problem, adjusted):
    y, pred, sw = problem
    ours = _run(mbm.balanced_accuracy_score, y, pred, sample_weight=sw, adjusted=adjusted)
    assert_same(
        ours, _run(skm.balanced_accuracy_score, y, pred, sample_weight=sw, adjusted=adjusted)
    )


@given(problem=predictions())
def test_matthews_corrcoef_equals_sklearn(problem):
    y, pred, sw = problem
    ours = _run(mbm.matthews_corrcoef, y, pred, sample_weight=sw)
    assert_same(ours, _run(skm.matthews_corrcoef, y, pred, sample_weight=sw))


def test_majority_guess_scores_half_balanced_accuracy_and_zero_mcc():
    y = [0] * 99 + [1]
    guess = [0] * 100
    assert mbm.balanced_accuracy_score(y, guess) == 0.5  # recall 1 on class 0, 0 on class 1
    assert mbm.balanced_accuracy_score(y, guess, adjusted=True) == 0.0
    assert mbm.matthews_corrcoef(y, guess) == 0.0


def test_confusion_matrix_by_hand():
    cm = mbm.confusion_matrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2])
    np.testing.assert_array_equal(cm, [[2, 0, 0], [0, 0, 1], [1, 0, 2]])


def test_mixed_label_types_are_refused():
    with pytest.raises(ValueError, match="Mix of label input types"):
        mbm.confusion_matrix([0, 1], ["a", "b"])


def test_labels_absent_from_y_true():
    with pytest.raises(ValueError, match="At least one label specified must be in y_true"):
        mbm.confusion_matrix([0, 1], [0, 1], labels=[5])


def test_continuous_targets_are_refused():
    with pytest.raises(ValueError, match="mix of continuous and binary"):
        mbm.confusion_matrix([0.5, 1.5], [0, 1])


def test_float_weights_give_a_float_matrix_even_when_nothing_is_counted():
    # Regression (found by Hypothesis): no sample falls inside `labels`.
    with pytest.warns(UserWarning, match="A single label was found"):
        cm = mbm.confusion_matrix([0], [1], labels=[0], sample_weight=np.array([0.5]))
    assert cm.dtype == np.float64 and cm.tolist() == [[0.0]]


# --- precision / recall / F-beta ----------------------------------------------------------


def assert_prfs_same(y, pred, **kwargs):
    """precision_recall_fscore_support: same outcome, warnings, dtypes; values within 1e-12."""
    ours = _run(mbm.precision_recall_fscore_support, y, pred, **kwargs)
    theirs = _run(skm.precision_recall_fscore_support, y, pred, **kwargs)
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    assert ours[2] == theirs[2], (ours[2], theirs[2])
    if ours[0] == "ok":
        for a, b in zip(ours[1], theirs[1], strict=True):
            if b is None:
                assert a is None
            elif isinstance(b, np.ndarray):
                assert a.dtype == b.dtype
                np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)
            else:
                assert (np.isnan(a) and np.isnan(b)) or abs(a - b) <= 1e-12


AVERAGES = [None, "binary", "micro", "macro", "weighted"]
ZERO_DIVISION = ["warn", 0.0, 1.0, np.nan]


@given(
    problem=predictions(),
    average=st.sampled_from(AVERAGES),
    zero_division=st.sampled_from(ZERO_DIVISION),
    beta=st.sampled_from([1.0, 0.5, 2.0, 0.0]),
    data=st.data(),
)
def test_precision_recall_fscore_support_equals_sklearn(
    problem, average, zero_division, beta, data
):
    y, pred, sw = problem
    present = np.unique(np.concatenate([y, pred]))
    pos_label = data.draw(st.sampled_from([*present.tolist(), 1]), label="pos_label")
    labels = data.draw(st.sampled_from([None, "reversed", "subset"]), label="labels")
    if labels == "reversed":
        labels = present[::-1]
    elif labels == "subset":
        labels = present[:1]
    kwargs = dict(
        beta=beta,
        labels=labels,
        pos_label=pos_label,
        average=average,
        sample_weight=sw,
        zero_division=zero_division,
    )
    assert_prfs_same(y, pred, **kwargs)


@given(problem=predictions(), average=st.sampled_from(AVERAGES), data=st.data())
def test_score_shortcuts_equal_sklearn(problem, average, data):
    y, pred, sw = problem
    name = data.draw(st.sampled_from(["precision_score", "recall_score", "f1_score"]))
    pos_label = data.draw(st.sampled_from([*np.unique(y).tolist(), 1]))
    kwargs = dict(average=average, sample_weight=sw, pos_label=pos_label)
    assert_same(
        _run(getattr(mbm, name), y, pred, **kwargs), _run(getattr(skm, name), y, pred, **kwargs)
    )


def test_fbeta_by_hand():
    # tp=2, fp=0, fn=1: P=1, R=2/3; F2 = 5*2 / (5*2 + 4*1 + 0) = 10/14
    assert mbm.fbeta_score([0, 1, 1, 0, 1], [0, 1, 0, 0, 1], beta=2) == pytest.approx(10 / 14)


def test_no_predicted_positives_warns_and_uses_zero_division():
    with pytest.warns(Warning, match="Precision is ill-defined"):
        assert mbm.precision_score([0, 1], [0, 0]) == 0.0
    assert mbm.precision_score([0, 1], [0, 0], zero_division=1.0) == 1.0


def test_binary_average_on_multiclass_is_refused():
    with pytest.raises(ValueError, match="Target is multiclass but average='binary'"):
        mbm.f1_score([0, 1, 2], [0, 1, 2])


def test_support_is_float_when_no_prediction_is_right():
    # Regression (found by Hypothesis through the imbalanced report): scikit-learn's
    # counts become float when there is no true positive at all.
    ours = mbm.precision_recall_fscore_support([0], [1], zero_division=0.0)[3]
    theirs = skm.precision_recall_fscore_support([0], [1], zero_division=0.0)[3]
    assert ours.dtype == theirs.dtype == np.float64


@st.composite
def multilabel_predictions(draw):
    n = draw(st.integers(1, 60))
    n_labels = draw(st.integers(2, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    y = (rng.random((n, n_labels)) < draw(st.sampled_from([0.05, 0.3, 0.7]))).astype(int)
    flip = rng.random((n, n_labels)) < draw(st.sampled_from([0.0, 0.2, 0.5]))
    pred = np.where(flip, 1 - y, y)
    sw = rng.random(n) * 2 if draw(st.booleans()) else None
    return y, pred, sw


@given(
    problem=multilabel_predictions(),
    average=st.sampled_from([None, "binary", "micro", "macro", "weighted", "samples"]),
    zero_division=st.sampled_from(ZERO_DIVISION),
    data=st.data(),
)
def test_multilabel_precision_recall_fscore_equals_sklearn(problem, average, zero_division, data):
    y, pred, sw = problem
    labels = data.draw(st.sampled_from([None, [1, 0], [0], [0, 7]]))
    kwargs = dict(labels=labels, average=average, sample_weight=sw, zero_division=zero_division)
    assert_prfs_same(y, pred, **kwargs)
