r"""Balanced mini-batches for stochastic training, from any sampler.

Stochastic gradient descent on imbalanced data sees the rare class in few
batches, and its gradient is dominated by the common one. Here each epoch
resamples the data once (random under-sampling by default, any minibalance or
imbalanced-learn sampler otherwise), then deals the resampled rows into
batches so that **every batch holds each class in the resampled proportion**:
with a balancing sampler and a batch size divisible by the number of classes,
exactly ``batch_size / K`` rows of each class.

The deal is stratified. The :math:`n_c` rows of class :math:`c`, shuffled, get
the keys :math:`(j + u_c) / n_c` for :math:`j = 0 .. n_c - 1` (one uniform
offset :math:`u_c` per class), and the rows are laid out by key. A key interval
of length :math:`L` holds :math:`L n_c` keys of class :math:`c` within one, so any
run of :math:`B` consecutive rows of the :math:`N` holds :math:`B n_c / N` rows of
class :math:`c` within :math:`1 + K n_c / N` (:math:`K` classes). When the classes
are equal in size (a balancing sampler) every interval
:math:`[j / n, (j + 1) / n)` holds exactly one row of each, so every run of
:math:`K` rows from a multiple of :math:`K` is one row per class, and batches of a
multiple of :math:`K` rows are exactly balanced. Cutting the layout every
:math:`B` rows gives the batches; each batch is shuffled once more.

Two forms, for two kinds of training loop:

- :func:`balanced_batches` yields ``(X_batch, y_batch)`` for one epoch: the
  sampler may create rows (SMOTE) because the rows themselves are yielded.
- :class:`BalancedBatchSampler` yields *index* batches into the original
  dataset, with ``__iter__`` (a new resample each epoch) and ``__len__``, the
  protocol of PyTorch's ``DataLoader(dataset, batch_sampler=...)`` and what a
  Keras ``PyDataset`` needs to serve ``X[idx], y[idx]``; neither framework is
  imported. Only samplers that select rows (``sample_indices_``) fit here.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ._labels import count_labels
from ._validation import check_random_state

__all__ = ["BalancedBatchSampler", "balanced_batches", "stratified_order"]


def _check_batch_size(batch_size: Any) -> int:
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)):
        raise TypeError(f"batch_size must be a positive int; got {batch_size!r}.")
    if batch_size < 1:
        raise ValueError(f"batch_size must be a positive int; got {batch_size}.")
    return int(batch_size)


def stratified_order(y: Any, random_state: Any = None) -> np.ndarray:
    """Return an order of the rows in which every window holds each class in proportion.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Labels.
    random_state : None, int, RandomState or Generator, default=None
        Seeds the shuffle of each class and its offset.

    Returns
    -------
    ndarray of intp, shape (n_samples,)
        A permutation of ``range(n_samples)``: any window of ``B`` consecutive
        positions holds ``B n_c / n`` rows of each class ``c``, within
        ``1 + K n_c / n``; exactly ``B / K`` when the ``K`` classes are equal in
        size and the window starts at a multiple of ``K`` (see the module docstring).

    Examples
    --------
    >>> import numpy as np
    >>> y = np.array([0] * 6 + [1] * 6)
    >>> order = stratified_order(y, random_state=0)
    >>> [int(y[order[i : i + 4]].sum()) for i in range(0, 12, 4)]  # two of each in every 4
    [2, 2, 2]
    """
    rng = check_random_state(random_state)
    codes = count_labels(np.asarray(y).ravel(), return_inverse=True).inverse
    keys = np.empty(codes.size)
    for c in range(int(codes.max()) + 1 if codes.size else 0):
        rows = np.flatnonzero(codes == c)
        rows = rows[rng.permutation(rows.size)]
        keys[rows] = (np.arange(rows.size) + rng.random()) / rows.size
    return np.argsort(keys, kind="stable")


def _draw_seed(rng: Any) -> int:
    """One integer seed from a RandomState or a Generator."""
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**31))
    return int(rng.randint(2**31))


def _default_sampler(sampler: Any, random_state: Any) -> Any:
    if sampler is not None:
        return sampler
    from .under_sampling import RandomUnderSampler

    return RandomUnderSampler(random_state=random_state)


def _seeded(sampler: Any, seed: int) -> Any:
    """Return a copy of ``sampler`` whose draws follow ``seed`` (if it has a ``random_state``)."""
    from copy import deepcopy

    sampler = deepcopy(sampler)
    if "random_state" in sampler.get_params():
        sampler.set_params(random_state=seed)
    return sampler


def _take(values: Any, rows: np.ndarray) -> Any:
    if hasattr(values, "iloc"):
        return values.iloc[rows]
    return values[rows]


def balanced_batches(
    X: Any,
    y: Any,
    *,
    batch_size: int = 32,
    sampler: Any = None,
    random_state: Any = None,
    drop_last: bool = False,
) -> Iterator[tuple[Any, Any]]:
    """Yield the stratified mini-batches ``(X_batch, y_batch)`` of one epoch.

    Parameters
    ----------
    X : array-like, DataFrame or sparse matrix of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    batch_size : int, default=32
        Rows per batch (the last may be smaller unless ``drop_last``).
    sampler : sampler, default=None
        Resamples ``(X, y)`` once for the epoch; a ``RandomUnderSampler`` when
        None. Any sampler works, SMOTE included.
    random_state : None, int, RandomState or Generator, default=None
        Seeds the sampler (when it is the default one) and the deal.
    drop_last : bool, default=False
        Leave out a last batch smaller than ``batch_size``.

    Yields
    ------
    X_batch, y_batch
        In the containers of the sampler's output (a DataFrame stays one).

    Notes
    -----
    Call it once per epoch with a different seed for different batches (or
    use :class:`BalancedBatchSampler`, which redraws on every iteration).

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.batches import balanced_batches
    >>> X = np.arange(200, dtype=float).reshape(100, 2); y = np.r_[np.zeros(90), np.ones(10)]
    >>> [int(yb.sum()) for _, yb in balanced_batches(X, y, batch_size=8, random_state=0)]
    [4, 4, 2]
    """
    batch_size = _check_batch_size(batch_size)
    rng = check_random_state(random_state)
    sampler = _default_sampler(sampler, random_state)
    X_res, y_res = sampler.fit_resample(X, y)
    order = stratified_order(y_res, rng)
    n = order.size
    stop = n - n % batch_size if drop_last else n
    for start in range(0, stop, batch_size):
        rows = order[start : start + batch_size]
        rows = rows[rng.permutation(rows.size)]
        yield _take(X_res, rows), _take(y_res, rows)


class BalancedBatchSampler:
    """Index batches for a training loop: a fresh balanced resample every epoch.

    Each iteration (epoch) resamples the labels with the sampler (random
    under-sampling by default) under a new seed drawn from ``random_state``,
    and yields stratified batches of the kept row indices into the original
    dataset. The protocol is PyTorch's batch sampler (``__iter__`` over lists
    of indices, ``__len__``), so ``DataLoader(dataset, batch_sampler=BalancedBatchSampler(y))``
    works, and a Keras ``PyDataset`` can serve ``X[idx], y[idx]`` from
    ``list(batch_sampler)``. Neither framework is imported.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        The dataset's labels.
    X : array-like of shape (n_samples, n_features), default=None
        The features, for samplers whose choice of rows depends on them
        (NearMiss, Tomek links ...); random samplers only look at ``y``.
    batch_size : int, default=32
        Indices per batch.
    sampler : sampler, default=None
        A sampler that *selects* rows (it sets ``sample_indices_``): random
        under- or over-sampling, the cleaning samplers. A ``RandomUnderSampler``
        when None.
    random_state : None, int, RandomState or Generator, default=None
        Seeds the sequence of epochs (the same seed, the same epochs).
    drop_last : bool, default=False
        Leave out a last batch smaller than ``batch_size``.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.batches import BalancedBatchSampler
    >>> y = np.r_[np.zeros(90, dtype=int), np.ones(10, dtype=int)]
    >>> batches = BalancedBatchSampler(y, batch_size=4, random_state=0)
    >>> len(batches), [int(y[idx].sum()) for idx in batches]
    (5, [2, 2, 2, 2, 2])
    """

    def __init__(
        self,
        y: Any,
        *,
        X: Any = None,
        batch_size: int = 32,
        sampler: Any = None,
        random_state: Any = None,
        drop_last: bool = False,
    ):
        self.y = np.asarray(y)
        if self.y.ndim != 1:
            raise ValueError(f"y must be one column of labels; got shape {self.y.shape}.")
        if X is not None and len(X) != self.y.size:
            raise ValueError(f"X has {len(X)} rows but y has {self.y.size} labels.")
        self.X = X
        self.batch_size = _check_batch_size(batch_size)
        self.sampler = _default_sampler(sampler, None)
        self.drop_last = bool(drop_last)
        # one stream of epoch seeds: the same random_state, the same epochs
        self._epochs = np.random.RandomState(_draw_seed(check_random_state(random_state)))
        # the epoch length, from one resample (our samplers keep the same counts every time)
        self._n_rows = self._resample(0).size

    def _resample(self, seed: int) -> np.ndarray:
        sampler = _seeded(self.sampler, seed)
        X = self.X if self.X is not None else np.zeros((self.y.size, 1))
        sampler.fit_resample(X, self.y)
        rows = getattr(sampler, "sample_indices_", None)
        if rows is None:
            raise TypeError(
                f"{type(self.sampler).__name__} creates rows rather than selecting them (it "
                "sets no sample_indices_), so its batches cannot be indices into the dataset. "
                "Use balanced_batches(X, y, sampler=...) to get the rows themselves."
            )
        return np.asarray(rows, dtype=np.intp)

    def __len__(self) -> int:
        """Batches per epoch."""
        if self.drop_last:
            return self._n_rows // self.batch_size
        return -(-self._n_rows // self.batch_size)

    def __iter__(self) -> Iterator[list[int]]:
        """Yield one epoch of index batches (a new resample on every call)."""
        seed = int(self._epochs.randint(2**31))
        rows = self._resample(seed)
        rng = np.random.RandomState(seed)
        order = rows[stratified_order(self.y[rows], rng)]
        stop = len(self) * self.batch_size if self.drop_last else order.size
        for start in range(0, stop, self.batch_size):
            batch = order[start : start + self.batch_size]
            yield batch[rng.permutation(batch.size)].tolist()
