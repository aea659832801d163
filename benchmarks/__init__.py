"""asv suites: minibalance side by side with scikit-learn and imbalanced-learn.

Benchmarks that do not choose a backend run on Numba when it is installed (its
kernels compiled in each ``setup``), not on ``"auto"``: under ``"auto"`` a fresh
process runs on NumPy until the background warm-up has compiled the Numba
kernels (``minibalance._warmup``), which would switch backends in the middle of a
timing loop. ``bench_smote.FirstCall`` measures ``"auto"`` itself, in fresh
processes.
"""

import minibalance
from minibalance._config import numba_available

DEFAULT_BACKEND = "numba" if numba_available() else "numpy"
minibalance.set_config(backend=DEFAULT_BACKEND)
