"""Class weights and the class-distribution report.

Weighting is the cheapest answer to class imbalance: instead of changing the data,
make every sample of a rare class count for more in the loss. The functions here
compute the weights exactly as scikit-learn's ``sklearn.utils.class_weight`` does
(same values, same dtype, same errors), without importing scikit-learn and
without sorting integer labels.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

import numpy as np

from ._labels import count_labels
from ._sparse import is_sparse
from ._validation import (
    check_sample_weight,
    check_y,
    column_or_1d,
    parameter_error,
)
from .exceptions import InvalidParameterError

__all__ = [
    "ClassDistribution",
    "class_distribution",
    "compute_class_weight",
    "compute_sample_weight",
]


def _check_class_weight_param(class_weight: Any, *, allow_list: bool = False) -> None:
    ok = (
        class_weight is None
        or (isinstance(class_weight, str) and class_weight == "balanced")
        or isinstance(class_weight, dict)
        or (allow_list and isinstance(class_weight, list))
    )
    if not ok:  # scikit-learn's wording, then the fix
        owner = "compute_sample_weight" if allow_list else "compute_class_weight"
        kinds = "an instance of 'dict', " + ("an instance of 'list', " if allow_list else "")
        raise parameter_error(
            owner,
            "class_weight",
            f"{kinds}a str among {{'balanced'}} or None",
            class_weight,
            "Pass a dict {class: weight}"
            + (", a list of such dicts" if allow_list else "")
            + ", 'balanced' or None.",
        )


def _as_label_array(y: Any, name: str = "y") -> np.ndarray:
    if is_sparse(y):
        raise TypeError(f"{name} must be a dense array of labels, not a sparse matrix.")
    return np.asarray(y)


def _weights_from_counts(
    class_weight: Any, classes: np.ndarray, labels: np.ndarray, counts: np.ndarray
) -> np.ndarray:
    """Class weights for ``classes`` given the distinct labels of y and their counts.

    ``labels`` are the sorted distinct labels of y and ``counts`` their (possibly
    weighted) counts. This is scikit-learn's ``compute_class_weight`` after y has
    been counted; ``class_weight`` is not type-checked here, as in scikit-learn's
    nested call from ``compute_sample_weight``.
    """
    class_list = classes.tolist()
    missing = set(labels.tolist()) - set(class_list)
    if missing:
        raise ValueError(
            "classes should include all valid labels that can be in y; "
            f"y has {sorted(missing, key=repr)[:10]} that classes lacks."
        )
    if class_weight is None or len(class_weight) == 0:
        return np.ones(classes.shape[0])
    if isinstance(class_weight, str) and class_weight == "balanced":
        position = {label: i for i, label in enumerate(labels.tolist())}
        try:
            where = np.array([position[c] for c in class_list], dtype=np.intp)
        except KeyError as exc:
            raise ValueError(
                f"classes should have valid labels that are in y; {exc.args[0]!r} "
                "is in classes but not in y. With class_weight='balanced' every "
                "class must occur in y."
            ) from None
        counts = counts.astype(np.float64, copy=False)
        # King & Zeng (2001): n_samples / (n_classes * n_c), weighted sums when
        # sample weights are given.
        recip_freq = np.sum(counts) / (labels.size * counts)
        return recip_freq[where]
    # A user-defined mapping. Labels are looked up as int when they convert to
    # one and as str otherwise, exactly as scikit-learn does.
    weight = np.ones(classes.size)
    unweighted = []
    for i, c in enumerate(classes):
        try:
            c = int(c)
        except ValueError:
            c = str(c)
        if c in class_weight:
            weight[i] = class_weight[c]
        else:
            unweighted.append(c)
    if unweighted and classes.size - len(unweighted) != len(class_weight):
        raise ValueError(
            f"The classes, {np.array(unweighted).tolist()}, are not in class_weight; "
            "give every class a weight, or only use keys that are classes "
            "(missing classes then get weight 1)."
        )
    return weight


def compute_class_weight(
    class_weight: dict | str | None,
    *,
    classes: np.ndarray,
    y: Any,
    sample_weight: Any = None,
) -> np.ndarray:
    r"""Estimate class weights for unbalanced datasets.

    The same function as scikit-learn's ``sklearn.utils.class_weight.
    compute_class_weight``: the same values, dtype and errors.

    Parameters
    ----------
    class_weight : dict, "balanced" or None
        ``"balanced"``: weights inversely proportional to class frequencies (see
        Notes). A dict ``{label: weight}``: those weights, 1 for classes it does
        not name. ``None``: all ones.
    classes : ndarray
        The classes to return weights for, typically ``np.unique(y)``; every
        label of ``y`` must be among them.
    y : array-like of shape (n_samples,)
        The class label of each sample.
    sample_weight : array-like of shape (n_samples,), default=None
        Weights of the samples; only used with ``"balanced"``.

    Returns
    -------
    class_weight_vect : ndarray of float64, shape (n_classes,)
        ``class_weight_vect[i]`` is the weight of ``classes[i]``.

    Notes
    -----
    The balanced weight of class :math:`c` is

    .. math:: w_c = \frac{\sum_i s_i}{K \sum_{i : y_i = c} s_i}

    with :math:`K` the number of classes in ``y`` and :math:`s_i` the sample
    weights (all ones by default), i.e. ``n_samples / (n_classes * count_c)``:
    every class then carries the same total weight, ``n_samples / K``. This
    follows the prior correction of King and Zeng [1]_.

    Integer labels in a compact range are counted with one ``np.bincount``
    (linear time, no sort); other labels with ``np.unique``.

    References
    ----------
    .. [1] G. King and L. Zeng, "Logistic Regression in Rare Events Data",
       Political Analysis 9(2), 137-163, 2001.

    Examples
    --------
    >>> import numpy as np
    >>> from minibalance import compute_class_weight
    >>> y = [1, 1, 1, 1, 0, 0]
    >>> compute_class_weight("balanced", classes=np.unique(y), y=y)
    array([1.5 , 0.75])
    """
    _check_class_weight_param(class_weight)
    if np.ndim(y) == 0:
        raise parameter_error("compute_class_weight", "y", "an array-like", y)
    if not isinstance(classes, np.ndarray):
        raise InvalidParameterError(
            f"classes must be a numpy.ndarray (e.g. np.unique(y)); got {type(classes).__name__}."
        )
    if sample_weight is not None and isinstance(sample_weight, numbers.Number):
        raise parameter_error(
            "compute_class_weight",
            "sample_weight",
            "an array-like or None",
            sample_weight,
            "Pass one weight per sample.",
        )
    y = _as_label_array(y)
    if isinstance(class_weight, str):  # "balanced": needs counts (weighted ones)
        y = column_or_1d(y)
        if sample_weight is not None:
            sample_weight = check_sample_weight(sample_weight, y.shape[0])
        elif y.size == 0:
            raise ValueError(
                "Sample weights must contain at least one non-zero number. y is empty."
            )
        counted = count_labels(y, sample_weight=sample_weight)
        counts = counted.counts if sample_weight is None else counted.weighted
    else:
        counted = count_labels(y.ravel())
        counts = counted.counts
    return _weights_from_counts(class_weight, classes, counted.classes, counts)


def compute_sample_weight(
    class_weight: dict | list | str | None, y: Any, *, indices: Any = None
) -> np.ndarray:
    """Estimate sample weights by class for unbalanced datasets.

    The same function as scikit-learn's ``sklearn.utils.class_weight.
    compute_sample_weight``: the same values, dtype and errors.

    Parameters
    ----------
    class_weight : dict, list of dicts, "balanced" or None
        As in :func:`compute_class_weight`. For several outputs (a 2-D ``y``),
        a list with one dict per column of ``y``, or ``"balanced"``; the
        weights of the outputs are multiplied.
    y : array-like of shape (n_samples,) or (n_samples, n_outputs)
        The class labels.
    indices : array-like of shape (n_subsample,), default=None
        Rows of a (bootstrap) subsample. The balanced weights are then computed
        on ``y[indices]`` and classes absent from the subsample get weight 0.
        Only ``class_weight="balanced"`` is allowed with ``indices``.

    Returns
    -------
    sample_weight_vect : ndarray of float64, shape (n_samples,)
        The weight of each sample of ``y``.

    Examples
    --------
    >>> from minibalance import compute_sample_weight
    >>> compute_sample_weight("balanced", [1, 1, 1, 1, 0, 0])
    array([0.75, 0.75, 0.75, 0.75, 1.5 , 1.5 ])
    """
    _check_class_weight_param(class_weight, allow_list=True)
    if np.ndim(y) == 0:
        raise parameter_error("compute_sample_weight", "y", "an array-like", y)
    if is_sparse(y):
        y = y.toarray()
    y = np.atleast_1d(np.asarray(y))
    if y.ndim == 1:
        y = y.reshape(-1, 1)
    if y.ndim != 2:
        raise ValueError(f"y must be 1-D or 2-D (n_samples, n_outputs); got shape {y.shape}.")
    n_outputs = y.shape[1]
    balanced = isinstance(class_weight, str)

    if indices is not None and not balanced:
        raise ValueError(
            f"The only valid class_weight for subsampling is 'balanced'. Given {class_weight}."
        )
    if n_outputs > 1:
        if class_weight is None or isinstance(class_weight, Mapping):
            raise ValueError(
                "For multi-output, class_weight should be a list of dicts, or the "
                "string 'balanced'."
            )
        if isinstance(class_weight, list) and len(class_weight) != n_outputs:
            raise ValueError(
                "For multi-output, number of elements in class_weight should match "
                f"number of outputs. Got {len(class_weight)} element(s) while having "
                f"{n_outputs} outputs."
            )

    per_output = []
    for k in range(n_outputs):
        y_k = y[:, k]
        weight_k = class_weight if balanced or n_outputs == 1 else class_weight[k]
        if balanced and y_k.size == 0:  # scikit-learn's balanced weights of no samples
            raise ValueError(
                "Sample weights must contain at least one non-zero number. y is empty."
            )
        full = count_labels(y_k, return_inverse=True)
        if indices is None:
            weights = _weights_from_counts(weight_k, full.classes, full.classes, full.counts)
            per_output.append(weights[full.inverse])
            continue
        if y_k.size == 0:
            raise ValueError(
                "Sample weights must contain at least one non-zero number. y is empty."
            )
        sub = count_labels(y_k[np.asarray(indices)])
        sub_weights = _weights_from_counts(weight_k, sub.classes, sub.classes, sub.counts)
        # Classes absent from the subsample weigh 0; searchsorted + clip gives them a
        # placeholder that is then zeroed.
        at = np.searchsorted(sub.classes, full.classes)
        weights = np.take(sub_weights, at, mode="clip")
        weights[~np.isin(full.classes, sub.classes)] = 0.0
        per_output.append(weights[full.inverse])
    return np.prod(per_output, axis=0, dtype=np.float64)


# --- class distribution -----------------------------------------------------------


class ClassDistribution:
    """How the samples of ``y`` divide among the classes.

    Returned by :func:`class_distribution`; printing it shows a table with a
    text bar chart.

    Attributes
    ----------
    labels : ndarray
        The classes, in sorted order.
    counts : ndarray of int64
        Number of samples of each class.
    proportions : ndarray of float64
        Percentage of samples in each class (sums to 100).
    n_samples : int
        Total number of samples.
    majority : label
        The most frequent class (the first in sorted order among ties).
    minority : label
        The least frequent class (the first in sorted order among ties).
    imbalance_ratio : float
        ``count(majority) / count(minority)``; 1.0 when balanced.
    """

    def __init__(self, labels: np.ndarray, counts: np.ndarray) -> None:
        self.labels = labels
        self.counts = counts
        self.n_samples = int(counts.sum())
        self.proportions = 100.0 * counts / self.n_samples
        as_list = labels.tolist()
        self.majority = as_list[int(np.argmax(counts))]
        self.minority = as_list[int(np.argmin(counts))]
        self.imbalance_ratio = float(counts.max() / counts.min())

    @property
    def n_classes(self) -> int:
        """Number of classes."""
        return int(self.labels.size)

    def to_dict(self) -> dict[str, Any]:
        """Return the distribution as plain Python values (JSON-ready for JSON-able labels)."""
        labels = self.labels.tolist()
        return {
            "n_samples": self.n_samples,
            "n_classes": self.n_classes,
            "counts": dict(zip(labels, self.counts.tolist())),
            "proportions": dict(zip(labels, self.proportions.tolist())),
            "majority": self.majority,
            "minority": self.minority,
            "imbalance_ratio": self.imbalance_ratio,
        }

    def __repr__(self) -> str:
        counts = dict(zip(self.labels.tolist(), self.counts.tolist()))
        return f"ClassDistribution(counts={counts}, imbalance_ratio={self.imbalance_ratio:.4g})"

    def __str__(self) -> str:
        width = 30
        names = [str(label) for label in self.labels.tolist()]
        name_w = max([5, *map(len, names)])
        count_w = max(5, len(str(int(self.counts.max()))))
        top = self.counts.max()
        lines = [f"{'class':<{name_w}}  {'count':>{count_w}}  {'share':>7}"]
        for name, count, share in zip(names, self.counts.tolist(), self.proportions.tolist()):
            bar = "#" * max(1, round(width * count / top))
            lines.append(f"{name:<{name_w}}  {count:>{count_w}}  {share:6.2f}%  {bar}")
        lines.append(
            f"{self.n_samples} samples, {self.n_classes} classes; majority {self.majority!r}, "
            f"minority {self.minority!r}, imbalance ratio {self.imbalance_ratio:.2f}:1"
        )
        return "\n".join(lines)


def class_distribution(y: Any) -> ClassDistribution:
    """Count the classes of ``y``: the first step of every imbalanced workflow.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        Class labels (a list, ndarray or pandas Series of ints, strings, floats
        or bools).

    Returns
    -------
    ClassDistribution
        Per-class counts and proportions, majority and minority class and the
        imbalance ratio; ``print`` it for a table, ``to_dict()`` for a dict.

    Examples
    --------
    >>> from minibalance import class_distribution
    >>> dist = class_distribution(["ok"] * 95 + ["fraud"] * 5)
    >>> dist.imbalance_ratio
    19.0
    >>> print(dist)
    class  count    share
    fraud      5    5.00%  ##
    ok        95   95.00%  ##############################
    100 samples, 2 classes; majority 'ok', minority 'fraud', imbalance ratio 19.00:1
    """
    y = check_y(y)
    if y.size == 0:
        raise ValueError("y is empty; class_distribution needs at least one label.")
    counted = count_labels(y)
    return ClassDistribution(counted.classes, counted.counts)
