"""class_distribution: counts, shares, majority/minority and the printed report."""

import json
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given

from minibalance import class_distribution

from .strategies import skewed_labels


@given(y=skewed_labels())
def test_counts_match_a_plain_counter(y):
    dist = class_distribution(y)
    expected = Counter(y.tolist())
    assert dict(zip(dist.labels.tolist(), dist.counts.tolist())) == expected
    assert dist.labels.tolist() == sorted(expected)
    assert dist.n_samples == y.size
    np.testing.assert_allclose(dist.proportions.sum(), 100.0)
    top, bottom = max(expected.values()), min(expected.values())
    assert dist.imbalance_ratio == top / bottom
    # majority/minority: the first label in sorted order among ties
    assert dist.majority == min(k for k, v in expected.items() if v == top)
    assert dist.minority == min(k for k, v in expected.items() if v == bottom)


def test_report_for_a_fraud_like_target():
    y = pd.Series(["legit"] * 990 + ["fraud"] * 10, name="label")
    dist = class_distribution(y)
    assert dist.majority == "legit" and dist.minority == "fraud"
    assert dist.imbalance_ratio == 99.0
    text = str(dist)
    assert "fraud" in text and "1.00%" in text and "99.00:1" in text
    assert json.loads(json.dumps(dist.to_dict()))["counts"] == {"fraud": 10, "legit": 990}


def test_single_class_is_reported_not_refused():
    dist = class_distribution([1, 1, 1])
    assert dist.n_classes == 1 and dist.imbalance_ratio == 1.0


def test_empty_y_is_refused():
    with pytest.raises(ValueError, match="y is empty"):
        class_distribution([])


def test_repr_shows_counts():
    assert repr(class_distribution([0, 1, 1])) == (
        "ClassDistribution(counts={0: 1, 1: 2}, imbalance_ratio=2)"
    )
