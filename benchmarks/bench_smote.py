"""SMOTE fit_resample: minibalance (NumPy and Numba backends) and imbalanced-learn.

The five cases of the SMOTE issue, same data in the same run:

(a) 100,000 x 20, 10% minority     (b) 1,000,000 x 20, 1% minority
(c) 50,000 x 200, 20% minority     (d) 1,000,000 x 10, 10% minority
(e) 300,000 x 8, three classes 70/20/10%

Numba kernels are compiled in ``setup`` (on a slice of the case), so ``time_*``
measures the warm call; ``timeraw_*`` measures a first call in a fresh process.

Memory, two ways: ``peakmem_*`` is the whole process's peak, as a user's process
would have it (imbalanced-learn is imported only by its own benchmarks, so each
process holds the library it uses: scikit-learn and scipy for imbalanced-learn,
numba's runtime for the Numba backend); ``track_extra_mib_*`` is the peak
resident memory that ``fit_resample`` itself adds to the process (Linux:
the high-water mark is reset just before the call).
"""

import numpy as np

import minibalance
from minibalance.over_sampling import SMOTE

CASES = {
    "a": (100_000, 20, (0.9, 0.1)),
    "b": (1_000_000, 20, (0.99, 0.01)),
    "c": (50_000, 200, (0.8, 0.2)),
    "d": (1_000_000, 10, (0.9, 0.1)),
    "e": (300_000, 8, (0.7, 0.2, 0.1)),
}


def make_case(name):
    n, d, shares = CASES[name]
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, d))
    y = np.repeat(np.arange(len(shares)), np.round(np.array(shares) * n).astype(int))
    return X, y[rng.permutation(n)]


def extra_mib(call):
    """Peak resident memory (MiB) that ``call()`` adds to the process (Linux only)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the high-water mark (VmHWM) to the current RSS
    except OSError:
        return float("nan")

    def status(key):
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith(key))

    before = status("VmRSS:")
    call()
    return (status("VmHWM:") - before) / 1024


class SMOTEFitResample:
    params = (list(CASES), ["numba", "numpy"])
    param_names = ["case", "backend"]
    timeout = 600

    def setup(self, case, backend):
        self.X, self.y = make_case(case)
        minibalance.set_config(backend=backend)
        # Warm on a slice of the case itself, so every path the timed call takes is
        # compiled (Numba) and imported (scipy) here: the same algorithms, dtypes
        # and kernels, plus the parallel interpolation that only large outputs use.
        SMOTE(random_state=0).fit_resample(self.X[:40_000], self.y[:40_000])
        if backend == "numba":
            from minibalance._kernels import interpolate

            n_rows = interpolate.PARALLEL_MIN_VALUES // self.X.shape[1] + 1
            rows = np.zeros(n_rows, dtype=np.intp)
            out = np.empty((n_rows, self.X.shape[1]))
            interpolate.interpolate_numba(self.X[:2], rows, rows, np.zeros(n_rows), out)

    def teardown(self, case, backend):
        minibalance.set_config(backend="auto")

    def time_minibalance(self, case, backend):
        SMOTE(random_state=0).fit_resample(self.X, self.y)

    def peakmem_minibalance(self, case, backend):
        SMOTE(random_state=0).fit_resample(self.X, self.y)

    def track_extra_mib_minibalance(self, case, backend):
        return extra_mib(lambda: SMOTE(random_state=0).fit_resample(self.X, self.y))

    track_extra_mib_minibalance.unit = "MiB"


class ImbSMOTEFitResample:
    params = list(CASES)
    param_names = ["case"]
    timeout = 600

    def setup(self, case):
        from imblearn.over_sampling import SMOTE as ImbSMOTE

        self.X, self.y = make_case(case)
        self.smote = ImbSMOTE
        # The same warm-up as minibalance's (nothing to compile, but the same
        # allocator state for track_extra_mib_*).
        ImbSMOTE(random_state=0).fit_resample(self.X[:40_000], self.y[:40_000])

    def time_imblearn(self, case):
        self.smote(random_state=0).fit_resample(self.X, self.y)

    def peakmem_imblearn(self, case):
        self.smote(random_state=0).fit_resample(self.X, self.y)

    def track_extra_mib_imblearn(self, case):
        return extra_mib(lambda: self.smote(random_state=0).fit_resample(self.X, self.y))

    track_extra_mib_imblearn.unit = "MiB"


FIRST_CALL = """
import numpy as np
from minibalance.over_sampling import SMOTE
rng = np.random.default_rng(0)
X = rng.standard_normal((2000, 10)); y = np.r_[np.zeros(1800, int), np.ones(200, int)]
"""


class FirstCall:
    """A fresh process: import plus the first fit_resample, kernels compiled or cached."""

    params = ["numba", "numpy"]
    param_names = ["backend"]

    def timeraw_first_fit_resample(self, backend):
        return (
            f"import minibalance; minibalance.set_config(backend={backend!r})\n"
            + FIRST_CALL
            + "SMOTE(random_state=0).fit_resample(X, y)"
        )

    def timeraw_first_fit_resample_no_numba_cache(self, backend):
        return (
            "import os, tempfile; os.environ['NUMBA_CACHE_DIR'] = tempfile.mkdtemp()\n"
            f"import minibalance; minibalance.set_config(backend={backend!r})\n"
            + FIRST_CALL
            + "SMOTE(random_state=0).fit_resample(X, y)"
        )
