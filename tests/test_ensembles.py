"""The balanced ensembles: imbalanced-learn's predictions, scikit-learn's protocol, calibration."""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn import ensemble as imb
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from minibalance import ensemble as ours
from minibalance.over_sampling import SMOTE, RandomOverSampler
from minibalance.under_sampling import RandomUnderSampler

NAMES = [
    "BalancedBaggingClassifier",
    "BalancedRandomForestClassifier",
    "EasyEnsembleClassifier",
    "RUSBoostClassifier",
]
SMALL = {
    "BalancedBaggingClassifier": {"n_estimators": 4},
    "BalancedRandomForestClassifier": {"n_estimators": 6},
    "EasyEnsembleClassifier": {"n_estimators": 2, "estimator": None},
    "RUSBoostClassifier": {"n_estimators": 6},
}


def _data(seed, n, n_features, n_classes, skew):
    rng = np.random.default_rng(seed)
    p = skew ** np.arange(n_classes)
    y = rng.choice(n_classes, size=n, p=p / p.sum())
    y[: 3 * n_classes] = np.repeat(np.arange(n_classes), 3)  # every class 3 times at least
    X = rng.standard_normal((n, n_features)) + 0.8 * y[:, None]
    return X, y


def _same_model(a, b, X):
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))


EXTRA = {
    "BalancedBaggingClassifier": st.fixed_dictionaries(
        {},
        optional={
            "bootstrap": st.booleans(),
            "max_samples": st.sampled_from([0.6, 1.0, 40]),
            "max_features": st.sampled_from([0.5, 1.0]),
            "bootstrap_features": st.booleans(),
            "replacement": st.booleans(),
            "sampling_strategy": st.sampled_from(["auto", "all", "not minority"]),
        },
    ),
    "BalancedRandomForestClassifier": st.fixed_dictionaries(
        {},
        optional={
            "bootstrap": st.booleans(),
            "replacement": st.booleans(),
            "max_depth": st.sampled_from([None, 3]),
            "class_weight": st.sampled_from([None, "balanced", "balanced_subsample"]),
            "max_samples": st.sampled_from([None, 0.5, 30]),
            "sampling_strategy": st.sampled_from(["all", "auto", "not minority"]),
        },
    ),
    "EasyEnsembleClassifier": st.fixed_dictionaries(
        {},
        optional={
            "replacement": st.booleans(),
            "sampling_strategy": st.sampled_from(["auto", "all"]),
        },
    ),
    "RUSBoostClassifier": st.fixed_dictionaries(
        {},
        optional={
            "learning_rate": st.sampled_from([0.5, 1.0]),
            "replacement": st.booleans(),
            "sampling_strategy": st.sampled_from(["auto", "all"]),
        },
    ),
}


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(40, 160),
    n_features=st.integers(1, 5),
    n_classes=st.integers(2, 3),
    skew=st.sampled_from([1.0, 0.4, 0.15]),
    random_state=st.integers(0, 2**31 - 1),
    data=st.data(),
)
def test_same_models_as_imblearn(name, seed, n, n_features, n_classes, skew, random_state, data):
    # For the same integer random_state, the same members, hence the same
    # probabilities and predictions, bit for bit.
    params = {**SMALL[name], **data.draw(EXTRA[name]), "random_state": random_state}
    if name == "BalancedRandomForestClassifier" and params.get("class_weight") == (
        "balanced_subsample"
    ):
        params["bootstrap"] = True
    X, y = _data(seed, n, n_features, n_classes, skew)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            b = getattr(imb, name)(**params).fit(X, y)
        except ValueError as exc:  # e.g. boosting stumps no better than chance
            with pytest.raises(ValueError, match=re.escape(str(exc))):
                getattr(ours, name)(**params).fit(X, y)
            return
        a = getattr(ours, name)(**params).fit(X, y)
    _same_model(a, b, X)


@pytest.mark.parametrize("name", NAMES)
def test_string_labels_dict_strategy_and_pandas(name):
    X, y = _data(0, 300, 3, 3, 0.3)
    labels = np.array(["churn", "fraud", "ok"])[y]
    counts = {lab: int((labels == lab).sum()) for lab in np.unique(labels)}
    strategy = {lab: min(c, 10) for lab, c in counts.items()}
    params = {**SMALL[name], "random_state": 3, "sampling_strategy": strategy}
    if name == "RUSBoostClassifier":  # stumps on 3 classes can be worse than chance
        params["estimator"] = DecisionTreeClassifier(max_depth=3)
    frame = pd.DataFrame(X, columns=list("abc"))
    a = getattr(ours, name)(**params).fit(frame, pd.Series(labels))
    b = getattr(imb, name)(**params).fit(frame, labels)
    _same_model(a, b, frame)
    np.testing.assert_array_equal(a.classes_, ["churn", "fraud", "ok"])
    assert list(a.feature_names_in_) == list("abc")


def test_bagging_with_any_sampler_equals_imblearn():
    from imblearn.over_sampling import SMOTE as ImbSMOTE
    from imblearn.over_sampling import RandomOverSampler as ImbROS

    X, y = _data(1, 200, 3, 2, 0.2)
    for mine, theirs in ((SMOTE(), ImbSMOTE()), (RandomOverSampler(), ImbROS())):
        a = ours.BalancedBaggingClassifier(sampler=mine, n_estimators=3, random_state=0)
        b = imb.BalancedBaggingClassifier(sampler=theirs, n_estimators=3, random_state=0)
        _same_model(a.fit(X, y), b.fit(X, y), X)


def test_out_of_bag_scores_equal_imblearn():
    X, y = _data(2, 300, 4, 2, 0.2)
    a = ours.BalancedBaggingClassifier(n_estimators=15, oob_score=True, random_state=0)
    b = imb.BalancedBaggingClassifier(n_estimators=15, oob_score=True, random_state=0)
    a.fit(X, y), b.fit(X, y)
    assert a.oob_score_ == b.oob_score_
    np.testing.assert_array_equal(a.oob_decision_function_, b.oob_decision_function_)
    a = ours.BalancedRandomForestClassifier(
        n_estimators=30, bootstrap=True, oob_score=True, random_state=0
    )
    b = imb.BalancedRandomForestClassifier(
        n_estimators=30, bootstrap=True, oob_score=True, random_state=0
    )
    a.fit(X, y), b.fit(X, y)
    assert a.oob_score_ == b.oob_score_
    np.testing.assert_array_equal(a.oob_decision_function_, b.oob_decision_function_)


@pytest.mark.parametrize("name", NAMES)
def test_each_member_trains_on_a_balanced_sample(name):
    # The statistical contract behind the draws: every member's sample holds each
    # class at the minority's count (random under-sampling, "auto"/"all").
    X, y = _data(4, 400, 3, 2, 0.15)
    minority = np.bincount(y).min()
    model = getattr(ours, name)(**SMALL[name], random_state=0).fit(X, y)
    if name in ("BalancedRandomForestClassifier", "RUSBoostClassifier"):
        members = [y[s.sample_indices_] for s in model.samplers_]
    else:
        members = [
            y[rows][m.named_steps["sampler"].sample_indices_]
            for m, rows in zip(model.estimators_, model.estimators_samples_, strict=True)
        ]
    for labels in members:
        counts = np.bincount(labels, minlength=2)
        assert counts[0] == counts[1]
        if name != "BalancedBaggingClassifier":  # a bootstrap may repeat minority rows
            assert counts[0] == minority


@pytest.mark.parametrize("name", ["BalancedBaggingClassifier", "BalancedRandomForestClassifier"])
def test_parallel_and_warm_started_fits_are_the_same_model(name):
    X, y = _data(5, 300, 4, 2, 0.2)
    one = getattr(ours, name)(n_estimators=8, random_state=0).fit(X, y)
    two = getattr(ours, name)(n_estimators=8, random_state=0, n_jobs=2).fit(X, y)
    _same_model(one, two, X)
    warm = getattr(ours, name)(n_estimators=4, random_state=0, warm_start=True).fit(X, y)
    warm.set_params(n_estimators=8).fit(X, y)
    _same_model(one, warm, X)


def _prior_shift_data(n, prior, seed):
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prior).astype(int)
    X = rng.standard_normal((n, 2)) + 1.5 * y[:, None]
    logit = np.log(prior / (1 - prior)) + 1.5 * X.sum(axis=1) - 1.5**2
    return X, y, 1 / (1 + np.exp(-logit))


CALIBRATED = {
    "BalancedBaggingClassifier": {"estimator": LogisticRegression(), "n_estimators": 5},
    "EasyEnsembleClassifier": {"estimator": LogisticRegression(), "n_estimators": 5},
    "BalancedRandomForestClassifier": {"n_estimators": 50, "min_samples_leaf": 25},
}


@pytest.mark.parametrize("name", list(CALIBRATED))
def test_calibrate_prior_improves_the_brier_score(name):
    # Data with a known P(y=1 | x) at a 3% prior: the balanced members learn the
    # 50/50 posterior; calibrate="prior" corrects it, closer to the truth and with a
    # lower Brier score on held-out rows, without changing the predictions.
    X, y, _ = _prior_shift_data(30_000, 0.03, 0)
    X_test, y_test, truth = _prior_shift_data(20_000, 0.03, 1)
    raw = getattr(ours, name)(**CALIBRATED[name], random_state=0).fit(X, y)
    cal = clone(raw).set_params(calibrate="prior").fit(X, y)
    p_raw, p_cal = raw.predict_proba(X_test)[:, 1], cal.predict_proba(X_test)[:, 1]
    assert np.mean((p_cal - y_test) ** 2) < 0.6 * np.mean((p_raw - y_test) ** 2)
    assert np.abs(p_cal - truth).mean() < 0.3 * np.abs(p_raw - truth).mean()
    np.testing.assert_allclose(cal.resampled_prior_, [0.5, 0.5])
    np.testing.assert_allclose(cal.original_prior_, np.bincount(y) / y.size)
    np.testing.assert_array_equal(cal.predict(X_test), raw.predict(X_test))
    # the reliability curve: in each well-populated bin of predicted probability, the
    # observed rate is near the mean corrected prediction; the raw ones sit far above it
    for p, tolerance in ((p_cal, 0.05), (p_raw, None)):
        bins = np.minimum((p * 10).astype(int), 9)
        gaps = [
            p[bins == b].mean() - y_test[bins == b].mean()
            for b in np.unique(bins)
            if (bins == b).sum() >= 300
        ]
        if tolerance is None:
            assert max(gaps) > 0.2
        else:
            assert max(abs(g) for g in gaps) < tolerance


def test_calibrate_prior_on_rusboost_uses_the_rounds_weighted_priors():
    X, y, _ = _prior_shift_data(5_000, 0.05, 0)
    cal = ours.RUSBoostClassifier(n_estimators=10, random_state=0, calibrate="prior").fit(X, y)
    raw = ours.RUSBoostClassifier(n_estimators=10, random_state=0).fit(X, y)
    assert cal.resampled_prior_.shape == (2,) and abs(cal.resampled_prior_.sum() - 1) < 1e-12
    for s in cal.samplers_:
        assert s.sample_indices_.size == 2 * np.bincount(y).min()
    proba = cal.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1)
    np.testing.assert_array_equal(cal.predict(X), raw.predict(X))


@pytest.mark.parametrize("name", NAMES)
def test_bad_calibrate_is_refused_at_fit(name):
    X, y = _data(0, 60, 2, 2, 0.3)
    with pytest.raises(ValueError, match="calibrate"):
        getattr(ours, name)(**SMALL[name], calibrate="isotonic").fit(X, y)


def test_regression_targets_and_multi_output_are_refused():
    X, y = _data(0, 60, 2, 2, 0.3)
    with pytest.raises(ValueError, match="Unknown label type"):
        ours.BalancedBaggingClassifier().fit(X, y + 0.5 * np.arange(60))
    with pytest.raises(ValueError, match="one forest per output"):
        ours.BalancedRandomForestClassifier().fit(X, np.c_[y, y])


def test_members_keep_the_default_estimators():
    X, y = _data(0, 100, 2, 2, 0.3)
    bag = ours.BalancedBaggingClassifier(n_estimators=2, random_state=0).fit(X, y)
    assert isinstance(bag.estimators_[0].named_steps["classifier"], DecisionTreeClassifier)
    assert isinstance(bag.sampler_, RandomUnderSampler)


WEIGHTS = (
    "random under-sampling draws rows: a row of weight 2 is drawn as one row, its two "
    "copies as two, so the members differ (imbalanced-learn marks the same)"
)
EXPECTED_FAILURES = {
    "BalancedBaggingClassifier": {
        "check_estimators_nan_inf": (
            "NaN and inf reach the members, as in imbalanced-learn and scikit-learn's "
            "bagging: trees split on NaN"
        ),
    },
    "BalancedRandomForestClassifier": {
        "check_sample_weight_equivalence_on_dense_data": WEIGHTS,
        "check_sample_weight_equivalence_on_sparse_data": WEIGHTS,
    },
    "RUSBoostClassifier": {
        "check_sample_weight_equivalence_on_dense_data": WEIGHTS,
        "check_sample_weight_equivalence_on_sparse_data": WEIGHTS,
    },
}


@parametrize_with_checks(
    [
        getattr(ours, name)(**{k: v for k, v in SMALL[name].items() if k != "estimator"})
        for name in NAMES
    ],
    expected_failed_checks=lambda est: EXPECTED_FAILURES.get(type(est).__name__, {}),
)
def test_scikit_learn_estimator_checks(estimator, check):
    # Some checks fit without setting random_state, so the members' seeds come from
    # NumPy's global generator, whose state depends on the tests that ran before.
    # About 2% of its states give RUSBoost a first member "worse than random" on the
    # 40-sample, 4-class sparse check data; imbalanced-learn's RUSBoost fails on the
    # very same states (8 of seeds 0-399 for both). A fixed state keeps the check
    # about what it tests.
    np.random.seed(0)  # noqa: NPY002 (the legacy global state is what those fits read)
    check(estimator)
