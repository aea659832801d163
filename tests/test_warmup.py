"""The "auto" backend's background warm-up: NumPy first, then Numba, same results.

Each case runs in a fresh interpreter: the warm-up happens once per process.
"""

import subprocess
import sys
import textwrap

import pytest

from minibalance._config import numba_available

needs_numba = pytest.mark.skipif(not numba_available(), reason="numba is not installed")


def _run(code, timeout=600):
    import os

    env = {k: v for k, v in os.environ.items() if k != "MINIBALANCE_BACKEND"}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split()


@needs_numba
def test_auto_runs_numpy_until_the_kernels_are_warm_then_numba():
    out = _run(
        """
        import minibalance
        from minibalance import _warmup
        from minibalance._config import get_backend
        first = get_backend()
        print(first, _warmup.status()["started"], _warmup.status()["ready"])
        print(minibalance.warm_up(), get_backend(), _warmup.status()["error"])
        """
    )
    assert out == ["numpy", "True", "False", "True", "numba", "None"]


@needs_numba
@pytest.mark.parametrize("shape", [(30_000, 3), (10_000, 20)])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_a_first_call_on_auto_gives_the_rows_of_both_backends(shape, dtype):
    """The first call runs on NumPy (the KD-tree shape on the brute force, scipy.spatial
    not yet imported); its rows equal the Numba backend's and the NumPy backend's."""
    out = _run(
        f"""
        import numpy as np
        import minibalance
        from minibalance.over_sampling import SMOTE
        from minibalance._config import get_backend
        rng = np.random.default_rng(0)
        X = rng.standard_normal({shape}).astype({dtype!r})
        y = (rng.random({shape[0]}) < 0.1).astype(int)
        print(get_backend())
        auto_X, auto_y = SMOTE(random_state=0).fit_resample(X, y)
        for backend in ("numba", "numpy"):
            with minibalance.config_context(backend=backend):
                X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
            print(X_res.dtype == auto_X.dtype and np.array_equal(X_res, auto_X)
                  and np.array_equal(y_res, auto_y))
        """
    )
    assert out == ["numpy", "True", "True"]


@needs_numba
def test_a_large_call_waits_for_a_quick_warm_up_but_not_for_the_compiler():
    quick = _run(
        """
        import time
        from minibalance import _warmup
        _warmup._rehearse_elsewhere = lambda: time.sleep(0.2)  # a warm cache
        print(_warmup.numba_ready(), _warmup.numba_ready(large=True))
        """
    )
    assert quick == ["False", "True"]
    slow = _run(
        """
        import time
        from minibalance import _warmup
        _warmup._rehearse_elsewhere = lambda: time.sleep(60)  # nothing cached
        _warmup.LARGE_CALL_WAIT = 0.3
        t = time.perf_counter(); first = _warmup.numba_ready(large=True)
        waited = time.perf_counter() - t
        t = time.perf_counter(); second = _warmup.numba_ready(large=True)
        again = time.perf_counter() - t
        print(first, second, 0.25 < waited < 5, again < 0.1)
        """
    )
    assert slow == ["False", "False", "True", "True"]


@needs_numba
def test_a_failed_warm_up_keeps_auto_on_numpy_and_says_why():
    out = _run(
        """
        from minibalance import _warmup
        from minibalance._config import get_backend
        def broken():
            raise ZeroDivisionError("no compiler today")
        _warmup._rehearse = _warmup._rehearse_elsewhere = broken
        try:
            _warmup.warm_up()
        except RuntimeError as exc:
            print(type(exc.__cause__).__name__)
        print(get_backend(), _warmup.status()["ready"])
        """
    )
    assert out == ["ZeroDivisionError", "numpy", "False"]


@needs_numba
def test_the_callers_warnings_are_intact_while_the_kernels_compile():
    """The compiling runs in another process: numba's type inference enters
    warnings.catch_warnings, which, in a thread of this process, swapped the
    filters under the caller's feet (this loop lost 65 of 440 warnings then)."""
    out = _run(
        """
        import os, tempfile, time, warnings
        os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp()  # a cold cache: a long compile
        from minibalance import _warmup
        _warmup.warm_up(wait=False)
        intact = 0
        stop = time.perf_counter() + 5
        while time.perf_counter() < stop and not _warmup.status()["ready"]:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                time.sleep(0.01)  # long enough for a compiling thread to swap the filters
                warnings.warn("the caller's own", UserWarning)
            intact += [str(w.message) for w in caught] == ["the caller's own"]
            if len(caught) != 1:
                print("broken", [str(w.message) for w in caught])
                break
        print("ok" if intact > 50 else f"too few rounds {intact}")
        """
    )
    assert out == ["ok"]


@needs_numba
@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_process_forked_during_the_warm_up_stays_on_numpy():
    out = _run(
        """
        import os, time
        from minibalance import _warmup
        from minibalance._config import get_backend
        _warmup._rehearse_elsewhere = lambda: time.sleep(1.0)
        _warmup.warm_up(wait=False)
        pid = os.fork()
        if pid == 0:
            time.sleep(1.5)  # the parent's warm-up has finished by now
            os.write(1, f"child {get_backend()} {_warmup.numba_ready()}\\n".encode())
            os._exit(0)
        os.waitpid(pid, 0)
        _warmup._finished.wait(10)
        print("parent", _warmup.numba_ready(), get_backend())
        """
    )
    assert out == ["child", "numpy", "False", "parent", "True", "numba"]


@pytest.mark.skipif(
    __import__("importlib").util.find_spec("scipy") is None, reason="scipy is not installed"
)
def test_small_classes_skip_scipy_spatial_until_it_is_imported():
    out = _run(
        """
        import sys
        from minibalance._neighbors import CKDTREE_IMPORT_MAX_SAMPLES as n, choose_algorithm
        print("scipy.spatial" in sys.modules, choose_algorithm(n, 3, "numpy"),
              choose_algorithm(n + 1, 3, "numpy"))
        import scipy.spatial  # as the tree of a larger class would
        print(choose_algorithm(n, 3, "numpy"))
        """
    )
    assert out == ["False", "brute", "ckdtree", "ckdtree"]
