"""compute_class_weight / compute_sample_weight: scikit-learn's results and errors.

Every property test runs the same call through scikit-learn 1.9 and minibalance
and requires the same outcome: equal float64 arrays (exactly), or an error of
the same kind from both.
"""

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from sklearn.utils import class_weight as sk

from minibalance import compute_class_weight, compute_sample_weight
from minibalance.exceptions import InvalidParameterError

from .strategies import multi_output_labels, sample_weights, skewed_labels


def _run(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # divide-by-zero for all-zero-weight classes
        try:
            return "ok", func(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            return "error", exc


def assert_same_outcome(ours, theirs):
    """Same array (values and dtype) or an error of the same kind."""
    (our_kind, our_value), (their_kind, their_value) = ours, theirs
    assert our_kind == their_kind, f"minibalance: {our_value!r}; scikit-learn: {their_value!r}"
    if our_kind == "ok":
        assert our_value.dtype == their_value.dtype == np.float64
        np.testing.assert_array_equal(our_value, their_value, strict=True)
    else:
        for kind in (ValueError, TypeError):
            if isinstance(their_value, kind):
                assert isinstance(our_value, kind), (our_value, their_value)


def both(name, *args, **kwargs):
    ours = globals()[name] if name in globals() else None
    return (
        _run(ours, *args, **kwargs),
        _run(getattr(sk, name), *args, **kwargs),
    )


def _key(label):
    # How scikit-learn looks up a class in a class_weight dict.
    try:
        return int(label)
    except ValueError:
        return str(label)


# --- compute_class_weight: properties -----------------------------------------------


@given(y=skewed_labels(), data=st.data())
@example(y=np.array([1, 1, 1, 1, 0, 0]), data=None)
def test_balanced_equals_sklearn(y, data):
    sw = None if data is None else data.draw(sample_weights(y.size))
    classes = np.unique(y)
    if data is not None and data.draw(st.booleans(), label="shuffle classes"):
        classes = classes[np.random.default_rng(0).permutation(classes.size)]
    assert_same_outcome(
        *both("compute_class_weight", "balanced", classes=classes, y=y, sample_weight=sw)
    )


@given(y=skewed_labels(min_classes=2), data=st.data())
def test_balanced_with_wrong_classes_raises_like_sklearn(y, data):
    classes = np.unique(y)
    change = data.draw(st.sampled_from(["drop", "extra", "duplicate"]))
    if change == "drop":  # a label of y missing from classes
        classes = classes[1:]
    elif change == "extra":  # a class that y does not have
        if classes.dtype.kind in "iuf":
            classes = np.append(classes, classes.max() + 1).astype(classes.dtype)
        elif classes.dtype.kind == "b":
            classes = np.array([0, 1, 2])
        else:
            classes = np.append(classes, "zzz_extra")
    else:
        classes = np.concatenate([classes, classes[:1]])
    cw = data.draw(st.sampled_from(["balanced", None]))
    assert_same_outcome(*both("compute_class_weight", cw, classes=classes, y=y))


@given(y=skewed_labels(), data=st.data())
def test_dict_and_none_weights_equal_sklearn(y, data):
    classes = np.unique(y)
    chosen = data.draw(st.lists(st.sampled_from(classes.tolist()), unique=True), label="keys")
    use_sklearn_keys = data.draw(st.booleans(), label="int/str keys")
    weights = data.draw(st.lists(st.floats(0.01, 100), min_size=len(chosen), max_size=len(chosen)))
    cw = {(_key(c) if use_sklearn_keys else c): w for c, w in zip(chosen, weights)}
    if data.draw(st.booleans(), label="unknown key"):
        cw["not a class"] = 3.0
    if data.draw(st.booleans(), label="None instead"):
        cw = None
    assert_same_outcome(*both("compute_class_weight", cw, classes=classes, y=y))


@given(y=skewed_labels(kinds=("int", "str")))
def test_label_containers_give_the_same_weights(y):
    classes = np.unique(y)
    expected = compute_class_weight("balanced", classes=classes, y=y)
    for container in (y.tolist(), pd.Series(y, name="target"), y.reshape(-1, 1)):
        got = compute_class_weight("balanced", classes=classes, y=container)
        np.testing.assert_array_equal(got, expected, strict=True)


# --- compute_sample_weight: properties ---------------------------------------------


@given(y=skewed_labels(), data=st.data())
def test_sample_weight_equals_sklearn(y, data):
    classes = np.unique(y)
    cw = data.draw(st.sampled_from(["balanced", None, "dict", "list"]), label="class_weight")
    if cw == "dict":
        cw = {_key(c): float(i + 1) for i, c in enumerate(classes.tolist())}
    elif cw == "list":
        cw = [{_key(classes[0]): 2.0}]
    assert_same_outcome(*both("compute_sample_weight", cw, y))


@given(y=skewed_labels(), data=st.data())
def test_sample_weight_with_bootstrap_indices_equals_sklearn(y, data):
    seed = data.draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    size = data.draw(st.integers(1, 2 * y.size))
    indices = rng.integers(0, y.size, size=size)  # a bootstrap: some classes may vanish
    cw = data.draw(st.sampled_from(["balanced", "balanced", None, {0: 1.0}]))
    assert_same_outcome(*both("compute_sample_weight", cw, y, indices=indices))


@given(y=multi_output_labels(), data=st.data())
def test_multi_output_sample_weight_equals_sklearn(y, data):
    form = data.draw(st.sampled_from(["balanced", "dicts", "wrong_length", "dict", "none"]))
    if form == "dicts":
        cw = [
            {_key(c): float(j + 2) for j, c in enumerate(np.unique(y[:, k]).tolist())}
            for k in range(y.shape[1])
        ]
    elif form == "wrong_length":
        cw = [{}] * (y.shape[1] + 1)
    elif form == "dict":
        cw = {}
    elif form == "none":
        cw = None
    else:
        cw = "balanced"
    assert_same_outcome(*both("compute_sample_weight", cw, y))


# --- pinned cases (expected values worked out by hand from the formula) ------------


def test_balanced_weights_by_hand():
    # 6 samples, 2 classes: class 0 has 2 -> 6 / (2 * 2) = 1.5; class 1 has 4 -> 0.75.
    got = compute_class_weight("balanced", classes=np.array([0, 1]), y=[1, 1, 1, 1, 0, 0])
    np.testing.assert_array_equal(got, [1.5, 0.75])


def test_balanced_weights_follow_the_order_of_classes():
    got = compute_class_weight("balanced", classes=np.array(["b", "a"]), y=["a", "b", "b", "b"])
    # total 4, 2 classes: a -> 4 / (2 * 1) = 2, b -> 4 / (2 * 3) = 2/3
    np.testing.assert_array_equal(got, [4 / 6, 2.0])


def test_balanced_weights_use_sample_weights():
    # weighted counts: class 0: 1 + 3 = 4, class 1: 2; total 6 -> 6/(2*4), 6/(2*2)
    got = compute_class_weight(
        "balanced", classes=np.array([0, 1]), y=[0, 0, 1], sample_weight=[1.0, 3.0, 2.0]
    )
    np.testing.assert_array_equal(got, [0.75, 1.5])


def test_every_class_carries_the_same_total_weight():
    y = np.repeat([3, 7, 11], [500, 30, 2])
    w = compute_sample_weight("balanced", y)
    totals = [w[y == c].sum() for c in (3, 7, 11)]
    np.testing.assert_allclose(totals, [y.size / 3] * 3)


def test_dict_weights_default_to_one_for_missing_classes():
    got = compute_class_weight({1: 5.0}, classes=np.array([0, 1, 2]), y=[0, 1, 2])
    np.testing.assert_array_equal(got, [1.0, 5.0, 1.0])


def test_dict_with_unknown_key_and_missing_class_raises():
    with pytest.raises(ValueError, match=r"not in class_weight"):
        compute_class_weight({1: 5.0, 9: 1.0}, classes=np.array([0, 1]), y=[0, 1])


def test_bootstrap_absent_class_gets_zero_weight():
    y = np.array([0, 0, 1, 2])
    w = compute_sample_weight("balanced", y, indices=[0, 1, 2, 2])
    # subsample [0, 0, 1, 1]: each class 4 / (2 * 2) = 1; class 2 is absent -> 0
    np.testing.assert_array_equal(w, [1.0, 1.0, 1.0, 0.0])


def test_multi_output_weights_multiply():
    y = np.array([[0, 1], [0, 0], [1, 0]])
    w = compute_sample_weight([{0: 2.0, 1: 3.0}, {0: 5.0, 1: 7.0}], y)
    np.testing.assert_array_equal(w, [2 * 7, 2 * 5, 3 * 5])


def test_bool_labels_against_integer_classes():
    got = compute_class_weight("balanced", classes=np.array([0, 1]), y=[True, False, False])
    np.testing.assert_array_equal(got, [0.75, 1.5])


def test_large_integer_range_takes_the_sorting_path():
    y = np.array([0, 10**12, 10**12])
    np.testing.assert_array_equal(
        compute_class_weight("balanced", classes=np.array([0, 10**12]), y=y), [1.5, 0.75]
    )


# --- errors -------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["balance", 1.0, ["balanced"]])
def test_bad_class_weight_parameter(bad):
    with pytest.raises(InvalidParameterError, match="class_weight"):
        compute_class_weight(bad, classes=np.array([0, 1]), y=[0, 1])


def test_classes_must_be_an_ndarray():
    with pytest.raises(InvalidParameterError, match=r"classes must be a numpy\.ndarray"):
        compute_class_weight("balanced", classes=[0, 1], y=[0, 1])


def test_class_in_classes_but_not_in_y_with_balanced():
    with pytest.raises(ValueError, match="in classes but not in y"):
        compute_class_weight("balanced", classes=np.array([0, 1, 2]), y=[0, 1])


def test_label_of_y_missing_from_classes():
    with pytest.raises(ValueError, match=r"y has \[2\] that classes lacks"):
        compute_class_weight(None, classes=np.array([0, 1]), y=[0, 1, 2])


@pytest.mark.parametrize(
    "sample_weight",
    [[1.0, np.nan, 1.0], [1.0, np.inf, 1.0], [1.0, 1.0], [0.0, 0.0, 0.0], [[1.0, 1.0, 1.0]], 2.0],
)
def test_bad_sample_weight_in_scikit_learns_words(sample_weight):
    kwargs = {"classes": np.array([0, 1]), "y": [0, 1, 1], "sample_weight": sample_weight}
    with pytest.raises(ValueError) as theirs:
        sk.compute_class_weight("balanced", **kwargs)
    with pytest.raises(ValueError) as ours:
        compute_class_weight("balanced", **kwargs)
    assert str(ours.value).startswith(str(theirs.value))


def test_mixed_label_types_raise_type_error():
    with pytest.raises(TypeError, match="mixes label types"):
        compute_class_weight(
            "balanced", classes=np.array([0, 1]), y=np.array([0, 1, "a"], dtype=object)
        )


def test_indices_need_balanced():
    with pytest.raises(ValueError, match="only valid class_weight for subsampling"):
        compute_sample_weight({0: 1.0}, [0, 1], indices=[0, 1])


def test_multi_output_needs_a_list_or_balanced():
    with pytest.raises(ValueError, match="list of dicts"):
        compute_sample_weight({0: 1.0}, [[0, 1], [1, 0]])


def test_inputs_are_not_mutated():
    y = np.array([2, 0, 2, 1])
    sw = np.array([1.0, 2.0, 3.0, 4.0])
    y0, sw0 = y.copy(), sw.copy()
    compute_class_weight("balanced", classes=np.array([0, 1, 2]), y=y, sample_weight=sw)
    compute_sample_weight("balanced", y, indices=[0, 0, 1])
    np.testing.assert_array_equal(y, y0)
    np.testing.assert_array_equal(sw, sw0)
