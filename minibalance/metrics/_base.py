"""Input handling shared by the metrics: target types, pos_label, averaging."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._labels import count_labels
from .._validation import check_sample_weight, column_or_1d

__all__ = [
    "average_binary_score",
    "check_binary_inputs",
    "distinct",
    "divide",
    "type_of_target",
]


def distinct(y: np.ndarray) -> np.ndarray:
    """Sorted distinct values of ``y`` (any shape): a bincount for integer labels."""
    return count_labels(np.ravel(y)).classes


def divide(numerator: Any, denominator: Any, fill: float = 0.0) -> np.ndarray:
    """``numerator / denominator`` in float64, ``fill`` where the denominator is 0."""
    mask = np.asarray(denominator) == 0
    denominator = np.array(denominator, dtype=np.float64)
    denominator[mask] = 1
    result = np.asarray(numerator, dtype=np.float64) / denominator
    result[mask] = fill
    return result


def _assert_finite(y: np.ndarray, name: str) -> None:
    if y.dtype.kind == "f" and not np.isfinite(y).all():
        what = "NaN" if np.isnan(y).any() else f"infinity or a value too large for {y.dtype!r}"
        raise ValueError(f"Input {name} contains {what}.")


def type_of_target(y: Any, classes: np.ndarray | None = None, input_name: str = "y_true") -> str:
    """Classify a target as scikit-learn's ``type_of_target`` does, for the cases metrics use.

    Returns one of ``"binary"``, ``"multiclass"``, ``"multilabel-indicator"``,
    ``"continuous"``, ``"multiclass-multioutput"``, ``"continuous-multioutput"``
    or ``"unknown"``. ``classes``, the distinct values of a 1-D ``y`` when the
    caller has them already, saves counting them again. ``input_name`` names
    ``y`` in the NaN / infinity error.
    """
    y = np.asarray(y)
    # scikit-learn looks at y[0]: a bytes label in 1-D y (a 2-D row is not bytes)
    if y.ndim == 1 and y.size and isinstance(y[0], bytes):
        raise TypeError(
            "Support for labels represented as bytes is not supported. Convert the labels to "
            "a string or integer format."
        )
    if y.ndim not in (1, 2):
        return "unknown"
    if y.dtype.kind == "f":  # before any cast to int, which would warn on NaN
        _assert_finite(y, input_name)
    if y.ndim == 2 and y.shape[1] > 1 and y.shape[0] > 0:
        values = distinct(y)
        if values.size < 3 and (
            y.dtype.kind in "biu" or (y.dtype.kind == "f" and np.all(values == values.astype(int)))
        ):
            return "multilabel-indicator"
    if y.size == 0:
        return "binary" if y.ndim == 1 else "unknown"
    if y.dtype == object and not isinstance(y.flat[0], str):
        return "unknown"
    suffix = "-multioutput" if y.ndim == 2 and y.shape[1] > 1 else ""
    if y.dtype.kind == "f" and np.any(y != y.astype(np.int64)):
        return "continuous" + suffix
    if suffix:
        return "multiclass" + suffix
    n_classes = (distinct(y) if classes is None else classes).size
    return "multiclass" if n_classes > 2 else "binary"


def _pos_label_or_default(pos_label: Any, y_true: np.ndarray, classes=None) -> Any:
    if pos_label is not None:
        return pos_label
    classes = distinct(y_true) if classes is None else classes
    # numbers (bools count as 0/1) compare equal across types in Python lists
    ok = classes.dtype.kind not in "OUS" and classes.tolist() in ([0, 1], [-1, 1], [0], [-1], [1])
    if not ok:
        classes_repr = ", ".join(repr(c) for c in classes.tolist())
        raise ValueError(
            f"y_true takes value in {{{classes_repr}}} and pos_label is not "
            "specified: either make y_true take value in {0, 1} or "
            "{-1, 1} or pass pos_label explicitly."
        )
    return 1


def check_binary_inputs(
    y_true: Any, y_score: Any, sample_weight: Any, pos_label: Any, classes: Any = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate a binary problem; return ``(is_positive, scores, weights)``.

    Raises ``ValueError`` as scikit-learn does: lengths differ, NaN or infinite
    values, a target that is not binary (multiclass is accepted with an explicit
    ``pos_label``), or labels outside {0, 1} / {-1, 1} without ``pos_label``.
    ``classes`` (the distinct labels of a 1-D ``y_true``) may be passed when known.
    """
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score)
    for name, arr in (("y_true", y_true), ("y_score", y_score)):
        if arr.ndim == 0:  # scikit-learn's validation refuses a scalar
            raise TypeError(f"The {name!r} parameter must be an array-like. Got {arr!r} instead.")
    lengths = [a.shape[0] if a.ndim else 1 for a in (y_true, y_score)]
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
        lengths.append(sample_weight.shape[0] if sample_weight.ndim else 1)
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")
    if classes is not None and y_true.ndim != 1:
        classes = None
    if classes is None and y_true.ndim == 1 and y_true.dtype.kind in "biu":
        classes = distinct(y_true)  # counted once for the type and pos_label checks
    y_type = type_of_target(y_true, classes)
    if not (y_type == "binary" or (y_type == "multiclass" and pos_label is not None)):
        raise ValueError(f"{y_type} format is not supported")
    if y_true.size == 0:
        raise ValueError("y_true is empty; the metric needs at least one sample.")
    y_true = column_or_1d(y_true, "y_true")
    y_score = column_or_1d(y_score, "y_score")
    _assert_finite(y_true, "y_true")
    if y_score.dtype.kind == "O":  # numbers held as objects, as scikit-learn accepts them
        try:
            y_score = y_score.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError(f"y_score must be numeric; got dtype {y_score.dtype}.") from None
    if y_score.dtype.kind not in "biuf":
        raise ValueError(f"y_score must be numeric; got dtype {y_score.dtype}.")
    if y_score.dtype == np.float16:  # no float16 kernels; float32 holds every value exactly
        y_score = y_score.astype(np.float32)
    _assert_finite(y_score, "y_score")
    pos_label = _pos_label_or_default(pos_label, y_true, classes)
    if sample_weight is not None:
        sample_weight = check_sample_weight(
            column_or_1d(sample_weight, "sample_weight"), y_true.size
        )
    return y_true == pos_label, y_score, sample_weight


def average_binary_score(binary_metric, y_true, y_score, average, sample_weight=None):
    """Apply a binary metric to a binary or multilabel-indicator target, then average.

    The same rules as scikit-learn's ``_average_binary_score``: ``"micro"`` pools
    every (sample, label) pair; ``"macro"`` is the plain mean over labels;
    ``"weighted"`` weights labels by their (weighted) number of positives;
    ``"samples"`` scores each sample's row; ``None`` returns the per-label scores.
    """
    options = (None, "micro", "macro", "weighted", "samples")
    if average not in options:
        raise ValueError(f"average has to be one of {options}")
    y_type = type_of_target(y_true)
    if y_type not in ("binary", "multilabel-indicator"):
        raise ValueError(f"{y_type} format is not supported")
    if y_type == "binary":
        return binary_metric(y_true, y_score, sample_weight=sample_weight)

    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score)
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
    lengths = [y_true.shape[0], y_score.shape[0]] + (
        [sample_weight.shape[0]] if sample_weight is not None and sample_weight.ndim else []
    )
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")
    if y_score.ndim != 2:
        raise ValueError(
            f"y_score must be 2-D (n_samples, n_labels) for a multilabel y_true; "
            f"got shape {y_score.shape}."
        )
    not_average_axis = 1
    score_weight = sample_weight
    average_weight = None
    if average == "micro":
        if score_weight is not None:
            score_weight = np.repeat(score_weight, y_true.shape[1])
        y_true = y_true.ravel()
        y_score = y_score.ravel()
    elif average == "weighted":
        if score_weight is not None:
            average_weight = np.sum(
                np.multiply(y_true.astype(score_weight.dtype), score_weight.reshape(-1, 1)),
                axis=0,
            )
        else:
            average_weight = np.sum(y_true, axis=0)
        if np.isclose(np.sum(average_weight), 0):
            return 0
    elif average == "samples":
        average_weight = score_weight
        score_weight = None
        not_average_axis = 0
    if y_true.ndim == 1:
        y_true = y_true.reshape(-1, 1)
    if y_score.ndim == 1:
        y_score = y_score.reshape(-1, 1)
    n_classes = y_score.shape[not_average_axis]
    score = np.zeros(n_classes)
    for c in range(n_classes):
        y_true_c = y_true.take([c], axis=not_average_axis).ravel()
        y_score_c = y_score.take([c], axis=not_average_axis).ravel()
        score[c] = binary_metric(y_true_c, y_score_c, sample_weight=score_weight)
    if average is not None:
        if average_weight is not None:
            # a zero-weight label cannot drag a NaN into the average
            score[np.asarray(average_weight) == 0] = 0
        return float(np.average(score, weights=average_weight))
    return score
