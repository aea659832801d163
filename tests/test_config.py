"""Backend configuration, the optional-numba shim, and what `import minibalance` loads."""

import subprocess
import sys
import textwrap

import pytest

import minibalance
from minibalance._config import get_backend, numba_available


def _run(code, env_extra=None):
    import os

    env = {k: v for k, v in os.environ.items() if k != "MINIBALANCE_BACKEND"}
    env.update(env_extra or {})
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    return proc


# Makes numba (and scipy, sklearn, pandas) unimportable in a fresh interpreter.
BLOCK = """
import sys
class _Block:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"numba", "scipy", "sklearn", "pandas"}:
            raise ImportError(f"{name} is blocked for this test")
sys.meta_path.insert(0, _Block())
import importlib.util
_find = importlib.util.find_spec
def _find_spec(name, package=None):
    if name.split(".")[0] in {"numba", "scipy", "sklearn", "pandas"}:
        return None
    return _find(name, package)
importlib.util.find_spec = _find_spec
"""


def test_set_and_get_config():
    old = minibalance.get_config()
    try:
        minibalance.set_config(backend="numpy")
        assert minibalance.get_config() == {"backend": "numpy"}
        assert get_backend() == "numpy"
    finally:
        minibalance.set_config(**old)


def test_config_context_restores_on_exit_and_on_error():
    before = minibalance.get_config()
    with pytest.raises(RuntimeError):
        with minibalance.config_context(backend="numpy"):
            assert minibalance.get_config()["backend"] == "numpy"
            raise RuntimeError
    assert minibalance.get_config() == before


def test_get_config_returns_a_copy():
    minibalance.get_config()["backend"] = "nonsense"
    assert minibalance.get_config()["backend"] != "nonsense"


def test_unknown_backend_is_refused():
    with pytest.raises(ValueError, match=r"backend='cuda' is not a backend"):
        minibalance.set_config(backend="cuda")


def test_unknown_setting_is_refused():
    with pytest.raises(TypeError, match="unknown settings"):
        with minibalance.config_context(colour="blue"):
            pass


@pytest.mark.skipif(not numba_available(), reason="numba is not installed")
def test_auto_prefers_numba_once_its_kernels_are_warm():
    assert minibalance.warm_up() is True
    with minibalance.config_context(backend="auto"):
        assert get_backend() == "numba"


@pytest.mark.parametrize("value", ["numpy", "numba", "auto", "NumPy"])
def test_environment_variable_sets_the_backend(value):
    proc = _run(
        "import minibalance._config as c; print(c.get_backend())",
        {"MINIBALANCE_BACKEND": value},
    )
    assert proc.returncode == 0, proc.stderr
    # "auto": NumPy for a process's first call, while the Numba kernels warm up
    expected = {"auto": "numpy"}.get(value, value.lower())
    assert proc.stdout.strip() == expected


def test_the_import_path_is_searched_for_numba_once_per_process():
    # Every kernel call resolves the backend; searching sys.path for numba each
    # time cost more than a metric on a thousand scores.
    proc = _run(
        """
        import importlib.util
        searched = []
        _find = importlib.util.find_spec
        def counting(name, package=None):
            searched.append(name)
            return _find(name, package)
        importlib.util.find_spec = counting
        import minibalance
        from minibalance._config import get_backend, numba_available
        settings = ("numpy", "auto", "numba", "auto") if numba_available() else ("numpy", "auto")
        for backend in settings:
            minibalance.set_config(backend=backend)
            for _ in range(50):
                get_backend()
        print(searched.count("numba"))
        """,
        {"MINIBALANCE_BACKEND": "numpy"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "1"


def test_bad_environment_variable_is_named_in_the_error():
    proc = _run("import minibalance._config as c; c.get_backend()", {"MINIBALANCE_BACKEND": "gpu"})
    assert proc.returncode != 0
    assert "MINIBALANCE_BACKEND='gpu' is not a backend" in proc.stderr


def test_import_loads_no_optional_dependency():
    proc = _run(
        """
        import sys, minibalance, numpy as np
        minibalance.compute_class_weight("balanced", classes=np.array([0, 1]), y=[0, 1, 1])
        print(minibalance.class_distribution([0, 1, 1]))
        from minibalance.threshold import find_best_threshold, TunedThresholdClassifierCV
        heavy = {"numba", "scipy", "sklearn", "pandas", "matplotlib"}
        print(sorted(m for m in sys.modules if m.split(".")[0] in heavy))
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_works_without_numba_scipy_sklearn_pandas():
    proc = _run(
        BLOCK
        + """
import numpy as np
import minibalance
from minibalance import _numba
from minibalance._config import get_backend
assert not _numba.HAS_NUMBA and _numba.prange is range
@_numba.njit(cache=True)
def f(x):
    return x + 1
assert f(1) == 2
assert get_backend() == "numpy"
assert minibalance.warm_up() is False  # nothing to warm without numba
w = minibalance.compute_class_weight("balanced", classes=np.array([0, 1]), y=[0, 1, 1])
assert w.tolist() == [1.5, 0.75], w
from minibalance.threshold import (
    TunedThresholdClassifierCV, correct_probabilities, find_best_threshold,
)
assert find_best_threshold([0, 1, 0, 1], [0.1, 0.9, 0.4, 0.35]).threshold == 0.35
assert correct_probabilities([0.5], original_prior=0.01, resampled_prior=0.5)[0] < 0.011
try:
    TunedThresholdClassifierCV(object()).fit([[0.0]], [0])
except ImportError as exc:
    print("needs:", exc)
try:
    minibalance.set_config(backend="numba")
except ImportError as exc:
    print("refused:", exc)
"""
    )
    assert proc.returncode == 0, proc.stderr
    assert "needs: TunedThresholdClassifierCV wraps scikit-learn" in proc.stdout
    assert "refused: backend='numba' but numba is not installed" in proc.stdout


def test_numpy_backend_never_imports_numba():
    proc = _run(
        """
        import sys, numpy as np, minibalance
        from minibalance.over_sampling import SMOTE
        rng = np.random.default_rng(0)
        X = rng.standard_normal((300, 4)); y = np.r_[np.zeros(250, int), np.ones(50, int)]
        SMOTE(random_state=0).fit_resample(X, y)
        print("numba" in sys.modules)
        """,
        {"MINIBALANCE_BACKEND": "numpy"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


@pytest.mark.skipif(not numba_available(), reason="numba is not installed")
def test_kernels_compile_on_first_call():
    proc = _run(
        """
        import sys
        from minibalance._kernels import interpolate
        assert "numba" not in sys.modules  # importing a kernel module compiles nothing
        import numpy as np
        out = np.empty((2, 1))
        interpolate.interpolate_numba(np.array([[0.0], [2.0]]), np.array([0, 1]),
                                      np.array([1, 0]), np.array([0.5, 0.25]), out)
        print("numba" in sys.modules, out.ravel().tolist())
        """
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "True [1.0, 1.5]"
