"""Global settings: which compute backend the kernels use.

The backend is read from the environment variable ``MINIBALANCE_BACKEND`` when
minibalance is imported and can be changed with :func:`set_config` or, for a
block of code, with :func:`config_context`:

- ``"auto"`` (default): Numba kernels when numba is importable, NumPy otherwise;
  the first calls in a process run on NumPy while a background process compiles
  the Numba kernels (:mod:`minibalance._warmup`), so a first call does not wait
  for the compiler (a very large one waits at most 3 s, enough for a warm cache);
- ``"numpy"``: the readable NumPy reference kernels;
- ``"numba"``: the Numba kernels, compiled on first call (an error if numba is
  not installed).

Both backends give the same results; only the speed differs.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._numba import HAS_NUMBA
from ._warmup import numba_ready

__all__ = ["config_context", "get_config", "run_with_config", "set_config"]

BACKENDS = ("auto", "numpy", "numba")
_ENV_VAR = "MINIBALANCE_BACKEND"

_lock = threading.Lock()
# Process-wide settings (the environment variable, then set_config) and where each value
# came from, so that errors name the right knob.
_config: dict[str, Any] = {"backend": os.environ.get(_ENV_VAR, "auto").strip().lower()}
_source = {"backend": _ENV_VAR}


# config_context overrides, per thread: a block in one thread never changes another's.
class _Overrides(threading.local):
    def __init__(self) -> None:  # run once in each thread that looks
        self.stack: list[tuple[dict[str, Any], dict[str, str]]] = []


_local = _Overrides()


def _current() -> tuple[dict[str, Any], dict[str, str]]:
    stack = _local.stack
    if stack:
        config, source = stack[-1]
        return dict(config), dict(source)
    with _lock:
        return dict(_config), dict(_source)


def _current_backend() -> tuple[Any, str]:
    """Return the backend setting in force in this thread and where it came from.

    :func:`get_backend` runs on every kernel call: metrics on a thousand scores take
    about 20 microseconds, and copying both settings dicts, as :func:`_current`
    does, took one of them.
    """
    stack = _local.stack
    if stack:
        config, source = stack[-1]
        return config["backend"], source["backend"]
    with _lock:
        return _config["backend"], _source["backend"]


def numba_available() -> bool:
    """Return whether numba can be imported, without importing it.

    Looked up once, when minibalance is imported (``minibalance._numba``): every
    kernel call asks, and searching the import path took 44 microseconds a time
    (measured), more than a metric on a thousand scores.
    """
    return HAS_NUMBA


def _check_backend(backend: object, source: str) -> str:
    if not isinstance(backend, str) or backend.lower() not in BACKENDS:
        raise ValueError(
            f"{source}={backend!r} is not a backend; use one of "
            f"{', '.join(repr(b) for b in BACKENDS)}."
        )
    backend = backend.lower()
    if backend == "numba" and not numba_available():
        raise ImportError(
            f"{source}='numba' but numba is not installed. Install it with "
            "`pip install minibalance[fast]`, or use backend='numpy' or 'auto'."
        )
    return backend


def get_config() -> dict[str, Any]:
    """Return a copy of the current settings.

    Returns
    -------
    config : dict
        ``{"backend": ...}``, the backend as it was set (``"auto"``, ``"numpy"``
        or ``"numba"``).

    Examples
    --------
    >>> import minibalance
    >>> sorted(minibalance.get_config())
    ['backend']
    """
    return _current()[0]


def set_config(*, backend: str | None = None) -> None:
    """Change minibalance's settings for the rest of the process, in every thread.

    A :func:`config_context` block that is open in a thread still wins there
    until it ends.

    Parameters
    ----------
    backend : {"auto", "numpy", "numba"}, default=None
        Which kernels to run. ``None`` leaves the setting unchanged. Asking for
        ``"numba"`` when numba is not installed raises ``ImportError``.

    Examples
    --------
    >>> import minibalance
    >>> minibalance.set_config(backend="numpy")
    >>> minibalance.get_config()["backend"]
    'numpy'
    >>> minibalance.set_config(backend="auto")
    """
    if backend is not None:
        backend = _check_backend(backend, "backend")
        with _lock:
            _config["backend"] = backend
            _source["backend"] = "backend"


@contextmanager
def config_context(**settings: Any) -> Iterator[None]:
    """Change settings inside a ``with`` block, in this thread only, and restore them after.

    Other threads keep their own settings; tasks sent to joblib workers carry
    the caller's settings when wrapped with :func:`run_with_config` (as
    minibalance's own parallel code does).

    Parameters
    ----------
    **settings
        The keyword arguments :func:`set_config` accepts.

    Examples
    --------
    >>> import minibalance
    >>> with minibalance.config_context(backend="numpy"):
    ...     minibalance.get_config()["backend"]
    'numpy'
    """
    unknown = set(settings) - set(_config)
    if unknown:
        raise TypeError(
            f"config_context() got unknown settings {sorted(unknown)}; "
            f"known settings are {sorted(_config)}."
        )
    config, source = _current()
    for name, value in settings.items():
        if value is not None:
            config[name] = _check_backend(value, name)
            source[name] = name
    stack = _local.stack
    stack.append((config, source))
    try:
        yield
    finally:
        stack.pop()


def run_with_config(config: dict[str, Any], func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call ``func`` under ``config`` (a :func:`get_config` result): for worker threads.

    joblib's workers (threads or processes) do not see the caller's
    :func:`config_context`; tasks wrapped with this run with the caller's settings.
    """
    with config_context(**config):
        return func(*args, **kwargs)


def get_backend(*, large: bool = False) -> str:
    """Resolve the configured backend to the one that runs now: ``"numpy"`` or ``"numba"``.

    ``"auto"`` becomes ``"numba"`` when numba is importable and its kernels are
    compiled; until then (the first calls in a process) it becomes ``"numpy"``
    while a background process compiles them (:mod:`minibalance._warmup`). A
    ``large`` call (seconds of NumPy work) first waits briefly for that thread.
    A bad value of the environment variable ``MINIBALANCE_BACKEND`` is reported
    here, by name.
    """
    backend = _check_backend(*_current_backend())
    if backend == "auto":
        if not numba_available():
            return "numpy"
        return "numba" if numba_ready(large=large) else "numpy"
    return backend
