r"""SMOTE on Dask: each rare class gathered to one worker, the single-machine rows.

SMOTE (Chawla et al. 2002) needs, for each class to over-sample, the ``k``
nearest same-class neighbours of every row of that class, and then draws
(row, neighbour, step) triples: :math:`x_{new} = x_r + s (x_n - x_r)`. The class
is the rare one, so it is small even when the data is not. For each such class:

1. the rows of the class are selected in every partition, in their global
   order, and concatenated *on one worker* (one task depends on all the
   selections; the driver only checks the size from the class counts);
2. that task runs the single-machine steps on them: the exact k-NN engine
   (:mod:`minibalance._neighbors`), the draws of
   :func:`~minibalance.over_sampling._base.draw_pairs` (from the integer seed,
   afresh for each class, as imbalanced-learn does) and the interpolation
   kernel;
3. the synthetic rows stay on that worker and are appended as new partitions.

With an integer ``random_state`` the result is, row for row and bit for bit,
:class:`minibalance.over_sampling.SMOTE`'s on the gathered data (and so
imbalanced-learn's): the originals in order, then each class's new rows in
``sampling_strategy_`` order. Provenance (``base_indices_``,
``neighbor_indices_``) is in global row numbers.
"""

from __future__ import annotations

import types
from typing import Any

import numpy as np

from .._validation import resolve_sampling_strategy
from ._collections import as_dask_array, require_dask
from ._random_samplers import _rows_as_dask, int_seed

__all__ = ["SMOTE"]

_DEFAULT_GATHER = 2**30  # bytes of one class's rows that one task may hold


def _select(X_block, y_block, label, offset):
    y_block = np.asarray(y_block)
    rows = np.flatnonzero(y_block == label)
    return np.asarray(X_block)[rows], (offset + rows).astype(np.int64)


def _smote_class(selections, label, n_new, k_neighbors, seed):
    """Run the single-machine SMOTE of one class on its gathered rows (on a worker)."""
    from .._nearest import neighbors_of
    from ..over_sampling._base import SyntheticRows, draw_pairs

    X_class = np.concatenate([s[0] for s in selections])
    global_rows = np.concatenate([s[1] for s in selections])
    nn = neighbors_of(
        X_class,
        k_neighbors,
        "k_neighbors",
        what=f"class {label!r}",
        fix=", leave this class out of sampling_strategy, or use RandomOverSampler for it",
    )
    rows, neighbors, steps = draw_pairs(seed, nn, n_new)
    synthetic = SyntheticRows(X_class, np.zeros(X_class.shape[0], dtype=np.int8))
    synthetic.add(0, rows, neighbors, steps)
    X_res, _ = synthetic.build(types.SimpleNamespace())
    return X_res[X_class.shape[0] :], global_rows[rows], global_rows[neighbors], steps


class SMOTE:
    """SMOTE of Dask arrays: each over-sampled class on one worker, the single-machine rows.

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
        As :class:`minibalance.over_sampling.SMOTE` (a callable is refused).
    random_state : None or int, default=None
        An integer seed gives the single-machine rows; a ``RandomState`` or
        ``Generator`` gives one integer seed to use (it cannot be advanced on a
        remote worker).
    k_neighbors : int, default=5
    max_gather_bytes : int, default=2**30
        The most bytes of one class's rows gathered on a worker; a larger class
        is an error that says how large it is and what to do.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of samples generated.
    base_indices_, neighbor_indices_ : dask.array.Array of int64
        Global row numbers of each new row's base row and neighbour.
    steps_ : dask.array.Array of float64

    Examples
    --------
    >>> import dask.array as da, numpy as np
    >>> from minibalance.dask import SMOTE
    >>> rng = np.random.RandomState(0)
    >>> X = da.from_array(rng.normal(size=(100, 2)), chunks=(30, 2))
    >>> y = da.from_array(np.r_[np.zeros(90, int), np.ones(10, int)], chunks=30)
    >>> X_res, y_res = SMOTE(random_state=0).fit_resample(X, y)
    >>> X_res.shape, np.bincount(y_res.compute()).tolist()
    ((180, 2), [90, 90])
    """

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        k_neighbors: int = 5,
        max_gather_bytes: int = _DEFAULT_GATHER,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.k_neighbors = k_neighbors
        self.max_gather_bytes = max_gather_bytes

    def fit_resample(self, X: Any, y: Any):
        """Over-sample Dask ``(X, y)``: the originals, then new partitions of synthetic rows.

        ``X`` is a Dask array of rows (n_samples, n_features) and ``y`` a Dask
        array or Series of labels; returns lazy ``X_res, y_res`` with known
        chunk sizes.
        """
        require_dask("minibalance.dask")
        import dask
        import dask.array as da

        from ..over_sampling._smote import SMOTE as SingleSMOTE
        from ._weights import _merged_counts

        if isinstance(self.k_neighbors, bool) or not isinstance(
            self.k_neighbors, (int, np.integer)
        ):
            raise TypeError(
                f"k_neighbors must be an int >= 1 on Dask (an estimator object is not sent "
                f"to the workers); got {self.k_neighbors!r}."
            )
        SingleSMOTE(k_neighbors=int(self.k_neighbors))._check_params()
        y = as_dask_array(y, "y")
        X = _rows_as_dask(X, y)
        if X.dtype == np.bool_:
            raise TypeError(
                "X has dtype bool, but SMOTE interpolates between rows (x + s * (x_n - x)); "
                "pass X.astype(float) (or use RandomOverSampler, which only copies rows)."
            )
        classes, counts, _ = _merged_counts(y)
        self.sampling_strategy_ = resolve_sampling_strategy(
            self.sampling_strategy, classes, counts, "over-sampling"
        )
        seed = int_seed(self.random_state)
        n_features = X.shape[1]
        offsets = np.concatenate(([0], np.cumsum(y.chunks[0])[:-1]))
        Xb, yb = X.to_delayed().ravel(), y.to_delayed().ravel()
        new_X, new_y, base, neighbor, steps = [], [], [], [], []
        for label, n_new in self.sampling_strategy_.items():
            if n_new == 0:
                continue
            n_class = int(counts[np.searchsorted(classes, label)])
            if n_class <= self.k_neighbors:  # the single-machine error, raised here, not later
                from .._nearest import neighbors_of

                neighbors_of(
                    np.zeros((n_class, 1)),
                    int(self.k_neighbors),
                    "k_neighbors",
                    what=f"class {label!r}",
                    fix=", leave this class out of sampling_strategy, or use RandomOverSampler "
                    "for it",
                )
            size = n_class * n_features * X.dtype.itemsize
            if size > self.max_gather_bytes:
                raise ValueError(
                    f"Class {label!r} has {n_class} rows x {n_features} features = "
                    f"{size / 2**20:.1f} MiB, more than max_gather_bytes="
                    f"{self.max_gather_bytes} ({self.max_gather_bytes / 2**20:.1f} MiB), and "
                    "SMOTE needs all of a class on one worker. Raise max_gather_bytes if a "
                    "worker has the memory (about 3x that), or under-sample the class first."
                )
            selections = [
                dask.delayed(_select, nout=2)(Xb[p], yb[p], label, int(offsets[p]))
                for p in range(len(yb))
            ]
            made = dask.delayed(_smote_class, nout=4)(
                selections, label, int(n_new), int(self.k_neighbors), seed
            )
            dtype = X.dtype if X.dtype.kind == "f" else np.dtype(np.float64)
            new_X.append(da.from_delayed(made[0], (int(n_new), n_features), dtype=dtype))
            new_y.append(da.full(int(n_new), label, dtype=y.dtype))
            base.append(da.from_delayed(made[1], (int(n_new),), dtype=np.int64))
            neighbor.append(da.from_delayed(made[2], (int(n_new),), dtype=np.int64))
            steps.append(da.from_delayed(made[3], (int(n_new),), dtype=np.float64))

        def joined(parts, dtype):
            return da.concatenate(parts) if parts else da.zeros(0, dtype=dtype)

        self.base_indices_ = joined(base, np.int64)
        self.neighbor_indices_ = joined(neighbor, np.int64)
        self.steps_ = joined(steps, np.float64)
        if not new_X:
            return X, y
        out_dtype = np.result_type(X.dtype, new_X[0].dtype)
        return da.concatenate([X.astype(out_dtype), *new_X]), da.concatenate([y, *new_y])
