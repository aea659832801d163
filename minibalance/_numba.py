"""Optional-numba shim: the only module that imports numba.

Kernel modules import ``njit`` and ``prange`` from here. When numba is not
installed, ``njit`` is a decorator that returns the function unchanged and
``prange`` is ``range``, so every kernel still runs as plain Python/NumPy and
``import minibalance`` never pays for importing numba.
"""

from __future__ import annotations

try:  # pragma: no cover - which branch runs depends on the environment
    import numba

    HAS_NUMBA = True
    njit = numba.njit
    prange = numba.prange
except ImportError:  # pragma: no cover
    HAS_NUMBA = False
    prange = range

    def njit(*args, **kwargs):
        """Return the function unchanged (numba is not installed)."""
        if len(args) == 1 and callable(args[0]) and not kwargs:
            return args[0]

        def decorator(func):
            return func

        return decorator


__all__ = ["HAS_NUMBA", "njit", "prange"]
