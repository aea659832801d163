"""SMOTETomek and SMOTEENN against imbalanced-learn's."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minibalance.combine as ours
from minibalance.over_sampling import SMOTE
from minibalance.under_sampling import EditedNearestNeighbours, TomekLinks

imblearn_combine = pytest.importorskip("imblearn.combine")


@pytest.mark.parametrize("name", ["SMOTETomek", "SMOTEENN"])
@given(
    seed=st.integers(0, 2**31 - 1),
    n_min=st.integers(8, 60),
    d=st.integers(2, 5),
    strategy=st.sampled_from(["auto", 0.5, "all"]),
)
@settings(max_examples=20)
def test_same_rows_as_imblearn(backend, name, seed, n_min, d, strategy):
    rng = np.random.default_rng(seed)
    X = np.r_[rng.standard_normal((120, d)), rng.standard_normal((n_min, d)) + 0.8]
    y = np.r_[np.zeros(120, int), np.ones(n_min, int)]
    perm = rng.permutation(y.size)
    X, y = X[perm], y[perm]
    theirs = getattr(imblearn_combine, name)(sampling_strategy=strategy, random_state=seed)
    sampler = getattr(ours, name)(sampling_strategy=strategy, random_state=seed)
    try:
        X_t, y_t = theirs.fit_resample(X, y)
    except ValueError as error:  # e.g. a float ratio the classes already exceed
        assert "ratio" in str(error)
        with pytest.raises(ValueError, match=r"ratio|sampling_strategy"):
            sampler.fit_resample(X, y)
        return
    X_m, y_m = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_m, X_t)
    np.testing.assert_array_equal(y_m, y_t)
    assert sampler.sampling_strategy_ == strategy


def test_given_samplers_are_copied_and_used():
    rng = np.random.default_rng(0)
    X = np.r_[rng.standard_normal((100, 3)), rng.standard_normal((25, 3)) + 1]
    y = np.r_[np.zeros(100, int), np.ones(25, int)]
    smote = SMOTE(k_neighbors=3, random_state=1)
    combo = ours.SMOTEENN(smote=smote, enn=EditedNearestNeighbours(n_neighbors=5))
    X_m, _ = combo.fit_resample(X, y)
    assert combo.smote_ is not smote and not hasattr(smote, "sampling_strategy_")
    from imblearn.combine import SMOTEENN
    from imblearn.over_sampling import SMOTE as TheirSMOTE
    from imblearn.under_sampling import EditedNearestNeighbours as TheirENN

    X_t, _ = SMOTEENN(
        smote=TheirSMOTE(k_neighbors=3, random_state=1), enn=TheirENN(n_neighbors=5)
    ).fit_resample(X, y)
    np.testing.assert_array_equal(X_m, X_t)
    tomek = ours.SMOTETomek(random_state=0, tomek=TomekLinks(sampling_strategy="majority"))
    tomek.fit_resample(X, y)
    assert tomek.tomek_.sampling_strategy == "majority"


@pytest.mark.parametrize(
    ("params", "param"), [({"smote": "smote"}, "smote"), ({"n_jobs": 1.5}, "n_jobs")]
)
def test_parameter_errors_at_fit(params, param):
    X, y = np.zeros((10, 2)), np.r_[np.zeros(6, int), np.ones(4, int)]
    for call in ("fit", "fit_resample"):
        with pytest.raises(ValueError, match=param):
            getattr(ours.SMOTETomek(**params), call)(X, y)
