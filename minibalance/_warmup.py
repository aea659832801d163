"""Background warm-up of the Numba kernels, for the ``"auto"`` backend.

Numba compiles a kernel on its first call: about ten seconds for the k-NN engine
with no compiled cache, and still half a second to import numba and load the
cache when there is one. A first ``fit_resample`` of a few thousand rows takes a
hundredth of that, so a user who runs a script once would mostly wait for the
compiler. Both backends give the same results by design (every kernel's twins are
tested equal), so the ``"auto"`` backend need not wait:

1. the first call that asks for the backend starts *one* fresh interpreter in the
   background, which runs a small rehearsal under the ``"numba"`` backend (SMOTE
   on the brute-force and KD-tree paths in float64 and float32, the ranking
   metrics and the threshold search) and so writes numba's cache of those kernels;
2. until it has finished, ``"auto"`` resolves to ``"numpy"``: calls run on the
   NumPy kernels at once;
3. from then on ``"auto"`` resolves to ``"numba"``; the first Numba call imports
   numba and loads the cached kernels (about half a second, once).

The compiling happens in another process, not in a thread of this one: numba's
type inference, and importing numba and scipy, enter ``warnings.catch_warnings``,
which swaps the process-wide warning filters (they are not thread-safe), so a
compiling thread would lose or misroute warnings raised meanwhile by the caller's
code (measured: 329 such entries in one warm-up, and two tests that check
warnings failed beside it). This process only waits for the other one.

A call large enough that the NumPy kernels would take seconds (:func:`numba_ready`
with ``large=True``) waits up to :data:`LARGE_CALL_WAIT` seconds for the
rehearsal, once per process: long enough when the cache is warm, after which it
runs on Numba; with nothing cached it gives up and runs on NumPy rather than wait
for the compiler. The explicit ``"numba"`` backend never uses this: it compiles on
first call, in the caller's thread, as before; so does :func:`warm_up`.

A process forked while the rehearsal runs keeps ``"auto"`` on NumPy (the thread
waiting for the rehearsal does not exist in the child).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

__all__ = ["LARGE_CALL_WAIT", "numba_ready", "status", "warm_up"]

LARGE_CALL_WAIT = 3.0
"""Seconds a large first call waits for the rehearsal (1.5-2 s with a warm cache)."""

START_DELAY = 1.0
"""Seconds before the rehearsal process starts, unless a large call or
:func:`warm_up` needs it sooner: on two cores its start-up (an interpreter,
numpy, numba) would otherwise slow a small first call running beside it."""

_lock = threading.Lock()
_finished = threading.Event()
_go = threading.Event()  # start the rehearsal now, without the delay
_state: dict = {
    "thread": None,  # the thread waiting for the rehearsal process, once started
    "ready": False,  # the Numba kernels are compiled (in numba's cache or here)
    "error": None,  # the exception that stopped the warm-up, if one did
    "seconds": None,  # how long the rehearsal took
    "waited": False,  # a large call already waited once
    "forked": False,  # this process was forked while the rehearsal ran
}


def numba_ready(*, large: bool = False) -> bool:
    """Return whether ``"auto"`` may run on Numba now, starting the warm-up if needed.

    Parameters
    ----------
    large : bool, default=False
        The caller's work would take the NumPy kernels seconds: wait (once per
        process, at most :data:`LARGE_CALL_WAIT` seconds) for the warm-up first.
    """
    if _state["ready"]:
        return True
    if _state["forked"]:
        return False
    if _state["thread"] is None:
        _start()
    if large and not _state["waited"]:
        _state["waited"] = True
        _go.set()
        _finished.wait(LARGE_CALL_WAIT)
    return _state["ready"]


def warm_up(*, wait: bool = True) -> bool:
    """Compile (or load from numba's cache) the Numba kernels now.

    With the ``"auto"`` backend, calls run on NumPy until the Numba kernels are
    ready, then on Numba. Call this at start-up (a server, a benchmark) to have
    Numba from the first call.

    Parameters
    ----------
    wait : bool, default=True
        Compile the kernels now, in this thread (seconds with nothing cached);
        ``False`` only starts the background warm-up and returns at once.

    Returns
    -------
    bool
        Whether the Numba kernels are ready (always False without numba).

    Raises
    ------
    RuntimeError
        When ``wait`` is true and compiling failed; the cause is chained.

    Examples
    --------
    >>> import minibalance
    >>> ready = minibalance.warm_up(wait=False)  # start it in the background
    >>> isinstance(ready, bool)
    True
    """
    from ._config import numba_available

    if not numba_available():
        return False
    if not wait:
        _go.set()
        if not (_state["ready"] or _state["forked"] or _state["thread"] is not None):
            _start()
        return _state["ready"]
    if not _state["ready"]:
        try:
            _rehearse()
            _compile_uncached()
        except Exception as exc:
            _state["error"] = exc
            raise RuntimeError("compiling the Numba kernels failed") from exc
        _state["ready"] = True
        _finished.set()
    return True


def status() -> dict:
    """Return the warm-up's state: ``started``, ``ready``, ``seconds``, ``error``."""
    return {
        "started": _state["thread"] is not None,
        "ready": _state["ready"],
        "seconds": _state["seconds"],
        "error": _state["error"],
    }


def _start() -> None:
    with _lock:
        if _state["thread"] is None and not _state["forked"]:
            thread = threading.Thread(target=_run, name="minibalance-numba-warm-up", daemon=True)
            _state["thread"] = thread
            thread.start()


def _run() -> None:
    _go.wait(START_DELAY)
    start = time.perf_counter()
    try:
        _rehearse_elsewhere()
    except Exception as exc:  # kept for status(); "auto" stays on NumPy
        _state["error"] = exc
    else:
        _state["ready"] = True
    finally:
        _state["seconds"] = time.perf_counter() - start
        _finished.set()


def _rehearse_elsewhere() -> None:
    """Run :func:`_rehearse` in a fresh interpreter, which writes numba's cache.

    The child sees this process's import path and environment (so the same
    minibalance, and the same numba cache directory).
    """
    if not sys.executable:
        raise RuntimeError("no Python executable to run the warm-up in (sys.executable is empty)")
    env = dict(os.environ, MINIBALANCE_BACKEND="numba")
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    proc = subprocess.run(
        [sys.executable, "-c", "from minibalance._warmup import _rehearse; _rehearse()"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"the Numba warm-up process exited with {proc.returncode}: {proc.stderr[-2000:]}"
        )


def _compile_uncached() -> None:
    """Compile the parallel interpolation (about 1 s, float64 and float32).

    A parallel kernel is never cached (``minibalance._kernels.interpolate``), so it
    compiles in every process: :func:`warm_up` does it here, rather than the first
    large ``fit_resample``.
    """
    import numpy as np

    from ._kernels import interpolate

    n_features = 16
    n_new = interpolate.PARALLEL_MIN_VALUES // n_features
    rows = np.zeros(n_new, dtype=np.intp)
    for dtype in (np.float64, np.float32):
        out = np.empty((n_new, n_features), dtype=dtype)
        X = np.zeros((1, n_features), dtype=dtype)
        interpolate.interpolate_numba(X, rows, rows, np.zeros(n_new), out)


def _rehearse() -> None:
    """Run each Numba path once on small data, compiling every kernel it calls.

    SMOTE on the brute-force and KD-tree paths in float64 and float32, and the
    ranking metrics and the threshold search on integer and boolean labels and
    float64 and float32 scores, below and above the radix sort's cut-over (above,
    with rare and with common positives).
    """
    import numpy as np

    from ._config import config_context
    from ._neighbors import _TILES, KDTREE_MIN_SAMPLES
    from .metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
    from .over_sampling import SMOTE
    from .threshold import find_best_threshold

    rng = np.random.default_rng(0)
    with config_context(backend="numba"):
        # brute force (20 features) first: the most common path, on a class of more
        # than one query block (the self-join's column merge), then the KD-tree
        brute_rows = _TILES["numba"][0] + 100
        for n_minority, n_features in ((brute_rows, 20), (KDTREE_MIN_SAMPLES, 3)):
            X = rng.standard_normal((2 * n_minority + 10, n_features))
            y = np.r_[np.ones(n_minority, np.int64), np.zeros(n_minority + 10, np.int64)]
            for dtype in (np.float64, np.float32):
                SMOTE(random_state=0).fit_resample(X.astype(dtype), y)
        # small inputs (one compiled call each) and large ones (rare positives: the
        # bucket table; common ones: the radix sort), in float64 and float32 scores
        for n_scores, share in ((64, 0.3), (2048, 0.3), (2048, 0.7)):
            labels = (rng.random(n_scores) < share).astype(np.int64)
            labels[:2] = (0, 1)
            for scores in (rng.random(n_scores), rng.random(n_scores).astype(np.float32)):
                for y_true in (labels, labels.astype(bool)):
                    average_precision_score(y_true, scores)
                    roc_auc_score(y_true, scores)
                    precision_recall_curve(y_true, scores)
                    roc_curve(y_true, scores)
                    find_best_threshold(y_true, scores)


def _after_fork_in_child() -> None:
    if _state["thread"] is not None and not _state["ready"]:
        _state["forked"] = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
