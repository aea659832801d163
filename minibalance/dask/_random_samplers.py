r"""Random under- and over-sampling of Dask collections: exact targets, local draws.

The single-machine samplers draw from each class as a whole. On a cluster the
rows of a class are spread over partitions, and drawing them as a whole would
gather them. Instead, with :math:`n_{pc}` rows of class :math:`c` in partition
:math:`p` and a target of :math:`t_c` rows:

- **without replacement** (under-sampling), the numbers kept per partition
  :math:`(q_{1c}, \dots, q_{Pc})` are one multivariate hypergeometric draw of
  :math:`t_c` from urns of sizes :math:`n_{pc}`, and each partition then keeps a
  uniform :math:`q_{pc}`-subset of its rows. Every :math:`t_c`-subset of the
  class is then equally likely, exactly as in one global draw;
- **with replacement** (over-sampling, or ``replacement=True``), the quotas are
  one multinomial draw of :math:`t_c` with probabilities :math:`n_{pc} / n_c`, and
  each partition draws its quota uniformly with replacement from its rows: the
  same law as :math:`t_c` global draws.

The quotas are drawn on the driver from the counts (a :math:`P \times K` table);
each partition draws its rows from its own child seed
(``SeedSequence(seed).spawn(P)``), so a seed gives the same rows however the
work is scheduled. The law is the single-machine sampler's, but not its rows
(imbalanced-learn's draw is one global stream): compare distributions, not rows.
The resampled counts are exactly the single-machine targets, and the output
chunk sizes are known. Kept rows stay in their original order; over-sampled
copies follow their partition's original rows.

The smoothed bootstrap (``shrinkage``) jitters each copy by
:math:`\mathcal N(0, \operatorname{diag}(h\, s_c)^2)` with the class's standard
deviation :math:`s_c` merged from per-partition moments (Chan et al. 1979) and
the single-machine bandwidth :math:`h = \text{shrinkage}\,(4 / ((d + 2) n))^{1/(d+4)}`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import resolve_sampling_strategy
from ._collections import as_dask_array, require_dask

__all__ = ["RandomOverSampler", "RandomUnderSampler"]


def _rows_as_dask(X: Any, y):
    """``X`` as a 2-D Dask array chunked along rows like ``y``."""
    import dask.array as da
    import dask.dataframe as dd

    if isinstance(X, dd.DataFrame):
        raise TypeError(
            "X is a Dask DataFrame; pass X.to_dask_array(lengths=True) (the samplers work on "
            "Dask arrays of rows)."
        )
    if not isinstance(X, da.Array):
        X = da.from_array(np.asarray(X), chunks=(y.chunks[0], -1))
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features); got shape {X.shape}.")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]} labels.")
    return X.rechunk({0: y.chunks[0], 1: -1})


def _class_counts(y_block, classes):
    y_block = np.asarray(y_block)
    return np.array([(y_block == c).sum() for c in classes], dtype=np.int64)


def _class_moments(X_block, y_block, classes):
    """Per class: count, mean and sum of squared deviations (float64) of a partition."""
    X_block = np.asarray(X_block, dtype=np.float64)
    y_block = np.asarray(y_block)
    out = []
    for c in classes:
        rows = X_block[y_block == c]
        if rows.shape[0] == 0:
            out.append((0, np.zeros(X_block.shape[1]), np.zeros(X_block.shape[1])))
            continue
        mean = rows.mean(axis=0)
        out.append((rows.shape[0], mean, ((rows - mean) ** 2).sum(axis=0)))
    return out


def _merge_moments(parts):
    """Chan, Golub & LeVeque's pairwise merge of (n, mean, M2)."""
    n, mean, m2 = 0, None, None
    for nb, mb, m2b in parts:
        if nb == 0:
            continue
        if n == 0:
            n, mean, m2 = nb, mb, m2b
            continue
        delta = mb - mean
        total = n + nb
        mean = mean + delta * nb / total
        m2 = m2 + m2b + delta**2 * n * nb / total
        n = total
    return n, mean, m2


def int_seed(random_state: Any) -> int:
    """One integer seed for the work sent to the workers (a stream cannot be advanced there).

    An int is used as it is; a ``RandomState`` or ``Generator`` gives one draw;
    None fresh entropy.
    """
    if random_state is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(2**32 - 1))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(2**32 - 1))
    if isinstance(random_state, (int, np.integer)) and not isinstance(random_state, bool):
        if 0 <= int(random_state) < 2**32:
            return int(random_state)
    raise ValueError(
        f"random_state must be None, an int in [0, 2**32), a RandomState or a Generator; "
        f"got {random_state!r}."
    )


def _under_block(X_block, y_block, classes, quotas, targeted, seed, replacement, offset):
    rng = np.random.default_rng(seed)
    y_block = np.asarray(y_block)
    kept = []
    for k, c in enumerate(classes):
        rows = np.flatnonzero(y_block == c)
        if targeted[k]:
            rows = rows[rng.choice(rows.size, size=int(quotas[k]), replace=replacement)]
        kept.append(rows)
    kept = np.sort(np.concatenate(kept)) if kept else np.empty(0, dtype=np.intp)
    return np.asarray(X_block)[kept], y_block[kept], (offset + kept).astype(np.int64)


def _over_block(X_block, y_block, classes, quotas, seed, offset, scales):
    rng = np.random.default_rng(seed)
    X_block, y_block = np.asarray(X_block), np.asarray(y_block)
    copies = []
    jitter = []
    for k, c in enumerate(classes):
        if quotas[k] == 0:
            continue
        rows = np.flatnonzero(y_block == c)
        picked = rows[rng.integers(0, rows.size, size=int(quotas[k]))]
        copies.append(picked)
        if scales is not None:
            jitter.append(rng.standard_normal((picked.size, X_block.shape[1])) * scales[k])
    picked = np.concatenate(copies) if copies else np.empty(0, dtype=np.intp)
    new_X = X_block[picked]
    if scales is not None and picked.size:
        dtype = X_block.dtype if X_block.dtype.kind == "f" else np.float64
        new_X = new_X.astype(dtype) + np.concatenate(jitter).astype(dtype)
        X_out = np.concatenate([X_block.astype(dtype, copy=False), new_X])
    else:
        X_out = np.concatenate([X_block, new_X])
    rows = np.concatenate([np.arange(y_block.size), picked])
    return X_out, y_block[rows], (offset + rows).astype(np.int64)


class _DaskRandomSampler:
    _sampling_type = "under-sampling"

    def fit_resample(self, X: Any, y: Any):
        """Resample Dask ``(X, y)``; return lazy Dask arrays with known chunk sizes.

        Parameters
        ----------
        X : Dask array of shape (n_samples, n_features)
        y : Dask array or Series of shape (n_samples,)

        Returns
        -------
        X_res, y_res : Dask arrays
        """
        require_dask("minibalance.dask")
        y = as_dask_array(y, "y")
        X = _rows_as_dask(X, y)
        classes, counts, per_part = self._counts(y)
        self.sampling_strategy_ = resolve_sampling_strategy(
            self.sampling_strategy, classes, counts, self._sampling_type
        )
        master = np.random.SeedSequence(int_seed(self.random_state))
        rng = np.random.default_rng(master)  # the quotas; each partition has its own child
        return self._fit_resample(X, y, classes, counts, per_part, master, rng)

    def _counts(self, y):
        import dask

        from ._weights import _merged_counts

        classes, counts, _ = _merged_counts(y)
        blocks = y.to_delayed().ravel()
        per_part = np.array(
            dask.compute(*[dask.delayed(_class_counts)(b, classes) for b in blocks])
        ).reshape(len(blocks), classes.size)
        return classes, counts, per_part

    def _assemble(self, parts, n_rows, n_features, dtype, y_dtype):
        import dask.array as da

        X_parts, y_parts, i_parts = [], [], []
        for part, n in zip(parts, n_rows, strict=True):
            n = int(n)
            X_parts.append(da.from_delayed(part[0], (n, n_features), dtype=dtype))
            y_parts.append(da.from_delayed(part[1], (n,), dtype=y_dtype))
            i_parts.append(da.from_delayed(part[2], (n,), dtype=np.int64))
        self.sample_indices_ = da.concatenate(i_parts)
        return da.concatenate(X_parts), da.concatenate(y_parts)


class RandomUnderSampler(_DaskRandomSampler):
    """Random under-sampling of Dask arrays: the exact targets, drawn partition by partition.

    The counterpart of :class:`minibalance.under_sampling.RandomUnderSampler` for
    Dask: the same parameters and per-class counts, the same law of the kept rows,
    not the same rows (see :mod:`minibalance.dask._random_samplers`).

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
        As the single-machine sampler (a callable, which needs all of y at once,
        is refused).
    random_state : None, int, RandomState or Generator, default=None
        Seeds the quotas and every partition's draw.
    replacement : bool, default=False

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of samples kept.
    sample_indices_ : dask.array.Array of int64
        Global row numbers of the kept rows, in output order.

    Examples
    --------
    >>> import dask.array as da, numpy as np
    >>> from minibalance.dask import RandomUnderSampler
    >>> X = da.from_array(np.arange(20.0).reshape(10, 2), chunks=(4, 2))
    >>> y = da.from_array(np.array([0] * 8 + [1] * 2), chunks=4)
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> np.bincount(y_res.compute()).tolist(), X_res.chunks[0]
    ([2, 2], (1, 1, 2))
    """

    def __init__(
        self,
        *,
        sampling_strategy: Any = "auto",
        random_state: Any = None,
        replacement: bool = False,
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.replacement = replacement

    def _fit_resample(self, X, y, classes, counts, per_part, master, rng):
        import dask

        quotas = per_part.copy()
        targeted = np.array([c in self.sampling_strategy_ for c in classes.tolist()])
        for k, c in enumerate(classes.tolist()):
            if not targeted[k]:
                continue
            t = int(self.sampling_strategy_[c])
            if self.replacement:
                quotas[:, k] = rng.multinomial(t, per_part[:, k] / counts[k])
            else:
                quotas[:, k] = rng.multivariate_hypergeometric(per_part[:, k], t)
        seeds = master.spawn(len(y.chunks[0]))
        offsets = np.concatenate(([0], np.cumsum(y.chunks[0])[:-1]))
        Xb, yb = X.to_delayed().ravel(), y.to_delayed().ravel()
        parts = [
            dask.delayed(_under_block, nout=3)(
                Xb[p],
                yb[p],
                classes,
                quotas[p],
                targeted,
                seeds[p],
                bool(self.replacement),
                int(offsets[p]),
            )
            for p in range(len(yb))
        ]
        return self._assemble(parts, quotas.sum(axis=1), X.shape[1], X.dtype, y.dtype)


class RandomOverSampler(_DaskRandomSampler):
    """Random over-sampling of Dask arrays: the exact targets, drawn partition by partition.

    The counterpart of :class:`minibalance.over_sampling.RandomOverSampler`:
    the same parameters (``shrinkage`` included) and per-class counts, the same
    law of the copies, not the same rows. Each partition's copies follow its
    original rows.

    Parameters
    ----------
    sampling_strategy : float, str or dict, default="auto"
    random_state : None, int, RandomState or Generator, default=None
    shrinkage : float, dict or None, default=None
        The smoothed bootstrap's shrinkage (see the module docstring).

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of samples generated.
    sample_indices_ : dask.array.Array of int64
        Global row number behind each output row (originals, then copies).
    shrinkage_ : dict or None
    """

    _sampling_type = "over-sampling"

    def __init__(
        self, *, sampling_strategy: Any = "auto", random_state: Any = None, shrinkage: Any = None
    ):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.shrinkage = shrinkage

    def _check_shrinkage(self, classes) -> dict | None:
        if self.shrinkage is None:
            return None
        if isinstance(self.shrinkage, dict):
            missing = set(self.sampling_strategy_) - set(self.shrinkage)
            if missing:
                raise ValueError(
                    f"shrinkage must give a value for every over-sampled class; {sorted(missing)} "
                    "missing."
                )
            values = {c: self.shrinkage[c] for c in self.sampling_strategy_}
        else:
            values = {c: self.shrinkage for c in self.sampling_strategy_}
        for c, v in values.items():
            if isinstance(v, bool) or not isinstance(v, (int, float, np.number)) or v < 0:
                raise ValueError(f"shrinkage for class {c!r} must be a number >= 0; got {v!r}.")
        return values

    def _fit_resample(self, X, y, classes, counts, per_part, master, rng):
        import dask

        self.shrinkage_ = self._check_shrinkage(classes)
        quotas = np.zeros_like(per_part)
        for k, c in enumerate(classes.tolist()):
            if c in self.sampling_strategy_:
                t = int(self.sampling_strategy_[c])
                quotas[:, k] = rng.multinomial(t, per_part[:, k] / counts[k])
        scales = None
        Xb, yb = X.to_delayed().ravel(), y.to_delayed().ravel()
        if self.shrinkage_ is not None:
            moments = dask.compute(
                *[dask.delayed(_class_moments)(a, b, classes) for a, b in zip(Xb, yb)]
            )
            n_samples, n_features = X.shape
            smoothing = (4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))
            scales = []
            for k, c in enumerate(classes.tolist()):
                n, _, m2 = _merge_moments([m[k] for m in moments])
                std = np.sqrt(m2 / n) if n else np.zeros(n_features)
                scales.append(self.shrinkage_.get(c, 0.0) * smoothing * std)
        seeds = master.spawn(len(yb))
        offsets = np.concatenate(([0], np.cumsum(y.chunks[0])[:-1]))
        parts = [
            dask.delayed(_over_block, nout=3)(
                Xb[p], yb[p], classes, quotas[p], seeds[p], int(offsets[p]), scales
            )
            for p in range(len(yb))
        ]
        dtype = X.dtype if scales is None or X.dtype.kind == "f" else np.dtype(np.float64)
        n_rows = np.asarray(y.chunks[0]) + quotas.sum(axis=1)
        return self._assemble(parts, n_rows, X.shape[1], dtype, y.dtype)
