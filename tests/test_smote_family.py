"""The SMOTE family against imbalanced-learn's, bit for bit for the same seed."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import minibalance
import minibalance.over_sampling as ours

imblearn_os = pytest.importorskip("imblearn.over_sampling")

SAMPLERS = {
    "BorderlineSMOTE": [
        {},
        {"kind": "borderline-2"},
        {"k_neighbors": 2, "m_neighbors": 4},
        {"kind": "borderline-2", "k_neighbors": 3, "sampling_strategy": "all"},
    ],
    "ADASYN": [{}, {"n_neighbors": 2}, {"sampling_strategy": "all"}],
    "SVMSMOTE": [{}, {"out_step": 0.2, "m_neighbors": 5}, {"k_neighbors": 2}],
}
CASES = [(name, i) for name, params in SAMPLERS.items() for i in range(len(params))]


@st.composite
def problems(draw):
    """Overlapping Gaussian classes (tie-free distances), one to three classes smaller."""
    n_classes = draw(st.integers(2, 3))
    counts = [draw(st.integers(12, 90)) for _ in range(n_classes)]
    d = draw(st.integers(2, 6))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    spread = draw(st.sampled_from([0.5, 1.0, 2.0]))
    centres = rng.standard_normal((n_classes, d)) * spread
    X = np.concatenate([rng.standard_normal((c, d)) + centres[i] for i, c in enumerate(counts)])
    y = np.repeat(np.arange(n_classes), counts)
    perm = rng.permutation(y.size)
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    return X[perm].astype(dtype), y[perm], draw(st.integers(0, 2**31 - 1))


def _assert_same(name, params, X, y, seed):
    theirs = getattr(imblearn_os, name)(random_state=seed, **params)
    mine = getattr(ours, name)(random_state=seed, **params)
    try:
        X_t, y_t = theirs.fit_resample(X, y)
    except (ValueError, RuntimeError) as error:
        with pytest.raises(type(error), match=str(error).split(".")[0]):
            mine.fit_resample(X, y)
        return None
    X_m, y_m = mine.fit_resample(X, y)
    assert X_m.dtype == X_t.dtype
    np.testing.assert_array_equal(y_m, y_t)
    np.testing.assert_array_equal(X_m, X_t)
    return mine


@pytest.mark.parametrize(("name", "case"), CASES)
@given(problem=problems())
@settings(max_examples=20)
def test_same_rows_as_imblearn(backend, name, case, problem):
    X, y, seed = problem
    mine = _assert_same(name, SAMPLERS[name][case], X, y, seed)
    if mine is None:
        return
    n = X.shape[0]
    X_res, _ = mine.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[:n], X)  # the originals first, untouched
    if name == "BorderlineSMOTE" and SAMPLERS[name][case].get("kind") == "borderline-2":
        return  # steps_ holds the product of two draws there
    base, nb, steps = mine.base_indices_, mine.neighbor_indices_, mine.steps_
    expected = X[base].astype(np.float64) + steps[:, None] * (
        X[nb].astype(np.float64) - X[base].astype(np.float64)
    )
    np.testing.assert_allclose(X_res[n:], expected.astype(X.dtype), rtol=1e-5, atol=1e-6)


def test_random_state_instance_continues_its_stream():
    rng = np.random.default_rng(0)
    X = np.r_[rng.standard_normal((80, 3)), rng.standard_normal((30, 3)) + 1]
    y = np.r_[
        np.zeros(80, int),
        np.ones(30, int),
    ]
    for name, params in (
        ("BorderlineSMOTE", {"kind": "borderline-2"}),
        ("ADASYN", {}),
        ("SVMSMOTE", {}),
    ):
        X_t, _ = getattr(imblearn_os, name)(
            random_state=np.random.RandomState(3), **params
        ).fit_resample(X, y)
        X_m, _ = getattr(ours, name)(random_state=np.random.RandomState(3), **params).fit_resample(
            X, y
        )
        np.testing.assert_array_equal(X_m, X_t)


def test_numba_equals_numpy():
    rng = np.random.default_rng(1)
    X = np.r_[rng.standard_normal((3000, 4)), rng.standard_normal((500, 4)) + 1]
    y = np.r_[np.zeros(3000, int), np.ones(500, int)]
    for name in SAMPLERS:
        for dtype in (np.float32, np.float64):
            out = []
            for backend in ("numpy", "numba"):
                with minibalance.config_context(backend=backend):
                    out.append(
                        getattr(ours, name)(random_state=0).fit_resample(X.astype(dtype), y)[0]
                    )
            np.testing.assert_array_equal(out[0], out[1])


@pytest.mark.parametrize("name", sorted(SAMPLERS))
def test_pandas_round_trip(name):
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(2)
    X = pd.DataFrame(rng.standard_normal((150, 3)), columns=["a", "b", "c"])
    y = pd.Series(np.r_[np.zeros(110, int), np.ones(40, int)], name="target")
    X_m, y_m = getattr(ours, name)(random_state=0).fit_resample(X, y)
    X_t, y_t = getattr(imblearn_os, name)(random_state=0).fit_resample(X, y)
    pd.testing.assert_frame_equal(X_m, X_t)
    pd.testing.assert_series_equal(y_m, y_t)


BAD = [
    ("BorderlineSMOTE", {"kind": "borderline-3"}, "kind"),
    ("BorderlineSMOTE", {"m_neighbors": 0}, "m_neighbors"),
    ("BorderlineSMOTE", {"k_neighbors": -1}, "k_neighbors"),
    ("ADASYN", {"n_neighbors": 0}, "n_neighbors"),
    ("SVMSMOTE", {"out_step": 2.0}, "out_step"),
    ("SVMSMOTE", {"svm_estimator": "svc"}, "svm_estimator"),
]


@pytest.mark.parametrize(("name", "params", "param"), BAD)
def test_parameter_errors_at_fit(name, params, param):
    X, y = np.zeros((10, 2)), np.r_[np.zeros(6, int), np.ones(4, int)]
    for call in ("fit", "fit_resample"):
        with pytest.raises(ValueError, match=param):
            getattr(getattr(ours, name)(**params), call)(X, y)


def test_no_sample_in_danger_adds_nothing():
    # Far-apart classes: no minority row has majority neighbours.
    X = np.r_[
        np.random.default_rng(0).standard_normal((50, 2)),
        np.random.default_rng(1).standard_normal((10, 2)) + 50,
    ]
    y = np.r_[np.zeros(50, int), np.ones(10, int)]
    X_m, _ = ours.BorderlineSMOTE(random_state=0).fit_resample(X, y)
    X_t, _ = imblearn_os.BorderlineSMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_m, X_t)
    assert X_m.shape == X.shape
    with pytest.raises(RuntimeError, match="Not any neigbours belong to the majority"):
        ours.ADASYN().fit_resample(X, y)
