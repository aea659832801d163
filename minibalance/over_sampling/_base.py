r"""The step every SMOTE variant shares: draw (row, neighbour) pairs, then interpolate.

imbalanced-learn's ``BaseSMOTE._make_samples`` draws, for ``n`` new samples
from a table ``nn`` of ``k`` neighbours per base row,

.. math:: d_i \sim U\{0, \dots, |nn| - 1\}, \quad (r_i, c_i) = \mathrm{divmod}(d_i, k),
          \quad s_i = \sigma\, u_i, \; u_i \sim U[0, 1),

(``randint`` then ``uniform``, from ``check_random_state(random_state)`` on each
call: an int seed restarts its stream every time) and makes
:math:`x_{new,i} = x_{r_i} + s_i (x_{nn[r_i, c_i]} - x_{r_i})` (:math:`\sigma`, the
step size, is 1 for SMOTE and ``-out_step`` for SVMSMOTE's safe rows).

:class:`SyntheticRows` collects the new rows of every class as pairs of rows of
the original X and their steps, then writes them after the originals in one
pass (``minibalance._kernels.interpolate``), and records the provenance
attributes ``base_indices_``, ``neighbor_indices_`` and ``steps_``.
"""

from __future__ import annotations

import functools
import os
from typing import Any

import numpy as np

from .._sparse import in_format_of, is_sparse
from .._validation import check_random_state

__all__ = ["SyntheticRows", "draw_pairs"]


def draw_pairs(
    random_state: Any, table: np.ndarray, n_new: int, step_size: float = 1.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Draw ``n_new`` (row, neighbour) pairs from ``table`` and their steps, as imbalanced-learn.

    Parameters
    ----------
    random_state : None, int, RandomState or Generator
        Passed through ``check_random_state`` on every call (imbalanced-learn's
        semantics: an int seed starts afresh, an instance continues).
    table : ndarray of intp, shape (n_base, k)
        The neighbours of each base row.
    n_new : int
    step_size : float, default=1.0

    Returns
    -------
    rows : ndarray of intp, shape (n_new,)
        Positions in the base rows.
    neighbors : ndarray of intp, shape (n_new,)
        ``table[rows, cols]``.
    steps : ndarray of float64, shape (n_new,)
    """
    rng = check_random_state(random_state)
    k = table.shape[1]
    if isinstance(rng, np.random.Generator):
        draws = rng.integers(0, table.size, size=n_new)
        steps = step_size * rng.random(n_new)
    else:
        draws = rng.randint(low=0, high=table.size, size=n_new)
        steps = step_size * rng.uniform(size=n_new)
    # draws = rows * k + cols: the neighbour is the draws-th entry of the flat
    # table (one gather instead of a 2-D fancy index: 0.08 vs 0.28 ms at 80,000)
    return draws // k, np.take(table, draws), steps


# Synthetic sparse rows per work item: the kernel runs on every core in threads.
_SPARSE_BLOCK = 1 << 15
# Values of a dense result from which the Numba backend writes it on all cores
# (100,000 x 20 with 80,000 new rows: 2.6-2.9 -> 2.1-2.3 ms, measured).
_THREADED_MIN_VALUES = 1 << 18


def _copy_rows(X, X_res, a, b):
    X_res[a:b] = X[a:b]


def _interpolate_in_blocks(interpolate, csr, base, neighbors, steps):
    """Run the sparse interpolation kernel on blocks of rows in threads; join the blocks."""
    from .._neighbors import _run_blocks

    starts = list(range(0, base.size, _SPARSE_BLOCK))
    results = [None] * len(starts)

    def work(start):
        stop = start + _SPARSE_BLOCK
        results[start // _SPARSE_BLOCK] = interpolate(
            csr.indptr,
            csr.indices,
            csr.data,
            base[start:stop],
            neighbors[start:stop],
            steps[start:stop],
        )

    _run_blocks(work, starts, uses_blas=False)
    if not results:
        return np.zeros(1, dtype=np.int64), csr.indices[:0], np.zeros(0)
    offsets = np.cumsum([0] + [r[0][-1] for r in results[:-1]])
    indptr = np.concatenate([[0]] + [r[0][1:] + o for r, o in zip(results, offsets)])
    return indptr, np.concatenate([r[1] for r in results]), np.concatenate([r[2] for r in results])


class SyntheticRows:
    """The synthetic rows of one ``fit_resample``: blocks of (base, neighbour, step) pairs.

    Every index is a row of the original ``X``; the blocks are written after
    the original rows, in the order they were added.
    """

    def __init__(self, X: np.ndarray, y: np.ndarray) -> None:
        if X.dtype == np.bool_:  # imbalanced-learn fails on the boolean subtraction
            raise TypeError(
                "X has dtype bool, but SMOTE interpolates between rows (x + s * (x_n - x)); "
                "pass X.astype(float) (or use RandomOverSampler, which only copies rows)."
            )
        self.X, self.y = X, y
        self._blocks: list[tuple[Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]] = []

    def add(self, label, base, neighbors, steps, scale=None) -> None:
        """Add new rows of class ``label``: ``X[base] + steps * (X[neighbors] - X[base])``.

        ``scale`` (BorderlineSMOTE-2) shrinks each difference first.
        """
        self._blocks.append((label, base, neighbors, steps, scale))

    def build(self, sampler: Any) -> tuple[np.ndarray, np.ndarray]:
        """Write the originals and every block; set the sampler's provenance attributes."""
        X, y = self.X, self.y
        n_samples = X.shape[0]
        n_new = sum(block[1].size for block in self._blocks)
        if is_sparse(X):
            X_res = self._build_sparse()
        else:
            X_res = self._build_dense(n_samples + n_new)
        y_res = np.empty(n_samples + n_new, dtype=y.dtype)
        y_res[:n_samples] = y
        start = n_samples
        for label, base, *_ in self._blocks:
            y_res[start : start + base.size] = label
            start += base.size

        def joined(i, dtype):
            parts = [np.asarray(block[i], dtype=dtype) for block in self._blocks]
            return np.concatenate(parts) if parts else np.empty(0, dtype=dtype)

        sampler.base_indices_ = joined(1, np.intp)
        sampler.neighbor_indices_ = joined(2, np.intp)
        steps = [b[3] if b[4] is None else b[3] * b[4] for b in self._blocks]
        sampler.steps_ = np.concatenate(steps) if steps else np.empty(0)
        return X_res, y_res

    def _build_sparse(self):
        """Build the sparse result in X's format: ``X[b] + s * (X[n] - X[b])`` per block.

        The rows come from :mod:`minibalance._kernels.sparse_rows` (imbalanced-learn's
        sparse arithmetic: one subtraction, one product with the float64 step, one
        addition, then X's dtype), written with the originals into one CSR matrix.
        """
        import scipy.sparse as sp

        from .._config import get_backend
        from .._kernels import twin

        X = self.X
        csr = X.tocsr()
        if not csr.has_canonical_format:
            csr = csr.copy()
            csr.sum_duplicates()
        plain = all(block[4] is None for block in self._blocks)
        if plain and X.dtype.kind == "f" and get_backend() == "numba":
            return self._build_sparse_in_place(X, csr)
        interpolate = twin("sparse_rows", "interpolate_rows", numba_ok=X.dtype.kind == "f")
        indptr, indices, data = [csr.indptr.astype(np.int64)], [csr.indices], [csr.data]
        for _, base, neighbors, steps, scale in self._blocks:
            if scale is None:
                new_indptr, new_indices, new_data = _interpolate_in_blocks(
                    interpolate, csr, base, neighbors, steps
                )
            else:  # BorderlineSMOTE-2's shrunk differences: scipy's operations
                diff = (csr[neighbors] - csr[base]).multiply(scale[:, None]).astype(X.dtype)
                new = (csr[base] + diff.multiply(steps[:, None])).tocsr()
                new.sort_indices()
                new_indptr, new_indices, new_data = new.indptr, new.indices, new.data
            indptr.append(new_indptr[1:].astype(np.int64) + indptr[-1][-1])
            indices.append(new_indices)
            data.append(new_data.astype(X.dtype, copy=False))
        # one CSR matrix written at once (no stacking copy), then X's format and kind
        nnz = int(indptr[-1][-1])
        index_dtype = np.int32 if nnz < 2**31 and X.shape[1] < 2**31 else np.int64
        out = sp.csr_matrix(
            (
                np.concatenate(data),
                np.concatenate(indices).astype(index_dtype, copy=False),
                np.concatenate(indptr).astype(index_dtype, copy=False),
            ),
            shape=(X.shape[0] + sum(block[1].size for block in self._blocks), X.shape[1]),
        )
        return in_format_of(out, X)

    def _build_sparse_in_place(self, X, csr):
        """Numba: count each new row's values, then write every row straight into the output."""
        import scipy.sparse as sp

        from .._kernels.sparse_rows import count_interpolated_numba, write_interpolated_numba
        from .._neighbors import _run_blocks

        none = [np.empty(0, dtype=np.intp)]
        base = np.concatenate([b[1] for b in self._blocks] + none).astype(np.intp)
        neighbors = np.concatenate([b[2] for b in self._blocks] + none).astype(np.intp)
        steps = np.concatenate([np.asarray(b[3], dtype=np.float64) for b in self._blocks] + none)
        args = (csr.indptr, csr.indices, csr.data)
        starts = list(range(0, base.size, _SPARSE_BLOCK))
        counts = np.empty(base.size, dtype=np.int64)

        def count(start):
            stop = start + _SPARSE_BLOCK
            counts[start:stop] = count_interpolated_numba(
                *args, base[start:stop], neighbors[start:stop], steps[start:stop]
            )

        _run_blocks(count, starts, uses_blas=False)
        n0 = csr.nnz
        indptr = np.empty(X.shape[0] + base.size + 1, dtype=np.int64)
        indptr[: X.shape[0] + 1] = csr.indptr
        np.cumsum(counts, out=indptr[X.shape[0] + 1 :])
        indptr[X.shape[0] + 1 :] += n0
        total = int(indptr[-1])
        index_dtype = np.int32 if total < 2**31 and X.shape[1] < 2**31 else np.int64
        out_indices = np.empty(total, dtype=index_dtype)
        out_data = np.empty(total, dtype=X.dtype)
        out_indices[:n0] = csr.indices
        out_data[:n0] = csr.data
        row_starts = indptr[X.shape[0] : -1]

        def write(start):
            stop = start + _SPARSE_BLOCK
            write_interpolated_numba(
                *args,
                base[start:stop],
                neighbors[start:stop],
                steps[start:stop],
                row_starts[start:stop],
                out_indices,
                out_data,
            )

        _run_blocks(write, starts, uses_blas=False)
        out = sp.csr_matrix(
            (out_data, out_indices, indptr.astype(index_dtype, copy=False)),
            shape=(indptr.size - 1, X.shape[1]),
        )
        return in_format_of(out, X)

    def _build_dense(self, n_total):
        """Build the dense result: the originals, then each block by the interpolation kernel.

        On the Numba backend a result of ``_THREADED_MIN_VALUES`` values or
        more (and below the parallel kernel's own threshold) is written on all
        cores: the originals' copy and the interpolation in row chunks, each a
        disjoint slice, in threads (the serial kernel releases the GIL). Rows
        are independent, so the bits are those of one pass.
        """
        from .._kernels import interpolate, twin

        X = self.X
        n_samples, n_features = X.shape
        X_res = np.empty((n_total, n_features), dtype=X.dtype)
        float_x = X.dtype in (np.float32, np.float64)
        # Integer (and float16) X: the NumPy reference, whose integer handling is the spec.
        kernel = twin("interpolate", "interpolate", numba_ok=float_x)
        values = (n_total - n_samples) * n_features
        threaded = (
            kernel is interpolate.interpolate_numba
            and _THREADED_MIN_VALUES <= values < interpolate.PARALLEL_MIN_VALUES
            and all(block[4] is None for block in self._blocks)
        )
        workers = os.cpu_count() or 1
        chunk = max(1, -(-n_total // (4 * workers))) if threaded else max(1, n_total)
        parts = [
            functools.partial(_copy_rows, X, X_res, a, min(a + chunk, n_samples))
            for a in range(0, n_samples, chunk)
        ]
        start = n_samples
        for _, base, neighbors, steps, scale in self._blocks:
            call = kernel
            if scale is not None:  # BorderlineSMOTE-2: the NumPy reference only
                call = functools.partial(
                    twin("interpolate", "interpolate", numba_ok=False), scale=scale
                )
            for a in range(0, base.size, chunk):
                b = min(a + chunk, base.size)
                out = X_res[start + a : start + b]
                parts.append(functools.partial(call, X, base[a:b], neighbors[a:b], steps[a:b], out))
            start += base.size
        if threaded:
            from .._neighbors import _run_blocks

            _run_blocks(lambda k: parts[k](), range(len(parts)), uses_blas=False)
        else:
            for part in parts:
                part()
        return X_res
