"""Robustness beyond single calls: pickling, threads, thread counts, a read-only install."""

import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import minibalance
from minibalance._config import get_backend, numba_available
from minibalance.datasets import make_imbalanced
from minibalance.over_sampling import SMOTE, RandomOverSampler
from minibalance.under_sampling import RandomUnderSampler

ROOT = Path(__file__).resolve().parents[1]


def _problem(n=600, seed=0):
    return make_imbalanced(n, n_features=5, weights=(0.85, 0.15), random_state=seed)


# --- pickling -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: SMOTE(random_state=0),
        lambda: RandomOverSampler(random_state=0, shrinkage=0.5),
        lambda: RandomUnderSampler(random_state=0),
    ],
)
def test_fitted_samplers_pickle_and_give_the_same_results(make):
    X, y = _problem()
    sampler = make()
    X_res, y_res = sampler.fit_resample(X, y)
    again = pickle.loads(pickle.dumps(sampler))
    for name, value in vars(sampler).items():
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(getattr(again, name), value)
        elif hasattr(value, "get_params"):  # a nested estimator (nn_k_): same parameters
            assert type(getattr(again, name)) is type(value), name
            assert getattr(again, name).get_params() == value.get_params(), name
        else:
            assert getattr(again, name) == value, name
    X_again, y_again = again.fit_resample(X, y)
    np.testing.assert_array_equal(X_again, X_res)
    np.testing.assert_array_equal(y_again, y_res)


def test_fitted_threshold_classifiers_and_pipelines_pickle():
    from sklearn.linear_model import LogisticRegression

    from minibalance.pipeline import make_pipeline
    from minibalance.threshold import FixedThresholdClassifier, TunedThresholdClassifierCV

    X, y = _problem()
    for model in (
        make_pipeline(SMOTE(random_state=0), LogisticRegression()),
        TunedThresholdClassifierCV(LogisticRegression(), scoring="f1"),
        FixedThresholdClassifier(LogisticRegression(), threshold=0.3),
    ):
        model.fit(X, y)
        again = pickle.loads(pickle.dumps(model))
        np.testing.assert_array_equal(again.predict(X), model.predict(X))
        np.testing.assert_array_equal(again.predict_proba(X), model.predict_proba(X))


def test_a_compare_result_pickles(tmp_path):
    from minibalance.workflow import compare

    X, y = _problem(1500)
    result = compare(X, y, cv=3, techniques=["baseline", "threshold"], progress=False)
    again = pickle.loads(pickle.dumps(result))
    assert again.to_dict() == result.to_dict()


# --- threads -------------------------------------------------------------------------------


def test_config_context_does_not_leak_into_other_threads():
    entered, release = threading.Event(), threading.Event()
    seen = {}

    def holder():
        with minibalance.config_context(backend="numpy"):
            seen["inside"] = minibalance.get_config()["backend"]
            entered.set()
            release.wait(10)

    def reader():
        seen["other"] = minibalance.get_config()["backend"]

    before = minibalance.get_config()["backend"]
    with minibalance.config_context(backend="auto"):
        t = threading.Thread(target=holder)
        t.start()
        entered.wait(10)
        r = threading.Thread(target=reader)
        r.start()
        r.join()
        release.set()
        t.join()
    assert seen == {"inside": "numpy", "other": before}
    assert minibalance.get_config()["backend"] == before


BACKENDS_SEEN = []


class BackendRecorder(RandomOverSampler):
    """Random over-sampling that records the backend its worker runs with."""

    def fit_resample(self, X, y):
        BACKENDS_SEEN.append(get_backend())
        return super().fit_resample(X, y)


def test_joblib_workers_run_with_the_callers_backend():
    from joblib import parallel_config

    from minibalance.workflow import compare

    X, y = _problem(900)
    for backend in ["numpy", "numba"] if numba_available() else ["numpy"]:
        BACKENDS_SEEN.clear()
        with minibalance.config_context(backend=backend), parallel_config(backend="threading"):
            compare(
                X,
                y,
                cv=3,
                techniques={"rec": BackendRecorder(random_state=0)},
                n_jobs=2,
                progress=False,
            )
        assert BACKENDS_SEEN == [backend] * 3


def test_threshold_tuning_workers_run_with_the_callers_backend():
    from joblib import parallel_config
    from sklearn.linear_model import LogisticRegression

    from minibalance.pipeline import make_pipeline
    from minibalance.threshold import TunedThresholdClassifierCV

    X, y = _problem(900)
    BACKENDS_SEEN.clear()
    model = make_pipeline(BackendRecorder(random_state=0), LogisticRegression())
    with minibalance.config_context(backend="numpy"), parallel_config(backend="threading"):
        TunedThresholdClassifierCV(model, scoring="f1", n_jobs=2, cv=3).fit(X, y)
    assert BACKENDS_SEEN[:3] == ["numpy"] * 3  # the 3 folds (then the refit)


@pytest.mark.skipif(not numba_available(), reason="numba's thread count")
def test_smote_is_identical_with_one_and_two_threads():
    import numba
    from threadpoolctl import threadpool_limits

    X, y = make_imbalanced(20_000, n_features=12, weights=(0.7, 0.3), random_state=1)
    outputs = []
    with minibalance.config_context(backend="numba"):
        for threads in (1, 2):
            numba.set_num_threads(threads)
            with threadpool_limits(threads):
                outputs.append(SMOTE(random_state=0).fit_resample(X, y)[0])
    numba.set_num_threads(numba.config.NUMBA_NUM_THREADS)
    np.testing.assert_array_equal(outputs[0], outputs[1])


# --- a read-only install ------------------------------------------------------------------------


@pytest.mark.skipif(not numba_available(), reason="numba's cache")
def test_a_package_directory_numba_cannot_write_to_works_without_warnings(tmp_path):
    copy = tmp_path / "site" / "minibalance"
    shutil.copytree(ROOT / "minibalance", copy, ignore=shutil.ignore_patterns("__pycache__"))
    # Root ignores permission bits, so block the in-tree cache the way a read-only
    # directory does for numba: its __pycache__ cannot be created (a file is there).
    for directory in [copy, *[p for p in copy.rglob("*") if p.is_dir()]]:
        (directory / "__pycache__").write_text("not a directory")
    code = (
        "import numpy as np, minibalance\n"
        "from minibalance.over_sampling import SMOTE\n"
        "from minibalance.threshold import find_best_threshold\n"
        "rng = np.random.RandomState(0)\n"
        "X = rng.normal(size=(3000, 4)); y = (rng.rand(3000) < 0.2).astype(int)\n"
        "with minibalance.config_context(backend='numba'):\n"
        "    SMOTE(random_state=0).fit_resample(X, y)\n"
        "    find_best_threshold(y, X[:, 0])\n"
        f"assert minibalance.__file__.startswith({str(copy)!r}), minibalance.__file__\n"
    )
    proc = subprocess.run(
        [sys.executable, "-W", "error", "-B", "-c", code],
        capture_output=True,
        text=True,
        env={
            "PYTHONPATH": str(copy.parent),
            "HOME": str(tmp_path / "home"),
            "PATH": "/usr/bin:/bin",
            "NUMBA_CACHE_DIR": "",
        },
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Warning" not in proc.stderr, proc.stderr[-3000:]
    # the kernels were compiled and cached outside the package, in the user's cache
    assert list((tmp_path / "home").rglob("*.nbi"))
