"""A pipeline whose samplers act only when fitting, and whose sample weights follow them.

``Pipeline(steps)`` chains transformers, samplers (anything with
``fit_resample``) and a final estimator, as ``imblearn.pipeline.Pipeline`` does:

- when **fitting** (``fit``, ``fit_predict``, ``fit_transform``,
  ``fit_resample``), each transformer is fitted and applied, and each sampler
  replaces ``(X, y)`` by its resampled ``(X, y)``;
- when **predicting** (``predict``, ``predict_proba``, ``decision_function``,
  ``transform``, ``score`` ...), samplers are skipped: new data is never
  resampled.

So inside ``cross_validate`` or ``GridSearchCV`` the sampler sees only the
training fold: synthetic rows never leak into a validation fold.

**Sample weights follow the resampling** (beyond imbalanced-learn, its issue
#457). A ``sample_weight`` given for the original rows (as
``step__sample_weight=w``, or as ``sample_weight=w`` for every step whose ``fit``
accepts it) reaches a step after a sampler re-indexed by where each resampled
row came from:

- a kept original row keeps its weight, a removed row takes its weight away;
- a row copied by an over-sampler (``sample_indices_``) carries the weight of
  the row it copies;
- a SMOTE row carries the weight of its base row (``base_indices_``: the row
  it starts from).

In symbols, with :math:`s_i` the original row behind resampled row :math:`i`,
the weight of row :math:`i` is :math:`w_{s_i}`. A sampler that records neither
attribute cannot carry weights, and fitting with weights after it is an error
rather than a silent misalignment.

The pipeline itself needs no scikit-learn: it fits the steps it is given (in
place, as scikit-learn's pipeline does without ``memory``); scikit-learn's
``clone``, ``cross_validate``, ``GridSearchCV`` and pickling work with it.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from typing import Any

import numpy as np

__all__ = ["Pipeline", "make_pipeline"]

_SKIP = (None, "passthrough")


class _Steps(dict):
    """``named_steps``: a dict that also reads its keys as attributes."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def _is_sampler(step: Any) -> bool:
    return hasattr(step, "fit_resample")


def _accepts(method: Any, name: str) -> bool:
    try:
        return name in inspect.signature(method).parameters
    except (TypeError, ValueError):  # a builtin without a signature
        return False


def _take(values: Any, rows: np.ndarray) -> Any:
    """``values[rows]`` for an ndarray, a list or a pandas object (by position)."""
    if hasattr(values, "iloc"):
        return values.iloc[rows]
    return np.asarray(values)[rows]


def resampled_sources(sampler: Any, n_in: int, n_out: int) -> np.ndarray:
    """For each row a fitted sampler returned, the input row it comes from.

    ``sample_indices_`` (random over- and under-samplers, and imbalanced-learn's
    samplers that select rows) names the source of every output row. SMOTE's
    output is the input rows, then synthetic rows whose base rows are
    ``base_indices_``.

    Raises
    ------
    ValueError
        If the sampler records neither, so weights cannot follow its rows.
    """
    sources = getattr(sampler, "sample_indices_", None)
    if sources is None and getattr(sampler, "base_indices_", None) is not None:
        sources = np.concatenate([np.arange(n_in), sampler.base_indices_])
    if sources is None:
        raise ValueError(
            f"{type(sampler).__name__} does not record which input row each resampled row "
            "comes from (sample_indices_ or base_indices_), so sample_weight cannot follow "
            "its resampling. Pass the weights only to steps before it, or use a minibalance "
            "sampler."
        )
    sources = np.asarray(sources, dtype=np.intp)
    if sources.shape != (n_out,):
        raise ValueError(
            f"{type(sampler).__name__} returned {n_out} rows but its row record has "
            f"{sources.size}; cannot carry sample_weight through it."
        )
    return sources


class Pipeline:
    """Chain transformers, samplers and a final estimator; samplers act only in fit.

    A drop-in for ``imblearn.pipeline.Pipeline`` (same parameters, methods and
    fitted results), whose ``sample_weight`` follows the resampling (see the
    module notes).

    Parameters
    ----------
    steps : list of (name, estimator) tuples
        Intermediate steps are transformers (``fit`` and ``transform``) or
        samplers (``fit_resample``), or ``"passthrough"`` / ``None``; the last is
        any estimator, or ``"passthrough"``.
    memory : None, default=None
        Caching of fitted transformers is not supported; must be ``None``.
    verbose : bool, default=False
        Print the time each step takes to fit.

    Attributes
    ----------
    named_steps : dict
        Steps by name (also readable as attributes).
    classes_ : ndarray
        The final estimator's classes.
    n_features_in_, feature_names_in_
        Of the first step, once fitted.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.preprocessing import StandardScaler
    >>> from minibalance.over_sampling import SMOTE
    >>> from minibalance.pipeline import make_pipeline
    >>> rng = np.random.RandomState(0)
    >>> X = rng.normal(size=(200, 3)); y = (X[:, 0] > 1.3).astype(int)
    >>> pipe = make_pipeline(StandardScaler(), SMOTE(random_state=0), LogisticRegression())
    >>> pipe.fit(X, y).predict(X[:3]).shape  # SMOTE ran in fit, not in predict
    (3,)
    >>> list(pipe.named_steps)
    ['standardscaler', 'smote', 'logisticregression']
    """

    def __init__(self, steps: list, *, memory: Any = None, verbose: bool = False):
        self.steps = steps
        self.memory = memory
        self.verbose = verbose

    # --- parameters (scikit-learn's conventions, nested by step name) -----------------------

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        """Parameters, and with ``deep`` every step and its ``step__param`` parameters."""
        out: dict[str, Any] = {"steps": self.steps, "memory": self.memory, "verbose": self.verbose}
        if not deep:
            return out
        for name, step in self.steps:
            out[name] = step
            if hasattr(step, "get_params") and not isinstance(step, type):
                out.update((f"{name}__{k}", v) for k, v in step.get_params(deep=True).items())
        return out

    def set_params(self, **params: Any) -> Pipeline:
        """Set parameters: ``steps``, a whole step by name, or ``step__param``.

        Returns
        -------
        self
        """
        if "steps" in params:
            self.steps = params.pop("steps")
        for key in ("memory", "verbose"):
            if key in params:
                setattr(self, key, params.pop(key))
        names = [name for name, _ in self.steps]
        for name in [k for k in params if "__" not in k]:
            if name not in names:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator Pipeline. Valid parameters are "
                    f"'steps', 'memory', 'verbose' and the step names {names}."
                )
            at = names.index(name)
            self.steps = [*self.steps[:at], (name, params.pop(name)), *self.steps[at + 1 :]]
        nested: dict[str, dict[str, Any]] = {}
        for key, value in params.items():
            name, _, sub = key.partition("__")
            if name not in names:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator Pipeline: no step is named so; "
                    f"the steps are {names}."
                )
            nested.setdefault(name, {})[sub] = value
        for name, sub_params in nested.items():
            self.named_steps[name].set_params(**sub_params)
        return self

    def __repr__(self) -> str:
        extra = "".join(
            f", {k}={getattr(self, k)!r}"
            for k, d in (("memory", None), ("verbose", False))
            if getattr(self, k) != d
        )
        return f"Pipeline(steps={self.steps!r}{extra})"

    # --- structure ---------------------------------------------------------------------------

    def _validate_steps(self) -> None:
        if not isinstance(self.steps, (list, tuple)) or not self.steps:
            raise TypeError(
                f"steps must be a non-empty list of (name, estimator) tuples; got {self.steps!r}."
            )
        for item in self.steps:
            if not (isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)):
                raise TypeError(f"Each step must be a (name, estimator) tuple; got {item!r}.")
        names = [name for name, _ in self.steps]
        if len(set(names)) != len(names):
            raise ValueError(f"Names provided are not unique: {names}.")
        for name in names:
            if "__" in name:
                raise ValueError(f"Estimator names must not contain __: got {name!r}.")
            if name in ("steps", "memory", "verbose"):
                raise ValueError(f"Estimator names conflict with constructor arguments: {name!r}.")
        if self.memory is not None:
            raise ValueError(
                "memory: caching fitted transformers is not supported by minibalance's "
                "Pipeline; pass memory=None."
            )
        for name, step in self.steps[:-1]:
            if step in _SKIP:
                continue
            fits = hasattr(step, "fit") or hasattr(step, "fit_transform") or _is_sampler(step)
            if not (fits and (hasattr(step, "transform") or _is_sampler(step))):
                raise TypeError(
                    "All intermediate steps of the chain should be estimators that implement "
                    f"fit and transform or fit_resample; {name!r} ({step!r}) does not."
                )
            if hasattr(step, "transform") and _is_sampler(step):
                raise TypeError(
                    "All intermediate steps of the chain should be estimators that implement "
                    f"fit and transform or fit_resample, not both; {name!r} ({step!r}) does."
                )
        last = self.steps[-1][1]
        if last not in _SKIP and not hasattr(last, "fit"):
            raise TypeError(
                f"Last step of Pipeline should implement fit or be 'passthrough'; "
                f"{last!r} does not."
            )

    @property
    def named_steps(self) -> _Steps:
        """The steps by name."""
        return _Steps(self.steps)

    @property
    def _final_estimator(self) -> Any:
        last = self.steps[-1][1]
        return "passthrough" if last is None else last

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, ind: Any) -> Any:
        """Return a step by position or name, or a sub-pipeline for a slice."""
        if isinstance(ind, slice):
            if ind.step not in (1, None):
                raise ValueError("Pipeline slicing only supports a step of 1.")
            return type(self)(self.steps[ind], memory=self.memory, verbose=self.verbose)
        if isinstance(ind, str):
            return self.named_steps[ind]
        return self.steps[ind][1]

    def _iter(self, *, with_final: bool = True, skip_samplers: bool = True) -> Iterator:
        stop = len(self.steps) if with_final else len(self.steps) - 1
        for i, (name, step) in enumerate(self.steps[:stop]):
            if step in _SKIP or (skip_samplers and _is_sampler(step)):
                continue
            yield i, name, step

    # --- fitting -----------------------------------------------------------------------------

    def _split_params(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        """Fit parameters per step: ``step__param``, and a bare ``sample_weight`` for all."""
        names = [name for name, _ in self.steps]
        per_step: list[dict[str, Any]] = [{} for _ in self.steps]
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if sep and name in names:
                per_step[names.index(name)][sub] = value
            elif key == "sample_weight":
                takers = [
                    i
                    for i, (_, step) in enumerate(self.steps)
                    if step not in _SKIP
                    and not _is_sampler(step)
                    and _accepts(getattr(step, "fit", None), "sample_weight")
                ]
                if not takers:
                    raise ValueError(
                        "sample_weight was given, but no step's fit accepts sample_weight."
                    )
                for i in takers:
                    per_step[i]["sample_weight"] = value
            else:
                raise ValueError(
                    f"Pipeline.fit does not accept the {key} parameter. You can pass "
                    "parameters to specific steps of your pipeline using the "
                    f"stepname__parameter format, e.g. `Pipeline.fit(X, y, "
                    f"{names[-1]}__{key}=value)`; a bare sample_weight goes to every step "
                    "that accepts it."
                )
        return per_step

    def _log(self, i: int, name: str, start: float) -> None:
        if self.verbose:
            import time

            print(
                f"[Pipeline] ...... (step {i + 1} of {len(self.steps)}) Processing {name}, "
                f"total={time.perf_counter() - start:.1f}s"
            )

    def _fit(self, X: Any, y: Any, params: dict[str, Any]) -> tuple[Any, Any, dict[str, Any]]:
        """Fit every step but the last; return the data and parameters for the last."""
        import time

        self._validate_steps()
        per_step = self._split_params(params)
        # origin[i]: the original row behind the current row i (weights follow it)
        origin = None
        for i, (name, step) in enumerate(self.steps[:-1]):
            if step in _SKIP:
                continue
            start = time.perf_counter()
            step_params = _follow(per_step[i], origin)
            if _is_sampler(step):
                n_in = _n_rows(X)
                X, y = step.fit_resample(X, y, **step_params)
                if any("sample_weight" in p for p in per_step[i + 1 :]):
                    sources = resampled_sources(step, n_in, _n_rows(X))
                    origin = sources if origin is None else origin[sources]
            elif hasattr(step, "fit_transform"):
                X = step.fit_transform(X, y, **step_params)
            else:
                X = step.fit(X, y, **step_params).transform(X)
            self._log(i, name, start)
        return X, y, _follow(per_step[-1], origin)

    def fit(self, X: Any, y: Any = None, **params: Any) -> Pipeline:
        """Fit the steps in turn (samplers resample), then the final estimator.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **params
            ``step__param=value`` for a step's ``fit`` (or ``fit_resample``); a bare
            ``sample_weight`` for every step whose ``fit`` accepts it. Sample weights
            follow the resampling.

        Returns
        -------
        self
        """
        Xt, yt, last_params = self._fit(X, y, params)
        last = self._final_estimator
        if last != "passthrough":
            last.fit(Xt, yt, **last_params)
        return self

    def fit_transform(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit, then return the final step's transform of the (resampled) training data."""
        Xt, yt, last_params = self._fit(X, y, params)
        last = self._final_estimator
        if last == "passthrough":
            return Xt
        if hasattr(last, "fit_transform"):
            return last.fit_transform(Xt, yt, **last_params)
        return last.fit(Xt, yt, **last_params).transform(Xt)

    def fit_resample(self, X: Any, y: Any = None, **params: Any) -> tuple[Any, Any]:
        """Fit, then resample with the final step (which must be a sampler)."""
        Xt, yt, last_params = self._fit(X, y, params)
        last = self._final_estimator
        if last == "passthrough":
            return Xt, yt
        if not _is_sampler(last):
            raise AttributeError(
                f"The final step {self.steps[-1][0]!r} has no fit_resample: only a pipeline "
                "ending with a sampler can resample."
            )
        return last.fit_resample(Xt, yt, **last_params)

    def fit_predict(self, X: Any, y: Any = None, **params: Any) -> Any:
        """Fit, then return the final estimator's ``fit_predict`` on the training data."""
        Xt, yt, last_params = self._fit(X, y, params)
        return self._final_estimator.fit_predict(Xt, yt, **last_params)

    # --- using a fitted pipeline: samplers are skipped ----------------------------------------

    def _transform_all_but_last(self, X: Any) -> Any:
        for _, _, step in self._iter(with_final=False):
            X = step.transform(X)
        return X

    def _final_method(self, method: str) -> Any:
        last = self._final_estimator
        if last == "passthrough" or not hasattr(last, method):
            raise AttributeError(
                f"This 'Pipeline' has no attribute {method!r}: its final step "
                f"{self.steps[-1][0]!r} does not implement it."
            )
        return getattr(last, method)

    def predict(self, X: Any, **params: Any) -> Any:
        """Transform X through the steps (skipping samplers), then the final ``predict``."""
        method = self._final_method("predict")
        return method(self._transform_all_but_last(X), **params)

    def predict_proba(self, X: Any, **params: Any) -> Any:
        """Transform X (skipping samplers), then the final ``predict_proba``."""
        method = self._final_method("predict_proba")
        return method(self._transform_all_but_last(X), **params)

    def predict_log_proba(self, X: Any, **params: Any) -> Any:
        """Transform X (skipping samplers), then the final ``predict_log_proba``."""
        method = self._final_method("predict_log_proba")
        return method(self._transform_all_but_last(X), **params)

    def decision_function(self, X: Any, **params: Any) -> Any:
        """Transform X (skipping samplers), then the final ``decision_function``."""
        method = self._final_method("decision_function")
        return method(self._transform_all_but_last(X), **params)

    def score_samples(self, X: Any) -> Any:
        """Transform X (skipping samplers), then the final ``score_samples``."""
        method = self._final_method("score_samples")
        return method(self._transform_all_but_last(X))

    def score(self, X: Any, y: Any = None, sample_weight: Any = None, **params: Any) -> float:
        """Transform X (skipping samplers), then the final ``score``."""
        method = self._final_method("score")
        if sample_weight is not None:
            params["sample_weight"] = sample_weight
        return method(self._transform_all_but_last(X), y, **params)

    def transform(self, X: Any, **params: Any) -> Any:
        """Apply every transformer, the final one included; samplers are skipped."""
        last = self._final_estimator
        if last != "passthrough" and not hasattr(last, "transform") and not _is_sampler(last):
            raise AttributeError(
                f"This 'Pipeline' has no attribute 'transform': its final step "
                f"{self.steps[-1][0]!r} does not implement it."
            )
        for _, _, step in self._iter():
            X = step.transform(X, **params) if params else step.transform(X)
        return X

    def inverse_transform(self, X: Any) -> Any:
        """Apply every transformer's ``inverse_transform``, last step first."""
        for _, _, step in reversed(list(self._iter())):
            X = step.inverse_transform(X)
        return X

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """Output feature names, through every transformer (samplers keep the features)."""
        names = input_features
        for _, name, step in self._iter():
            if not hasattr(step, "get_feature_names_out"):
                raise AttributeError(
                    f"Estimator {name} does not provide get_feature_names_out. Did you mean "
                    "to call pipeline[:-1].get_feature_names_out()?"
                )
            names = step.get_feature_names_out(names)
        return names

    # --- fitted attributes and scikit-learn's protocols ----------------------------------------

    @property
    def classes_(self) -> np.ndarray:
        """The final estimator's classes."""
        return self.steps[-1][1].classes_

    @property
    def n_features_in_(self) -> int:
        """Number of features the first step saw."""
        return self.steps[0][1].n_features_in_

    @property
    def feature_names_in_(self) -> np.ndarray:
        """Feature names the first step saw."""
        return self.steps[0][1].feature_names_in_

    @property
    def _estimator_type(self) -> Any:
        return getattr(self._final_estimator, "_estimator_type", None)

    def __sklearn_is_fitted__(self) -> bool:
        """Fitted when the final step is (as scikit-learn's pipeline decides)."""
        from sklearn.utils.validation import check_is_fitted

        last = self._final_estimator
        if last == "passthrough":
            return True
        try:
            check_is_fitted(last)
        except Exception:  # NotFittedError
            return False
        return True

    def __sklearn_tags__(self):
        """Tags of the final estimator, with the first step's input tags."""
        from sklearn.utils import Tags, TargetTags, get_tags

        last = self._final_estimator
        if last == "passthrough":
            tags = Tags(estimator_type=None, target_tags=TargetTags(required=False))
        else:
            tags = get_tags(last)
        first = self.steps[0][1]
        if first not in _SKIP:
            tags.input_tags = get_tags(first).input_tags
        return tags


def _n_rows(X: Any) -> int:
    return X.shape[0] if hasattr(X, "shape") else len(X)


def _follow(params: dict[str, Any], origin: np.ndarray | None) -> dict[str, Any]:
    """Return a step's parameters with its ``sample_weight`` re-indexed to the resampled rows."""
    if origin is None or "sample_weight" not in params or params["sample_weight"] is None:
        return params
    return {**params, "sample_weight": _take(params["sample_weight"], origin)}


def _name_estimators(estimators: tuple) -> list[tuple[str, Any]]:
    """Lower-case class names, numbered ``-1``, ``-2`` ... where they repeat."""
    names = [step if isinstance(step, str) else type(step).__name__.lower() for step in estimators]
    counts = {name: names.count(name) for name in names}
    seen: dict[str, int] = {}
    out = []
    for name, step in zip(names, estimators):
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name}-{seen[name]}"
        out.append((name, step))
    return out


def make_pipeline(*steps: Any, memory: Any = None, verbose: bool = False) -> Pipeline:
    """Build a :class:`Pipeline` naming each step after its lower-cased class.

    Parameters
    ----------
    *steps : estimators
        Transformers and samplers, then a final estimator.
    memory : None, default=None
        Must be ``None`` (no caching).
    verbose : bool, default=False
        Print the time each step takes to fit.

    Returns
    -------
    Pipeline

    Examples
    --------
    >>> from minibalance.over_sampling import SMOTE
    >>> from minibalance.under_sampling import RandomUnderSampler
    >>> from minibalance.pipeline import make_pipeline
    >>> [name for name, _ in make_pipeline(SMOTE(), RandomUnderSampler()).steps]
    ['smote', 'randomundersampler']
    """
    return Pipeline(_name_estimators(steps), memory=memory, verbose=verbose)
