"""Background warm-up of the Numba kernels, for the ``"auto"`` backend.

Numba compiles a kernel on its first call: about ten seconds for the k-NN engine
with no compiled cache, and still half a second to import numba and load the
cache when there is one. A first ``fit_resample`` of a few thousand rows takes a
hundredth of that, so a user who runs a script once would mostly wait for the
compiler. Both backends give the same results by design (every kernel's twins are
tested equal), so the ``"auto"`` backend need not wait:

1. the first call that asks for the backend starts *one* daemon thread, which
   imports numba and runs a small rehearsal under the ``"numba"`` backend (SMOTE
   on the brute-force and KD-tree paths in float64 and float32, the ranking
   metrics and the threshold search); the rehearsal compiles those kernels, or
   loads them from numba's cache, and writes the cache for the next process
   (then it compiles the uncached parallel interpolation);
2. until the rehearsal has finished, ``"auto"`` resolves to ``"numpy"``: the call
   runs on the NumPy kernels at once;
3. from then on ``"auto"`` resolves to ``"numba"``.

A call large enough that the NumPy kernels would take seconds (:func:`numba_ready`
with ``large=True``) waits up to :data:`LARGE_CALL_WAIT` seconds for the
rehearsal, once per process: long enough to load a warm cache, after which it runs
on Numba; with nothing cached it gives up and runs on NumPy rather than wait for
the compiler. The explicit ``"numba"`` backend never uses this: it compiles on
first call, in the caller's thread, as before.

A process forked while the rehearsal runs keeps ``"auto"`` on NumPy (the
rehearsal thread does not exist in the child, and numba's compiler lock may be
held by it).
"""

from __future__ import annotations

import os
import threading
import time

__all__ = ["LARGE_CALL_WAIT", "numba_ready", "status", "warm_up"]

LARGE_CALL_WAIT = 2.0
"""Seconds a large first call waits for the rehearsal (a warm cache loads in under one)."""

START_DELAY = 1.0
"""Seconds the rehearsal thread sleeps before it starts, unless a large call or
:func:`warm_up` needs it sooner: importing numba and compiling hold the GIL most
of the time, and would triple the time of a small first call running beside them
(0.09 s alone, 0.3 s beside the rehearsal: SMOTE on 30,000 x 3)."""

_lock = threading.Lock()
_finished = threading.Event()
_go = threading.Event()  # start now, without the delay
_state: dict = {
    "thread": None,  # the rehearsal thread, once started
    "ready": False,  # the rehearsal finished without error
    "error": None,  # the exception that stopped it, if one did
    "seconds": None,  # how long it took
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


def warm_up(*, wait: bool = True, timeout: float | None = None) -> bool:
    """Compile (or load from numba's cache) the Numba kernels now.

    With the ``"auto"`` backend, calls run on NumPy until the Numba kernels are
    ready, then on Numba. Call this at start-up (a server, a benchmark) to have
    Numba from the first call.

    Parameters
    ----------
    wait : bool, default=True
        Block until the kernels are ready (or ``timeout`` seconds have passed);
        ``False`` only starts the background warm-up.
    timeout : float, default=None
        The most seconds to wait.

    Returns
    -------
    bool
        Whether the Numba kernels are ready (always False without numba).

    Raises
    ------
    RuntimeError
        When ``wait`` is true and the warm-up failed; the cause is chained.

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
    _start()
    _go.set()
    if wait:  # the whole warm-up, the uncached parallel kernel included
        _state["thread"].join(timeout)
        if _state["error"] is not None:
            raise RuntimeError("compiling the Numba kernels failed") from _state["error"]
    return _state["ready"]


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
        _rehearse()
    except BaseException as exc:  # kept for status() and warm_up(); "auto" stays on NumPy
        _state["error"] = exc
    else:
        _state["ready"] = True
    finally:
        _state["seconds"] = time.perf_counter() - start
        _finished.set()
    if _state["ready"]:
        try:
            _compile_uncached()
        except Exception:  # compiled on first use instead, in the caller's thread
            pass


def _compile_uncached() -> None:
    """Compile the parallel interpolation (about 1 s, float64 and float32), after ready.

    A parallel kernel is never cached (``minibalance._kernels.interpolate``), so it
    compiles in every process; here, once the cached kernels are ready, rather than
    in the first large ``fit_resample``.
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
    float64 and float32 scores, below and above the radix sort's cut-over.
    """
    import numpy as np

    from ._config import config_context
    from ._neighbors import KDTREE_MIN_SAMPLES
    from .metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
    from .over_sampling import SMOTE
    from .threshold import find_best_threshold

    rng = np.random.default_rng(0)
    with config_context(backend="numba"):
        # brute force (20 features) first: the most common path, then the KD-tree
        for n_minority, n_features in ((40, 20), (KDTREE_MIN_SAMPLES, 3)):
            X = rng.standard_normal((2 * n_minority + 10, n_features))
            y = np.r_[np.ones(n_minority, np.int64), np.zeros(n_minority + 10, np.int64)]
            for dtype in (np.float64, np.float32):
                SMOTE(random_state=0).fit_resample(X.astype(dtype), y)
        # small inputs (one compiled call each) and large ones (the radix sort), in
        # float64 and float32 scores
        for n_scores in (64, 2048):
            labels = (rng.random(n_scores) < 0.3).astype(np.int64)
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
