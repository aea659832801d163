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

import os

import numpy as np

import minibalance
from minibalance._config import numba_available
from minibalance.over_sampling import SMOTE

from . import DEFAULT_BACKEND

CASES = {
    "a": (100_000, 20, (0.9, 0.1)),
    "b": (1_000_000, 20, (0.99, 0.01)),
    "c": (50_000, 200, (0.8, 0.2)),
    "d": (1_000_000, 10, (0.9, 0.1)),
    "e": (300_000, 8, (0.7, 0.2, 0.1)),
}
# MINIBALANCE_BENCH_CASES="a,b,c" runs only those cases: on one 2-core VM whose
# shared L3 did not help (a random load at 4 MiB cost 104 ns), imbalanced-learn's
# KD-tree took 150-190 s a call on (d), ours 4.7 s.
if os.environ.get("MINIBALANCE_BENCH_CASES"):
    CASES = {c: CASES[c] for c in os.environ["MINIBALANCE_BENCH_CASES"].split(",")}


def make_case(name):
    n, d, shares = CASES[name]
    rng = np.random.default_rng(0)
    X = rng.standard_normal((n, d))
    y = np.repeat(np.arange(len(shares)), np.round(np.array(shares) * n).astype(int))
    return X, y[rng.permutation(n)]


def warm_sample(y, n_rows=40_000, min_class_rows=2_100):
    """Return the rows of a warm-up sample that takes the full case's paths.

    About ``n_rows`` in the case's proportions, and at least ``min_class_rows``
    of every class.
    """
    labels, counts = np.unique(y, return_counts=True)
    keep = [
        np.flatnonzero(y == label)[: max(min_class_rows, count * n_rows // y.size)]
        for label, count in zip(labels, counts)
    ]
    return np.sort(np.concatenate(keep))


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
        # Warm on a sample of the case itself, so every path the timed call takes is
        # compiled (Numba) and imported (scipy) here: the same algorithms, dtypes
        # and kernels, plus the parallel interpolation that only large outputs use.
        # Every class keeps at least 2,100 rows: the KD-tree's minimum and more than
        # one query block (the brute force's self-join), as in the full case.
        sample = warm_sample(self.y)
        SMOTE(random_state=0).fit_resample(self.X[sample], self.y[sample])
        if backend == "numba":
            from minibalance._kernels import interpolate

            n_rows = interpolate.PARALLEL_MIN_VALUES // self.X.shape[1] + 1
            rows = np.zeros(n_rows, dtype=np.intp)
            out = np.empty((n_rows, self.X.shape[1]))
            interpolate.interpolate_numba(self.X[:2], rows, rows, np.zeros(n_rows), out)

    def teardown(self, case, backend):
        minibalance.set_config(backend=DEFAULT_BACKEND)

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
        sample = warm_sample(self.y)
        ImbSMOTE(random_state=0).fit_resample(self.X[sample], self.y[sample])

    def time_imblearn(self, case):
        self.smote(random_state=0).fit_resample(self.X, self.y)

    def peakmem_imblearn(self, case):
        self.smote(random_state=0).fit_resample(self.X, self.y)

    def track_extra_mib_imblearn(self, case):
        return extra_mib(lambda: self.smote(random_state=0).fit_resample(self.X, self.y))

    track_extra_mib_imblearn.unit = "MiB"


class SMOTEFloor:
    """The floor of cases (a) and (c): a bare float32 GEMM over the same pairs, plus the output.

    The minority class's rows with their squared norm appended (the engine's
    ``|x|^2 - 2 q.x`` form), multiplied tile by tile in the Numba backend's tiles,
    one tile row per thread on all cores with a one-thread BLAS, as the engine
    runs; and writing the resampled output (the originals, then the new rows).
    ``time_minibalance`` of ``SMOTEFitResample`` divided by the two together is
    the distance to the floor.
    """

    params = [c for c in ("a", "c") if c in CASES]
    param_names = ["case"]

    def setup(self, case):
        from minibalance._neighbors import _TILES

        X, y = make_case(case)
        minority = X[y == 1]
        self.A = np.c_[minority, np.einsum("ij,ij->i", minority, minority)].astype(np.float32)
        self.tiles = _TILES["numba"]
        self.X = X
        self.n_new = int((y == 0).sum() - (y == 1).sum())
        self.new_rows = minority[: min(self.n_new, minority.shape[0])]

    def _tile_row(self, i):
        q, r = self.tiles
        m = self.A.shape[0]
        buf = np.empty(q * r, dtype=np.float32)
        for j in range(0, m, r):
            a, b = min(q, m - i), min(r, m - j)
            np.matmul(self.A[i : i + q], self.A[j : j + r].T, out=buf[: a * b].reshape(a, b))

    def time_gemm(self, case):
        import os
        from concurrent.futures import ThreadPoolExecutor

        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, "blas"), ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            list(pool.map(self._tile_row, range(0, self.A.shape[0], self.tiles[0])))

    def time_write_output(self, case):
        n, d = self.X.shape
        out = np.empty((n + self.n_new, d), dtype=self.X.dtype)
        out[:n] = self.X
        for start in range(n, n + self.n_new, self.new_rows.shape[0]):
            stop = min(start + self.new_rows.shape[0], n + self.n_new)
            out[start:stop] = self.new_rows[: stop - start]


FIRST_SHAPES = {"30000x3": (30_000, 3), "10000x20": (10_000, 20)}


def first_call_setup(shape, dtype, backend, cache_dir=None):
    """Untimed part of a fresh process: numba's cache directory, imports, the data."""
    n, d = FIRST_SHAPES[shape]
    cache = "tempfile.mkdtemp()" if cache_dir is None else repr(cache_dir)
    return (
        f"import os, tempfile; os.environ['NUMBA_CACHE_DIR'] = {cache}\n"
        "import numpy as np\n"
        f"import minibalance; minibalance.set_config(backend={backend!r})\n"
        "from minibalance.over_sampling import SMOTE\n"
        "rng = np.random.default_rng(0)\n"
        f"X = rng.standard_normal(({n}, {d})).astype({dtype!r})\n"
        f"y = (rng.random({n}) < 0.1).astype(int)\n"
    )


FIT = "SMOTE(random_state=0).fit_resample(X, y)"


class FirstCall:
    """The first fit_resample in a fresh process, and a later one, per backend.

    The issue's shapes: 30,000 x 3 (the KD-tree path on Numba) and 10,000 x 20 (the
    brute force), float64 and float32 (10% minority). ``no_cache``: an empty numba
    cache; ``warm_cache``: one written by an earlier process (``setup_cache``);
    ``later_call``: the same call once the kernels are ready, the baseline the
    first call is compared with. Under ``"auto"`` the first calls run on NumPy
    while the Numba kernels warm up in the background (``minibalance._warmup``).
    """

    params = (["auto", "numba", "numpy"], list(FIRST_SHAPES), ["float64", "float32"])
    param_names = ["backend", "shape", "dtype"]
    repeat = 3
    timeout = 600

    def setup_cache(self):
        import subprocess
        import sys
        import tempfile

        cache_dir = tempfile.mkdtemp(prefix="minibalance-numba-cache-")
        code = first_call_setup("30000x3", "float64", "numba", cache_dir) + (
            "minibalance.warm_up()\n"
            "for shape in [(30_000, 3), (10_000, 20)]:\n"
            "    for dtype in ['float64', 'float32']:\n"
            "        Z = rng.standard_normal(shape).astype(dtype)\n"
            "        SMOTE(random_state=0).fit_resample(Z, (rng.random(shape[0]) < 0.1))\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True)
        return cache_dir

    def timeraw_first_call_no_cache(self, cache_dir, backend, shape, dtype):
        return FIT, first_call_setup(shape, dtype, backend)

    def timeraw_first_call_warm_cache(self, cache_dir, backend, shape, dtype):
        return FIT, first_call_setup(shape, dtype, backend, cache_dir)

    def timeraw_later_call(self, cache_dir, backend, shape, dtype):
        ready = "minibalance.warm_up()\n" if backend == "auto" else ""
        return FIT, first_call_setup(shape, dtype, backend, cache_dir) + ready + FIT


FLOOR_KERNEL = """
import numpy as np
from numba import njit


@njit(cache=True)
def total(x):
    return x.sum()
"""


class NumbaFloor:
    """Numba's own first call with a warm cache: the floor under ``FirstCall``'s.

    A one-line ``@njit(cache=True)`` function in a fresh process, its cache written by
    an earlier process. The timed part imports numba and loads that one kernel, which
    initialises numba's typing and target contexts (and imports scipy.linalg, numba's
    BLAS check, when scipy is installed), so the explicit ``"numba"`` backend's first
    call (``FirstCall.timeraw_first_call_warm_cache``, numba imported inside the
    timed call too) cannot cost less than this.
    """

    timeout = 120
    repeat = 3

    def setup_cache(self):
        import os
        import subprocess
        import sys
        import tempfile

        if not numba_available():
            return None
        where = tempfile.mkdtemp(prefix="minibalance-numba-floor-")
        with open(os.path.join(where, "floor_kernel.py"), "w") as f:
            f.write(FLOOR_KERNEL)
        subprocess.run([sys.executable, "-c", self._setup(where) + self._call()], check=True)
        return where

    @staticmethod
    def _setup(where):
        return (
            f"import os, sys; os.environ['NUMBA_CACHE_DIR'] = {where!r}\n"
            f"sys.path.insert(0, {where!r})\n"
            "import numpy as np\n"
            "x = np.ones(10)\n"
        )

    @staticmethod
    def _call():
        return "import floor_kernel; floor_kernel.total(x)\n"

    def setup(self, where):
        if where is None:
            raise NotImplementedError("numba is not installed")  # asv skips

    def timeraw_first_call_warm_cache(self, where):
        return self._call(), self._setup(where)

    def timeraw_later_call(self, where):
        return "floor_kernel.total(x)\n", self._setup(where) + self._call()
