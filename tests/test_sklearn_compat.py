"""Samplers follow scikit-learn's estimator conventions without importing it."""

import numpy as np
import pytest
from imblearn.pipeline import make_pipeline
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.neighbors import NearestNeighbors

import minibalance.combine
import minibalance.over_sampling
import minibalance.under_sampling
from minibalance import SMOTE, RandomOverSampler, RandomUnderSampler

SAMPLERS = [SMOTE, RandomOverSampler, RandomUnderSampler]
ALL_SAMPLERS = [
    getattr(module, name)
    for module in (minibalance.over_sampling, minibalance.under_sampling, minibalance.combine)
    for name in module.__all__
]


@pytest.mark.parametrize("cls", ALL_SAMPLERS, ids=lambda c: c.__name__)
def test_every_sampler_has_imblearns_signature(cls):
    # The same parameter names and defaults as imbalanced-learn 0.14's class.
    import importlib
    import inspect

    module = cls.__module__.split(".")[1]
    theirs = getattr(importlib.import_module(f"imblearn.{module}"), cls.__name__)

    def defaults(c):
        params = inspect.signature(c.__init__).parameters.values()
        return {p.name: p.default for p in params if p.name != "self"}

    assert defaults(cls) == defaults(theirs)
    sampler = cls()
    copy = clone(sampler)
    assert copy is not sampler and copy.get_params() == sampler.get_params()
    with pytest.raises(TypeError):
        cls("auto")


@pytest.mark.parametrize("cls", SAMPLERS)
def test_clone_and_params_round_trip(cls):
    sampler = cls(random_state=3)
    copy = clone(sampler)
    assert copy is not sampler and copy.get_params() == sampler.get_params()
    copy.set_params(random_state=4)
    assert copy.random_state == 4 and sampler.random_state == 3


@pytest.mark.parametrize("cls", SAMPLERS)
def test_parameters_are_keyword_only(cls):
    with pytest.raises(TypeError):
        cls("auto")


def test_nested_params_of_a_neighbours_estimator():
    sampler = SMOTE(k_neighbors=NearestNeighbors(n_neighbors=4))
    assert sampler.get_params()["k_neighbors__n_neighbors"] == 4
    sampler.set_params(k_neighbors__n_neighbors=7)
    assert sampler.k_neighbors.n_neighbors == 7


def test_set_params_rejects_unknown_names():
    with pytest.raises(ValueError, match="Invalid parameter 'k'"):
        SMOTE().set_params(k=3)


def test_repr_shows_changed_parameters_only():
    assert repr(SMOTE()) == "SMOTE()"
    assert repr(SMOTE(k_neighbors=3, random_state=0)) == "SMOTE(k_neighbors=3, random_state=0)"
    assert repr(RandomUnderSampler(replacement=True)) == "RandomUnderSampler(replacement=True)"


def test_grid_search_over_an_imblearn_pipeline():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 4))
    y = (X[:, 0] + 0.3 * rng.standard_normal(200) > 1.2).astype(int)
    pipe = make_pipeline(SMOTE(random_state=0), LogisticRegression())
    search = GridSearchCV(pipe, {"smote__k_neighbors": [3, 5]}, cv=3, scoring="f1")
    search.fit(X, y)
    assert search.best_params_["smote__k_neighbors"] in (3, 5)
