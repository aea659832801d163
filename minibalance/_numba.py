"""Optional-numba shim: the only module that knows about numba.

Kernel modules decorate their loops with ``njit`` from here and may use
``prange``. Compilation is lazy: numba is imported the first time a kernel is
*called*, not when its module is imported, so ``import minibalance`` and the
NumPy backend never pay for importing numba (about 0.5 s and 100 MB). Without
numba, a kernel runs as the plain Python function and ``prange`` is ``range``.

A kernel may call another kernel (a shared helper such as the engine's sorted
insertion): compiling the caller first compiles every lazy kernel its code names
and puts the compiled dispatcher in the module's namespace, where numba's typing
finds it (numba cannot call a ``LazyKernel`` object itself).

The ``"auto"`` backend does not compile in the caller's thread: it runs on NumPy
until :mod:`minibalance._warmup` has compiled the kernels in a background process.
"""

from __future__ import annotations

import functools
import importlib.util
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["HAS_NUMBA", "njit", "prange"]

HAS_NUMBA = importlib.util.find_spec("numba") is not None

# In interpreted code a parallel loop is a plain loop; a kernel module's global
# ``prange`` is swapped for numba's when one of its kernels is compiled.
prange = range

_lock = threading.RLock()  # re-entrant: compiling a kernel compiles its callees


class LazyKernel:
    """A function compiled by ``numba.njit(**options)`` on its first call."""

    def __init__(self, func: Callable, options: dict[str, Any]) -> None:
        functools.update_wrapper(self, func)
        self.py_func = func
        self.options = options
        self._compiled: Callable | None = None

    def __call__(self, *args: Any) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compile()
        return compiled(*args)

    def _compile(self) -> Callable:
        with _lock:
            if self._compiled is None:
                if not HAS_NUMBA:
                    self._compiled = self.py_func
                else:
                    import numba

                    module_globals = self.py_func.__globals__
                    if module_globals.get("prange") is range:
                        module_globals["prange"] = numba.prange
                    for name in self.py_func.__code__.co_names:
                        callee = module_globals.get(name)
                        if isinstance(callee, LazyKernel):
                            module_globals[name] = callee._compile()
                    self._compiled = numba.njit(**self.options)(self.py_func)
        return self._compiled


def njit(*args: Any, **options: Any):
    """Mark a kernel for lazy ``numba.njit`` compilation (identity without numba).

    Used as ``@njit`` or ``@njit(cache=True, parallel=True)``.
    """
    if len(args) == 1 and callable(args[0]) and not options:
        return LazyKernel(args[0], {})
    return lambda func: LazyKernel(func, options)
