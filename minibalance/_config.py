"""Global settings: which compute backend the kernels use.

The backend is read from the environment variable ``MINIBALANCE_BACKEND`` when
minibalance is imported and can be changed with :func:`set_config` or, for a
block of code, with :func:`config_context`:

- ``"auto"`` (default): Numba kernels when numba is importable, NumPy otherwise;
- ``"numpy"``: the readable NumPy reference kernels;
- ``"numba"``: the Numba kernels (an error if numba is not installed).

Both backends give the same results; only the speed differs.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["config_context", "get_config", "set_config"]

BACKENDS = ("auto", "numpy", "numba")
_ENV_VAR = "MINIBALANCE_BACKEND"

_lock = threading.Lock()
_config: dict[str, Any] = {"backend": os.environ.get(_ENV_VAR, "auto").strip().lower()}
# Where the current backend value came from, so that errors name the right knob.
_source = {"backend": _ENV_VAR}


def numba_available() -> bool:
    """Return whether numba can be imported, without importing it."""
    return importlib.util.find_spec("numba") is not None


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
    with _lock:
        return dict(_config)


def set_config(*, backend: str | None = None) -> None:
    """Change minibalance's settings for the rest of the process.

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
    """Change settings inside a ``with`` block and restore them afterwards.

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
    with _lock:
        old, old_source = dict(_config), dict(_source)
    set_config(**settings)
    try:
        yield
    finally:
        with _lock:
            _config.update(old)
            _source.update(old_source)


def get_backend() -> str:
    """Resolve the configured backend to the one that runs: ``"numpy"`` or ``"numba"``.

    ``"auto"`` becomes ``"numba"`` when numba is importable. A bad value of the
    environment variable ``MINIBALANCE_BACKEND`` is reported here, by name.
    """
    with _lock:
        backend, source = _config["backend"], _source["backend"]
    backend = _check_backend(backend, source)
    if backend == "auto":
        return "numba" if numba_available() else "numpy"
    return backend
