"""Input validation: the one place where minibalance checks what it is given.

Every public function calls these helpers, so a bad input gets the same clear
error everywhere: the error names the parameter, what is wrong, and the fix.
pandas objects are recognised by duck typing; pandas is never imported here.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np

from ._labels import count_labels, distinct
from ._sparse import is_sparse
from .exceptions import InvalidParameterError

__all__ = [
    "ContainerInfo",
    "InvalidParameterError",
    "check_X",
    "check_X_y",
    "check_binary_inputs",
    "check_consistent_length",
    "check_n_classes",
    "check_random_state",
    "check_sample_weight",
    "check_sampling_strategy",
    "check_targets",
    "check_y",
    "column_or_1d",
    "describe_container",
    "is_dataframe",
    "is_series",
    "restore_container",
    "type_of_target",
]


def parameter_error(owner: str, name: str, expected: str, value: Any, fix: str = ""):
    """Build an :class:`InvalidParameterError` in scikit-learn's wording, plus a fix.

    ``The 'k_neighbors' parameter of SMOTE must be an int in the range [1, inf).
    Got 0 instead.``: users match these messages with ``pytest.raises(match=...)``,
    so the references' text comes first and ours after it.
    """
    message = f"The {name!r} parameter of {owner} must be {expected}. Got {value!r} instead."
    return InvalidParameterError(f"{message} {fix}" if fix else message)


def check_options_param(owner: str, name: str, value: Any, options: tuple) -> None:
    """Check a string option (scikit-learn's ``StrOptions``) in its wording."""
    if not (isinstance(value, str) and value in options):
        listed = "{" + ", ".join(repr(o) for o in options) + "}"
        raise parameter_error(owner, name, f"a str among {listed}", value)


def check_int_param(owner: str, name: str, value: Any, low: int, *, none_ok: bool = False) -> None:
    """Check an int ``>= low`` (scikit-learn's ``Interval(Integral, low, None)``)."""
    if none_ok and value is None:
        return
    if not (_is_int(value) and value >= low):
        expected = f"an int in the range [{low}, inf)" + (" or None" if none_ok else "")
        raise parameter_error(owner, name, expected, value)


def check_bool_param(owner: str, name: str, value: Any) -> None:
    """Check a boolean parameter (scikit-learn's ``"boolean"`` constraint)."""
    if not isinstance(value, (bool, np.bool_)):
        raise parameter_error(
            owner, name, "an instance of 'bool' or an instance of 'numpy.bool'", value
        )


def check_n_jobs_param(owner: str, n_jobs: Any) -> None:
    """Check ``n_jobs`` (an int or None)."""
    if not (n_jobs is None or _is_int(n_jobs)):
        raise parameter_error(owner, "n_jobs", "an instance of 'int' or None", n_jobs)


def check_average_param(
    owner: str, average: Any, options: tuple, *, none_first: bool = False
) -> None:
    """Check ``average`` in the references' words (imbalanced-learn puts None first)."""
    if average is None or (isinstance(average, str) and average in options):
        return
    listed = "{" + ", ".join(repr(o) for o in options) + "}"
    expected = f"None or a str among {listed}" if none_first else f"a str among {listed} or None"
    raise parameter_error(owner, "average", expected, average)


def check_weights(sample_weight: Any, n_samples: int) -> np.ndarray:
    """Check sample weights in scikit-learn's words; the dtype is kept (integers stay).

    Complex, multi-dimensional, wrongly sized, NaN or infinite weights raise
    ``ValueError`` with scikit-learn's message, then the fix.
    """
    sw = np.asarray(sample_weight)
    if sw.dtype.kind == "c":
        raise ValueError(f"Complex data not supported\n{sw}\nsample_weight must hold real numbers.")
    if sw.dtype.kind == "O":  # numbers held as objects, as scikit-learn accepts them
        try:
            sw = sw.astype(np.float64)
        except (TypeError, ValueError):
            raise TypeError(
                f"sample_weight must be numeric; got dtype {sw.dtype} holding non-numbers."
            ) from None
    if sw.dtype.kind not in "biuf":
        raise TypeError(f"sample_weight must be numeric; got dtype {sw.dtype}.")
    if sw.ndim == 0:
        return np.full(n_samples, sw[()])
    if sw.ndim != 1:
        raise ValueError(
            f"Sample weights must be 1D array or scalar, got {sw.ndim}D array. Expected "
            f"either a scalar value or a 1D array of length {n_samples}."
        )
    if sw.shape[0] != n_samples:
        raise ValueError(
            f"sample_weight.shape == {sw.shape}, expected {(n_samples,)}! Pass one weight "
            "per sample."
        )
    if sw.dtype.kind == "f" and not np.isfinite(sw).all():
        if np.isnan(sw).any():
            raise ValueError("Input sample_weight contains NaN.")
        raise ValueError(
            f"Input sample_weight contains infinity or a value too large for {sw.dtype!r}."
        )
    return sw


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def check_random_state_param(owner: str, random_state: Any) -> None:
    """Check a ``random_state`` parameter's type before any data is read."""
    if random_state is None or isinstance(
        random_state, (np.random.RandomState, np.random.Generator)
    ):
        return
    if _is_int(random_state) and 0 <= int(random_state) < 2**32:
        return
    raise parameter_error(
        owner,
        "random_state",
        "an int in the range [0, 4294967295], an instance of "
        "'numpy.random.mtrand.RandomState' or None",
        random_state,
        "A numpy.random.Generator is accepted too.",
    )


_STRATEGY_STRINGS = {
    "over-sampling": ("auto", "minority", "not minority", "not majority", "all"),
    "under-sampling": ("auto", "majority", "not minority", "not majority", "all"),
    "clean-sampling": ("auto", "majority", "not minority", "not majority", "all"),
}


def check_sampling_strategy_param(owner: str, strategy: Any, sampling_type: str) -> None:
    """Check the type of ``sampling_strategy`` (its classes are checked with ``y``)."""
    names = _STRATEGY_STRINGS[sampling_type]
    if isinstance(strategy, str):
        ok = strategy in names
    elif isinstance(strategy, numbers.Real) and not isinstance(strategy, bool):
        ok = sampling_type != "clean-sampling" and 0 < strategy <= 1
    else:
        ok = (
            isinstance(strategy, Mapping)
            or callable(strategy)
            or (sampling_type == "clean-sampling" and isinstance(strategy, list))
        )
    if not ok:
        listed = "{" + ", ".join(repr(n) for n in names) + "}"
        kinds = (
            f"a float in the range (0.0, 1.0], a str among {listed}, an instance of "
            "'collections.abc.Mapping' or a callable"
            if sampling_type != "clean-sampling"
            else f"a str among {listed}, an instance of 'list' or a callable"
        )
        raise parameter_error(owner, "sampling_strategy", kinds, strategy)


# --- containers -------------------------------------------------------------------


def _from_pandas(obj: Any) -> bool:
    return type(obj).__module__.split(".")[0] in {"pandas", "modin", "geopandas"}


def is_dataframe(obj: Any) -> bool:
    """Return whether ``obj`` is a pandas DataFrame, without importing pandas."""
    return _from_pandas(obj) and hasattr(obj, "columns") and hasattr(obj, "dtypes")


def is_series(obj: Any) -> bool:
    """Return whether ``obj`` is a pandas Series, without importing pandas."""
    return (
        _from_pandas(obj)
        and hasattr(obj, "name")
        and hasattr(obj, "dtype")
        and getattr(obj, "ndim", 0) == 1
    )


class ContainerInfo(NamedTuple):
    """What an input looked like, so that an output can be given back the same way."""

    kind: str  # "ndarray", "list", "dataframe" or "series"
    type: type
    columns: Any = None
    dtypes: Any = None
    name: Any = None
    dtype: Any = None


def describe_container(obj: Any) -> ContainerInfo:
    """Record the container type of ``obj`` (and pandas metadata) for later."""
    if is_dataframe(obj):
        return ContainerInfo("dataframe", type(obj), obj.columns, obj.dtypes)
    if is_series(obj):
        return ContainerInfo("series", type(obj), name=obj.name, dtype=obj.dtype)
    if isinstance(obj, list):
        return ContainerInfo("list", list)
    return ContainerInfo("ndarray", np.ndarray)


def restore_container(array: np.ndarray, info: ContainerInfo, *, index: Any = None):
    """Give ``array`` back in the container ``info`` describes.

    A DataFrame comes back with the same columns and column dtypes, a Series
    with the same name and dtype, a list as a list, anything else as the
    ndarray. The pandas type is taken from the input, so pandas is never
    imported here.
    """
    if info.kind == "dataframe":
        out = info.type(array, columns=info.columns, index=index)
        return out.astype(info.dtypes.to_dict())
    if info.kind == "series":
        return info.type(array, name=info.name, index=index).astype(info.dtype)
    if info.kind == "list":
        return array.tolist()
    return array


# --- arrays -----------------------------------------------------------------------


def _describe_columns(X: Any, columns: np.ndarray) -> str:
    names = getattr(X, "columns", None)
    cols = columns.tolist()
    shown = cols[:10]
    text = str(shown)[:-1] + (", ...]" if len(cols) > 10 else "]")
    if names is not None:
        labels = [names[c] for c in shown]
        text += f" ({', '.join(repr(n) for n in labels)}{', ...' if len(cols) > 10 else ''})"
    return text


def check_X(
    X: Any, *, name: str = "X", allow_nonfinite: bool = False, numeric: bool = True
) -> np.ndarray:
    """Validate a feature matrix and return it as a 2-D numeric ndarray.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        A list of rows, an ndarray or a pandas DataFrame of numbers (bool,
        integer or floating point).
    name : str, default="X"
        The parameter name used in error messages.
    allow_nonfinite : bool, default=False
        Accept NaN and infinity.
    numeric : bool, default=True
        Require numbers. ``False`` accepts any dtype (for samplers that only
        select rows).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
        The data, not copied when the input already is such an ndarray; its
        dtype is kept. Callers must not write into it.

    Raises
    ------
    TypeError
        For sparse matrices and non-numeric data.
    ValueError
        For a wrong number of dimensions, and for NaN or infinite values
        (saying how many and in which columns).
    """
    if is_sparse(X):
        raise TypeError(
            f"Sparse data was passed for {name} ({type(X).__name__}), but dense data is "
            f"required here. Pass {name}.toarray() if it fits in memory."
        )
    arr = np.asarray(X)
    if numeric and arr.dtype.kind not in "biuf":
        if is_dataframe(X):
            bad = [c for c, d in zip(X.columns, X.dtypes) if getattr(d, "kind", "O") not in "biuf"]
            what = f"columns {bad[:10]} are not" if bad else "some values are missing (pd.NA)"
        else:
            what = f"got dtype {arr.dtype}"
        raise TypeError(
            f"{name} must be numeric (bool, int or float); {what}. Encode "
            "categorical features as numbers and fill missing values first."
        )
    if arr.ndim != 2:
        raise ValueError(
            f"{name} must be 2-D (n_samples, n_features); got shape {arr.shape}. "
            + (f"Use {name}.reshape(-1, 1) for a single feature." if arr.ndim == 1 else "")
        )
    if arr.shape[1] == 0:  # scikit-learn's wording
        raise ValueError(
            f"Found array with 0 feature(s) (shape={arr.shape}) while a minimum of 1 is "
            f"required. {name} needs at least one column."
        )
    if not allow_nonfinite and arr.dtype.kind == "f":
        _check_finite(arr, X, name)
    return arr


def check_sparse_X(X: Any, *, name: str = "X") -> Any:
    """Validate a scipy sparse feature matrix (2-D, numeric, finite); return it as CSR or CSC.

    A CSR or CSC matrix (or array) comes back as it is, any other format as CSR,
    the formats scikit-learn's ``accept_sparse=["csr", "csc"]`` keeps; duplicate
    entries are summed (on a copy: the input is never modified).
    """
    if getattr(X, "format", None) not in ("csr", "csc"):
        X = X.tocsr()
    if not X.data.dtype.isnative:
        # scipy builds no big-endian matrix but holds one whose data was replaced (by
        # an array read from a file); Numba cannot type it. Native, on a copy.
        native = X.data.astype(X.data.dtype.newbyteorder("="))
        X = type(X)((native, X.indices.copy(), X.indptr.copy()), shape=X.shape)
    if not X.has_canonical_format:
        # Duplicate entries (summed by scipy when read) and unsorted indices: summed
        # and sorted on a copy, so every sampler sees each value once.
        X = X.copy()
        X.sum_duplicates()
    if X.ndim != 2 or X.shape[1] == 0:
        raise ValueError(f"{name} must be 2-D with at least one column; got shape {X.shape}.")
    data = np.asarray(X.data)
    if data.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be numeric (bool, int or float); got dtype {data.dtype}.")
    if data.dtype.kind == "f" and not np.isfinite(data).all():
        raise ValueError(
            f"{name} holds {int((~np.isfinite(data)).sum())} NaN or infinite stored values; "
            "fill or drop them first."
        )
    return X


def _check_finite(arr: np.ndarray, original: Any, name: str) -> None:
    # Summing first is one fast pass; only a non-finite sum (a NaN, an inf or an
    # overflow) pays for locating the culprits.
    with np.errstate(over="ignore", invalid="ignore"):
        total = np.sum(arr, dtype=np.float64)
    if np.isfinite(total):
        return
    bad = ~np.isfinite(arr)
    if not bad.any():
        return
    n_nan = int(np.isnan(arr).sum())
    n_inf = int(bad.sum()) - n_nan
    what = " and ".join(
        part
        for part in (f"{n_nan} NaN" if n_nan else "", f"{n_inf} infinite" if n_inf else "")
        if part
    )
    if arr.ndim == 2:
        columns = np.flatnonzero(bad.any(axis=0))
        where = (
            f" in column{'s' if columns.size > 1 else ''} {_describe_columns(original, columns)}"
        )
    else:
        where = ""
    raise ValueError(
        f"{name} contains {what} value{'s' if n_nan + n_inf > 1 else ''}{where}. "
        "Remove those rows or impute the values (e.g. sklearn.impute.SimpleImputer) first."
    )


def column_or_1d(y: np.ndarray, name: str = "y") -> np.ndarray:
    """Return ``y`` as 1-D: a single column ``(n, 1)`` is flattened, more dimensions refused."""
    if y.ndim == 2 and y.shape[1] == 1:
        return y.ravel()
    if y.ndim != 1:
        raise ValueError(f"{name} should be a 1d array, got an array of shape {y.shape} instead.")
    return y


def check_y(y: Any, *, name: str = "y") -> np.ndarray:
    """Validate a label vector and return it as a 1-D ndarray.

    Parameters
    ----------
    y : array-like of shape (n_samples,)
        A list, ndarray or pandas Series of labels of any orderable dtype
        (int, str, float, bool). A single column ``(n_samples, 1)`` is
        accepted and flattened.
    name : str, default="y"
        The parameter name used in error messages.

    Returns
    -------
    y : ndarray of shape (n_samples,)
    """
    if is_sparse(y):
        raise TypeError(f"{name} must be a dense 1-D array of labels, not a sparse matrix.")
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr.ravel()
    if arr.ndim != 1:
        raise ValueError(
            f"Multilabel and multioutput targets are not supported: {name} must be 1-D "
            f"(n_samples,); got shape {arr.shape}. Pass one label per sample."
        )
    if arr.dtype.kind == "f":
        _check_finite(arr, y, name)
    elif arr.dtype.kind not in "biuUSO":
        raise TypeError(f"{name} has dtype {arr.dtype}, which cannot be used as labels.")
    return arr


def check_X_y(
    X: Any,
    y: Any,
    *,
    min_classes: int | None = 2,
    numeric: bool = True,
    allow_nonfinite: bool = False,
    accept_sparse: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """Validate ``X`` and ``y`` together: each on its own, equal lengths, enough classes.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
    y : array-like of shape (n_samples,)
    min_classes : int or None, default=2
        Fewest distinct classes ``y`` must have; ``None`` skips the check.
    numeric, allow_nonfinite : bool
        Passed to :func:`check_X`.
    accept_sparse : bool, default=False
        Accept a scipy sparse ``X`` (checked by :func:`check_sparse_X`, returned
        as CSR or CSC: other formats become CSR).

    Returns
    -------
    X : ndarray of shape (n_samples, n_features)
    y : ndarray of shape (n_samples,)
    """
    if accept_sparse and is_sparse(X):
        X_arr = check_sparse_X(X)
    else:
        X_arr = check_X(X, numeric=numeric, allow_nonfinite=allow_nonfinite)
    y_arr = check_y(y)
    if X_arr.shape[0] != y_arr.shape[0]:
        raise ValueError(
            f"X has {X_arr.shape[0]} rows but y has {y_arr.shape[0]} labels; "
            "they must describe the same samples, one label per row."
        )
    if min_classes is not None:
        check_n_classes(y_arr, min_classes)
    return X_arr, y_arr


def check_n_classes(y: np.ndarray, minimum: int = 2) -> np.ndarray:
    """Raise ``ValueError`` unless ``y`` has at least ``minimum`` classes.

    Returns
    -------
    classes : ndarray
        The sorted distinct labels.
    """
    classes = count_labels(y).classes
    if classes.size < minimum:
        found = (
            "no samples"
            if classes.size == 0
            else f"a single class ({classes.tolist()[0]!r})"
            if classes.size == 1
            else f"{classes.size} classes"
        )
        raise ValueError(
            f"y has {found}; at least {minimum} classes are needed. Check that "
            "the right column was passed as y and that no filtering removed a class."
        )
    return classes


def check_sample_weight(sample_weight: Any, n_samples: int) -> np.ndarray:
    """Validate sample weights: a number or a finite 1-D array of length ``n_samples``.

    Returns
    -------
    sample_weight : ndarray of float64, shape (n_samples,)
        A new array when the input was a number or needed conversion.

    Raises
    ------
    ValueError
        For a wrong shape, non-finite values, or weights that are all zero.
    """
    if sample_weight is None:
        sw = np.ones(n_samples)
    elif isinstance(sample_weight, numbers.Number):
        sw = np.full(n_samples, sample_weight, dtype=np.float64)
    else:
        sw = check_weights(sample_weight, n_samples).astype(np.float64, copy=False)
    if not np.any(sw):
        raise ValueError(
            "Sample weights must contain at least one non-zero number. "
            "sample_weight is all zeros (or there are no samples)."
        )
    return sw


# --- randomness -------------------------------------------------------------------


def check_random_state(seed: Any) -> np.random.RandomState | np.random.Generator:
    """Turn ``seed`` into a NumPy random number generator, as scikit-learn does.

    Parameters
    ----------
    seed : None, int, numpy.random.RandomState or numpy.random.Generator
        ``None``: NumPy's global ``RandomState``; an int: a new
        ``RandomState(seed)``; a ``RandomState`` or ``Generator``: itself.

    Returns
    -------
    numpy.random.RandomState or numpy.random.Generator

    Examples
    --------
    >>> check_random_state(0).randint(10)
    5
    """
    if seed is None or seed is np.random:
        return np.random.mtrand._rand
    if isinstance(seed, numbers.Integral):
        if not 0 <= int(seed) < 2**32:
            raise ValueError(
                f"random_state={seed} is out of range; an integer seed must be "
                "between 0 and 2**32 - 1."
            )
        return np.random.RandomState(int(seed))
    if isinstance(seed, (np.random.RandomState, np.random.Generator)):
        return seed
    raise ValueError(
        f"random_state={seed!r} cannot seed a random number generator; pass None, "
        "an int, a numpy.random.RandomState or a numpy.random.Generator."
    )


# --- sampling_strategy --------------------------------------------------------------

SAMPLING_TYPES = ("over-sampling", "under-sampling", "clean-sampling", "ensemble", "bypass")
STRATEGY_NAMES = ("auto", "minority", "majority", "not minority", "not majority", "all")


def check_sampling_strategy(
    sampling_strategy: Any, y: np.ndarray, sampling_type: str, **kwargs: Any
) -> dict:
    """Resolve ``sampling_strategy`` into ``{class: number of samples}``.

    The one resolver every sampler uses, with imbalanced-learn 0.14's semantics:
    for over-sampling the numbers are how many samples to *generate* per class,
    for under-sampling how many to *keep*. Classes come in sorted label order;
    among tied counts the majority/minority is the first class in that order.

    Parameters
    ----------
    sampling_strategy : float, str, dict, list or callable
        - float in (0, 1], binary ``y`` only: the desired ratio
          minority/majority after resampling;
        - ``'auto'`` (``'not majority'`` for over-, ``'not minority'`` for
          under-sampling), ``'minority'``, ``'majority'`` (under-sampling
          only), ``'not minority'``, ``'not majority'``, ``'all'``;
        - dict ``{class: desired number of samples}``;
        - list of classes (cleaning samplers only);
        - callable ``f(y, **kwargs) -> dict``.
    y : ndarray of shape (n_samples,)
        The labels.
    sampling_type : {"over-sampling", "under-sampling", "clean-sampling", "ensemble", "bypass"}
        ``"ensemble"`` and ``"bypass"`` (the ensembles and ``FunctionSampler``,
        which resolve nothing themselves) return ``sampling_strategy`` as given,
        once ``y`` is checked to hold two classes or more.
    **kwargs
        Passed on to a callable ``sampling_strategy``.

    Returns
    -------
    dict
        Targeted class -> number of samples, in sorted label order.
    """
    if sampling_type not in SAMPLING_TYPES:
        raise ValueError(
            f"'sampling_type' should be one of {SAMPLING_TYPES}. Got {sampling_type!r} instead."
        )
    counted = count_labels(y)
    return resolve_sampling_strategy(
        sampling_strategy, counted.classes, counted.counts, sampling_type, y, **kwargs
    )


def resolve_sampling_strategy(
    sampling_strategy: Any,
    classes: np.ndarray,
    counts: np.ndarray,
    sampling_type: str,
    y: Any = None,
    **kwargs: Any,
) -> dict:
    """:func:`check_sampling_strategy` from the class counts (what it resolves from).

    ``classes`` are the sorted distinct labels and ``counts`` their counts; ``y``
    is only needed by a callable strategy (it is called with it).
    """
    if classes.size <= 1:
        raise ValueError(
            f"The target 'y' needs to have more than 1 class to resample; it has "
            f"{classes.size} "
            f"({classes.tolist()}). Check that the right column is passed as y."
        )
    if sampling_type in ("ensemble", "bypass"):
        return sampling_strategy
    labels = classes.tolist()
    stats = dict(zip(labels, np.asarray(counts).tolist()))
    over = sampling_type == "over-sampling"
    n_max, n_min = max(stats.values()), min(stats.values())
    majority = max(stats, key=stats.get)  # first in sorted order among ties
    minority = min(stats, key=stats.get)

    if isinstance(sampling_strategy, str):
        if sampling_strategy not in STRATEGY_NAMES:
            raise ValueError(
                "When 'sampling_strategy' is a string, it needs to be one of "
                f"{list(STRATEGY_NAMES)}. Got {sampling_strategy!r} instead; or pass a "
                "float, a dict or a callable."
            )
        name = sampling_strategy
        if name == "auto":
            name = "not majority" if over else "not minority"
        if name == "majority" and over:
            raise ValueError(
                "'sampling_strategy'='majority' cannot be used with over-sampler: "
                "over-sampling adds samples to the smaller classes ('not majority')."
            )
        if name == "minority" and not over:
            raise ValueError(
                "'sampling_strategy'='minority' cannot be used with under-sampler and "
                "clean-sampler: they remove samples from the larger classes."
            )
        keep = {
            "all": lambda c: True,
            "minority": lambda c: c == minority,
            "majority": lambda c: c == majority,
            "not minority": lambda c: c != minority,
            "not majority": lambda c: c != majority,
        }[name]
        return {c: (n_max - n if over else n_min) for c, n in stats.items() if keep(c)}

    if callable(sampling_strategy):
        if y is None:
            raise TypeError(
                "A callable sampling_strategy is called with y, which is not available "
                "here; pass a dict {class: number of samples}, a float or a name instead."
            )
        return _strategy_from_dict(sampling_strategy(y, **kwargs), stats, sampling_type)
    if isinstance(sampling_strategy, dict):
        return _strategy_from_dict(sampling_strategy, stats, sampling_type)
    if isinstance(sampling_strategy, list):
        if sampling_type != "clean-sampling":
            raise ValueError(
                "'sampling_strategy' cannot be a list for samplers which are not cleaning "
                "methods; give over- and under-samplers a dict {class: number of samples}."
            )
        _check_known_classes(sampling_strategy, stats)
        return {c: n_min for c in sorted(sampling_strategy)}
    if isinstance(sampling_strategy, numbers.Real) and not isinstance(sampling_strategy, bool):
        return _strategy_from_float(float(sampling_strategy), stats, sampling_type)
    raise ValueError(
        f"sampling_strategy={sampling_strategy!r} is not valid; pass a float, one of "
        f"{list(STRATEGY_NAMES)}, a dict or a callable."
    )


def _check_known_classes(classes: Any, stats: dict) -> None:
    unknown = set(classes) - set(stats)
    if unknown:
        raise ValueError(
            f"The {set(unknown)} target class is/are not present in the data "
            f"(sampling_strategy names them; the classes of y are {list(stats)})."
        )


def _strategy_from_dict(strategy: Any, stats: dict, sampling_type: str) -> dict:
    if sampling_type == "clean-sampling":
        raise ValueError(
            "'sampling_strategy' as a dict for cleaning methods is not supported. "
            "Please give a list of the classes to be targeted by the sampling."
        )
    if not isinstance(strategy, dict):
        raise ValueError(
            f"a callable sampling_strategy must return a dict; it returned {strategy!r}."
        )
    _check_known_classes(strategy, stats)
    if any(n < 0 for n in strategy.values()):
        raise ValueError(
            "The number of samples in a class cannot be negative. "
            f"'sampling_strategy' contains some negative value: {strategy}; every value "
            "must be >= 0."
        )
    resolved = {}
    for c in sorted(strategy):
        n, have = strategy[c], stats[c]
        if sampling_type == "over-sampling":
            if n < have:
                raise ValueError(
                    "With over-sampling methods, the number of samples in a class should "
                    "be greater or equal to the original number of samples. Originally, "
                    f"there is {have} samples and {n} samples are asked (class {c!r}); an "
                    f"over-sampler can only add samples. Ask for at least {have}."
                )
            resolved[c] = n - have
        else:
            if n > have:
                raise ValueError(
                    "With under-sampling methods, the number of samples in a class should "
                    "be less or equal to the original number of samples. Originally, "
                    f"there is {have} samples and {n} samples are asked (class {c!r}); an "
                    f"under-sampler can only remove samples. Ask for at most {have}."
                )
            resolved[c] = n
    return resolved


def _strategy_from_float(ratio: float, stats: dict, sampling_type: str) -> dict:
    if not 0 < ratio <= 1:
        raise ValueError(
            "When 'sampling_strategy' is a float, it should be in the range (0, 1]. "
            f"Got {ratio} instead: it is the desired ratio of minority to majority samples "
            "after resampling."
        )
    if len(stats) != 2:
        raise ValueError(
            '"sampling_strategy" can be a float only when the type of target is binary; '
            f"y has {len(stats)} classes. For multi-class, use a dict "
            "{class: number of samples}."
        )
    if sampling_type == "clean-sampling":
        raise ValueError(
            "'clean-sampling' methods do let the user specify the sampling ratio: "
            "cleaning samplers do not accept a float sampling_strategy."
        )
    majority = max(stats, key=stats.get)
    minority = min(stats, key=stats.get)
    if sampling_type == "over-sampling":
        n_max = stats[majority]
        resolved = {c: int(n_max * ratio - n) for c, n in stats.items() if c != majority}
        if any(n <= 0 for n in resolved.values()):
            raise ValueError(
                "The specified ratio required to remove samples from the minority class "
                f"while trying to generate new samples (sampling_strategy={ratio}); an "
                "over-sampler only adds them. Please increase the ratio."
            )
    else:
        n_min = stats[minority]
        resolved = {c: int(n_min / ratio) for c in stats if c != minority}
        if any(n > stats[c] for c, n in resolved.items()):
            raise ValueError(
                "The specified ratio required to generate new sample in the majority "
                f"class while trying to remove samples (sampling_strategy={ratio}); an "
                "under-sampler only removes them. Please increase the ratio."
            )
    return dict(sorted(resolved.items()))


# --- targets (labels, scores) of the metrics -------------------------------------


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
    if classes is not None and y.ndim == 1 and y.dtype.kind in "biu":
        # numbers, counted already: only the number of classes is left to look at
        return "multiclass" if classes.size > 2 else "binary"
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
    y_true: Any,
    y_score: Any,
    sample_weight: Any,
    pos_label: Any,
    classes: Any = None,
    *,
    finite_score: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Validate a binary problem; return ``(is_positive, scores, weights)``.

    Raises ``ValueError`` as scikit-learn does: lengths differ, NaN or infinite
    values, a target that is not binary (multiclass is accepted with an explicit
    ``pos_label``), or labels outside {0, 1} / {-1, 1} without ``pos_label``.
    ``classes`` (the distinct labels of a 1-D ``y_true``) may be passed when known,
    and ``finite_score=True`` when the caller has checked that a float ``y_score``
    holds no NaN or infinity (a pass over the scores saved: about 0.9 ms at a
    million, caches cold).
    """
    y_true = np.asarray(y_true)
    y_score = np.asarray(y_score)
    for name, arr in (("y_true", y_true), ("y_score", y_score)):
        if arr.ndim == 0:  # scikit-learn's validation refuses a scalar
            raise TypeError(f"The {name!r} parameter must be an array-like. Got {arr!r} instead.")
    if sample_weight is not None:
        sample_weight = np.asarray(sample_weight)
    if sample_weight is not None or len(y_true) != len(y_score):  # (both have a length here)
        check_consistent_length(y_true, y_score, sample_weight)
    if classes is not None and y_true.ndim != 1:
        classes = None
    if classes is None and y_true.ndim == 1 and y_true.dtype.kind in "biu":
        classes = distinct(y_true)  # counted once for the type and pos_label checks
    y_type = type_of_target(y_true, classes)
    if not (y_type == "binary" or (y_type == "multiclass" and pos_label is not None)):
        raise ValueError(
            f"{y_type} format is not supported: y_true must hold two classes (or more, with "
            "an explicit pos_label)."
        )
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
    # no float16 kernels; float32 holds every value exactly (the kind and width, so
    # that big-endian float16, which is not np.float16, is widened too)
    if y_score.dtype.kind == "f" and y_score.dtype.itemsize == 2:
        y_score = y_score.astype(np.float32)
    # In native byte order, contiguous and aligned, as the kernels are compiled:
    # Numba cannot type a big-endian array (scores read from a file), and a column
    # of predict_proba (strided) would compile an 'A'-layout copy of every kernel
    # it reaches, in the caller's process (0.3-3 s each, measured). Copied once
    # instead, only when needed.
    if not (y_score.dtype.isnative and y_score.flags.c_contiguous and y_score.flags.aligned):
        y_score = np.require(y_score, y_score.dtype.newbyteorder("="), "CA")
    if not finite_score:
        _assert_finite(y_score, "y_score")
    pos_label = _pos_label_or_default(pos_label, y_true, classes)
    if sample_weight is not None:
        sample_weight = check_sample_weight(
            column_or_1d(sample_weight, "sample_weight"), y_true.size
        )
    return y_true == pos_label, y_score, sample_weight


def check_consistent_length(*arrays: Any) -> None:
    """Raise scikit-learn's error when arrays (``None`` and scalars skipped) differ in length."""
    lengths = [np.shape(a)[0] for a in arrays if a is not None and np.ndim(a)]
    if len(set(lengths)) > 1:
        raise ValueError(f"Found input variables with inconsistent numbers of samples: {lengths}")


def _common_integer_labels(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signed and unsigned labels in one exact integer dtype.

    NumPy promotes int64 with uint64 to float64, which merges labels above 2**53.
    """
    values = [int(v.min()) for v in (a, b) if v.size] + [int(v.max()) for v in (a, b) if v.size]
    if not values or max(values) <= np.iinfo(np.int64).max:
        return a.astype(np.int64), b.astype(np.int64)
    if min(values) >= 0:
        return a.astype(np.uint64), b.astype(np.uint64)
    raise ValueError(
        "y_true and y_pred hold labels both below 0 and above 2**63 - 1; no integer dtype "
        "holds them all. Map the labels to a smaller range first."
    )


def _label_kinds(labels: np.ndarray) -> set[str]:
    """Which of "str", "bytes", "number" the labels are (scikit-learn: str or not)."""
    if labels.dtype.kind == "U":
        return {"str"}
    if labels.dtype.kind == "S":
        return {"bytes"}
    if labels.dtype.kind != "O":
        return {"number"}
    return {
        "str" if isinstance(v, str) else "bytes" if isinstance(v, bytes) else "number"
        for v in labels.tolist()
    }


def check_targets(y_true: Any, y_pred: Any, sample_weight: Any = None):
    """Validate a pair of label vectors as scikit-learn's ``_check_targets`` does.

    Returns
    -------
    y_type : {"binary", "multiclass", "multilabel-indicator"}
    labels : ndarray
        Sorted union of the labels of ``y_true`` and ``y_pred``.
    y_true, y_pred : ndarray
    sample_weight : ndarray or None
        Integer weights stay integer.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if {y_true.dtype.kind, y_pred.dtype.kind} == {"i", "u"}:
        y_true, y_pred = _common_integer_labels(y_true, y_pred)
    sw = None if sample_weight is None else np.asarray(sample_weight)
    check_consistent_length(y_true, y_pred, sw)
    type_true = type_of_target(y_true, input_name="y_true")
    type_pred = type_of_target(y_pred, input_name="y_pred")
    if y_true.size == 0 or y_pred.size == 0:
        raise ValueError(
            "Found empty input array (e.g., `y_true` or `y_pred`) while a minimum "
            "of 1 sample is required."
        )
    if sw is not None:
        sw = check_weights(sw, y_true.shape[0])
        if not np.any(sw):
            raise ValueError("Sample weights must contain at least one non-zero number.")
    y_type = {type_true, type_pred}
    if y_type == {"binary", "multiclass"}:
        y_type = {"multiclass"}
    if len(y_type) > 1:
        raise ValueError(
            f"Classification metrics can't handle a mix of {type_true} and {type_pred} targets: "
            f"y_true is {type_true}, y_pred is {type_pred}; both must be class labels."
        )
    kind = y_type.pop()
    if kind not in ("binary", "multiclass", "multilabel-indicator"):
        raise ValueError(f"{kind} is not supported: y_true and y_pred must be class labels.")
    if kind in ("binary", "multiclass"):
        y_true = y_true.ravel() if y_true.ndim == 2 and y_true.shape[1] == 1 else y_true
        y_pred = y_pred.ravel() if y_pred.ndim == 2 and y_pred.shape[1] == 1 else y_pred
        true_labels, pred_labels = distinct(y_true), distinct(y_pred)
        if _label_kinds(true_labels) | _label_kinds(pred_labels) not in (
            {"str"},
            {"number"},
            {"bytes"},
        ):
            raise ValueError(
                "Mix of label input types (string and number): y_true has "
                f"{sorted(_label_kinds(true_labels))} labels, y_pred "
                f"{sorted(_label_kinds(pred_labels))}."
            )
        labels = distinct(np.concatenate([true_labels, pred_labels]))
        if kind == "binary" and labels.size > 2:
            kind = "multiclass"
    else:
        labels = np.arange(y_true.shape[1])
    return kind, labels, y_true, y_pred, sw
