"""minibalance.pipeline: imbalanced-learn's Pipeline, with sample weights that follow resampling."""

import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from imblearn.over_sampling import SMOTE as ImbSMOTE
from imblearn.over_sampling import RandomOverSampler as ImbROS
from imblearn.pipeline import Pipeline as ImbPipeline
from imblearn.under_sampling import RandomUnderSampler as ImbRUS
from sklearn.base import clone, is_classifier
from sklearn.decomposition import PCA
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_validate
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

from minibalance.over_sampling import SMOTE, RandomOverSampler
from minibalance.pipeline import Pipeline, make_pipeline
from minibalance.under_sampling import RandomUnderSampler


def _data(n=300, d=4, seed=0):
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, d))
    y = (X[:, 0] + 0.7 * rng.normal(size=n) > 1.4).astype(int)
    return X, y


class _NoParams:
    """scikit-learn's parameter protocol for a test double without parameters."""

    def get_params(self, deep=True):
        return {}

    def set_params(self, **params):
        return self


class WeightRecorder(_NoParams):
    """A final estimator that records the X, y and sample_weight it is fitted with."""

    def fit(self, X, y, sample_weight=None):
        self.X_, self.y_, self.sample_weight_ = np.asarray(X), np.asarray(y), sample_weight
        self.classes_ = np.unique(y)
        return self

    def predict(self, X):
        return np.zeros(len(X), dtype=int)


class RowRecorder(_NoParams):
    """A sampler that keeps its input as is and records the rows it was given."""

    def fit_resample(self, X, y):
        self.seen_ = np.asarray(X).copy()
        return X, y


MINI_IMB = [
    (lambda: SMOTE(random_state=0), lambda: ImbSMOTE(random_state=0)),
    (lambda: RandomOverSampler(random_state=1), lambda: ImbROS(random_state=1)),
    (lambda: RandomUnderSampler(random_state=2), lambda: ImbRUS(random_state=2)),
]


@pytest.mark.parametrize("ours, theirs", MINI_IMB)
def test_fitted_model_equals_imblearn_pipeline(ours, theirs):
    X, y = _data()
    a = Pipeline([("scale", StandardScaler()), ("s", ours()), ("lr", LogisticRegression())])
    b = ImbPipeline([("scale", StandardScaler()), ("s", theirs()), ("lr", LogisticRegression())])
    a.fit(X, y)
    b.fit(X, y)
    np.testing.assert_array_equal(a[-1].coef_, b[-1].coef_)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    np.testing.assert_array_equal(a.decision_function(X), b.decision_function(X))
    assert a.score(X, y) == b.score(X, y)


@pytest.mark.parametrize("ours, theirs", MINI_IMB)
def test_cross_validated_scores_equal_imblearn_pipeline(ours, theirs):
    X, y = _data(400, seed=3)
    cv = StratifiedKFold(4, shuffle=True, random_state=0)
    scoring = ["f1", "average_precision", "roc_auc"]
    a = cross_validate(
        make_pipeline(StandardScaler(), ours(), LogisticRegression()), X, y, cv=cv, scoring=scoring
    )
    b = cross_validate(
        ImbPipeline([("a", StandardScaler()), ("b", theirs()), ("c", LogisticRegression())]),
        X,
        y,
        cv=cv,
        scoring=scoring,
    )
    for key in scoring:
        np.testing.assert_array_equal(a[f"test_{key}"], b[f"test_{key}"])


def test_samplers_act_only_when_fitting():
    X, y = _data()
    recorder = RowRecorder()
    pipe = Pipeline([("rec", recorder), ("lr", LogisticRegression())]).fit(X[:200], y[:200])
    np.testing.assert_array_equal(recorder.seen_, X[:200])
    pipe.predict(X[200:])
    pipe.predict_proba(X[200:])
    pipe.score(X[200:], y[200:])
    np.testing.assert_array_equal(recorder.seen_, X[:200])  # not called again


def test_fit_resample_fit_transform_and_transform():
    X, y = _data()
    pipe = make_pipeline(StandardScaler(), RandomOverSampler(random_state=0))
    _, y_res = pipe.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [np.bincount(y).max()] * 2
    pca_pipe = make_pipeline(SMOTE(random_state=0), PCA(2))
    Xt = pca_pipe.fit_transform(X, y)
    assert Xt.shape[0] == np.bincount(y).max() * 2  # transformed after SMOTE
    assert pca_pipe.transform(X).shape == (X.shape[0], 2)  # transform skips SMOTE
    assert make_pipeline(StandardScaler(), "passthrough").fit_transform(X).shape == X.shape
    with pytest.raises(AttributeError, match="fit_resample"):
        make_pipeline(StandardScaler(), LogisticRegression()).fit_resample(X, y)


def test_fit_predict_delegates_to_the_final_step():
    from sklearn.cluster import KMeans

    X, _ = _data()
    labels = make_pipeline(StandardScaler(), KMeans(2, n_init=1, random_state=0)).fit_predict(X)
    assert labels.shape == (X.shape[0],)


def test_sklearn_protocols_clone_grid_search_pickle():
    X, y = _data()
    pipe = make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression())
    assert is_classifier(pipe)
    copy = clone(pipe)
    assert copy.steps[1][1] is not pipe.steps[1][1]
    assert copy.get_params()["smote__k_neighbors"] == 5
    search = GridSearchCV(
        pipe, {"smote__k_neighbors": [3, 5], "logisticregression__C": [0.1, 1.0]}, cv=3
    )
    search.fit(X, y)
    theirs = GridSearchCV(
        ImbPipeline(
            [
                ("standardscaler", StandardScaler()),
                ("smote", ImbSMOTE(random_state=0)),
                ("logisticregression", LogisticRegression()),
            ]
        ),
        {"smote__k_neighbors": [3, 5], "logisticregression__C": [0.1, 1.0]},
        cv=3,
    ).fit(X, y)
    assert search.best_params_ == theirs.best_params_
    np.testing.assert_array_equal(
        search.cv_results_["mean_test_score"], theirs.cv_results_["mean_test_score"]
    )
    fitted = pipe.fit(X, y)
    again = pickle.loads(pickle.dumps(fitted))
    np.testing.assert_array_equal(again.predict_proba(X), fitted.predict_proba(X))


def test_set_params_replaces_and_nests():
    pipe = make_pipeline(StandardScaler(), SMOTE(), LogisticRegression())
    pipe.set_params(smote="passthrough", logisticregression__C=0.5)
    assert pipe.named_steps["smote"] == "passthrough"
    assert pipe.named_steps.logisticregression.C == 0.5
    X, y = _data()
    pipe.fit(X, y)
    with pytest.raises(ValueError, match="Invalid parameter 'nope'"):
        pipe.set_params(nope=1)
    with pytest.raises(ValueError, match="no step is named"):
        pipe.set_params(nope__x=1)


def test_indexing_slicing_and_feature_names():
    pd = pytest.importorskip("pandas")
    X, y = _data()
    df = pd.DataFrame(X, columns=list("abcd"))
    pipe = make_pipeline(StandardScaler(), SMOTE(random_state=0), PCA(2), LogisticRegression())
    pipe.fit(df, y)
    assert len(pipe) == 4 and isinstance(pipe[0], StandardScaler) and pipe["pca"] is pipe[2]
    assert isinstance(pipe[:2], Pipeline) and len(pipe[:2]) == 2
    assert pipe[:-1].get_feature_names_out().tolist() == ["pca0", "pca1"]
    assert pipe.feature_names_in_.tolist() == list("abcd") and pipe.n_features_in_ == 4
    assert pipe.classes_.tolist() == [0, 1]
    with pytest.raises(AttributeError, match="get_feature_names_out"):
        pipe.get_feature_names_out()


def test_make_pipeline_numbers_repeated_names():
    pipe = make_pipeline(StandardScaler(), StandardScaler(), LogisticRegression())
    assert [n for n, _ in pipe.steps] == [
        "standardscaler-1",
        "standardscaler-2",
        "logisticregression",
    ]


@pytest.mark.parametrize(
    "steps, match",
    [
        ([("a", LogisticRegression()), ("b", LogisticRegression())], "fit and transform"),
        ([("a", StandardScaler()), ("a", LogisticRegression())], "not unique"),
        ([("a__b", StandardScaler()), ("c", LogisticRegression())], "must not contain __"),
        ([], "non-empty"),
    ],
)
def test_bad_steps_are_refused(steps, match):
    X, y = _data()
    with pytest.raises((TypeError, ValueError), match=match):
        Pipeline(steps).fit(X, y)


def test_memory_caches_fitted_steps_and_weights_still_follow(tmp_path):
    X, y = _data()
    w = np.linspace(1, 2, X.shape[0])
    recorder = WeightRecorder()
    cached = Pipeline(
        [("scale", StandardScaler()), ("smote", SMOTE(random_state=0)), ("m", recorder)],
        memory=str(tmp_path),
    )
    cached.fit(X, y, m__sample_weight=w)
    plain = Pipeline(
        [("scale", StandardScaler()), ("smote", SMOTE(random_state=0)), ("m", WeightRecorder())]
    ).fit(X, y, m__sample_weight=w)
    np.testing.assert_array_equal(recorder.X_, plain[-1].X_)
    np.testing.assert_array_equal(recorder.sample_weight_, plain[-1].sample_weight_)
    # the fitted clones are the steps now; a second fit reads them from the cache
    assert cached.named_steps["smote"].base_indices_.size > 0
    cached.fit(X, y, m__sample_weight=w)
    np.testing.assert_array_equal(recorder.sample_weight_, plain[-1].sample_weight_)


def test_transform_input_needs_metadata_routing():
    X, y = _data()
    with pytest.raises(ValueError, match="transform_input"):
        Pipeline([("lr", LogisticRegression())], transform_input=["X_val"]).fit(X, y)


def test_unknown_fit_parameter_is_refused():
    X, y = _data()
    with pytest.raises(ValueError, match="stepname__parameter"):
        make_pipeline(StandardScaler(), LogisticRegression()).fit(X, y, foo=1)


# --- sample weights follow the resampling -----------------------------------------------------


def _sources(sampler, n):
    """The rule, stated independently: which original row each resampled row comes from."""
    if isinstance(sampler, SMOTE):
        return np.concatenate([np.arange(n), sampler.base_indices_])
    return sampler.sample_indices_


SAMPLERS = {
    "smote": lambda seed: SMOTE(random_state=seed, k_neighbors=3),
    "ros": lambda seed: RandomOverSampler(random_state=seed),
    "rus": lambda seed: RandomUnderSampler(random_state=seed),
    "ros_shrink": lambda seed: RandomOverSampler(random_state=seed, shrinkage=0.5),
}


@settings(deadline=None, max_examples=40)
@given(
    kinds=st.lists(st.sampled_from(sorted(SAMPLERS)), min_size=1, max_size=3),
    seed=st.integers(0, 2**31 - 1),
    n=st.integers(30, 120),
    bare=st.booleans(),
)
def test_sample_weight_follows_the_resampling(kinds, seed, n, bare):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 3))
    y = np.r_[np.zeros(n - n // 4, int), np.ones(n // 4, int)]
    w = rng.random(n) + 0.1
    samplers = [SAMPLERS[k](seed % 1000 + i) for i, k in enumerate(kinds)]
    recorder = WeightRecorder()
    steps = [(f"s{i}", s) for i, s in enumerate(samplers)] + [("model", recorder)]
    pipe = Pipeline(steps)
    if bare:
        pipe.fit(X, y, sample_weight=w)
    else:
        pipe.fit(X, y, model__sample_weight=w)
    # Replay the samplers by hand to know each output row's origin.
    origin = np.arange(n)
    Xc, yc = X, y
    for s, fitted in zip([SAMPLERS[k](seed % 1000 + i) for i, k in enumerate(kinds)], samplers):
        n_in = Xc.shape[0]
        Xc, yc = s.fit_resample(Xc, yc)
        origin = origin[_sources(fitted, n_in)]
    np.testing.assert_array_equal(recorder.X_, Xc)
    np.testing.assert_array_equal(recorder.sample_weight_, w[origin])
    if set(kinds) <= {"ros", "rus"}:  # rows are copies: the origin is checkable by value
        np.testing.assert_array_equal(recorder.X_, X[origin])
    # kept original rows keep their weight
    kept = np.isin(np.arange(n), origin)
    assert set(np.round(recorder.sample_weight_, 12)) <= set(np.round(w[kept], 12))


def test_smote_rows_carry_their_base_rows_weight():
    X, y = _data(200, seed=5)
    w = np.arange(200, dtype=float)
    recorder = WeightRecorder()
    smote = SMOTE(random_state=0)
    Pipeline([("smote", smote), ("m", recorder)]).fit(X, y, m__sample_weight=w)
    np.testing.assert_array_equal(recorder.sample_weight_[:200], w)
    np.testing.assert_array_equal(recorder.sample_weight_[200:], w[smote.base_indices_])


def test_weights_before_a_sampler_are_not_reindexed():
    X, y = _data()
    w = np.linspace(1, 2, X.shape[0])
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            ("rus", RandomUnderSampler(random_state=0)),
            ("lr", LogisticRegression()),
        ]
    )
    pipe.fit(X, y, scale__sample_weight=w)
    np.testing.assert_allclose(pipe[0].mean_, np.average(X, axis=0, weights=w))


def test_weighted_fit_equals_fitting_on_the_resampled_rows_by_hand():
    X, y = _data(300, seed=7)
    w = np.random.default_rng(0).random(300) + 0.5
    pipe = Pipeline([("smote", SMOTE(random_state=0)), ("lr", LogisticRegression())])
    pipe.fit(X, y, lr__sample_weight=w)
    smote = SMOTE(random_state=0)
    X_res, y_res = smote.fit_resample(X, y)
    w_res = np.concatenate([w, w[smote.base_indices_]])
    by_hand = LogisticRegression().fit(X_res, y_res, sample_weight=w_res)
    np.testing.assert_array_equal(pipe[-1].coef_, by_hand.coef_)


def test_a_sampler_without_a_row_record_refuses_weights():
    X, y = _data()
    pipe = Pipeline([("smote", ImbSMOTE(random_state=0)), ("tree", DecisionTreeClassifier())])
    with pytest.raises(ValueError, match="cannot follow"):
        pipe.fit(X, y, tree__sample_weight=np.ones(X.shape[0]))
    pipe.fit(X, y)  # without weights it is fine


def test_bare_sample_weight_with_no_taker_is_an_error():
    X, y = _data()
    with pytest.raises(ValueError, match="no step's fit accepts sample_weight"):
        Pipeline([("rec", RowRecorder()), ("pca", PCA(2))]).fit(X, y, sample_weight=np.ones(300))


@settings(deadline=None, max_examples=15)
@given(seed=st.integers(0, 2**31 - 1), which=st.integers(0, len(MINI_IMB) - 1))
def test_cross_validated_scores_equal_imblearn_on_drawn_data(seed, which):
    ours, theirs = MINI_IMB[which]
    X, y = _data(250, seed=seed % 10_000)
    cv = StratifiedKFold(3, shuffle=True, random_state=seed % 97)
    a = cross_validate(
        make_pipeline(StandardScaler(), ours(), LogisticRegression()), X, y, cv=cv, scoring="f1"
    )
    b = cross_validate(
        ImbPipeline([("a", StandardScaler()), ("b", theirs()), ("c", LogisticRegression())]),
        X,
        y,
        cv=cv,
        scoring="f1",
    )
    np.testing.assert_array_equal(a["test_score"], b["test_score"])


class _Mult:
    """A transformer and predictor multiplying by ``mult`` (as in imbalanced-learn's tests)."""

    def __init__(self, mult=1):
        self.mult = mult

    def get_params(self, deep=True):
        return {"mult": self.mult}

    def set_params(self, **params):
        self.mult = params.get("mult", self.mult)
        return self

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return np.asarray(X) * self.mult

    def inverse_transform(self, X):
        return np.asarray(X) / self.mult

    def predict(self, X):
        return (np.asarray(X) * self.mult).sum(axis=1)


@pytest.mark.parametrize("passthrough", [None, "passthrough"])
def test_passthrough_steps_and_deep_params_with_calibrate(passthrough):
    # imbalanced-learn's test_set_pipeline_step_passthrough, with the calibrate key
    X = np.array([[1]])
    mult2, mult3, mult5 = _Mult(2), _Mult(3), _Mult(5)
    pipe = Pipeline([("m2", mult2), ("m3", mult3), ("last", mult5)])
    np.testing.assert_array_equal(pipe.fit_transform(X), [[30]])
    pipe.set_params(m3=passthrough)
    np.testing.assert_array_equal(pipe.fit(X).predict(X), [10])
    np.testing.assert_array_equal(pipe.inverse_transform([[10]]), X)
    assert pipe.get_params(deep=True) == {
        "steps": pipe.steps,
        "m2": mult2,
        "m3": passthrough,
        "last": mult5,
        "memory": None,
        "m2__mult": 2,
        "last__mult": 5,
        "verbose": False,
        "transform_input": None,
        "calibrate": None,
    }
    pipe.set_params(m2=passthrough)
    np.testing.assert_array_equal(pipe.fit(X).predict(X), [5])


def _shifted_prior_data(n, prior, seed):
    """Two Gaussian classes, unit variance, means 0 and 1.5: the true P(1 | x) is known."""
    rng = np.random.default_rng(seed)
    y = (rng.random(n) < prior).astype(int)
    X = rng.standard_normal((n, 1)) + 1.5 * y[:, None]
    logit = np.log(prior / (1 - prior)) + 1.5 * X[:, 0] - 1.5**2 / 2
    return X, y, 1 / (1 + np.exp(-logit))


def test_calibrate_prior_recovers_the_true_probabilities():
    # Logistic regression after 50/50 under-sampling learns the balanced posterior;
    # calibrate="prior" maps it back: much closer to the true P(y=1 | x), a lower Brier
    # score on held-out data, and the same ranking.
    X, y, _ = _shifted_prior_data(40_000, 0.05, 0)
    X_test, y_test, truth = _shifted_prior_data(20_000, 0.05, 1)
    steps = [("rus", RandomUnderSampler(random_state=0)), ("lr", LogisticRegression())]
    raw = Pipeline(steps).fit(X, y)
    cal = Pipeline([(n, clone(s)) for n, s in steps], calibrate="prior").fit(X, y)
    p_raw, p_cal = raw.predict_proba(X_test)[:, 1], cal.predict_proba(X_test)[:, 1]
    assert np.abs(p_cal - truth).mean() < 0.2 * np.abs(p_raw - truth).mean()
    brier_raw, brier_cal = np.mean((p_raw - y_test) ** 2), np.mean((p_cal - y_test) ** 2)
    assert brier_cal < 0.7 * brier_raw
    np.testing.assert_allclose(cal.original_prior_, np.bincount(y) / y.size)
    np.testing.assert_allclose(cal.resampled_prior_, [0.5, 0.5])
    np.testing.assert_array_equal(
        np.argsort(p_cal, kind="stable"), np.argsort(p_raw, kind="stable")
    )
    np.testing.assert_array_equal(cal.predict(X_test), raw.predict(X_test))  # decision unchanged
    np.testing.assert_allclose(np.exp(cal.predict_log_proba(X_test)), cal.predict_proba(X_test))
    # reliability: in every populated bin of the corrected probabilities, the observed
    # rate is close to the mean prediction (the raw ones overshoot by far)
    bins = np.minimum((p_cal * 10).astype(int), 9)
    for b in np.unique(bins):
        inside = bins == b
        if inside.sum() >= 500:
            assert abs(y_test[inside].mean() - p_cal[inside].mean()) < 0.03


def test_calibrate_prior_errors_name_the_fix():
    X, y, _ = _shifted_prior_data(200, 0.2, 0)
    with pytest.raises(ValueError, match="calibrate='maybe' is not supported"):
        Pipeline([("lr", LogisticRegression())], calibrate="maybe").fit(X, y)
    pipe = Pipeline([("rus", RandomUnderSampler(random_state=0)), ("lr", LogisticRegression())])
    pipe.fit(X, y).set_params(calibrate="prior")
    np.testing.assert_allclose(pipe.predict_proba(X).sum(axis=1), 1)  # priors counted anyway
    plain = Pipeline([("lr", LogisticRegression())]).fit(X, y).set_params(calibrate="prior")
    with pytest.raises(ValueError, match="set after fit"):
        plain.predict_proba(X)
    # without a sampler the two priors are equal: the probabilities are unchanged
    same = Pipeline([("lr", LogisticRegression())], calibrate="prior").fit(X, y)
    np.testing.assert_array_equal(same.predict_proba(X), plain.steps[0][1].predict_proba(X))


def test_priors_are_counted_only_when_the_labels_allow_it():
    # A sampler that relabels rows leaves no prior to correct: fitting still works,
    # and calibrate="prior" says why it cannot.
    from minibalance import FunctionSampler

    X, y, _ = _shifted_prior_data(300, 0.2, 0)
    relabel = FunctionSampler(func=lambda X, y: (X, np.where(y == 1, 7, y)), validate=False)
    pipe = Pipeline([("relabel", relabel), ("lr", LogisticRegression())]).fit(X, y)
    assert not hasattr(pipe, "original_prior_")
    pipe = Pipeline([("relabel", relabel), ("lr", LogisticRegression())], calibrate="prior")
    with pytest.raises(ValueError, match="keep the labels of y"):
        pipe.fit(X, y)
    kept = Pipeline([("rus", RandomUnderSampler(random_state=0)), ("lr", LogisticRegression())])
    np.testing.assert_allclose(kept.fit(X, y).resampled_prior_, [0.5, 0.5])
