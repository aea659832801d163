"""Dask inputs as aligned 1-D Dask arrays, one delayed NumPy block per partition."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["aligned", "as_dask_array", "require_dask"]


def require_dask(owner: str) -> None:
    """Raise a clear ImportError when Dask is missing."""
    try:
        import dask.array
        import dask.dataframe  # noqa: F401
    except ImportError as exc:  # pragma: no cover - exercised in a bare environment
        raise ImportError(
            f"{owner} works on Dask collections and needs Dask: pip install 'minibalance[dask]'."
        ) from exc


def _is_dask_frame(x: Any) -> bool:
    import dask.dataframe as dd

    return isinstance(x, (dd.Series, dd.DataFrame))


def as_dask_array(x: Any, name: str, like: Any = None):
    """``x`` as a 1-D Dask array (chunked like ``like`` when given).

    Dask Series (and one-column DataFrames) become arrays with known chunk
    sizes; NumPy arrays and lists are wrapped; anything else is refused.
    """
    import dask.array as da

    if _is_dask_frame(x):
        if getattr(x, "ndim", 1) == 2:
            if len(x.columns) != 1:
                raise ValueError(f"{name} must be one column; got {len(x.columns)} columns.")
            x = x[x.columns[0]]
        x = x.to_dask_array(lengths=True)
    elif not isinstance(x, da.Array):
        if x is None or isinstance(x, (str, bytes)) or np.ndim(x) == 0:
            raise TypeError(f"{name} must be a Dask array or Series; got {type(x).__name__}.")
        x = np.asarray(x)
        x = da.from_array(x, chunks=like.chunks if like is not None else "auto")
    if x.ndim == 2 and x.shape[1] == 1:
        x = x[:, 0]
    if x.ndim != 1:
        raise ValueError(f"{name} must be 1-D; got a Dask array of shape {x.shape}.")
    if like is not None:
        if x.shape[0] != like.shape[0]:
            raise ValueError(
                f"{name} has {x.shape[0]} rows but the labels have {like.shape[0]}: "
                "the collections must hold the same rows."
            )
        if x.chunks != like.chunks:
            x = x.rechunk(like.chunks)
    return x


def aligned(y: Any, *others: tuple[Any, str]):
    """``y`` and the others as Dask arrays with the same chunks (None stays None)."""
    y = as_dask_array(y, "y_true")
    out = [y]
    for value, name in others:
        out.append(None if value is None else as_dask_array(value, name, like=y))
    return out
