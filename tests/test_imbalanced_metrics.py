"""Sensitivity, specificity and G-mean against imbalanced-learn 0.14."""

import imblearn.metrics as imm
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minibalance.metrics as mbm

from .test_classification import predictions
from .test_ranking import _run


def _assert_close(ours, theirs):
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    assert ours[2] == theirs[2], (ours[2], theirs[2])
    if ours[0] != "ok":
        return
    a, b = ours[1], theirs[1]
    pairs = zip(a, b, strict=True) if isinstance(b, tuple) else [(a, b)]
    for x, y in pairs:
        if y is None:
            assert x is None
            continue
        x, y = np.asarray(x), np.asarray(y)
        assert x.shape == y.shape
        np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)


AVERAGES = [None, "binary", "micro", "macro", "weighted"]


@given(problem=predictions(), average=st.sampled_from(AVERAGES), data=st.data())
def test_sensitivity_specificity_support_equals_imblearn(problem, average, data):
    y, pred, sw = problem
    present = np.unique(np.concatenate([y, pred]))
    pos_label = data.draw(st.sampled_from([*present.tolist(), 1]))
    labels = data.draw(st.sampled_from([None, "reversed", "subset"]))
    labels = {"reversed": present[::-1], "subset": present[:1]}.get(labels) if labels else None
    kwargs = dict(labels=labels, pos_label=pos_label, average=average, sample_weight=sw)
    _assert_close(
        _run(mbm.sensitivity_specificity_support, y, pred, **kwargs),
        _run(imm.sensitivity_specificity_support, y, pred, **kwargs),
    )


@given(problem=predictions(), average=st.sampled_from(AVERAGES), data=st.data())
def test_sensitivity_and_specificity_scores_equal_imblearn(problem, average, data):
    y, pred, sw = problem
    name = data.draw(st.sampled_from(["sensitivity_score", "specificity_score"]))
    kwargs = dict(average=average, sample_weight=sw)
    _assert_close(
        _run(getattr(mbm, name), y, pred, **kwargs), _run(getattr(imm, name), y, pred, **kwargs)
    )


@given(
    problem=predictions(),
    average=st.sampled_from(["multiclass", None, "macro", "weighted", "binary"]),
    correction=st.sampled_from([0.0, 0.001]),
)
def test_geometric_mean_equals_imblearn(problem, average, correction):
    y, pred, sw = problem
    kwargs = dict(average=average, sample_weight=sw, correction=correction)
    _assert_close(
        _run(mbm.geometric_mean_score, y, pred, **kwargs),
        _run(imm.geometric_mean_score, y, pred, **kwargs),
    )


def test_gmean_by_hand():
    # recalls 1, 1/2, 1/2 -> (1 * 0.5 * 0.5) ** (1/3)
    got = mbm.geometric_mean_score([0, 0, 1, 1, 2, 2], [0, 0, 1, 0, 2, 1])
    assert got == pytest.approx(0.25 ** (1 / 3), abs=1e-15)


def test_one_ignored_class_zeroes_the_gmean():
    assert mbm.geometric_mean_score([0, 0, 0, 1], [0, 0, 0, 0]) == 0.0


@given(
    problem=predictions(),
    digits=st.integers(1, 5),
    output_dict=st.booleans(),
    zero_division=st.sampled_from(["warn", 0, 1]),  # imbalanced-learn takes ints only
)
def test_classification_report_imbalanced_equals_imblearn(
    problem, digits, output_dict, zero_division
):
    y, pred, sw = problem
    kwargs = dict(
        sample_weight=sw, digits=digits, output_dict=output_dict, zero_division=zero_division
    )
    ours = _run(mbm.classification_report_imbalanced, y, pred, **kwargs)
    theirs = _run(imm.classification_report_imbalanced, y, pred, **kwargs)
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    assert ours[2] == theirs[2]
    if ours[0] != "ok":
        return
    if not output_dict:
        assert ours[1] == theirs[1]
        return
    assert list(ours[1]) == list(theirs[1])
    for key, value in theirs[1].items():
        mine = ours[1][key]
        if isinstance(value, dict):
            assert list(mine) == list(value)
            np.testing.assert_allclose(
                list(mine.values()), list(value.values()), rtol=0, atol=1e-12
            )
        else:
            np.testing.assert_allclose(mine, value, rtol=0, atol=1e-12)


def test_report_with_target_names():
    text = mbm.classification_report_imbalanced(
        ["ok", "ok", "fraud"], ["ok", "fraud", "fraud"], target_names=["fraud", "legit"]
    )
    assert text.splitlines()[2].split()[0] == "fraud" and "legit" in text


@given(
    problem=predictions(),
    metric=st.sampled_from(["geometric_mean_score", "sensitivity_score", "specificity_score"]),
    average=st.sampled_from(["binary", "macro", "weighted", None]),
    alpha=st.sampled_from([0.0, 0.1, 0.5]),
    squared=st.booleans(),
)
def test_index_balanced_accuracy_equals_imblearn(problem, metric, average, alpha, squared):
    y, pred, sw = problem
    if metric == "geometric_mean_score" and average == "binary":
        average = "multiclass"
    ours = mbm.make_index_balanced_accuracy(alpha=alpha, squared=squared)(getattr(mbm, metric))
    theirs = imm.make_index_balanced_accuracy(alpha=alpha, squared=squared)(getattr(imm, metric))
    kwargs = dict(average=average, sample_weight=sw)
    _assert_close(_run(ours, y, pred, **kwargs), _run(theirs, y, pred, **kwargs))


def test_index_balanced_accuracy_by_hand_and_refusals():
    # sensitivity 2/3, specificity 1/2 on class 1: (1 + 0.1 * (2/3 - 1/2)) * gmean^2
    y, pred = [1, 0, 0, 1, 0, 1], [0, 0, 1, 1, 0, 1]
    iba = mbm.make_index_balanced_accuracy(alpha=0.1)(mbm.geometric_mean_score)
    gmean = mbm.geometric_mean_score(y, pred)
    expected = (1 + 0.1 * (2 / 3 - 2 / 3)) * gmean**2  # macro: both classes 2/3
    assert iba(y, pred) == pytest.approx(expected, abs=1e-15)
    assert iba.__name__ == "geometric_mean_score"

    def needs_scores(y_true, y_score):
        return 0.0

    with pytest.raises(AttributeError, match="unsupported attribute"):
        mbm.make_index_balanced_accuracy()(needs_scores)([0, 1], [0.2, 0.8])


@given(problem=predictions())
def test_macro_averaged_mean_absolute_error_equals_imblearn(problem):
    y, pred, sw = problem
    if y.dtype.kind in "US":
        return  # ordinal labels are numbers
    try:
        theirs = _run(imm.macro_averaged_mean_absolute_error, y, pred, sample_weight=sw)
    except ZeroDivisionError:  # a class of zero total weight: ours names the parameter
        with pytest.raises(ValueError, match="sample_weight sums to 0"):
            mbm.macro_averaged_mean_absolute_error(y, pred, sample_weight=sw)
        return
    _assert_close(_run(mbm.macro_averaged_mean_absolute_error, y, pred, sample_weight=sw), theirs)


def test_macro_averaged_mean_absolute_error_by_hand():
    # class 1: errors 0, 1, 2 -> 1; class 2: 1, 1 -> 1; class 3: 0 -> 0; mean 2/3
    y, pred = [1, 1, 1, 2, 2, 3], [1, 2, 3, 1, 1, 3]
    assert mbm.macro_averaged_mean_absolute_error(y, pred) == pytest.approx(2 / 3, abs=1e-15)
    w = [1, 1, 2, 1, 1, 1]  # class 1: (0 + 1 + 4) / 4
    assert mbm.macro_averaged_mean_absolute_error(y, pred, sample_weight=w) == pytest.approx(
        (5 / 4 + 1 + 0) / 3, abs=1e-15
    )
