"""Balanced mini-batches: stratified batches, fresh epochs, a real training loop."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from minibalance.batches import BalancedBatchSampler, balanced_batches, stratified_order
from minibalance.over_sampling import SMOTE, RandomOverSampler
from minibalance.under_sampling import RandomUnderSampler, TomekLinks


@given(
    counts=st.lists(st.integers(1, 60), min_size=1, max_size=5),
    window=st.integers(1, 40),
    seed=st.integers(0, 2**32 - 1),
)
def test_every_window_holds_each_class_in_proportion(counts, window, seed):
    y = np.repeat(np.arange(len(counts)), counts)
    y = y[np.random.default_rng(seed).permutation(y.size)]
    order = stratified_order(y, random_state=seed)
    assert np.array_equal(np.sort(order), np.arange(y.size))
    n, k = y.size, len(counts)
    for start in range(0, max(n - window + 1, 1)):
        held = np.bincount(y[order[start : start + window]], minlength=k)
        share = np.asarray(counts) * min(window, n - start) / n
        assert np.all(np.abs(held - share) < 1 + k * np.asarray(counts) / n + 1e-9)


@given(
    n_each=st.integers(1, 40),
    k=st.integers(1, 5),
    per_class=st.integers(1, 6),
    seed=st.integers(0, 2**32 - 1),
)
def test_equal_classes_give_exactly_balanced_aligned_windows(n_each, k, per_class, seed):
    y = np.repeat(np.arange(k), n_each)
    y = y[np.random.default_rng(seed).permutation(y.size)]
    order = stratified_order(y, random_state=seed)
    window = per_class * k
    for start in range(0, y.size - window + 1, k):
        np.testing.assert_array_equal(np.bincount(y[order[start : start + window]]), per_class)


@pytest.mark.parametrize("n_classes", [2, 3, 4])
def test_balanced_batches_are_exactly_balanced(n_classes):
    rng = np.random.default_rng(0)
    p = 0.2 ** np.arange(n_classes)
    y = rng.choice(n_classes, 3000, p=p / p.sum())
    X = rng.standard_normal((y.size, 3))
    batch = 8 * n_classes
    batches = list(balanced_batches(X, y, batch_size=batch, random_state=1, drop_last=True))
    assert batches
    for Xb, yb in batches:
        assert Xb.shape == (batch, 3)
        np.testing.assert_array_equal(np.bincount(yb, minlength=n_classes), 8)
    # the rows are rows of X with their own labels
    lookup = {tuple(row): label for row, label in zip(X, y, strict=True)}
    for Xb, yb in batches[:3]:
        assert [lookup[tuple(r)] for r in Xb] == yb.tolist()


def test_an_epoch_is_the_resample_dealt_once():
    y = np.r_[np.zeros(95, dtype=int), np.ones(5, dtype=int), np.full(20, 2)]
    sampler = BalancedBatchSampler(y, batch_size=4, random_state=0)
    epoch = list(sampler)
    assert len(epoch) == len(sampler) == 4  # 3 classes x 5 rows = 15 rows -> 4 batches
    rows = np.concatenate(epoch)
    assert rows.size == 15 and np.unique(rows).size == 15  # no row twice (no replacement)
    np.testing.assert_array_equal(np.bincount(y[rows]), [5, 5, 5])
    for batch in epoch:
        assert all(isinstance(i, int) for i in batch)


def test_epochs_differ_and_the_seed_replays_them():
    y = np.r_[np.zeros(300, dtype=int), np.ones(30, dtype=int)]
    a = BalancedBatchSampler(y, batch_size=10, random_state=7)
    b = BalancedBatchSampler(y, batch_size=10, random_state=7)
    first, second = list(a), list(a)
    assert first != second  # a fresh under-sample each epoch
    assert list(b) == first and list(b) == second
    assert {i for batch in first for i in batch if y[i] == 1} == set(range(300, 330))


def test_drop_last_and_the_length():
    y = np.r_[np.zeros(50, dtype=int), np.ones(11, dtype=int)]
    keep = BalancedBatchSampler(y, batch_size=4)
    drop = BalancedBatchSampler(y, batch_size=4, drop_last=True)
    assert len(keep) == 6 and [len(b) for b in keep] == [4, 4, 4, 4, 4, 2]
    assert len(drop) == 5 and [len(b) for b in drop] == [4] * 5


def test_selecting_samplers_and_features_they_need():
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(200, dtype=int), np.ones(40, dtype=int)]
    X = rng.standard_normal((240, 2)) + y[:, None]
    over = BalancedBatchSampler(y, batch_size=16, sampler=RandomOverSampler(random_state=0))
    rows = np.concatenate(list(over))
    np.testing.assert_array_equal(np.bincount(y[rows]), [200, 200])
    tomek = BalancedBatchSampler(y, X=X, batch_size=16, sampler=TomekLinks())
    kept = np.sort(np.concatenate(list(tomek)))
    reference = TomekLinks()
    reference.fit_resample(X, y)
    np.testing.assert_array_equal(kept, np.sort(reference.sample_indices_))


def test_a_sampler_that_creates_rows_gives_rows_not_indices():
    rng = np.random.default_rng(0)
    y = np.r_[np.zeros(100, dtype=int), np.ones(20, dtype=int)]
    X = rng.standard_normal((120, 2))
    with pytest.raises(TypeError, match="balanced_batches"):
        BalancedBatchSampler(y, X=X, sampler=SMOTE(random_state=0))
    batches = list(balanced_batches(X, y, batch_size=20, sampler=SMOTE(random_state=0)))
    assert sum(len(yb) for _, yb in batches) == 200
    assert all(np.bincount(yb).tolist() == [10, 10] for _, yb in batches)


def test_dataframes_come_back_as_dataframes():
    frame = pd.DataFrame({"a": np.arange(60.0), "b": np.arange(60.0) * 2})
    y = pd.Series(np.r_[np.zeros(50, dtype=int), np.ones(10, dtype=int)], name="label")
    for Xb, yb in balanced_batches(frame, y, batch_size=4, random_state=0):
        assert isinstance(Xb, pd.DataFrame) and isinstance(yb, pd.Series)
        np.testing.assert_array_equal(Xb["b"], 2 * Xb["a"])
        assert (y.loc[Xb.index] == yb).all()


def test_bad_arguments_name_the_fix():
    y = np.r_[np.zeros(10, dtype=int), np.ones(4, dtype=int)]
    with pytest.raises(ValueError, match="batch_size must be a positive int"):
        BalancedBatchSampler(y, batch_size=0)
    with pytest.raises(TypeError, match="batch_size must be a positive int"):
        list(balanced_batches(np.zeros((14, 1)), y, batch_size=True))
    with pytest.raises(ValueError, match="one column of labels"):
        BalancedBatchSampler(np.c_[y, y])
    with pytest.raises(ValueError, match="X has 3 rows"):
        BalancedBatchSampler(y, X=np.zeros((3, 1)))


def _sgd_logistic(X, y, batches_per_epoch, epochs=6, lr=0.5):
    """A small NumPy logistic regression trained by mini-batch gradient descent."""
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        for idx in batches_per_epoch():
            p = 1 / (1 + np.exp(-(X[idx] @ w + b)))
            g = p - y[idx]
            w -= lr * X[idx].T @ g / len(idx)
            b -= lr * g.mean()
    return w, b


def test_the_batch_sampler_drives_a_training_loop_to_a_better_rare_class_recall():
    # The same loop, the same number of gradient steps: random batches of the
    # imbalanced data learn to say "majority"; balanced batches find the rare class.
    rng = np.random.default_rng(0)
    n = 20_000
    y = (rng.random(n) < 0.02).astype(int)
    X = rng.standard_normal((n, 2)) + 1.2 * y[:, None]
    X_test = rng.standard_normal((n, 2)) + 1.2 * (y_test := (rng.random(n) < 0.02))[:, None]
    sampler = BalancedBatchSampler(y, batch_size=32, random_state=0, drop_last=True)
    steps = len(sampler)

    def balanced():
        return iter(sampler)

    def random_batches():
        order = rng.permutation(n)
        return (order[i * 32 : (i + 1) * 32] for i in range(steps))

    def balanced_accuracy(w, b):
        pred = (X_test @ w + b) > 0
        return (pred[y_test == 1].mean() + (~pred[y_test == 0]).mean()) / 2

    for idx in sampler:  # a DataLoader's view: each batch half rare, half common
        assert np.bincount(y[idx], minlength=2).tolist() == [16, 16]
    bal = balanced_accuracy(*_sgd_logistic(X, y, balanced))
    plain = balanced_accuracy(*_sgd_logistic(X, y, random_batches))
    assert bal > 0.75 and bal > plain + 0.15


def test_the_default_sampler_is_random_under_sampling():
    y = np.r_[np.zeros(30, dtype=int), np.ones(6, dtype=int)]
    s = BalancedBatchSampler(y, batch_size=6, random_state=0)
    assert isinstance(s.sampler, RandomUnderSampler) and len(s) == 2
