r"""Undo the prior shift of resampling: Bayes' rule on the odds.

A model trained on resampled data (SMOTE, random over/under-sampling) learns
class frequencies :math:`\pi'_c` that are not the population's :math:`\pi_c`: after
balancing, it believes the rare class is common, and its probabilities are too
high for it. If resampling changes only the class priors and not the class
conditional densities :math:`p(x \mid c)`, Bayes' rule gives the probabilities
under the original priors:

.. math::

    p(c \mid x) = \frac{p'(c \mid x)\, \pi_c / \pi'_c}
                       {\sum_k p'(k \mid x)\, \pi_k / \pi'_k},

which for two classes is a rescaling of the odds,

.. math::

    \frac{p}{1 - p} = \frac{p'}{1 - p'} \cdot
        \frac{\pi / (1 - \pi)}{\pi' / (1 - \pi')}.

References
----------
.. [1] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the Outputs of a
   Classifier to New a Priori Probabilities: A Simple Procedure", Neural
   Computation 14(1), 21-41, 2002.
.. [2] C. Elkan, "The Foundations of Cost-Sensitive Learning", IJCAI 2001.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._validation import describe_container

__all__ = ["correct_probabilities"]


def _check_prior(prior: Any, name: str, n_columns: int) -> np.ndarray:
    """Return the prior as a vector over the columns (classes)."""
    try:
        arr = None if prior is None or isinstance(prior, str) else np.asarray(prior, np.float64)
    except (TypeError, ValueError):  # strings, None, ragged lists ...
        arr = None
    if arr is None or arr.ndim > 1:
        raise TypeError(f"{name} must be a number or a 1-D array of class priors; got {prior!r}.")
    if arr.ndim == 0:
        if n_columns != 2:
            raise ValueError(
                f"{name} is a single number, the positive-class prior, which only fits two "
                f"classes; proba has {n_columns} columns. Pass one prior per column."
            )
        if not 0 < arr < 1:
            raise ValueError(f"{name} must be strictly between 0 and 1; got {prior!r}.")
        return np.array([1 - arr, arr])
    if arr.size != n_columns:
        raise ValueError(f"{name} has {arr.size} priors but proba has {n_columns} columns.")
    if not (np.all(arr > 0) and np.all(arr < 1) and abs(arr.sum() - 1) <= 1e-6):
        raise ValueError(
            f"{name} must hold priors strictly between 0 and 1 that sum to 1; got {arr.tolist()}."
        )
    return arr


def correct_probabilities(proba: Any, *, original_prior: Any, resampled_prior: Any) -> Any:
    r"""Correct predicted probabilities for the class priors changed by resampling.

    Parameters
    ----------
    proba : array-like of shape (n_samples,) or (n_samples, n_classes)
        Positive-class probabilities, or a ``predict_proba`` output (one column
        per class, in ``classes_`` order).
    original_prior : float or array-like of shape (n_classes,)
        Class frequencies of the population (the data before resampling). A
        number is the positive-class (last column) prior of a binary problem.
    resampled_prior : float or array-like of shape (n_classes,)
        Class frequencies the model was trained on (after resampling), in the
        same form.

    Returns
    -------
    ndarray (or pandas object) of the shape, dtype and container of ``proba``
        The corrected probabilities; rows of a 2-D input sum to 1. When the two
        priors are equal, a copy of ``proba`` is returned unchanged.

    Notes
    -----
    With :math:`w_c = \pi_c / \pi'_c`, each row becomes
    :math:`p_c w_c / \sum_k p_k w_k` (Saerens et al., 2002). The correction is
    monotone in each probability, so it does not change a ranking (ROC AUC,
    average precision) but it does change any fixed threshold such as 0.5 and
    any calibration measure. It assumes resampling changed only the class
    frequencies; SMOTE's synthetic points also change :math:`p(x \mid c)`, so
    for SMOTE the correction is an approximation.

    References
    ----------
    .. [1] M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the Outputs
       of a Classifier to New a Priori Probabilities: A Simple Procedure",
       Neural Computation 14(1), 21-41, 2002.

    Examples
    --------
    A model trained on a 50/50 resample of data with 1% positives says 0.5:

    >>> from minibalance.threshold import correct_probabilities
    >>> correct_probabilities([0.5, 0.99], original_prior=0.01, resampled_prior=0.5)
    array([0.01, 0.5 ])
    """
    info = describe_container(proba)
    arr = np.asarray(proba)
    if arr.dtype.kind not in "biuf" or arr.ndim not in (1, 2):
        raise TypeError(
            "proba must be a 1-D array of positive-class probabilities or a 2-D "
            f"predict_proba output; got dtype {arr.dtype} with {arr.ndim} dimensions."
        )
    if arr.ndim == 2 and arr.shape[1] < 2:
        raise ValueError(f"A 2-D proba needs one column per class (>= 2); got {arr.shape[1]}.")
    dtype = arr.dtype if arr.dtype.kind == "f" else np.dtype(np.float64)
    p = arr.astype(np.float64)
    if not np.all(np.isfinite(p)) or (p.size and (p.min() < 0 or p.max() > 1)):
        raise ValueError("proba must hold finite probabilities in [0, 1].")
    n_columns = 2 if p.ndim == 1 else p.shape[1]
    original = _check_prior(original_prior, "original_prior", n_columns)
    resampled = _check_prior(resampled_prior, "resampled_prior", n_columns)
    if np.array_equal(original, resampled):
        return _give_back(arr.astype(dtype, copy=True), proba, info)
    w = original / resampled
    if p.ndim == 1:
        num = p * w[1]
        out = num / (num + (1 - p) * w[0])
    else:
        num = p * w
        den = num.sum(axis=1, keepdims=True)
        if np.any(den == 0):
            raise ValueError("proba has a row of zeros; each row must be a probability vector.")
        out = num / den
    return _give_back(out.astype(dtype, copy=False), proba, info)


def _give_back(out: np.ndarray, proba: Any, info: Any) -> Any:
    """Pandas in, pandas out (same index, columns or name; float values); else an ndarray."""
    if info.kind == "dataframe":
        return info.type(out, columns=info.columns, index=proba.index)
    if info.kind == "series":
        return info.type(out, name=info.name, index=proba.index)
    return out
