"""Compute kernels, each as a readable NumPy function and a Numba twin.

The twins take plain arrays, do the same arithmetic in the same order and give
the same results. Every caller picks its twin with :func:`twin`, the one place that
reads the configured backend. Numba twins are compiled on their first call
(``minibalance._numba``), so importing these modules is cheap and the NumPy backend
never imports numba.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .._config import get_backend

__all__ = ["twin"]


def twin(module: str, name: str, *, numba_ok: bool = True) -> Any:
    """Return ``<name>_numba`` or ``<name>_numpy`` of ``minibalance._kernels.<module>``.

    The Numba twin when the configured backend is ``"numba"`` and ``numba_ok`` (a
    caller's condition, e.g. the kernel compiles for float data only), else the
    NumPy reference.
    """
    backend = "numba" if numba_ok and get_backend() == "numba" else "numpy"
    found = _MODULES.get(module)
    if found is None:  # imported once: metrics on small inputs call this every time
        found = _MODULES[module] = import_module(f"{__name__}.{module}")
    return getattr(found, f"{name}_{backend}")


_MODULES: dict[str, Any] = {}
