"""The sampling-strategy resolver against imbalanced-learn's check_sampling_strategy."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from imblearn.utils import check_sampling_strategy as imb_check

from minibalance._validation import check_sampling_strategy

from .strategies import sampling_strategies, skewed_labels


def _outcome(func, *args):
    try:
        return "ok", func(*args)
    except ValueError as exc:
        return "error", exc


@given(
    y=skewed_labels(kinds=("int", "str", "negint", "bool"), max_size=120),
    sampling_type=st.sampled_from(["over-sampling", "under-sampling"]),
    data=st.data(),
)
def test_resolver_equals_imblearn(y, sampling_type, data):
    strategy = data.draw(sampling_strategies(y, sampling_type))
    ours = _outcome(check_sampling_strategy, strategy, y, sampling_type)
    theirs = _outcome(imb_check, strategy, y, sampling_type)
    assert ours[0] == theirs[0], (ours[1], theirs[1])
    if ours[0] == "ok":
        # same classes, same numbers, same (sorted) order
        assert list(ours[1].items()) == list(theirs[1].items())


@given(y=skewed_labels(kinds=("int", "str"), min_classes=2, max_size=120), data=st.data())
def test_cleaning_lists_equal_imblearn(y, data):
    classes = np.unique(y).tolist()
    chosen = data.draw(st.lists(st.sampled_from(classes), unique=True, min_size=1))
    ours = check_sampling_strategy(chosen, y, "clean-sampling")
    theirs = imb_check(chosen, y, "clean-sampling")
    assert ours == dict(theirs)


def test_auto_over_sampling_fills_up_to_the_majority():
    y = np.array([0] * 10 + [1] * 3 + [2] * 6)
    assert check_sampling_strategy("auto", y, "over-sampling") == {1: 7, 2: 4}


def test_auto_under_sampling_cuts_down_to_the_minority():
    y = np.array([0] * 10 + [1] * 3 + [2] * 6)
    assert check_sampling_strategy("auto", y, "under-sampling") == {0: 3, 2: 3}


def test_float_ratio_by_hand():
    y = np.array([0] * 100 + [1] * 10)
    # minority after over-sampling = 0.5 * 100 = 50 -> 40 new samples
    assert check_sampling_strategy(0.5, y, "over-sampling") == {1: 40}
    # majority after under-sampling = 10 / 0.5 = 20
    assert check_sampling_strategy(0.5, y, "under-sampling") == {0: 20}


def test_ties_pick_the_first_class_in_sorted_order():
    y = np.array(["b", "b", "a", "a", "c"])
    # majority tie between 'a' and 'b': 'a' is the majority, so 'b' gets 0 new.
    assert check_sampling_strategy("not majority", y, "over-sampling") == {"b": 0, "c": 1}


@pytest.mark.parametrize(
    ("strategy", "kind", "message"),
    [
        ("majority", "over-sampling", "cannot be used with over-sampler: over-sampling adds"),
        ("minority", "under-sampling", "cannot be used with under-sampler and clean-sampler"),
        ("everything", "over-sampling", "it needs to be one of .*Got 'everything'"),
        (0.0, "over-sampling", r"should be in the range \(0, 1\]. Got 0.0"),
        (1.5, "under-sampling", r"should be in the range \(0, 1\]. Got 1.5"),
        (
            {3: 10},
            "over-sampling",
            r"The \{3\} target class is/are not present.*classes of y are \[0, 1\]",
        ),
        ({0: 1}, "over-sampling", "can only add samples"),
        ({0: 50}, "under-sampling", "can only remove samples"),
        ({0: -1}, "under-sampling", "negative"),
        ([0], "over-sampling", "cannot be a list for samplers which are not cleaning"),
        (lambda y: [0], "over-sampling", "must return a dict"),
    ],
)
def test_bad_strategies_are_explained(strategy, kind, message):
    y = np.array([0] * 10 + [1] * 3)
    with pytest.raises(ValueError, match=message):
        check_sampling_strategy(strategy, y, kind)


def test_float_needs_a_binary_target():
    with pytest.raises(ValueError, match="only when the type of target is binary; y has 3 classes"):
        check_sampling_strategy(0.5, np.array([0, 0, 1, 2]), "over-sampling")


def test_one_class_is_refused():
    with pytest.raises(ValueError, match="needs to have more than 1 class"):
        check_sampling_strategy("auto", np.array([1, 1, 1]), "over-sampling")
