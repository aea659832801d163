r"""Random over-sampling: repeat rows of the smaller classes, optionally jittered.

Each class to over-sample gets ``n_new`` rows drawn uniformly with replacement
from its own rows (one shared random stream for all classes, in sorted label
order, as imbalanced-learn draws it). With ``shrinkage`` the copies are
perturbed: a *smoothed bootstrap* (Menardi & Torelli, 2014) adds Gaussian noise
with per-feature scale

.. math:: h_j = \lambda \left(\frac{4}{(d + 2) n}\right)^{1/(d + 4)} \sigma_j

where :math:`\lambda` is the shrinkage factor, :math:`d` the number of features,
:math:`n` the number of samples and :math:`\sigma_j` the class's standard
deviation of feature :math:`j`.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

from .._sparse import column_std, is_sparse, stack_rows
from .._validation import check_random_state, parameter_error
from ..base import BaseSampler

__all__ = ["RandomOverSampler"]


class RandomOverSampler(BaseSampler):
    """Over-sample by drawing rows of each smaller class with replacement.

    A drop-in for ``imblearn.over_sampling.RandomOverSampler``, with the same
    rows for the same integer or ``RandomState`` ``random_state``.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
        Which classes to over-sample and to how many samples.
    random_state : None, int, RandomState or Generator, default=None
        Seed of the draws (one stream shared by all classes).
    shrinkage : float, dict or None, default=None
        ``None``: plain bootstrap (exact copies). A float >= 0 (or a dict class ->
        float covering every over-sampled class): a smoothed bootstrap, see the
        module notes; X must then be numeric.

    Attributes
    ----------
    sampling_strategy_ : dict
        Class -> number of samples added.
    shrinkage_ : dict or None
        The shrinkage factor per class.
    sample_indices_ : ndarray of int64
        For every output row, the row of X it copies (or jitters).
    n_features_in_ : int
        Number of features.

    Notes
    -----
    The original rows come first, unchanged and in order. X of any dtype is
    accepted (rows are only copied); with ``shrinkage`` a float32 X stays
    float32 (imbalanced-learn returns float64 there) and an integer X becomes
    float64, as in imbalanced-learn.

    References
    ----------
    .. [1] G. Menardi and N. Torelli, "Training and assessing classification
       rules with imbalanced data", Data Mining and Knowledge Discovery 28,
       92-122, 2014.

    Examples
    --------
    >>> from minibalance.over_sampling import RandomOverSampler
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> X_res, y_res = RandomOverSampler(random_state=0).fit_resample(X, [0, 0, 0, 1])
    >>> y_res
    [0, 0, 0, 1, 1, 1]
    """

    _sampling_type = "over-sampling"
    _numeric_only = False
    _accept_sparse = True

    def __init__(self, *, sampling_strategy="auto", random_state=None, shrinkage=None):
        self.sampling_strategy = sampling_strategy
        self.random_state = random_state
        self.shrinkage = shrinkage

    def _check_params(self) -> None:
        super()._check_params()
        shrinkage = self.shrinkage
        number = isinstance(shrinkage, numbers.Real) and not isinstance(shrinkage, bool)
        if not (shrinkage is None or isinstance(shrinkage, Mapping) or (number and shrinkage >= 0)):
            raise parameter_error(
                type(self).__name__,
                "shrinkage",
                "a float in the range [0.0, inf), an instance of 'dict' or None",
                shrinkage,
            )

    def _check_shrinkage(self, X: np.ndarray) -> dict | None:
        shrinkage = self.shrinkage
        if shrinkage is None:
            return None
        if not isinstance(shrinkage, Mapping):
            shrinkage = {c: shrinkage for c in self.sampling_strategy_}
        missing = set(self.sampling_strategy_) - set(shrinkage)
        if missing:  # imbalanced-learn's wording, then the fix
            raise ValueError(
                "`shrinkage` should contain a shrinkage factor for each class that will be "
                f"resampled. The missing classes are: {missing!r}. Give one per class in "
                "sampling_strategy_, or a single float."
            )
        for c, factor in shrinkage.items():
            if not factor >= 0:
                raise ValueError(
                    f"The shrinkage factor needs to be >= 0. Got {factor} for class {c}."
                )
        if X.dtype.kind not in "biuf":
            raise ValueError(
                "When shrinkage is not None, X needs to contain only numerical data to later "
                f"generate a smoothed bootstrap sample; X has dtype {X.dtype}. Use "
                "shrinkage=None for non-numeric data."
            )
        return dict(shrinkage)

    def _copied_rows(self) -> np.ndarray | None:
        return self.sample_indices_ if self.shrinkage_ is None else None

    def _fit_resample(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rng = check_random_state(self.random_state)
        self.shrinkage_ = self._check_shrinkage(X)
        sparse = is_sparse(X)
        n_samples, n_features = X.shape
        indices = [np.arange(n_samples)]
        noise = []
        for label, n_new in self.sampling_strategy_.items():
            class_rows = np.flatnonzero(y == label)
            boot = rng.choice(class_rows, size=n_new, replace=True)
            indices.append(boot)
            if self.shrinkage_ is not None:
                smoothing = (4 / ((n_features + 2) * n_samples)) ** (1 / (n_features + 4))
                std = column_std(X[class_rows]) if sparse else np.std(X[class_rows], axis=0)
                scale = self.shrinkage_[label] * smoothing * std
                # imbalanced-learn multiplies by diag(scale) with a matrix product;
                # each entry of that product is this one rounded product.
                noise.append(rng.randn(n_new, n_features) * scale)
        self.sample_indices_ = np.concatenate(indices).astype(np.int64)
        if sparse:
            return self._sparse_result(X, indices, noise), y[self.sample_indices_]
        X_res = X[self.sample_indices_]
        if self.shrinkage_ is not None:
            out_dtype = X.dtype if X.dtype.kind == "f" else np.float64
            X_res = X_res.astype(out_dtype, copy=False)
            start = n_samples
            for jitter, boot in zip(noise, indices[1:]):
                X_res[start : start + boot.size] = jitter + X[boot]
                start += boot.size
        return X_res, y[self.sample_indices_]

    def _sparse_result(self, X, indices, noise):
        """Build the resampled sparse matrix in ``X``'s format: originals, then the copies.

        Jittered copies are dense by nature (noise on every entry, the zeros
        included, as imbalanced-learn adds it), so only they are built densely,
        class by class; they take ``X``'s dtype when it is floating point, float64
        otherwise (as the dense path does; imbalanced-learn casts the noise back to
        integers there).
        """
        if self.shrinkage_ is None:
            return X[self.sample_indices_]
        out_dtype = X.dtype if X.dtype.kind == "f" else np.float64
        blocks = [X.astype(out_dtype)]
        for jitter, boot in zip(noise, indices[1:]):
            blocks.append(type(X)((jitter + X[boot].toarray()).astype(out_dtype, copy=False)))
        return stack_rows(blocks, X)
