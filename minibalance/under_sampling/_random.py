"""Random under-sampling: keep a random subset of the rows of the larger classes."""

from __future__ import annotations

import numpy as np

from .._labels import count_labels
from .._validation import check_random_state, parameter_error
from ..base import BaseSampler

__all__ = ["RandomUnderSampler"]


class RandomUnderSampler(BaseSampler):
    """Under-sample by drawing a random subset of each larger class.

    A drop-in for ``imblearn.under_sampling.RandomUnderSampler``, with the same
    rows for the same integer or ``RandomState`` ``random_state``.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to under-sample and to how many samples. ``"auto"``
        brings every class down to the minority's count.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws (one stream shared by all classes).
    replacement : bool, default=False
        Draw with replacement.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of samples kept.
    sample_indices_ : ndarray of int64
        The rows of X that were kept, in output order.
    n_features_in_ : int
        Number of features.

    Notes
    -----
    Rows come out grouped by class in sorted label order (imbalanced-learn's
    order): classes not under-sampled keep all their rows in original order,
    under-sampled ones the drawn rows in draw order. A DataFrame keeps the index
    labels of the kept rows.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance.under_sampling import RandomUnderSampler
    >>> X = np.arange(10).reshape(-1, 1)
    >>> y = np.array([0] * 8 + [1] * 2)
    >>> X_res, y_res = RandomUnderSampler(random_state=0).fit_resample(X, y)
    >>> y_res.tolist()
    [0, 0, 1, 1]
    """

    _sampling_type = "under-sampling"
    _numeric_only = False
    _accept_sparse = True

    def __init__(self, *, sampling_strategy="auto", random_state=None, replacement=False):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.replacement = replacement

    def _output_index(self, X):
        # Kept rows keep their DataFrame index labels, as in imbalanced-learn.
        return X.index[self.sample_indices_]

    def _check_params(self) -> None:
        super()._check_params()
        if not isinstance(self.replacement, (bool, np.bool_)):
            raise parameter_error(
                type(self).__name__,
                "replacement",
                "an instance of 'bool' or an instance of 'numpy.bool'",
                self.replacement,
            )

    def _copied_rows(self) -> np.ndarray:
        return self.sample_indices_

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rng = check_random_state(self.random_state)
        kept = []
        for label in count_labels(y).classes.tolist():
            class_rows = np.flatnonzero(y == label)
            if label in self.sampling_strategy_:
                pick = rng.choice(
                    class_rows.size,
                    size=self.sampling_strategy_[label],
                    replace=bool(self.replacement),
                )
                class_rows = class_rows[pick]
            kept.append(class_rows)
        self.sample_indices_ = np.concatenate(kept).astype(np.int64)
        return X[self.sample_indices_], y[self.sample_indices_]
