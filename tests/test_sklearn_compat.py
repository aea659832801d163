"""Samplers follow scikit-learn's estimator conventions without importing it."""

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import NearestNeighbors

import minibalance
import minibalance.combine
import minibalance.over_sampling
import minibalance.under_sampling
from minibalance import SMOTE, RandomOverSampler, RandomUnderSampler

SAMPLERS = [SMOTE, RandomOverSampler, RandomUnderSampler]
ALL_SAMPLERS = [
    getattr(module, name)
    for module in (minibalance.over_sampling, minibalance.under_sampling, minibalance.combine)
    for name in module.__all__
]


@pytest.mark.parametrize("cls", ALL_SAMPLERS, ids=lambda c: c.__name__)
def test_every_sampler_has_imblearns_signature(cls):
    # The same parameter names and defaults as imbalanced-learn 0.14's class.
    import importlib
    import inspect

    module = cls.__module__.split(".")[1]
    theirs = getattr(importlib.import_module(f"imblearn.{module}"), cls.__name__)

    def defaults(c):
        params = inspect.signature(c.__init__).parameters.values()
        return {p.name: p.default for p in params if p.name != "self"}

    assert defaults(cls) == defaults(theirs)
    sampler = cls(**_required(cls))
    copy = clone(sampler)
    assert copy is not sampler and copy.get_params() == sampler.get_params()
    positional = [
        p.name
        for p in inspect.signature(theirs.__init__).parameters.values()
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"
    ]
    if not positional:  # keyword-only, as there (SMOTEN's encoder is positional there too)
        with pytest.raises(TypeError):
            cls("auto")


@pytest.mark.parametrize("cls", SAMPLERS)
def test_clone_and_params_round_trip(cls):
    sampler = cls(random_state=3)
    copy = clone(sampler)
    assert copy is not sampler and copy.get_params() == sampler.get_params()
    copy.set_params(random_state=4)
    assert copy.random_state == 4 and sampler.random_state == 3


@pytest.mark.parametrize("cls", SAMPLERS)
def test_parameters_are_keyword_only(cls):
    with pytest.raises(TypeError):
        cls("auto")


def test_nested_params_of_a_neighbours_estimator():
    sampler = SMOTE(k_neighbors=NearestNeighbors(n_neighbors=4))
    assert sampler.get_params()["k_neighbors__n_neighbors"] == 4
    sampler.set_params(k_neighbors__n_neighbors=7)
    assert sampler.k_neighbors.n_neighbors == 7


def test_set_params_rejects_unknown_names():
    with pytest.raises(ValueError, match="Invalid parameter 'k'"):
        SMOTE().set_params(k=3)


def test_repr_shows_changed_parameters_only():
    assert repr(SMOTE()) == "SMOTE()"
    assert repr(SMOTE(k_neighbors=3, random_state=0)) == "SMOTE(k_neighbors=3, random_state=0)"
    assert repr(RandomUnderSampler(replacement=True)) == "RandomUnderSampler(replacement=True)"


def test_grid_search_over_an_imblearn_pipeline():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 4))
    y = (X[:, 0] + 0.3 * rng.standard_normal(200) > 1.2).astype(int)
    pipe = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    search = GridSearchCV(pipe, {"smote__k_neighbors": [3, 5]}, cv=3, scoring="f1")
    search.fit(X, y)
    assert search.best_params_["smote__k_neighbors"] in (3, 5)


def _required(cls):
    """Parameters a sampler cannot do without (SMOTENC: its categorical column)."""
    return {"categorical_features": [-1]} if cls.__name__ == "SMOTENC" else {}


def _seeded(cls, **extra):
    import inspect

    params = inspect.signature(cls.__init__).parameters
    kwargs = {"random_state": 0} if "random_state" in params else {}
    kwargs.update(_required(cls))
    if cls.__name__ in ("ClusterCentroids",):
        from sklearn.cluster import KMeans

        kwargs["estimator"] = KMeans(n_init=1, random_state=0)
    return cls(**kwargs, **extra)


def _blobs(n_major=150, n_minor=40, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = np.r_[rng.standard_normal((n_major, d)), rng.standard_normal((n_minor, d)) + 1.2]
    y = np.r_[np.zeros(n_major, int), np.ones(n_minor, int)]
    perm = rng.permutation(y.size)
    return X[perm], y[perm]


@pytest.mark.parametrize("cls", ALL_SAMPLERS, ids=lambda c: c.__name__)
def test_every_sampler_pandas_round_trip_as_imblearn(cls):
    # DataFrame and Series in: the same frame and series out as imbalanced-learn's.
    import importlib
    import warnings

    pd = pytest.importorskip("pandas")
    X, y = _blobs()
    X = pd.DataFrame(X, columns=["a", "b", "c"], index=np.arange(190) * 3)
    y = pd.Series(y, name="target", index=X.index)
    theirs_cls = getattr(
        importlib.import_module(f"imblearn.{cls.__module__.split('.')[1]}"), cls.__name__
    )
    mine, theirs = _seeded(cls), _seeded(theirs_cls)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X_m, y_m = mine.fit_resample(X, y)
        X_t, y_t = theirs.fit_resample(X, y)
    assert isinstance(X_m, pd.DataFrame) and isinstance(y_m, pd.Series)
    pd.testing.assert_frame_equal(X_m, X_t)
    pd.testing.assert_series_equal(y_m, y_t)


@pytest.mark.parametrize("cls", ALL_SAMPLERS, ids=lambda c: c.__name__)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_every_sampler_same_on_both_backends_and_keeps_dtype(cls, dtype):
    import warnings

    X, y = _blobs(n_major=2600, n_minor=500, d=4, seed=1)  # past the KD-tree's size limit
    X = X.astype(dtype)
    out = []
    for backend in ("numpy", "numba"):
        with minibalance.config_context(backend=backend), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append(_seeded(cls).fit_resample(X, y))
    assert out[0][0].dtype == dtype
    np.testing.assert_array_equal(out[0][0], out[1][0])
    np.testing.assert_array_equal(out[0][1], out[1][1])


@pytest.mark.parametrize(
    "cls",
    [c for c in ALL_SAMPLERS if c.__module__.startswith("minibalance.over_sampling")],
    ids=lambda c: c.__name__,
)
@pytest.mark.parametrize("seed", range(4))
def test_over_samplers_on_tied_data_keep_the_originals_first(cls, seed):
    # Integer grids with duplicates: whatever the neighbours among ties, the
    # originals come first and untouched, and every new row is of a resampled class.
    import warnings

    rng = np.random.default_rng(seed)
    X = rng.integers(0, 3, (120, 2)).astype(float)
    y = (rng.random(120) < 0.3).astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            X_res, y_res = _seeded(cls).fit_resample(X, y)
        except (ValueError, RuntimeError) as error:  # e.g. no sample in danger, no cluster
            assert any(word in str(error) for word in ("cluster", "neigbours", "noise", "samples"))
            return
    np.testing.assert_array_equal(X_res[:120], X)
    np.testing.assert_array_equal(y_res[:120], y)
    assert set(np.unique(y_res[120:])) <= {1}
